-- score_summary: aggregates, text form, accessors, rollup and +.
-- Expected values are computed by hand in the comments (and by test/summary_reference.py).
SET extra_float_digits = 0;
CREATE SCHEMA summary_basics;
SET search_path = summary_basics, public;

CREATE TABLE resp (seg text, day int, score int, rating int, w float8);
INSERT INTO resp VALUES
	('a', 1, 10, 5, 1), ('a', 1, 9, 4, 2), ('a', 2, 9, 4, 1), ('a', 2, 8, 3, 3),
	('a', 3, 7, 5, 1), ('a', 3, 3, 1, 0.5), ('a', 3, 0, 2, 1), ('a', 3, NULL, NULL, 1),
	('b', 1, 10, 5, 4), ('b', 2, 6, 2, 1), ('b', 2, NULL, 3, 1), ('b', 3, NULL, NULL, 2);

-- a: 0:1 3:1 7:1 8:1 9:2 10:1, skipped 1.  b: 6:1 10:1, skipped 2.
SELECT seg, nps_agg(score) FROM resp GROUP BY seg ORDER BY seg;
-- a: n=7, P=3, A=2, D=2 -> NPS 100*(3-2)/7 = 14.2857142857
-- b: n=2, P=1, D=1 -> 0
SELECT seg, n(s), skipped(s), promoters(s), passives(s), detractors(s),
       round(nps(s)::numeric, 10) AS nps, round(response_rate(s)::numeric, 6) AS rr
FROM (SELECT seg, nps_agg(score) s FROM resp GROUP BY seg) t ORDER BY seg;
-- mean a = 46/7 = 6.5714285714; sd: sum x^2 = 384, ss = 384 - 46^2/7 = 81.7142857, var = 13.6190476, sd = 3.6904
SELECT round(mean(s)::numeric, 10) AS mean, round(stddev(s)::numeric, 4) AS sd,
       round(share(s, 9, 10)::numeric, 6) AS top2, round(csat(s, 9)::numeric, 6) AS csat9,
       total_weight(s), n_effective(s)
FROM (SELECT nps_agg(score) s FROM resp WHERE seg = 'a') t;

-- rollup = one-step over all rows: 0:1 3:1 6:1 7:1 8:1 9:2 10:2 -> n 9, P 4, D 3 -> 100/9
SELECT rollup(s), round(nps(rollup(s))::numeric, 10) AS nps,
       (SELECT round(nps(score)::numeric, 10) FROM resp) AS one_step
FROM (SELECT seg, nps_agg(score) s FROM resp GROUP BY seg) t;
-- the + operator gives the same
SELECT (SELECT nps_agg(score) FROM resp WHERE seg = 'a') + (SELECT nps_agg(score) FROM resp WHERE seg = 'b')
	= (SELECT rollup(s) FROM (SELECT nps_agg(score) s FROM resp GROUP BY seg) t) AS plus_equals_rollup,
	(SELECT nps_agg(score) FROM resp WHERE seg = 'a') <> (SELECT nps_agg(score) FROM resp WHERE seg = 'b') AS a_differs_from_b;

-- csat_agg on 1..5: a: 1,2,3,4,4,5,5 -> top box 4-5: 4/7 = 57.142857%
SELECT csat_agg(rating), round(csat(csat_agg(rating))::numeric, 6) AS csat,
       round((SELECT csat(rating) FROM resp WHERE seg = 'a')::numeric, 6) AS one_step
FROM resp WHERE seg = 'a';
-- ces_agg on 1..7 and scaled forms
SELECT ces_agg(rating), csat_agg(rating, 7), ces_agg(rating, 5) FROM resp WHERE seg = 'b';
-- score_agg on any scale, e.g. -2..2
SELECT score_agg(v, -2, 2) FROM (VALUES (-2), (0), (0), (2), (NULL)) x(v);
SELECT histogram(score_agg(v, -2, 2)) FROM (VALUES (-2), (0), (0), (2), (NULL)) x(v);

-- weighted: a weights of answered rows: 10:1 9:2 9:1 8:3 7:1 3:0.5 0:1
-- sum w = 9.5; promoters w = 4, detractors w = 1.5 -> NPS 100*2.5/9.5 = 26.3157894737
-- sum w^2 = 1+4+1+9+1+0.25+1 = 17.25 -> n_eff = 90.25/17.25 = 5.2318840580
SELECT nps_agg(score, w) FROM resp WHERE seg = 'a';
SELECT round(nps(s)::numeric, 10) AS nps, total_weight(s), round(n_effective(s)::numeric, 10) AS n_eff, n(s),
       round((SELECT nps_weighted(score, w) FROM resp WHERE seg = 'a')::numeric, 10) AS one_step
FROM (SELECT nps_agg(score, w) s FROM resp WHERE seg = 'a') t;

-- empty: no rows -> empty summary from INITCOND, metrics NULL
SELECT nps_agg(score), nps(nps_agg(score)), n(nps_agg(score)), mean(nps_agg(score)),
       stddev(nps_agg(score)), response_rate(nps_agg(score)), share(nps_agg(score), 0, 10)
FROM resp WHERE false;
-- only skipped answers: response rate 0, metrics NULL
SELECT n(s), skipped(s), response_rate(s), nps(s) FROM (SELECT nps_agg(score) s FROM resp WHERE score IS NULL) t;
-- parameterised summaries over no rows are NULL (the scale is unknown)
SELECT score_agg(score, 0, 100) IS NULL AS null_summary, rollup(NULL::score_summary) IS NULL AS null_rollup FROM resp WHERE false;
-- rollup ignores NULL summaries
SELECT n(rollup(s)) FROM (VALUES (NULL::score_summary), ('v1 scale=0..10 skipped=0 n=1,0,0,0,0,0,0,0,0,0,1')) x(s);

-- jsonb cast
SELECT nps_agg(score)::jsonb FROM resp WHERE seg = 'b';
SELECT (nps_agg(score, w)::jsonb) -> 'sum_w' FROM resp WHERE seg = 'b';

-- errors: mixing scales or weighting (22023)
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/test/sql/expect_error.sql
SELECT pg_temp.expect_error($$SELECT nps_agg(score) + csat_agg(rating) FROM resp$$);
SELECT pg_temp.expect_error($$SELECT rollup(s) FROM (SELECT nps_agg(score) s FROM resp UNION ALL SELECT nps_agg(score, w) FROM resp) t$$);
SELECT pg_temp.expect_error($$SELECT csat(nps_agg(score)) FROM resp$$);
SELECT pg_temp.expect_error($$SELECT nps(csat_agg(rating)) FROM resp$$);
SELECT pg_temp.expect_error($$SELECT promoters(csat_agg(rating)) FROM resp$$);
SELECT pg_temp.expect_error($$SELECT csat(nps_agg(score), 11) FROM resp$$);
SELECT pg_temp.expect_error($$SELECT share(nps_agg(score), 5, 4) FROM resp$$);
SELECT pg_temp.expect_error($$SELECT score_agg(score, 5, 5) FROM resp$$);
SELECT pg_temp.expect_error($$SELECT score_agg(score, 0, 2000) FROM resp$$);
SELECT pg_temp.expect_error($$SELECT score_agg(score, 0, NULL) FROM resp$$);
SELECT pg_temp.expect_error($$SELECT nps_agg(score, -1) FROM resp$$);
