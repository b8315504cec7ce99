-- Weighted loyalty: account-level NPS patterns, Customer Loyalty Index, earned growth rate.
SET extra_float_digits = 0;
CREATE SCHEMA summary_loyalty;
SET search_path = summary_loyalty, public;

CREATE TABLE b2b (account text, revenue numeric, score int, is_decision_maker bool, answered_at timestamptz);
INSERT INTO b2b VALUES
	('A', 100, 10, false, '2026-01-01'), ('A', 100, 9, false, '2026-01-02'), ('A', 100, 8, true, '2026-01-03'),
	('B', 50, 6, false, '2026-01-01'), ('B', 50, 7, false, '2026-01-05'),
	('C', 10, 8, false, '2026-01-01'), ('C', 10, 9, true, '2026-01-02'),
	('D', 40, 3, false, '2026-01-01'),
	('E', 0, 10, false, '2026-01-01');

-- 1. every response counts: 10 9 8 6 7 8 9 3 10 -> P 4, D 2, n 9 -> 22.2222
SELECT round(nps(score)::numeric, 4) AS every_response FROM b2b;
-- 2. one vote per account via its mean: A 9 promoter, B 6.5 detractor, C 8.5 passive,
--    D 3 detractor, E 10 promoter -> 0; weighted by revenue: (100 + 0 - 50 - 40) / 200 -> 5
SELECT account_nps(m) AS per_account, account_nps(m, revenue) AS per_account_by_revenue,
       n(account_nps_agg(m)) AS accounts, promoters(account_nps_agg(m)), detractors(account_nps_agg(m))
FROM (SELECT account, avg(score)::float8 m, max(revenue)::float8 revenue FROM b2b GROUP BY account) a;
-- 3. decision maker first, else the latest answer: 8 7 9 3 10 -> P 2, D 1, n 5 -> 20
SELECT nps(score) AS decision_maker_first
FROM (SELECT DISTINCT ON (account) score FROM b2b
      ORDER BY account, is_decision_maker DESC, answered_at DESC) t;

-- Customer Loyalty Index: (10,8,9) avg 9, (6,6,3) avg 5, (9,9,NULL) skipped, (7,8,6) avg 7 -> 7
-- weighted 1, 2, (5), 1 -> (9 + 10 + 7) / 4 = 6.5
CREATE TABLE cli (recommend int, repurchase int, upsell int, w float8);
INSERT INTO cli VALUES (10, 8, 9, 1), (6, 6, 3, 2), (9, 9, NULL, 5), (7, 8, 6, 1);
SELECT loyalty_index(recommend, repurchase, upsell) AS cli,
       loyalty_index_weighted(w, recommend, repurchase, upsell) AS cli_weighted,
       loyalty_agg(recommend, repurchase, upsell) AS summary,
       loyalty_index(loyalty_agg(recommend, repurchase, upsell)) AS from_summary
FROM cli;
SELECT loyalty_index(a + b) AS merged FROM
	(SELECT loyalty_agg(recommend, repurchase, upsell) a FROM cli WHERE w = 1) x,
	(SELECT loyalty_agg(recommend, repurchase, upsell) b FROM cli WHERE w > 1) y;
SELECT loyalty_index(recommend, repurchase, upsell) IS NULL AS empty_is_null FROM cli WHERE false;

-- a one-item summary (e.g. from nps_agg) is a loyalty summary with k = 1: mean 5.5
SELECT loyalty_index(nps_agg(5) + nps_agg(6)) AS single_item_summary;

-- Earned Growth Rate: 110 + 5 - 100 = 15; 95 + 0 - 100 = -5
SELECT earned_growth_rate(110, 5) AS egr, earned_growth_rate(95, 0) AS shrinking,
       earned_growth_rate(NULL, 5) IS NULL AS null_in_null_out;

\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/test/sql/expect_error.sql
SELECT pg_temp.expect_error($$SELECT loyalty_index(VARIADIC v) FROM (VALUES (ARRAY[1, 2]), (ARRAY[1, 2, 3])) x(v)$$);
SELECT pg_temp.expect_error($$SELECT loyalty_index(VARIADIC ARRAY[]::int[])$$);
SELECT pg_temp.expect_error($$SELECT loyalty_index(VARIADIC ARRAY[[1, 2], [3, 4]])$$);
SELECT pg_temp.expect_error($$SELECT loyalty_index(11, 5)$$);
SELECT pg_temp.expect_error($$SELECT loyalty_index_weighted(-1, 5, 5)$$);
SELECT pg_temp.expect_error($$SELECT account_nps(10.5)$$);
SELECT pg_temp.expect_error($$SELECT account_nps('NaN')$$);
SELECT pg_temp.expect_error($$SELECT loyalty_index(csat_agg(5))$$);
SELECT pg_temp.expect_error($$SELECT earned_growth_rate(-1, 5)$$);
SELECT pg_temp.expect_error($$SELECT earned_growth_rate(110, 'Infinity')$$);
