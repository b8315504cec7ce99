# bench/suites/10_score.sh: the one-step score aggregates against count() and the best
# hand-written FILTER SQL (DESIGN §7: nps(score) within 1.1x of count(score), about 1.3x
# faster than FILTER SQL; weighted forms within 1.3x of count(score)).

rows=$(bench_rows 10000000)

# Deterministic data: hashint4 of the row number spreads scores uniformly; 2% of the
# scores are NULL (skipped), weights are 1.0 .. 100.9, 1,000 segments.
bench_sql "
CREATE TABLE score_bench AS
SELECT i AS id,
       (hashint4(i + 4) & 2147483647) % 1000 AS seg,
       CASE WHEN i % 50 = 0 THEN NULL ELSE (hashint4(i) & 2147483647) % 11 END AS score,
       1.0 + ((hashint4(i + 1) & 2147483647) % 1000) / 10.0::float8 AS w,
       1 + (hashint4(i + 2) & 2147483647) % 5 AS rating,
       1 + (hashint4(i + 3) & 2147483647) % 7 AS effort
FROM generate_series(1, $rows) AS i;
VACUUM (FREEZE, ANALYZE) score_bench;
SELECT pg_prewarm('score_bench');
"
bench_note "score_bench: $rows rows (id, seg int 0..999, score int 0..10 with 2% NULL, w float8, rating int 1..5, effort int 1..7), held in shared buffers. Later columns cost more to reach in a heap tuple, so csat(rating) and ces(effort) are compared with count() of their own column."
bench_note

# Hand-written NPS: a few formulations (each with the NULLIF an empty group needs);
# the fastest one is compared below.
declare -A filter_sql=(
	[filter_count]="SELECT 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / NULLIF(count(score), 0) FROM score_bench"
	[filter_count_float]="SELECT 100 * ((count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6))::float8 / NULLIF(count(score), 0)) FROM score_bench"
	[case_sum]="SELECT 100.0 * sum(CASE WHEN score >= 9 THEN 1 WHEN score <= 6 THEN -1 ELSE 0 END) / NULLIF(count(score), 0) FROM score_bench"
	[case_avg_float]="SELECT 100 * avg(CASE WHEN score >= 9 THEN 1.0::float8 WHEN score <= 6 THEN -1.0::float8 WHEN score IS NOT NULL THEN 0.0::float8 END) FROM score_bench"
	[sign_sum]="SELECT 100.0 * sum(sign(score - 8) + (score = 7)::int) / NULLIF(count(score), 0) FROM score_bench"
)
bench_group "Hand-written NPS formulations ($rows rows)" filter_count \
	filter_count "${filter_sql[filter_count]}" \
	filter_count_float "${filter_sql[filter_count_float]}" \
	case_sum "${filter_sql[case_sum]}" \
	case_avg_float "${filter_sql[case_avg_float]}" \
	sign_sum "${filter_sql[sign_sum]}"
best=filter_count
for k in "${!filter_sql[@]}"; do
	awk -v a="$(bench_median "$k")" -v b="$(bench_median "$best")" 'BEGIN { exit !(a < b) }' && best=$k
done
bench_note "Fastest hand-written formulation: \`$best\`; it is the FILTER SQL below."
bench_note

bench_group "One-step score aggregates ($rows rows)" "count(score)" \
	"count(*)" "SELECT count(*) FROM score_bench" \
	"count(score)" "SELECT count(score) FROM score_bench" \
	"FILTER SQL NPS" "${filter_sql[$best]}" \
	"nps(score)" "SELECT nps(score) FROM score_bench" \
	"nps_weighted(score, w)" "SELECT nps_weighted(score, w) FROM score_bench" \
	"count(rating)" "SELECT count(rating) FROM score_bench" \
	"csat(rating)" "SELECT csat(rating) FROM score_bench" \
	"csat(rating, 5)" "SELECT csat(rating, 5) FROM score_bench" \
	"count(effort)" "SELECT count(effort) FROM score_bench" \
	"ces(effort)" "SELECT ces(effort) FROM score_bench"
bench_check "nps(score) vs count(score)" "nps(score)" "count(score)" 1.1
bench_check "nps(score) vs FILTER SQL (1/1.3)" "nps(score)" "FILTER SQL NPS" 0.769
bench_check "nps_weighted vs count(score)" "nps_weighted(score, w)" "count(score)" 1.3
bench_check "csat(rating) vs count(rating)" "csat(rating)" "count(rating)" 1.1
bench_check "csat(rating, 5) vs count(rating)" "csat(rating, 5)" "count(rating)" 1.1
bench_check "ces(effort) vs count(effort)" "ces(effort)" "count(effort)" 1.1
bench_note

seg_filter=${filter_sql[$best]/FROM score_bench/FROM score_bench GROUP BY seg}
seg_filter=${seg_filter/SELECT /SELECT seg, }
bench_group "GROUP BY 1,000 segments ($rows rows)" "count(score)" \
	"count(score)" "SELECT seg, count(score) FROM score_bench GROUP BY seg" \
	"FILTER SQL NPS" "$seg_filter" \
	"nps(score)" "SELECT seg, nps(score) FROM score_bench GROUP BY seg" \
	"nps_weighted(score, w)" "SELECT seg, nps_weighted(score, w) FROM score_bench GROUP BY seg"
bench_note "(Hash aggregation over 1,000 groups dominates these times; DESIGN sets no target for them.)"
bench_note

bench_group "Parallel scaling of nps(score) ($rows rows, $(nproc) cores)" "nps, 0 workers" \
	"nps, 0 workers" "SELECT nps(score) FROM score_bench" \
	"nps, 1 worker" "SET max_parallel_workers_per_gather = 1; SELECT nps(score) FROM score_bench" \
	"nps, 2 workers" "SET max_parallel_workers_per_gather = 2; SELECT nps(score) FROM score_bench" \
	"count(score), 2 workers" "SET max_parallel_workers_per_gather = 2; SELECT count(score) FROM score_bench"
