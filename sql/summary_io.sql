-- score_summary text and binary I/O: round trips, validation (22P02), and COPY.
SET extra_float_digits = 0;
CREATE SCHEMA summary_io;
SET search_path = summary_io, public;

-- text round trip, weights as shortest exact decimals
SELECT 'v1 scale=0..10 skipped=2 n=3,0,0,0,0,1,0,0,0,10,4'::score_summary;
SELECT 'v1 scale=1..3 weighted skipped=0 n=1,0,2 w=0.1,0,0.30000000000000004 w2=0.010000000000000002,0,0.05'::score_summary;
SELECT s::text::score_summary = s AS text_round_trip
FROM (SELECT nps_agg(i % 11, 1.0 / (1 + i % 7)) s FROM generate_series(1, 1000) i) t;
-- a weight so small that its square underflows to 0 still round-trips
SELECT s::text::score_summary = s AS subnormal_round_trip, s FROM (SELECT nps_agg(10, 5e-324) s) t;
-- summaries are compact: an unweighted 0..10 summary is 112 bytes
SELECT pg_column_size(nps_agg(score)) FROM (VALUES (1), (2)) x(score);
-- boundary: a scale of 1001 points is accepted, 1002 is not
SELECT n(score_agg(5, 0, 1000)) AS points_1001;

-- valid and invalid text input (22P02)
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/test/sql/expect_error.sql
SELECT pg_temp.expect_error($$SELECT 'v2 scale=0..10 skipped=0 n=0,0,0,0,0,0,0,0,0,0,0'::score_summary$$);
SELECT pg_temp.expect_error($$SELECT 'scale=0..10 skipped=0 n=0,0,0,0,0,0,0,0,0,0,0'::score_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1 scale=10..0 skipped=0 n=0,0,0,0,0,0,0,0,0,0,0'::score_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1 scale=0..10 skipped=0 n=0,0,0'::score_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1 scale=0..10 skipped=0 n=0,0,0,0,0,0,0,0,0,0,0,0'::score_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1 scale=0..10 skipped=-1 n=0,0,0,0,0,0,0,0,0,0,0'::score_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1 scale=0..10 skipped=0 n=0,0,0,0,-5,0,0,0,0,0,0'::score_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1 scale=0..10 skipped=0 n=9223372036854775807,1,0,0,0,0,0,0,0,0,0'::score_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1 scale=0..10 skipped=0 n=99999999999999999999,0,0,0,0,0,0,0,0,0,0'::score_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1 scale=0..1 weighted skipped=0 n=1,0 w=-1,0 w2=1,0'::score_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1 scale=0..1 weighted skipped=0 n=1,0 w=1,0 w2=1,NaN'::score_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1 scale=0..1 weighted skipped=0 n=0,0 w=1,0 w2=1,0'::score_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1 scale=0..1 weighted skipped=0 n=1,0 w=1e999,0 w2=1,0'::score_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1 scale=0..1001 skipped=0 n=0'::score_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1 scale=0..10 skipped=0 n=0,0,0,0,0,0,0,0,0,0,0 trailing'::score_summary$$);
SELECT pg_temp.expect_error($$SELECT ''::score_summary$$);
SELECT pg_temp.expect_error($$SELECT n(score_agg(5, 0, 1001))$$);

-- COPY text and binary round trips through files
CREATE TABLE daily (day int PRIMARY KEY, s score_summary, sw score_summary);
INSERT INTO daily
SELECT d, nps_agg((d * 7 + i) % 11), nps_agg((d * 7 + i) % 11, ((d + i) % 5) * 0.7)
FROM generate_series(1, 30) d, generate_series(1, 50) i GROUP BY d;
\getenv abs_builddir PG_ABS_BUILDDIR
\set textfile :abs_builddir '/results/summary_io.txt'
\set binfile :abs_builddir '/results/summary_io.bin'
\set cmd '\\copy daily TO ' :'textfile'
:cmd
\set cmd '\\copy daily TO ' :'binfile' ' (FORMAT binary)'
:cmd
CREATE TABLE daily_text (LIKE daily);
CREATE TABLE daily_bin (LIKE daily);
\set cmd '\\copy daily_text FROM ' :'textfile'
:cmd
\set cmd '\\copy daily_bin FROM ' :'binfile' ' (FORMAT binary)'
:cmd
SELECT count(*) AS rows,
       bool_and(a.s = t.s AND a.sw = t.sw) AS text_identical,
       bool_and(a.s = b.s AND a.sw = b.sw) AS binary_identical
FROM daily a JOIN daily_text t USING (day) JOIN daily_bin b USING (day);
