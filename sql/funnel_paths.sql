-- stage_transitions and time_in_stage: per-customer paths through a journey.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
SELECT define_journey('fp_retail', ARRAY['Awareness', 'Consideration', 'Purchase', 'Retention'], locale => 'en') > 0 AS defined;
SELECT define_journey('fp_other', ARRAY['One', 'Two']) > 0 AS defined;

CREATE TABLE fp (customer int, at timestamptz, stage journey_stage);
INSERT INTO fp VALUES
	-- 1: A 09:00, A 09:30 (same visit), C 10:00, A 12:00 (regression), C 13:00, P 15:00 (last, censored)
	(1, '2026-01-01 09:00+00', 'fp_retail:Awareness'),
	(1, '2026-01-01 09:30+00', 'fp_retail:Awareness'),
	(1, '2026-01-01 10:00+00', 'fp_retail:Consideration'),
	(1, '2026-01-01 12:00+00', 'fp_retail:Awareness'),
	(1, '2026-01-01 13:00+00', 'fp_retail:Consideration'),
	(1, '2026-01-01 15:00+00', 'fp_retail:Purchase'),
	-- 2: one event: no transition; dwell 0, censored
	(2, '2026-01-01 09:00+00', 'fp_retail:Purchase'),
	-- 3: two stages at the same instant: stage order decides (A then C, a zero-length A visit)
	(3, '2026-01-01 09:00+00', 'fp_retail:Consideration'),
	(3, '2026-01-01 09:00+00', 'fp_retail:Awareness'),
	(3, '2026-01-02 09:00+00', 'fp_retail:Retention'),
	-- 4: NULLs are ignored
	(4, NULL, 'fp_retail:Awareness'),
	(4, '2026-01-01 09:00+00', NULL);

-- transitions of customer 1: A->C twice, C->A once, C->P once
SELECT customer, t.from_stage, t.to_stage, t.transitions
FROM (SELECT customer, stage_transitions(stage, at) AS ts FROM fp GROUP BY customer) s, unnest(s.ts) t
ORDER BY customer, t.from_stage, t.to_stage;
SELECT customer, stage_transitions(stage, at) IS NULL AS is_null, cardinality(stage_transitions(stage, at)) AS n
FROM fp GROUP BY customer ORDER BY customer;

-- time in stage of customer 1: A 2 visits (09:00-10:00 = 1h, 12:00-13:00 = 1h) = 2h;
-- C 2 visits (10:00-12:00, 13:00-15:00) = 4h; P 1 visit, censored at its own event = 0
SELECT customer, d.stage, d.visits, d.dwell, d.censored
FROM (SELECT customer, time_in_stage(stage, at) AS ds FROM fp GROUP BY customer) s, unnest(s.ds) d
ORDER BY customer, d.stage;

-- a funnel-wide roll-up: transitions summed over customers (a Sankey edge list)
SELECT t.from_stage, t.to_stage, sum(t.transitions) AS transitions
FROM (SELECT customer, stage_transitions(stage, at) AS ts FROM fp GROUP BY customer) s, unnest(s.ts) t
GROUP BY 1, 2 ORDER BY 1, 2;

-- row order and parallel plans do not matter
CREATE TABLE fp_big AS
SELECT i % 300 AS customer, timestamptz '2026-01-01' + (abs(hashint4(i)) % 100000) * interval '1 s' AS at,
       (ARRAY['fp_retail:Awareness', 'fp_retail:Consideration', 'fp_retail:Purchase', 'fp_retail:Retention']::journey_stage[])[1 + abs(hashint4(i + 7)) % 4] AS stage
FROM generate_series(1, 20000) i;
ANALYZE fp_big;
SELECT count(*) FILTER (WHERE a IS DISTINCT FROM b OR c IS DISTINCT FROM d) AS order_dependent
FROM (SELECT customer,
             stage_transitions(stage, at ORDER BY at, stage) a, stage_transitions(stage, at ORDER BY md5(at::text) DESC) b,
             time_in_stage(stage, at ORDER BY at, stage) c, time_in_stage(stage, at ORDER BY md5(at::text)) d
      FROM fp_big GROUP BY customer) s;
CREATE TEMP TABLE fp_serial AS SELECT customer, stage_transitions(stage, at) t, time_in_stage(stage, at) d FROM fp_big GROUP BY customer;
-- total dwell + censoring: per customer, the dwell of all stages adds up to last event - first event
SELECT count(*) FILTER (WHERE total <> span) AS dwell_mismatch, count(*) AS customers
FROM (SELECT customer, (SELECT sum(x.dwell) FROM unnest(d) x) AS total FROM fp_serial) a
JOIN (SELECT customer, max(at) - min(at) AS span FROM fp_big GROUP BY customer) b USING (customer);
-- transitions: per customer, the count equals the number of stage changes (window function formulation)
SELECT count(*) FILTER (WHERE n <> changes) AS transition_mismatch
FROM (SELECT customer, (SELECT sum(x.transitions) FROM unnest(t) x) AS n FROM fp_serial) a
JOIN (SELECT customer, count(*) FILTER (WHERE prev IS NOT NULL AND prev <> stage) AS changes
      FROM (SELECT customer, stage, lag(stage) OVER (PARTITION BY customer ORDER BY at, stage) prev FROM fp_big) x
      GROUP BY customer) b USING (customer);
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT customer, stage_transitions(stage, at), time_in_stage(stage, at) FROM fp_big GROUP BY customer;
SELECT count(*) AS customers, count(*) FILTER (WHERE s.t IS DISTINCT FROM p.t OR s.d IS DISTINCT FROM p.d) AS differ
FROM fp_serial s FULL JOIN (SELECT customer, stage_transitions(stage, at) t, time_in_stage(stage, at) d FROM fp_big GROUP BY customer) p USING (customer);
RESET max_parallel_workers_per_gather;

-- errors
SELECT stage_transitions(stage, at) FROM (VALUES ('fp_retail:Awareness'::journey_stage, now()), ('fp_other:One', now())) v(stage, at);
