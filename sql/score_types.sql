-- Every score aggregate accepts smallint, integer, bigint, numeric and double precision
-- scores and gives the same result for the same answers.

CREATE TEMP TABLE answers (score int, rating int, effort int, w float8);
INSERT INTO answers VALUES
	(0, 1, 1, 1.0),
	(6, 2, 7, 2.0),
	(7, 4, 4, 0.5),
	(9, 5, 2, 1.5),
	(10, 5, 3, 3.0),
	(10, 3, 5, 1.0),
	(NULL, NULL, NULL, 9.0);
-- By hand: nps: P=3, A=1, D=2 of 6 -> 100/6 = 16.6667; csat: 3 of 6 in 4-5 -> 50;
-- csat on 1..7 (top box 6-7): 0; ces: 22/6 = 3.6667.
-- Weighted (total 9): nps 100 * (5.5 - 3) / 9 = 27.7778; csat 100 * 5 / 9 = 55.5556;
-- ces 34 / 9 = 3.7778.

CREATE TEMP VIEW unweighted AS
SELECT 'smallint' AS type, nps(score::smallint) AS nps, csat(rating::smallint) AS csat,
       csat(rating::smallint, 5) AS csat5, csat(rating::smallint, 7) AS csat7,
       ces(effort::smallint) AS ces, ces(effort::smallint, 7) AS ces7, ces(effort::smallint, 10) AS ces10
FROM answers
UNION ALL
SELECT 'integer', nps(score), csat(rating), csat(rating, 5), csat(rating, 7),
       ces(effort), ces(effort, 7), ces(effort, 10)
FROM answers
UNION ALL
SELECT 'bigint', nps(score::bigint), csat(rating::bigint), csat(rating::bigint, 5), csat(rating::bigint, 7),
       ces(effort::bigint), ces(effort::bigint, 7), ces(effort::bigint, 10)
FROM answers
UNION ALL
SELECT 'numeric', nps(score::numeric), csat(rating::numeric), csat(rating::numeric, 5), csat(rating::numeric, 7),
       ces(effort::numeric), ces(effort::numeric, 7), ces(effort::numeric, 10)
FROM answers
UNION ALL
SELECT 'double precision', nps(score::float8), csat(rating::float8), csat(rating::float8, 5), csat(rating::float8, 7),
       ces(effort::float8), ces(effort::float8, 7), ces(effort::float8, 10)
FROM answers;

SELECT type, round(nps::numeric, 4) AS nps, csat, csat5, csat7,
       round(ces::numeric, 4) AS ces, round(ces7::numeric, 4) AS ces7, round(ces10::numeric, 4) AS ces10
FROM unweighted;
-- Not only equal when rounded: bit for bit.
SELECT count(DISTINCT (nps, csat, csat5, csat7, ces, ces7, ces10)) AS distinct_results FROM unweighted;

CREATE TEMP VIEW weighted AS
SELECT 'smallint' AS type, nps_weighted(score::smallint, w) AS nps, csat_weighted(rating::smallint, w) AS csat,
       csat_weighted(rating::smallint, 5, w) AS csat5, ces_weighted(effort::smallint, w) AS ces,
       ces_weighted(effort::smallint, 7, w) AS ces7
FROM answers
UNION ALL
SELECT 'integer', nps_weighted(score, w), csat_weighted(rating, w), csat_weighted(rating, 5, w),
       ces_weighted(effort, w), ces_weighted(effort, 7, w)
FROM answers
UNION ALL
SELECT 'bigint', nps_weighted(score::bigint, w), csat_weighted(rating::bigint, w), csat_weighted(rating::bigint, 5, w),
       ces_weighted(effort::bigint, w), ces_weighted(effort::bigint, 7, w)
FROM answers
UNION ALL
SELECT 'numeric', nps_weighted(score::numeric, w), csat_weighted(rating::numeric, w), csat_weighted(rating::numeric, 5, w),
       ces_weighted(effort::numeric, w), ces_weighted(effort::numeric, 7, w)
FROM answers
UNION ALL
SELECT 'double precision', nps_weighted(score::float8, w), csat_weighted(rating::float8, w), csat_weighted(rating::float8, 5, w),
       ces_weighted(effort::float8, w), ces_weighted(effort::float8, 7, w)
FROM answers;

SELECT type, round(nps::numeric, 4) AS nps, round(csat::numeric, 4) AS csat, round(csat5::numeric, 4) AS csat5,
       round(ces::numeric, 4) AS ces, round(ces7::numeric, 4) AS ces7
FROM weighted;
SELECT count(DISTINCT (nps, csat, csat5, ces, ces7)) AS distinct_results FROM weighted;

-- Weights of other numeric types are cast to double precision: integer and numeric weights.
SELECT round(nps_weighted(score, w::int)::numeric, 4) AS int_weight,
       round(nps_weighted(score, w::numeric)::numeric, 4) AS numeric_weight
FROM answers WHERE w = trunc(w);

-- Numeric scores with trailing zeros are integers: 9.0, 10.00, 0.0 and 6 -> P=2, D=2 -> 0.
SELECT nps(s) AS numeric_trailing_zeros FROM (VALUES (9.0), (10.00), (0.0), (6::numeric)) v(s);
-- Double precision -0 is 0 (a detractor).
SELECT nps(s) AS minus_zero FROM (VALUES ('-0'::float8)) v(s);
-- Extremes of each integer type are out of range (checked without overflow).
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/test/sql/expect_error.sql
SELECT v, pg_temp.probe(format('SELECT nps(%s)', v)) FROM (VALUES
	('(-32768)::smallint'), ('32767::smallint'),
	('(-2147483648)::integer'), ('2147483647::integer'),
	('(-9223372036854775808)::bigint'), ('9223372036854775807::bigint'),
	('1e40::numeric'), ('-1e-40::numeric'), ('1.7976931348623157e308::float8')) t(v);
