-- nps_category(score): detractor (0-6) < passive (7-8) < promoter (9-10), an enum.

\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/test/sql/expect_error.sql

-- Every scale value, every score type.
SELECT s, nps_category(s::smallint) AS smallint_, nps_category(s) AS integer_,
       nps_category(s::bigint) AS bigint_, nps_category(s::numeric) AS numeric_,
       nps_category(s::float8) AS float8_
FROM generate_series(0, 10) s ORDER BY s;
SELECT nps_category(9.0) AS numeric_9_0, nps_category(NULL::int) AS null_in,
       pg_typeof(nps_category(5)) AS result_type;

-- Ordered: detractor < passive < promoter.
SELECT 'detractor'::nps_category < 'passive' AS d_lt_a, 'passive'::nps_category < 'promoter' AS a_lt_p,
       max(nps_category(s)) AS highest, min(nps_category(s)) AS lowest
FROM (VALUES (3), (8), (10)) v(s);
SELECT enum_range(NULL::nps_category);

-- GROUP BY and WHERE read naturally.
CREATE TEMP TABLE cat_answers AS
SELECT i, CASE WHEN i % 13 = 0 THEN NULL ELSE (i * 7) % 11 END AS score
FROM generate_series(1, 130) i;
-- 10 NULL rows (multiples of 13); 7i mod 11 takes each value 0..10 once in every 11
-- consecutive i: of the 120 answers 76 are detractors, 22 passives, 22 promoters
-- (counted independently of the extension).
SELECT nps_category(score) AS category, count(*) FROM cat_answers GROUP BY 1 ORDER BY 1;
SELECT count(*) AS promoters FROM cat_answers WHERE nps_category(score) = 'promoter';
-- The categories add up to nps().
SELECT 100.0 * (count(*) FILTER (WHERE nps_category(score) = 'promoter')
              - count(*) FILTER (WHERE nps_category(score) = 'detractor'))::float8 / count(score)
       = nps(score) AS categories_match_nps
FROM cat_answers;

-- Errors (22003): out of range and not an integer, with boundary pairs.
SELECT call, pg_temp.probe('SELECT ' || call) AS result FROM (VALUES
	('nps_category(10)'), ('nps_category(11)'), ('nps_category(0)'), ('nps_category(-1)'),
	('nps_category(11::smallint)'), ('nps_category((-1)::bigint)'),
	('nps_category(9223372036854775807::bigint)'),
	('nps_category(11::numeric)'), ('nps_category(9.5)'), ('nps_category(9.0000000000000000001)'),
	('nps_category(-0.5)'), ('nps_category(''NaN''::numeric)'), ('nps_category(''Infinity''::numeric)'),
	('nps_category(11::float8)'), ('nps_category(9.5::float8)'), ('nps_category(''NaN''::float8)'),
	('nps_category(''-Infinity''::float8)')
) t(call);
