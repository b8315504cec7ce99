# bench/suites/50_funnel.sh: window_funnel against the best pure-SQL funnels and against
# the floor of any per-customer aggregate (SELECT customer, count(*) ... GROUP BY customer).
# DESIGN §7 / issue target: window_funnel within 1.5x of the floor on 1M events, 4 steps,
# 24-hour window, on a sparse (100k customers x 10 events) and a dense (2k x 500) set.
# Wall-clock ratios move with the load of a shared machine: bench/callgrind_funnel.sh counts
# the instructions per event of the same queries on the same data, which do not.

n=$(bench_rows 1000000)
sparse_c=$(( (n + 9) / 10 ))
dense_c=$(( (n + 499) / 500 ))
per_sparse=$(( (n + sparse_c - 1) / sparse_c ))
per_dense=$(( (n + dense_c - 1) / dense_c ))

# The data sets (bench/funnel_data.sh, shared with bench/callgrind_funnel.sh), in shared buffers.
. "$CX_ROOT/bench/funnel_data.sh"
bench_sql "$(funnel_data_sql "$n")
VACUUM (FREEZE, ANALYZE) fb_sparse, fb_dense;
SELECT pg_prewarm(t) FROM unnest(ARRAY['fb_sparse', 'fb_dense', 'fb_sparse_customer_e_ts_idx', 'fb_dense_customer_e_ts_idx']) t;
"

# The pure-SQL formulations (each returns every customer with its level 0..4).
# Window functions: for each row, the earliest end of a 2-, 3- and 4-step chain
# starting at or after it, computed backwards in three passes over one ordering
# (ts DESC with a growing frame, so that min() is incremental: O(n) per partition).
sql_window() {
	cat <<SQL
SELECT customer,
       CASE WHEN bool_or(e = 0 AND end4 <= ts + interval '24 hours') THEN 4
            WHEN bool_or(e = 0 AND end3 <= ts + interval '24 hours') THEN 3
            WHEN bool_or(e = 0 AND n2 <= ts + interval '24 hours') THEN 2
            WHEN bool_or(e = 0) THEN 1 ELSE 0 END AS level
FROM (SELECT *, min(m3) FILTER (WHERE e = 1) OVER w AS end4
      FROM (SELECT *, min(n3) FILTER (WHERE e = 1) OVER w AS end3, min(n4) FILTER (WHERE e = 2) OVER w AS m3
            FROM (SELECT customer, ts, e,
                         min(ts) FILTER (WHERE e = 1) OVER w AS n2,
                         min(ts) FILTER (WHERE e = 2) OVER w AS n3,
                         min(ts) FILTER (WHERE e = 3) OVER w AS n4
                  FROM $1 WINDOW w AS (PARTITION BY customer ORDER BY ts DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) a
            WINDOW w AS (PARTITION BY customer ORDER BY ts DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) b
      WINDOW w AS (PARTITION BY customer ORDER BY ts DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) d
GROUP BY customer
SQL
}
# Index probes: for each step-1 event, the earliest next step within the window, three
# nested probes on (customer, e, ts).
sql_probe() {
	cat <<SQL
SELECT s1.customer,
       max(CASE WHEN s1.e <> 0 THEN 0 WHEN p4.t IS NOT NULL THEN 4 WHEN p3.t IS NOT NULL THEN 3
                WHEN p2.t IS NOT NULL THEN 2 ELSE 1 END) AS level
FROM $1 s1
LEFT JOIN LATERAL (SELECT min(x.ts) AS t FROM $1 x WHERE s1.e = 0 AND x.customer = s1.customer AND x.e = 1
                   AND x.ts >= s1.ts AND x.ts <= s1.ts + interval '24 hours') p2 ON true
LEFT JOIN LATERAL (SELECT min(x.ts) AS t FROM $1 x WHERE p2.t IS NOT NULL AND x.customer = s1.customer AND x.e = 2
                   AND x.ts >= p2.t AND x.ts <= s1.ts + interval '24 hours') p3 ON true
LEFT JOIN LATERAL (SELECT min(x.ts) AS t FROM $1 x WHERE p3.t IS NOT NULL AND x.customer = s1.customer AND x.e = 3
                   AND x.ts >= p3.t AND x.ts <= s1.ts + interval '24 hours') p4 ON true
GROUP BY s1.customer
SQL
}
# Self-joins: every chain a <= b <= c <= d within 24 hours of a.
sql_join() {
	cat <<SQL
SELECT s1.customer,
       max(CASE WHEN s1.e <> 0 THEN 0 WHEN s4.ts IS NOT NULL THEN 4 WHEN s3.ts IS NOT NULL THEN 3
                WHEN s2.ts IS NOT NULL THEN 2 ELSE 1 END) AS level
FROM $1 s1
LEFT JOIN $1 s2 ON s1.e = 0 AND s2.customer = s1.customer AND s2.e = 1 AND s2.ts >= s1.ts AND s2.ts <= s1.ts + interval '24 hours'
LEFT JOIN $1 s3 ON s3.customer = s1.customer AND s3.e = 2 AND s3.ts >= s2.ts AND s3.ts <= s1.ts + interval '24 hours'
LEFT JOIN $1 s4 ON s4.customer = s1.customer AND s4.e = 3 AND s4.ts >= s3.ts AND s4.ts <= s1.ts + interval '24 hours'
GROUP BY s1.customer
SQL
}
wf() { echo "SELECT customer, window_funnel('24 hours', ts, e = 0, e = 1, e = 2, e = 3) AS level FROM $1 GROUP BY customer"; }
jf() { echo "SELECT customer, journey_funnel(stage, ts, '24 hours') AS f FROM $1 GROUP BY customer"; }
wfv() { echo "SELECT customer, window_funnel('24 hours', ts, VARIADIC ARRAY[e = 0, e = 1, e = 2, e = 3]) AS level FROM $1 GROUP BY customer"; }
floor_q() { echo "SELECT customer, count(*) FROM $1 GROUP BY customer"; }
SETS="SET max_parallel_workers_per_gather = 0; SET work_mem = '512MB';"

# The formulations agree (checked once per data set, not timed).
for t in fb_sparse fb_dense; do
	bad=$(psql -X -At -c "$SETS SELECT count(*) FROM ($(wf $t)) a FULL JOIN ($(sql_window $t)) b USING (customer) FULL JOIN ($(sql_probe $t)) c USING (customer) WHERE a.level IS DISTINCT FROM b.level OR a.level IS DISTINCT FROM c.level" | tail -n 1)
	dist=$(psql -X -At -c "$SETS SELECT string_agg(level || ': ' || n, ', ' ORDER BY level) FROM (SELECT level, count(*) n FROM ($(wf $t)) a GROUP BY level) s" | tail -n 1)
	badj=$(psql -X -At -c "$SETS SELECT count(*) FROM ($(wf $t)) a FULL JOIN ($(jf $t)) b USING (customer) WHERE a.level IS DISTINCT FROM (b.f).level" | tail -n 1)
	bench_note "$t: customers whose level differs between window_funnel, the window-function SQL and the index-probe SQL: $bad; between window_funnel and journey_funnel: $badj (levels: $dist)"
done
bench_note
bench_note "$n events per set; sparse: $sparse_c customers x $per_sparse events over 3 days; dense: $dense_c customers x $per_dense events over 60 days. 4 steps (event types 0-3 of 7), 24-hour window. One core (max_parallel_workers_per_gather = 0), work_mem 512MB, data and index in shared buffers. The self-join is left out on the dense set (hundreds of millions of joined rows per run)."
bench_note

bench_group "Sparse: $n events, $sparse_c customers x $per_sparse" "floor count(*)" \
	"floor count(*)" "$SETS $(floor_q fb_sparse)" \
	"window_funnel" "$SETS $(wf fb_sparse)" \
	"window_funnel VARIADIC array" "$SETS $(wfv fb_sparse)" \
	"journey_funnel" "$SETS $(jf fb_sparse)" \
	"SQL window functions" "$SETS $(sql_window fb_sparse)" \
	"SQL index probes" "$SETS $(sql_probe fb_sparse)" \
	"SQL self-joins" "$SETS $(sql_join fb_sparse)"
bench_check "sparse: window_funnel vs floor" "window_funnel" "floor count(*)" 1.5
bench_check "sparse: journey_funnel vs floor" "journey_funnel" "floor count(*)" 1.5
best_sparse=$(awk -v a="$(bench_median 'SQL window functions')" -v b="$(bench_median 'SQL index probes')" -v c="$(bench_median 'SQL self-joins')" 'BEGIN { m = a; if (b < m) m = b; if (c < m) m = c; print m }')
bench_note "- sparse: best SQL / window_funnel = $(awk -v a="$best_sparse" -v b="$(bench_median window_funnel)" 'BEGIN { printf "%.2f", a / b }') (target >= 4)"
bench_note

bench_group "Dense: $n events, $dense_c customers x $per_dense" "floor count(*)" \
	"floor count(*)" "$SETS $(floor_q fb_dense)" \
	"window_funnel" "$SETS $(wf fb_dense)" \
	"window_funnel VARIADIC array" "$SETS $(wfv fb_dense)" \
	"journey_funnel" "$SETS $(jf fb_dense)" \
	"SQL window functions" "$SETS $(sql_window fb_dense)" \
	"SQL index probes" "$SETS $(sql_probe fb_dense)"
bench_check "dense: window_funnel vs floor" "window_funnel" "floor count(*)" 1.5
bench_check "dense: journey_funnel vs floor" "journey_funnel" "floor count(*)" 1.5
best_dense=$(awk -v a="$(bench_median 'SQL window functions')" -v b="$(bench_median 'SQL index probes')" 'BEGIN { m = a; if (b < m) m = b; print m }')
bench_note "- dense: best SQL / window_funnel = $(awk -v a="$best_dense" -v b="$(bench_median window_funnel)" 'BEGIN { printf "%.2f", a / b }') (target >= 10)"
