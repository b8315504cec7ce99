#!/usr/bin/env bash
# One customer with 1M events: window_funnel in every mode (and retention) finishes
# within a generous statement_timeout (a guard against a hang, not a speed test: speed is
# measured by make bench), without running out of memory, and gives the levels
# derived by hand below.  Also a pathological strict_once case: 200k rows at one
# timestamp, each matching every step.
set -euo pipefail
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

psql -c "CREATE EXTENSION cx_metrics"
# events every second for 1M seconds (11.6 days); step k (1..4) holds when i % 1000 = k * 100,
# so every 1000 s a complete chain a(100) b(200) c(300) d(400) happens within 300 s.
psql -c "CREATE TABLE big AS SELECT i, timestamptz '2026-01-01 00:00+00' + i * interval '1 s' AS ts, (i % 1000) AS m
         FROM generate_series(0, 999999) i"

out=$(psql -At <<'SQL'
SET statement_timeout = '900s';
SET max_parallel_workers_per_gather = 0;
SET work_mem = '64MB';
SELECT m, window_funnel('5 minutes', m, ts, x = 100, x = 200, x = 300, x = 400 ORDER BY md5(i::text))
FROM (VALUES (''), ('strict_order'), ('strict_deduplication'), ('strict_increase'), ('strict_once'),
             ('strict_order, allow_reentry'), ('strict_once, strict_increase')) modes(m),
     LATERAL (SELECT i, ts, m AS x FROM big) b
GROUP BY m ORDER BY m;
-- window too short for the whole chain (b..d need 300 s): level 3 with 299 s... here 250 s -> 3
SELECT window_funnel('250 s', ts, m = 100, m = 200, m = 300, m = 400) FROM big;
SELECT retention(m = 100, m = 200, m = 999) FROM big;
SQL
)
echo "$out"
expected='|4
strict_deduplication|4
strict_increase|4
strict_once|4
strict_once, strict_increase|4
strict_order|1
strict_order, allow_reentry|1
3
{1,1,1}'
# strict_order: the row at i = 101 matches no step and follows the first a(100) -> 1;
# allow_reentry only skips early steps, not unrelated rows -> 1.
[ "$out" = "$expected" ] || { echo "unexpected result"; exit 1; }

# the same in a forced parallel plan (states of ~1M/3 events serialized and combined)
par=$(psql -At <<'SQL'
SET statement_timeout = '900s';
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT window_funnel('5 minutes', ts, m = 100, m = 200, m = 300, m = 400),
       window_funnel('5 minutes', 'strict_deduplication', ts, m = 100, m = 200, m = 300, m = 400),
       window_funnel('5 minutes', 'strict_once', ts, m = 100, m = 200, m = 300, m = 400) FROM big;
SQL
)
echo "$par"
[ "$par" = "4|4|4" ] || { echo "unexpected parallel result"; exit 1; }

# pathological ties for strict_once: 200k rows at one instant, each matching all 4 steps -> 4;
# and the same with only steps 1-3 -> 3 (step 4 never holds)
tie=$(psql -At <<'SQL'
SET statement_timeout = '900s';
SELECT window_funnel('1 s', 'strict_once', timestamptz '2026-01-01', true, true, true, true) FROM generate_series(1, 200000);
SELECT window_funnel('1 s', 'strict_once', timestamptz '2026-01-01', true, true, true, false) FROM generate_series(1, 200000);
SELECT window_funnel('1 s', 'strict_once, strict_deduplication', timestamptz '2026-01-01', true, true, true, false) FROM generate_series(1, 200000);
SQL
)
echo "$tie"
[ "$tie" = "$(printf '4\n3\n2')" ] || { echo "unexpected tie result"; exit 1; }
echo "ok"
