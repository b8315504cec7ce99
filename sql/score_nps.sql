-- nps(score): values on small hand-checked data sets.
-- NPS = 100 * (promoters 9-10 - detractors 0-6) / answers, unrounded double precision.

-- Literature reference (DESIGN 2.3): 50 promoters, 30 passives, 20 detractors -> 30.
SELECT nps(s) AS nps_50_30_20
FROM (SELECT CASE WHEN i <= 50 THEN 9 + i % 2        -- promoters: 9, 10
                  WHEN i <= 80 THEN 7 + i % 2        -- passives: 7, 8
                  ELSE i % 7 END                     -- detractors: 0..6
      FROM generate_series(1, 100) i) t(s);

-- 250 promoters, 675 passives, 75 detractors -> 17.5
SELECT nps(s) AS nps_250_675_75
FROM (SELECT CASE WHEN i <= 250 THEN 10 WHEN i <= 925 THEN 8 ELSE 3 END
      FROM generate_series(1, 1000) i) t(s);

-- All detractors -> -100; all promoters -> 100; all passives -> 0.
SELECT nps(s) AS all_detractors FROM generate_series(0, 6) s;
SELECT nps(s) AS all_promoters FROM (VALUES (9), (10), (10)) v(s);
SELECT nps(s) AS all_passives FROM (VALUES (7), (8)) v(s);

-- One answer of each scale value: the category boundaries 6|7 and 8|9.
SELECT s, nps(s) FROM generate_series(0, 10) s GROUP BY s ORDER BY s;

-- The whole scale once: 2 promoters, 2 passives, 7 detractors -> 100 * -5 / 11.
SELECT round(nps(s)::numeric, 10) AS whole_scale FROM generate_series(0, 10) s;

-- Unrounded: 1 promoter, 2 detractors -> -100/3 as a double.
SELECT nps(s) AS minus_one_third FROM (VALUES (10), (0), (6)) v(s);

-- Rounding is the caller's: P=1, A=5, D=2 gives -12.5 exactly; round(numeric) rounds
-- half away from zero (-13), round(double precision) half to even (-12).
SELECT nps(s) AS nps, round(nps(s)::numeric) AS round_numeric, round(nps(s)) AS round_float8
FROM (VALUES (9), (7), (7), (8), (8), (7), (6), (0)) v(s);

-- Order of rows does not matter.
SELECT nps(s ORDER BY s) = nps(s ORDER BY s DESC) AS order_free
FROM (VALUES (9), (7), (3), (10), (0)) v(s);
