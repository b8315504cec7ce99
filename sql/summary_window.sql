-- rollup over stored summaries: moving window frames, parallel plans, and agreement
-- with one-step aggregates on generated data.
SET extra_float_digits = 0;
CREATE SCHEMA summary_window;
SET search_path = summary_window, public;

CREATE TABLE answers AS
SELECT i AS id, (i % 60) AS day, (i % 7) AS region,
       CASE WHEN i % 17 = 0 THEN NULL ELSE ((i::bigint * 7919) % 11) END AS score,
       CASE WHEN i % 13 = 0 THEN NULL ELSE 1 + ((i::bigint * 104729) % 5) END AS rating,
       ((i * 31) % 9) * 0.5 AS w
FROM generate_series(1, 60000) i;
CREATE INDEX ON answers (id);
CREATE TABLE daily AS
SELECT day, region, nps_agg(score) s, csat_agg(rating) c, nps_agg(score, w) sw
FROM answers GROUP BY day, region;

-- every accessor of a rolled-up summary equals the one-step aggregate over the raw rows
SELECT bool_and(nps(r.s) = o.nps AND csat(r.c) = o.csat AND n(r.s) = o.n AND skipped(r.s) = o.skipped
                AND abs(nps(r.sw) - o.nps_w) < 1e-9) AS rollup_equals_raw
FROM (SELECT region, rollup(s) s, rollup(c) c, rollup(sw) sw FROM daily GROUP BY region) r
JOIN (SELECT region, nps(score) nps, csat(rating) csat, count(score) n,
             count(*) - count(score) skipped, nps_weighted(score, w) nps_w
      FROM answers GROUP BY region) o USING (region);

-- trailing 7-day window over daily summaries: inverse transitions give exactly the
-- same summary as merging each frame from scratch
CREATE TABLE per_day AS SELECT day, rollup(s) s, rollup(sw) sw FROM daily GROUP BY day;
SELECT bool_and(w.s = f.s) AS moving_equals_recomputed, bool_and(abs(nps(w.sw) - nps(f.sw)) < 1e-9) AS weighted_ok,
       count(*) AS frames
FROM (SELECT day, rollup(s) OVER (ORDER BY day ROWS 6 PRECEDING) s,
             rollup(sw) OVER (ORDER BY day ROWS 6 PRECEDING) sw FROM per_day) w
JOIN LATERAL (SELECT rollup(p.s) s, rollup(p.sw) sw FROM per_day p
              WHERE p.day BETWEEN w.day - 6 AND w.day) f ON true;
-- the same with the one-step moving aggregate over raw rows
SELECT bool_and(m.v IS NOT DISTINCT FROM f.v) AS moving_nps_equals_recomputed
FROM (SELECT id, nps(score) OVER (ORDER BY id ROWS 6 PRECEDING) v FROM answers WHERE id <= 2000) m
JOIN LATERAL (SELECT nps(a.score) v FROM answers a WHERE a.id BETWEEN m.id - 6 AND m.id) f ON true;

-- forced parallel plan: same results as serial
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial AS
SELECT nps_agg(score) s, nps_agg(score, w) sw, csat_agg(rating, 5) c, (SELECT rollup(s) FROM daily) r FROM answers;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT p.s = q.s FROM serial q, (SELECT nps_agg(score) s, nps_agg(score, w) sw, csat_agg(rating, 5) c FROM answers) p;
SELECT p.s = q.s AS parallel_equals_serial, abs(nps(p.sw) - nps(q.sw)) < 1e-9 AS weighted_ok, p.c = q.c AS csat_ok
FROM serial q, (SELECT nps_agg(score) s, nps_agg(score, w) sw, csat_agg(rating, 5) c FROM answers) p;
EXPLAIN (COSTS OFF) SELECT q.r = p.r FROM serial q, (SELECT rollup(s) r FROM daily) p;
SELECT q.r = p.r AS rollup_parallel_equals_serial FROM serial q, (SELECT rollup(s) r FROM daily) p;
