-- csat(rating) and csat(rating, scale_max): share of the top box in percent.
-- Default scale 1..5, top box 4-5.  On 1..scale_max the top box is the top value on
-- 2- and 3-point scales, the top 2 values on 4- to 7-point scales, the top 3 on
-- 10-point scales; 8-, 9- and 11-point scales have no default top box (22023).

\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/test/sql/expect_error.sql

-- Delighted's published example: 74 satisfied answers of 107 -> 69.159 (shown as 69).
SELECT round(csat(r)::numeric, 6) AS csat_74_of_107, round(csat(r)) AS shown
FROM (SELECT CASE WHEN i <= 40 THEN 5 WHEN i <= 74 THEN 4 ELSE 1 + i % 3 END
      FROM generate_series(1, 107) i) t(r);

-- Default top box: 3 of 1..5 is not satisfied, 4 is.
SELECT r, csat(r) FROM generate_series(1, 5) r GROUP BY r ORDER BY r;

-- csat(r, 5) is csat(r).
SELECT csat(r, 5) = csat(r) AS same_as_default
FROM (VALUES (1), (4), (5), (3), (5)) v(r);

-- Every scale with a default top box, each value answered once:
-- 2 -> 1/2, 3 -> 1/3, 4 -> 2/4, 5 -> 2/5, 6 -> 2/6, 7 -> 2/7, 10 -> 3/10.
SELECT n AS scale_max, round(csat(v, n)::numeric, 6) AS csat
FROM (VALUES (2), (3), (4), (5), (6), (7), (10)) sc(n), generate_series(1, n) v
GROUP BY n ORDER BY n;

-- Boundary pairs: the lowest top-box value counts, the value below it does not.
SELECT n AS scale_max, top_min,
       csat(top_min, n) AS at_top_min, csat(top_min - 1, n) AS below_top_min,
       csat(n, n) AS at_max, csat(1, n) AS at_min
FROM (VALUES (2, 2), (3, 3), (4, 3), (5, 4), (6, 5), (7, 6), (10, 8)) sc(n, top_min)
GROUP BY n, top_min ORDER BY n;

-- A literal second argument is a scale, never a weight: on 1..7 the top box is 6-7, so
-- 7, 6, 5, 1 gives 50 (as a weight of 7 on 1..5 the rating 7 would be an error).
SELECT csat(r, 7) AS csat_on_1_7 FROM (VALUES (7), (6), (5), (1)) v(r);

-- 8-, 9- and 11-point scales have no default top box; 1..1 and 1..0 are no scales.
SELECT n AS scale_max,
       pg_temp.probe(format('SELECT csat(r, %s) FROM (VALUES (1)) v(r)', n))
FROM (VALUES (8), (9), (11), (1), (0)) sc(n) ORDER BY n DESC;
