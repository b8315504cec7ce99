-- Forced parallel plans: Partial Aggregate in the workers, combine in the leader; the
-- results equal the serial plan's.  Weights are multiples of 1/4 so that every sum is
-- exact in any order and equality can be bit for bit.

CREATE TABLE par_answers AS
SELECT i, i % 10 AS g,
       CASE WHEN i % 23 = 0 THEN NULL ELSE (i * 7 + i / 5) % 11 END AS score,
       1 + (i * 3 + i / 7) % 5 AS rating,
       1 + (i * 5 + i / 3) % 7 AS effort,
       ((i % 9) * 0.25)::float8 AS w
FROM generate_series(1, 200000) i;
ANALYZE par_answers;

CREATE TEMP VIEW par_results AS
SELECT g, nps(score) AS nps, nps(score::numeric) AS nps_numeric, nps_weighted(score, w) AS npsw,
       csat(rating) AS csat, csat(rating, 5) AS csat5, csat_weighted(rating, 5, w) AS csat5w,
       ces(effort) AS ces, ces(effort, 7) AS ces7, ces_weighted(effort, w) AS cesw,
       count(score) AS n
FROM par_answers GROUP BY ROLLUP (g);

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;

EXPLAIN (COSTS OFF)
SELECT nps(score), nps_weighted(score, w), csat(rating, 5), ces(effort) FROM par_answers;
EXPLAIN (COSTS OFF)
SELECT g, nps(score) FROM par_answers GROUP BY g;

CREATE TEMP TABLE parallel_out AS SELECT * FROM par_results;
SELECT nps(score) AS nps_parallel, csat(rating, 5) AS csat5_parallel FROM par_answers;

RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;
SET max_parallel_workers_per_gather = 0;

EXPLAIN (COSTS OFF)
SELECT nps(score), nps_weighted(score, w), csat(rating, 5), ces(effort) FROM par_answers;
CREATE TEMP TABLE serial_out AS SELECT * FROM par_results;
SELECT nps(score) AS nps_serial, csat(rating, 5) AS csat5_serial FROM par_answers;

-- Same rows (11: ten groups and the total), same values bit for bit.
SELECT (SELECT count(*) FROM serial_out) AS serial_rows,
       (SELECT count(*) FROM parallel_out) AS parallel_rows,
       (SELECT count(*) FROM serial_out s JOIN parallel_out p
          ON s.g IS NOT DISTINCT FROM p.g
         AND (s.nps, s.nps_numeric, s.npsw, s.csat, s.csat5, s.csat5w, s.ces, s.ces7, s.cesw, s.n)
             IS NOT DISTINCT FROM
             (p.nps, p.nps_numeric, p.npsw, p.csat, p.csat5, p.csat5w, p.ces, p.ces7, p.cesw, p.n)) AS equal_rows;
SELECT g, n, round(nps::numeric, 6) AS nps, round(csat::numeric, 6) AS csat, round(ces::numeric, 6) AS ces
FROM serial_out ORDER BY g NULLS LAST;

DROP TABLE par_answers CASCADE;
