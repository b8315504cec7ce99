-- Support functions called directly, outside an aggregate, with good and malformed
-- states: each refuses cleanly (XX000, "non-aggregate context"), never crashes or
-- modifies its argument.
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/test/sql/expect_error.sql
SELECT pg_temp.expect_error($$SELECT score_accum('v1 scale=0..10 skipped=0 n=0,0,0,0,0,0,0,0,0,0,0'::score_summary, 5)$$);
SELECT pg_temp.expect_error($$SELECT score_accum(NULL::score_summary, 5::smallint)$$);
SELECT pg_temp.expect_error($$SELECT score_accum(NULL::score_summary, 5::bigint)$$);
SELECT pg_temp.expect_error($$SELECT score_accum(NULL::score_summary, 5::numeric)$$);
SELECT pg_temp.expect_error($$SELECT score_accum(NULL::score_summary, 5::float8)$$);
SELECT pg_temp.expect_error($$SELECT score_accum_inv('v1 scale=0..10 skipped=0 n=0,0,0,0,0,0,0,0,0,0,0'::score_summary, 5)$$);
SELECT pg_temp.expect_error($$SELECT score_accum_w(NULL::score_summary, 5, 1.0)$$);
SELECT pg_temp.expect_error($$SELECT score_accum_w_inv(NULL::score_summary, 5, 1.0)$$);
SELECT pg_temp.expect_error($$SELECT score_accum_s(NULL::score_summary, 5, 7)$$);
SELECT pg_temp.expect_error($$SELECT score_accum_s_inv(NULL::score_summary, 5, 7)$$);
SELECT pg_temp.expect_error($$SELECT score_accum_sw(NULL::score_summary, 5, 7, 1.0)$$);
SELECT pg_temp.expect_error($$SELECT score_accum_sw_inv(NULL::score_summary, 5, 7, 1.0)$$);
SELECT pg_temp.expect_error($$SELECT score_accum_mm(NULL::score_summary, 5, 0, 10)$$);
SELECT pg_temp.expect_error($$SELECT score_accum_mm_inv(NULL::score_summary, 5, 0, 10)$$);
SELECT pg_temp.expect_error($$SELECT score_accum_mmw(NULL::score_summary, 5, 0, 10, 1.0)$$);
SELECT pg_temp.expect_error($$SELECT score_accum_mmw_inv(NULL::score_summary, 5, 0, 10, 1.0)$$);
SELECT pg_temp.expect_error($$SELECT score_summary_combine(NULL, 'v1 scale=0..10 skipped=0 n=0,0,0,0,0,0,0,0,0,0,0')$$);
SELECT pg_temp.expect_error($$SELECT score_summary_combine_inv('v1 scale=0..10 skipped=0 n=1,0,0,0,0,0,0,0,0,0,0', 'v1 scale=0..10 skipped=0 n=5,0,0,0,0,0,0,0,0,0,0')$$);
SELECT pg_temp.expect_error($$SELECT loyalty_accum(NULL, 1, 2, 3)$$);
SELECT pg_temp.expect_error($$SELECT loyalty_accum_weighted(NULL, 1.0, 1, 2, 3)$$);
SELECT pg_temp.expect_error($$SELECT account_nps_accum(NULL, 9.5)$$);
SELECT pg_temp.expect_error($$SELECT account_nps_accum_weighted(NULL, 9.5, 2)$$);
-- plain functions behind operators and casts are fine to call directly
SELECT score_summary_add('v1 scale=0..1 skipped=1 n=1,2', 'v1 scale=0..1 skipped=0 n=3,4') AS added,
       score_summary_eq('v1 scale=0..1 skipped=1 n=1,2', 'v1 scale=0..1 skipped=1 n=1,2') AS eq,
       score_summary_ne('v1 scale=0..1 skipped=1 n=1,2', 'v1 scale=0..1 skipped=1 n=1,2') AS ne,
       score_summary_to_jsonb('v1 scale=0..1 skipped=1 n=1,2') -> 'n' AS n;
-- hashing agrees with =: GROUP BY and DISTINCT on summaries, and the hash opclass is valid
-- (summaries have no order, so DISTINCT and GROUP BY hash)
SELECT count(*) AS distinct_summaries
FROM (SELECT DISTINCT s FROM (VALUES ('v1 scale=0..1 skipped=0 n=1,2'::score_summary), ('v1 scale=0..1 skipped=0 n=1,2'),
             ('v1 scale=0..1 skipped=0 n=2,1'), ('v1 scale=0..2 skipped=0 n=1,2,0')) x(s)) d;
SET enable_sort = off;
SELECT s, count(*) FROM (VALUES ('v1 scale=0..1 skipped=0 n=1,2'::score_summary), ('v1 scale=0..1 skipped=0 n=1,2'),
             ('v1 scale=0..1 skipped=0 n=2,1')) x(s) GROUP BY s ORDER BY count(*) DESC;
RESET enable_sort;
SELECT score_summary_hash('v1 scale=0..1 skipped=0 n=1,2') = score_summary_hash('v1 scale=0..1 skipped=0 n=1,2') AS hash_equal,
       score_summary_hash_extended('v1 scale=0..1 skipped=0 n=1,2', 7) <> score_summary_hash_extended('v1 scale=0..1 skipped=0 n=1,2', 8) AS seed_matters;
SELECT amvalidate(c.oid) AS opclass_valid FROM pg_opclass c WHERE opcname = 'score_summary_hash_ops';
