#!/usr/bin/env bash
# bench/callgrind.sh: instructions and simulated branch mispredictions per row of the score
# aggregates, counted by valgrind's callgrind in a single-user backend.  Wall-clock ratios
# (make bench) move with the load of a shared machine; these counts do not, so they are the
# numbers to compare before and after a change to a transition function.
#
#   bash bench/callgrind.sh                  1,000,000 rows (CX_CALLGRIND_ROWS to change)
#
# Same data as bench/suites/10_score.sh.  Each query runs once in a fresh single-user
# backend under callgrind --branch-sim=yes; the cost of starting the backend (measured with
# SELECT 1) is subtracted and the rest divided by the number of rows.  Prints a markdown
# table and writes it to bench/out/callgrind.md.
set -u
CX_ROOT=$(cd "$(dirname "$0")/.." && pwd)
export CX_ROOT
. "$CX_ROOT/bench/callgrind_lib.sh"

rows=${CX_CALLGRIND_ROWS:-1000000}
cg_setup callgrind
cg_sql <<SQL
CREATE EXTENSION cx_metrics;
CREATE TABLE score_bench AS
SELECT i AS id,
       (hashint4(i + 4) & 2147483647) % 1000 AS seg,
       CASE WHEN i % 50 = 0 THEN NULL ELSE (hashint4(i) & 2147483647) % 11 END AS score,
       1.0 + ((hashint4(i + 1) & 2147483647) % 1000) / 10.0::float8 AS w,
       1 + (hashint4(i + 2) & 2147483647) % 5 AS rating,
       1 + (hashint4(i + 3) & 2147483647) % 7 AS effort
FROM generate_series(1, $rows) AS i;
VACUUM (FREEZE, ANALYZE) score_bench;
SQL
cg_stop

labels=("count(*)" "count(score)" "FILTER SQL NPS" "nps(score)" "nps_weighted(score, w)"
	"count(rating)" "csat(rating)" "csat(rating, 5)" "count(effort)" "ces(effort)")
exprs=("count(*)" "count(score)"
	"100 * ((count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6))::float8 / NULLIF(count(score), 0))"
	"nps(score)" "nps_weighted(score, w)" "count(rating)" "csat(rating)" "csat(rating, 5)" "count(effort)" "ces(effort)")

cx_log "callgrind: start-up cost"
read -r b_ir b_bcm b_bim <<<"$(cg_run base "SELECT 1;" -c shared_buffers=512MB)"
declare -A ir bm
for i in "${!labels[@]}"; do
	cx_log "callgrind: ${labels[i]}"
	read -r q_ir q_bcm q_bim <<<"$(cg_run "q$i" "SELECT ${exprs[i]} FROM score_bench;" -c shared_buffers=512MB)"
	ir[$i]=$(awk -v a="$q_ir" -v b="$b_ir" -v n="$rows" 'BEGIN { printf "%.1f", (a - b) / n }')
	bm[$i]=$(awk -v a="$q_bcm" -v b="$b_bcm" -v c="$q_bim" -v d="$b_bim" -v n="$rows" 'BEGIN { printf "%.2f", (a - b + c - d) / n }')
done

{
	echo "### Instructions per row (callgrind, $rows rows, $(date -u '+%Y-%m-%d'), commit $(cg_commit))"
	echo
	echo "| query | instructions per row | ratio to count(score) | mispredicted branches per row (simulated) |"
	echo "|---|---:|---:|---:|"
	for i in "${!labels[@]}"; do
		printf '| %s | %s | %s | %s |\n' "${labels[i]}" "${ir[$i]}" \
			"$(awk -v a="${ir[$i]}" -v b="${ir[1]}" 'BEGIN { printf "%.3f", a / b }')" "${bm[$i]}"
	done
	echo
	echo "Start-up cost of the backend (SELECT 1) subtracted. Reading the columns rating and effort costs more than score (later in the tuple): compare csat/ces with count() of the same column."
} | tee "$outdir/callgrind.md"
