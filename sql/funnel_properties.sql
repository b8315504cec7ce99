-- window_funnel, retention and funnel_conversion on generated data (deterministic
-- arithmetic): agreement with independent pure-SQL formulations, independence of
-- the row order, and identical results under a forced parallel plan.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET max_parallel_workers_per_gather = 0;

-- 24000 events of 3000 customers over 5 hours; event types 0..5, steps are 0..3
-- (hashint4 of the id: deterministic on every platform)
CREATE TABLE fev AS
SELECT id, id % 3000 AS c,
       timestamptz '2026-01-01 00:00+00' + (abs(hashint4(id)) % 18000) * interval '1 second' AS ts,
       (abs(hashint4(id + 1000000)) % 6)::int AS e
FROM generate_series(0, 23999) id;
-- a few exact ties and same-row multi-step matches
INSERT INTO fev SELECT id + 100000, c, ts, 3 - e FROM fev WHERE id % 97 = 0;
ANALYZE fev;

-- 1. default mode against a window-function formulation.  For a step-1 event at t1
-- the earliest end of a k-step chain is found backwards: nK = earliest step-K event
-- at or after each row (ts DESC, frame from the latest row to the current one);
-- then min over later step-(K-1) rows, and so on.  Level k is
-- reached when some step-1 event has end_k - t1 <= window.
CREATE TEMP TABLE sql_levels AS
WITH a AS (
	SELECT c, ts, e,
	       min(ts) FILTER (WHERE e = 1) OVER w AS n2,
	       min(ts) FILTER (WHERE e = 2) OVER w AS n3,
	       min(ts) FILTER (WHERE e = 3) OVER w AS n4
	FROM fev WINDOW w AS (PARTITION BY c ORDER BY ts DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
), b AS (
	SELECT *, min(n3) FILTER (WHERE e = 1) OVER w AS end3,
	          min(n4) FILTER (WHERE e = 2) OVER w AS m3
	FROM a WINDOW w AS (PARTITION BY c ORDER BY ts DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
), d AS (
	SELECT *, min(m3) FILTER (WHERE e = 1) OVER w AS end4
	FROM b WINDOW w AS (PARTITION BY c ORDER BY ts DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT c, CASE WHEN bool_or(e = 0 AND end4 <= ts + interval '1 hour') THEN 4
               WHEN bool_or(e = 0 AND end3 <= ts + interval '1 hour') THEN 3
               WHEN bool_or(e = 0 AND n2 <= ts + interval '1 hour') THEN 2
               WHEN bool_or(e = 0) THEN 1 ELSE 0 END AS level
FROM d GROUP BY c;
CREATE TEMP TABLE wf_levels AS
SELECT c, window_funnel('1 hour', ts, e = 0, e = 1, e = 2, e = 3) AS level FROM fev GROUP BY c;
SELECT level, count(*) FROM wf_levels GROUP BY level ORDER BY level;
SELECT count(*) AS customers, count(*) FILTER (WHERE s.level IS DISTINCT FROM w.level) AS mismatches
FROM sql_levels s FULL JOIN wf_levels w USING (c);

-- 2. a brute force over every chain (recursive SQL) on small groups: default mode
-- (a row may serve several steps), strict_once (distinct rows) and strict_once +
-- strict_increase (strictly later timestamps).  600 customers, 5 events each,
-- coarse timestamps so that ties are frequent; 3 steps over event types 0..3.
CREATE TABLE small AS
SELECT id, id % 600 AS c,
       timestamptz '2026-01-01 00:00+00' + (abs(hashint4(id)) % 7) * interval '10 minutes' AS ts,
       (abs(hashint4(id + 1000000)) % 4)::int AS e
FROM generate_series(0, 2999) id;
CREATE FUNCTION pg_temp.m(e int, k int) RETURNS boolean LANGUAGE sql IMMUTABLE
	AS $$ SELECT CASE k WHEN 1 THEN e IN (0, 3) WHEN 2 THEN e IN (1, 3) ELSE e = 2 END $$;
CREATE TEMP TABLE brute AS
WITH RECURSIVE ch(c, k, first_ts, last_ts, rows, strict) AS (
	SELECT c, 1, ts, ts, ARRAY[id], s FROM small, (VALUES (0), (1), (2)) v(s) WHERE pg_temp.m(e, 1)
	UNION ALL
	SELECT ch.c, ch.k + 1, ch.first_ts, x.ts, ch.rows || x.id, ch.strict
	FROM ch JOIN small x ON x.c = ch.c AND pg_temp.m(x.e, ch.k + 1)
	WHERE ch.k < 3 AND x.ts <= ch.first_ts + interval '30 minutes'
	  AND (CASE ch.strict WHEN 0 THEN x.ts >= ch.last_ts
	                      WHEN 1 THEN x.ts >= ch.last_ts AND x.id <> ALL (ch.rows)
	                      ELSE x.ts > ch.last_ts END)
)
SELECT c, strict, coalesce(max(k), 0) AS level
FROM (SELECT DISTINCT c FROM small) cs CROSS JOIN (VALUES (0), (1), (2)) v(strict)
     LEFT JOIN ch USING (c, strict)
GROUP BY c, strict;
CREATE TEMP TABLE wf_small AS
SELECT c, 0 AS strict, window_funnel('30 minutes', ts, pg_temp.m(e, 1), pg_temp.m(e, 2), pg_temp.m(e, 3)) AS level FROM small GROUP BY c
UNION ALL
SELECT c, 1, window_funnel('30 minutes', 'strict_once', ts, pg_temp.m(e, 1), pg_temp.m(e, 2), pg_temp.m(e, 3)) FROM small GROUP BY c
UNION ALL
SELECT c, 2, window_funnel('30 minutes', 'strict_once, strict_increase', ts, pg_temp.m(e, 1), pg_temp.m(e, 2), pg_temp.m(e, 3)) FROM small GROUP BY c;
SELECT strict, count(*) AS customers, count(*) FILTER (WHERE b.level IS DISTINCT FROM w.level) AS mismatches,
       count(*) FILTER (WHERE w.level = 3) AS reached_3
FROM brute b FULL JOIN wf_small w USING (c, strict) GROUP BY strict ORDER BY strict;

-- 3. row order does not matter: every mode, rows fed in three orders
CREATE TEMP TABLE modes(m) AS VALUES (''), ('strict_order'), ('strict_deduplication'), ('strict_increase'),
	('strict_once'), ('strict_order, strict_deduplication'), ('strict_order, allow_reentry'),
	('strict_once, strict_increase'), ('strict_once, strict_order, strict_deduplication');
SELECT m AS mode,
       count(*) FILTER (WHERE l_asc IS DISTINCT FROM l_desc OR l_asc IS DISTINCT FROM l_hash) AS order_dependent,
       sum(l_asc) AS total_level
FROM modes, LATERAL (
	SELECT c,
	       window_funnel('1 hour', m, ts, e = 0, e = 1, e = 2, e = 3 ORDER BY ts, id) AS l_asc,
	       window_funnel('1 hour', m, ts, e = 0, e = 1, e = 2, e = 3 ORDER BY ts DESC, id DESC) AS l_desc,
	       window_funnel('1 hour', m, ts, e = 0, e = 1, e = 2, e = 3 ORDER BY md5(id::text)) AS l_hash
	FROM fev GROUP BY c) x
GROUP BY m ORDER BY m;

-- one customer with every event (24000+ rows: compaction and saturation paths), three orders
SELECT m AS mode,
       window_funnel('1 hour', m, ts, e = 0, e = 1, e = 2, e = 3 ORDER BY ts) AS l_asc,
       window_funnel('1 hour', m, ts, e = 0, e = 1, e = 2, e = 3 ORDER BY ts DESC) AS l_desc,
       window_funnel('1 hour', m, ts, e = 0, e = 1, e = 2, e = 3 ORDER BY md5(id::text)) AS l_hash,
       window_funnel('10 s', m, ts, e = 0, e = 1, e = 2, e = 3 ORDER BY md5(id::text)) AS short_window
FROM modes, fev GROUP BY m ORDER BY m;

-- 4. a forced parallel plan (partial states serialized, combined) gives the same results
CREATE TEMP TABLE serial_res AS
SELECT m, c, window_funnel('1 hour', m, ts, e = 0, e = 1, e = 2, e = 3) AS level,
       retention(e = 0, e = 1, e = 5) AS r
FROM modes, fev GROUP BY m, c;
CREATE TEMP TABLE serial_one AS
SELECT m, window_funnel('10 s', m, ts, e = 0, e = 1, e = 2, e = 3) AS level FROM modes, fev GROUP BY m;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT c, window_funnel('1 hour', ts, e = 0, e = 1, e = 2, e = 3), retention(e = 0, e = 1, e = 5) FROM fev GROUP BY c;
EXPLAIN (COSTS OFF)
SELECT window_funnel('10 s', ts, e = 0, e = 1, e = 2, e = 3) FROM fev;
CREATE TEMP TABLE par_res (m text, c bigint, level int, r smallint[]);
DO $$
DECLARE mm text;
BEGIN
	FOR mm IN SELECT m FROM modes LOOP
		EXECUTE format($q$INSERT INTO par_res SELECT %L, c, window_funnel('1 hour', %L, ts, e = 0, e = 1, e = 2, e = 3),
		                  retention(e = 0, e = 1, e = 5) FROM fev GROUP BY c$q$, mm, mm);
	END LOOP;
END $$;
SELECT count(*) AS rows, count(*) FILTER (WHERE s.level IS DISTINCT FROM p.level OR s.r IS DISTINCT FROM p.r) AS differ
FROM serial_res s FULL JOIN par_res p USING (m, c);
SELECT s.m AS mode, s.level AS serial, p.level AS parallel
FROM serial_one s, LATERAL (SELECT window_funnel('10 s', s.m, ts, e = 0, e = 1, e = 2, e = 3) AS level FROM fev) p
ORDER BY 1;
SELECT window_funnel('10 s', ts, e = 0, e = 1, e = 2, e = 3) AS one_group_parallel FROM fev;
RESET parallel_leader_participation;

-- 5. retention against bool_or
SET max_parallel_workers_per_gather = 0;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE r IS DISTINCT FROM ARRAY[f1::int, (f1 AND f2)::int, (f1 AND f3)::int]::smallint[]) AS mismatches
FROM (SELECT c, retention(e = 0, e = 1, e = 5) AS r, bool_or(e = 0) f1, bool_or(e = 1) f2, bool_or(e = 5) f3
      FROM fev GROUP BY c) s;

-- 6. funnel_conversion against counts, by segment (c % 3), also in parallel
SELECT seg, (fc).step, (fc).reached, round((fc).conversion::numeric, 6) AS conversion,
       round((fc).step_conversion::numeric, 6) AS step_conversion
FROM (SELECT c % 3 AS seg, unnest(funnel_conversion(level, 4)) AS fc FROM wf_levels GROUP BY c % 3) s
ORDER BY seg, (fc).step;
SELECT seg, k AS step, count(*) FILTER (WHERE level >= k) AS reached
FROM wf_levels, generate_series(1, 4) k, LATERAL (SELECT c % 3 AS seg) s
GROUP BY seg, k ORDER BY seg, k;
SET max_parallel_workers_per_gather = 2;
SELECT (SELECT funnel_conversion(level, 4) FROM wf_levels) =
       (SELECT funnel_conversion(level, 4) FROM (SELECT * FROM wf_levels) w) AS parallel_same;
