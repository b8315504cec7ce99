-- Statistics of summaries: reference values from the literature (DESIGN.md §2.3) and
-- hand computations shown in the comments.
SET extra_float_digits = 0;
CREATE SCHEMA summary_stats;
SET search_path = summary_stats, public;

-- P=50, A=30, D=20 (promoters at 10, passives at 7, detractors at 0)
CREATE TABLE ref (name text PRIMARY KEY, s score_summary);
INSERT INTO ref VALUES
	('p50a30d20', 'v1 scale=0..10 skipped=0 n=20,0,0,0,0,0,0,30,0,0,50'),
	('p40a30d30', 'v1 scale=0..10 skipped=0 n=30,0,0,0,0,0,0,30,0,0,40'),
	('one_promoter', 'v1 scale=0..10 skipped=0 n=0,0,0,0,0,0,0,0,0,0,1'),
	('all_promoters', 'v1 scale=0..10 skipped=0 n=0,0,0,0,0,0,0,0,0,100,0'),
	('csat_10_of_100', 'v1 scale=1..5 skipped=0 n=90,0,0,10,0'),
	('csat_20_of_100', 'v1 scale=1..5 skipped=0 n=80,0,0,0,20'),
	-- 1..10 once each on 0..12: mean 5.5, sd 3.0276504; 3..12: mean 7.5, same sd
	('one_to_ten', 'v1 scale=0..12 skipped=0 n=0,1,1,1,1,1,1,1,1,1,1,0,0'),
	('three_to_twelve', 'v1 scale=0..12 skipped=0 n=0,0,0,1,1,1,1,1,1,1,1,1,1'),
	('empty', 'v1 scale=0..10 skipped=4 n=0,0,0,0,0,0,0,0,0,0,0');

-- NPS 30, SE 7.8102, Wald 95% [14.692, 45.308], adjusted Wald [14.051, 44.201]
SELECT nps(s), round(standard_error(s)::numeric, 4) AS se,
       round(margin_of_error(s)::numeric, 3) AS moe_95,   -- 1.959964 * 7.810250 = 15.308
       round((nps_ci(s, 0.95, 'wald')).low::numeric, 3) AS wald_low,
       round((nps_ci(s, 0.95, 'wald')).high::numeric, 3) AS wald_high,
       round((nps_ci(s)).low::numeric, 3) AS adj_low,
       round((nps_ci(s)).high::numeric, 3) AS adj_high,
       (nps_ci(s)).estimate AS estimate, (nps_ci(s)).level AS level
FROM ref WHERE name = 'p50a30d20';
-- level 0.90: z = 1.6448536, Wald 30 -/+ 12.8467 = [17.153, 42.847]
SELECT round((nps_ci(s, 0.90, 'wald')).low::numeric, 3) AS low, round((nps_ci(s, 0.90, 'wald')).high::numeric, 3) AS high
FROM ref WHERE name = 'p50a30d20';
-- (50,30,20) vs (40,30,30), Wald: diff 20, SE 11.402, z 1.7541, p 0.0794
SELECT t.difference, round(t.std_error::numeric, 3) AS se, round(t.z_or_t::numeric, 4) AS z,
       round(t.p_value::numeric, 4) AS p,
       round(t.ci_low::numeric, 3) AS ci_low,   -- 20 -/+ 1.959964 * 11.401754 = [-2.347, 42.347]
       round(t.ci_high::numeric, 3) AS ci_high
FROM (SELECT (nps_test(a.s, b.s, 'wald')).* FROM ref a, ref b
      WHERE a.name = 'p50a30d20' AND b.name = 'p40a30d30') t;
-- the same with the default adjusted Wald: the raw difference (20) is reported; both samples
-- are adjusted (n 103 each) for the statistic: centre
-- 30/103 - 10/103 = 19.417, SE sqrt(.609341/103 + .684749/103) = 11.209, z 1.7323, p 0.0832
SELECT t.difference, round(t.std_error::numeric, 3) AS se, round(t.z_or_t::numeric, 4) AS z,
       round(t.p_value::numeric, 4) AS p
FROM (SELECT (nps_test(a.s, b.s)).* FROM ref a, ref b
      WHERE a.name = 'p50a30d20' AND b.name = 'p40a30d30') t;

-- n = 1: Wald collapses to the point; adjusted Wald: counts 1.75/1.5/0.75 of 4,
-- centre 25, se 37.5, 25 -/+ 1.959964 * 37.5 = [-48.499, 98.499]
SELECT nps(s), (nps_ci(s, 0.95, 'wald')).low AS wald_low, (nps_ci(s, 0.95, 'wald')).high AS wald_high,
       round((nps_ci(s)).low::numeric, 3) AS adj_low, round((nps_ci(s)).high::numeric, 3) AS adj_high
FROM ref WHERE name = 'one_promoter';
-- all answers in one category: SE 0, Wald [100, 100]; adjusted Wald stays inside -100..100
SELECT standard_error(s), (nps_ci(s, 0.95, 'wald')).low AS wald_low, (nps_ci(s, 0.95, 'wald')).high AS wald_high,
       (nps_ci(s)).high <= 100 AND (nps_ci(s)).low < 100 AS adj_clamped
FROM ref WHERE name = 'all_promoters';

-- Wilson 95% for 10/100: [5.5229, 17.4367] (z = 1.96 gives [5.52285, 17.43673])
SELECT csat(s), round((csat_ci(s)).low::numeric, 3) AS low, round((csat_ci(s)).high::numeric, 3) AS high,
       round((csat_ci(s, 0.95, 5)).high::numeric, 3) AS top1_high   -- 0/100 in the top box 5: [0, 3.699]
FROM ref WHERE name = 'csat_10_of_100';
-- two proportions 10/100 vs 20/100: pooled z = -0.1 / 0.0504975 = -1.9803, p = 0.0477;
-- unpooled SE 5 points, CI -10 -/+ 9.8 = [-19.800, -0.200]
SELECT t.difference, t.std_error, round(t.z_or_t::numeric, 4) AS z, round(t.p_value::numeric, 4) AS p,
       round(t.ci_low::numeric, 3) AS ci_low, round(t.ci_high::numeric, 3) AS ci_high
FROM (SELECT (csat_test(a.s, b.s)).* FROM ref a, ref b
      WHERE a.name = 'csat_10_of_100' AND b.name = 'csat_20_of_100') t;

-- t interval: mean 5.5, sd 3.0276504, n 10, t(0.975, 9) = 2.2621572 -> 5.5 -/+ 2.1658 = [3.334, 7.666]
SELECT mean(s), round(stddev(s)::numeric, 6) AS sd,
       round((mean_ci(s)).low::numeric, 3) AS low, round((mean_ci(s)).high::numeric, 3) AS high
FROM ref WHERE name = 'one_to_ten';
-- Welch: diff -2, SE 1.354006, t -1.4771, df 18, p 0.1569, t(0.975, 18) = 2.1009220 -> [-4.845, 0.845]
SELECT t.difference, round(t.std_error::numeric, 6) AS se, round(t.z_or_t::numeric, 4) AS t,
       round(t.p_value::numeric, 4) AS p, round(t.ci_low::numeric, 3) AS ci_low, round(t.ci_high::numeric, 3) AS ci_high
FROM (SELECT (mean_test(a.s, b.s)).* FROM ref a, ref b
      WHERE a.name = 'one_to_ten' AND b.name = 'three_to_twelve') t;

-- empty summaries and too few answers give NULL
SELECT standard_error(s) IS NULL AS se, margin_of_error(s) IS NULL AS moe, nps_ci(s) IS NULL AS ci,
       mean_ci(s) IS NULL AS mean_ci
FROM ref WHERE name = 'empty';
SELECT mean_ci(s) IS NULL AS one_answer_mean_ci FROM ref WHERE name = 'one_promoter';
SELECT nps_test(a.s, b.s) IS NULL AS test_with_empty FROM ref a, ref b WHERE a.name = 'empty' AND b.name = 'p50a30d20';

-- Kish: 50 weights of 1 and 50 of 2 -> n_eff = 150^2 / 250 = 90
SELECT n_effective(nps_agg(10, CASE WHEN i <= 50 THEN 1 ELSE 2 END)) FROM generate_series(1, 100) i;
-- weighted intervals use n_eff: weights 1 and 2 as above, promoters are the weight-2 half:
-- pP = 100/150, pD = 50/150, NPS 33.333; SE = sqrt((1 - 1/9) / 90) * 100 = 9.9381
SELECT round(nps(s)::numeric, 3) AS nps, round(standard_error(s)::numeric, 4) AS se
FROM (SELECT nps_agg(CASE WHEN i <= 50 THEN 0 ELSE 10 END, CASE WHEN i <= 50 THEN 1 ELSE 2 END) s
      FROM generate_series(1, 100) i) t;

-- errors (22023)
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/test/sql/expect_error.sql
SELECT pg_temp.expect_error($$SELECT nps_ci(s, 1.5) FROM ref WHERE name = 'p50a30d20'$$);
SELECT pg_temp.expect_error($$SELECT nps_ci(s, 0) FROM ref WHERE name = 'p50a30d20'$$);
SELECT pg_temp.expect_error($$SELECT nps_ci(s, 0.95, 'exact') FROM ref WHERE name = 'p50a30d20'$$);
SELECT pg_temp.expect_error($$SELECT standard_error(s) FROM ref WHERE name = 'csat_10_of_100'$$);
SELECT pg_temp.expect_error($$SELECT nps_test(a.s, b.s) FROM ref a, ref b WHERE a.name = 'p50a30d20' AND b.name = 'csat_10_of_100'$$);
SELECT pg_temp.expect_error($$SELECT mean_test(a.s, b.s) FROM ref a, ref b WHERE a.name = 'one_to_ten' AND b.name = 'p50a30d20'$$);
SELECT pg_temp.expect_error($$SELECT mean_ci(s, 'NaN') FROM ref WHERE name = 'one_to_ten'$$);
