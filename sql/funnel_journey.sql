-- journey_funnel over a journey's stage order, the funnel_summary accessors.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SELECT define_journey('fj_retail', ARRAY['Awareness', 'Consideration', 'Purchase', 'Retention', 'Advocacy'], locale => 'en') > 0 AS defined;
SELECT define_journey('fj_other', ARRAY['One', 'Two']) > 0 AS defined;

CREATE TABLE fj (customer int, at timestamptz, stage journey_stage);
INSERT INTO fj VALUES
	-- 1: the whole way in order within a day -> Advocacy, no skips, no regressions
	(1, '2026-01-01 09:00+00', 'fj_retail:Awareness'),
	(1, '2026-01-01 10:00+00', 'fj_retail:Consideration'),
	(1, '2026-01-01 11:00+00', 'fj_retail:Purchase'),
	(1, '2026-01-01 12:00+00', 'fj_retail:Retention'),
	(1, '2026-01-01 13:00+00', 'fj_retail:Advocacy'),
	-- 2: Awareness then straight to Purchase (skips Consideration: skipped 1, chain stops at Awareness),
	--    back to Awareness (regression, re-entry), Consideration, Purchase -> Purchase; chain of the later start
	(2, '2026-01-01 09:00+00', 'fj_retail:Awareness'),
	(2, '2026-01-01 09:30+00', 'fj_retail:Purchase'),
	(2, '2026-01-01 10:00+00', 'fj_retail:Awareness'),
	(2, '2026-01-01 11:00+00', 'fj_retail:Consideration'),
	(2, '2026-01-01 12:00+00', 'fj_retail:Purchase'),
	-- 3: Consideration only: never entered -> level 0, reached NULL
	(3, '2026-01-01 09:00+00', 'fj_retail:Consideration'),
	-- 4: Awareness, Consideration 2 days later (outside the 1-day window) -> Awareness
	(4, '2026-01-01 09:00+00', 'fj_retail:Awareness'),
	(4, '2026-01-03 09:00+00', 'fj_retail:Consideration'),
	-- 5: Purchase and Consideration at the same instant after Awareness: ties go in stage order -> Purchase
	(5, '2026-01-01 09:00+00', 'fj_retail:Awareness'),
	(5, '2026-01-01 10:00+00', 'fj_retail:Purchase'),
	(5, '2026-01-01 10:00+00', 'fj_retail:Consideration'),
	-- 6: a NULL time row is ignored, a NULL stage is no event
	(6, '2026-01-01 09:00+00', 'fj_retail:Awareness'),
	(6, NULL, 'fj_retail:Consideration'),
	(6, '2026-01-01 09:10+00', NULL),
	-- 7: rows without a stage: level 0 (like window_funnel with no step matched)
	(7, '2026-01-01 09:00+00', NULL);

SELECT customer, (f).reached, (f).level, (f).reached_at, (f).skipped, (f).regressions, (f).reentries
FROM (SELECT customer, journey_funnel(stage, at, '1 day') AS f FROM fj GROUP BY customer) s
ORDER BY customer;

-- accessors
SELECT customer, reached(f), reached_at(f, 'fj_retail:Purchase') AS purchase_at,
       time_to(f, 'fj_retail:Purchase') AS to_purchase, time_to(f, 'fj_retail:Advocacy') AS to_advocacy,
       reached_at(f, 'fj_other:One') AS other_journey,
       skipped(f), regressions(f), reentries(f)
FROM (SELECT customer, journey_funnel(stage, at, '1 day') AS f FROM fj GROUP BY customer) s
ORDER BY customer;

-- the same as window_funnel with one condition per stage
SELECT customer, (journey_funnel(stage, at, '1 day')).level AS journey_level,
       window_funnel('1 day', at, ordinal(stage) = 1, ordinal(stage) = 2, ordinal(stage) = 3,
                     ordinal(stage) = 4, ordinal(stage) = 5) AS window_level
FROM fj WHERE stage IS NOT NULL GROUP BY customer ORDER BY customer;

-- row order and parallel plans do not matter
SELECT customer, journey_funnel(stage, at, '1 day' ORDER BY at DESC, stage DESC) = journey_funnel(stage, at, '1 day' ORDER BY at, stage) AS same
FROM fj GROUP BY customer ORDER BY customer;
CREATE TABLE fj_big AS
SELECT i % 500 AS customer, timestamptz '2026-01-01' + (abs(hashint4(i)) % 200000) * interval '1 s' AS at,
       (ARRAY['fj_retail:Awareness', 'fj_retail:Consideration', 'fj_retail:Purchase', 'fj_retail:Retention', 'fj_retail:Advocacy']::journey_stage[])[1 + abs(hashint4(i + 99)) % 5] AS stage
FROM generate_series(1, 20000) i;
ANALYZE fj_big;
CREATE TEMP TABLE fj_serial AS SELECT customer, journey_funnel(stage, at, '6 hours') AS f FROM fj_big GROUP BY customer;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT customer, journey_funnel(stage, at, '6 hours') FROM fj_big GROUP BY customer;
SELECT count(*) AS customers, count(*) FILTER (WHERE s.f IS DISTINCT FROM p.f) AS differ,
       sum((s.f).level) AS total_level, sum((s.f).regressions) AS total_regressions
FROM fj_serial s FULL JOIN (SELECT customer, journey_funnel(stage, at, '6 hours') AS f FROM fj_big GROUP BY customer) p USING (customer);
RESET max_parallel_workers_per_gather;

-- empty group, errors
SELECT journey_funnel(stage, at, '1 day') IS NULL AS empty FROM fj WHERE false;
SELECT journey_funnel(stage, at, '1 day') FROM (VALUES ('fj_retail:Awareness'::journey_stage, now()), ('fj_other:One', now())) v(stage, at);
SELECT journey_funnel(stage, at, NULL) FROM fj;
SELECT journey_funnel(stage, at, '1 month') FROM fj;
