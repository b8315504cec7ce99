# bench/suites/20_summary.sh: the two-step form (DESIGN §7): summary aggregates against
# count(score) (targets: within 1.15x unweighted, 1.3x weighted); a 90-day per-segment
# dashboard from a materialized view of daily summaries against the same from raw rows
# (target: >= 100x faster); rollup() over 10,000 stored summaries.

rows=$(bench_rows 10000000)

# The same deterministic table as 10_score.sh (created here when that suite did not run),
# plus a day (two years) and a 50-value segment.
bench_sql "
CREATE TABLE IF NOT EXISTS score_bench AS
SELECT i AS id,
       (hashint4(i + 4) & 2147483647) % 1000 AS seg,
       CASE WHEN i % 50 = 0 THEN NULL ELSE (hashint4(i) & 2147483647) % 11 END AS score,
       1.0 + ((hashint4(i + 1) & 2147483647) % 1000) / 10.0::float8 AS w,
       1 + (hashint4(i + 2) & 2147483647) % 5 AS rating,
       1 + (hashint4(i + 3) & 2147483647) % 7 AS effort
FROM generate_series(1, $rows) AS i;
CREATE TABLE summary_raw AS
SELECT id, DATE '2025-01-01' + (id % 730)::int AS day, seg % 50 AS segment, score, w FROM score_bench;
VACUUM (FREEZE, ANALYZE) score_bench, summary_raw;
CREATE INDEX ON summary_raw (day);
CREATE MATERIALIZED VIEW summary_daily AS
SELECT day, segment, nps_agg(score) AS s, nps_agg(score, w) AS sw FROM summary_raw GROUP BY day, segment
ORDER BY day, segment;  -- a period reads contiguous pages (see README)
CREATE UNIQUE INDEX ON summary_daily (day, segment);
CREATE TABLE summary_10k AS SELECT s FROM summary_daily ORDER BY day, segment LIMIT 10000;
VACUUM ANALYZE summary_daily, summary_10k;
SELECT pg_prewarm('score_bench'), pg_prewarm('summary_raw'), pg_prewarm('summary_daily'), pg_prewarm('summary_10k');
"
bench_note "score_bench: $rows rows; summary_raw: the same answers over 730 days and 50 segments (index on day);"
bench_note "summary_daily: materialized view of daily summaries per segment ($(psql -X -At -c 'SELECT count(*) FROM summary_daily') rows)."
bench_note

bench_group "Summary aggregates ($rows rows)" "count(score)" \
	"count(score)" "SELECT count(score) FROM score_bench" \
	"nps_agg(score)" "SELECT nps_agg(score) FROM score_bench" \
	"nps_agg(score, w)" "SELECT nps_agg(score, w) FROM score_bench" \
	"csat_agg(rating)" "SELECT csat_agg(rating) FROM score_bench" \
	"score_agg(score, 0, 10)" "SELECT score_agg(score, 0, 10) FROM score_bench"
bench_check "nps_agg(score) vs count(score)" "nps_agg(score)" "count(score)" 1.15
bench_check "nps_agg(score, w) vs count(score)" "nps_agg(score, w)" "count(score)" 1.3
bench_note

raw_dash="SELECT segment, nps(s), (nps_ci(s)).low, (nps_ci(s)).high, n(s)
          FROM (SELECT segment, nps_agg(score) s FROM summary_raw WHERE day > DATE '2026-12-31' - 90 GROUP BY segment) t"
filter_dash="SELECT segment, 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / NULLIF(count(score), 0), count(score)
             FROM summary_raw WHERE day > DATE '2026-12-31' - 90 GROUP BY segment"
mv_dash="SELECT segment, nps(s), (nps_ci(s)).low, (nps_ci(s)).high, n(s)
         FROM (SELECT segment, rollup(s) s FROM summary_daily WHERE day > DATE '2026-12-31' - 90 GROUP BY segment) t"
bench_group "90-day dashboard, 50 segments: NPS with 95% interval" "from daily summaries" \
	"from raw rows (nps_agg)" "$raw_dash" \
	"from raw rows (FILTER SQL, no interval)" "$filter_dash" \
	"from daily summaries" "$mv_dash"
speedup=$(bench_ratio "from raw rows (nps_agg)" "from daily summaries")
bench_note "- dashboard from daily summaries vs raw rows: $speedup x faster (target >= 100): $(awk -v r="$speedup" 'BEGIN { print (r >= 100) ? "met" : "missed" }')"
bench_note "- speed-up of the materialized view: $(bench_ratio "from raw rows (nps_agg)" "from daily summaries")x over the same query on raw rows, $(bench_ratio "from raw rows (FILTER SQL, no interval)" "from daily summaries")x over hand-written FILTER SQL."
bench_note

bench_group "rollup() over 10,000 stored summaries" "count(s)" \
	"count(s)" "SELECT count(s) FROM summary_10k" \
	"nps(rollup(s))" "SELECT nps(rollup(s)) FROM summary_10k" \
	"rollup(s) OVER 90-row frames" "SELECT max(nps(r)) FROM (SELECT rollup(s) OVER (ROWS 89 PRECEDING) r FROM summary_10k) t"
bench_note
