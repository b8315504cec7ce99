#!/usr/bin/env bash
# bench/callgrind_journey.sh: instructions per row of sorting and comparing journey_stage
# against int4, int8 and enums, counted by valgrind's callgrind in a single-user backend.
# Wall-clock ratios (make bench BENCH=journey) move with the load of a shared machine;
# these counts do not.
#
#   bash bench/callgrind_journey.sh          300,000 rows (CX_CALLGRIND_ROWS to change)
#
# Same data as bench/suites/40_journey.sh: one one-column table per type.  Each query
# runs once in a fresh single-user backend under callgrind, after LOAD 'cx_metrics'; the
# cost of loading the library, parsing and planning (measured by running LOAD and EXPLAIN
# of the same query, which also converts the literal and so loads the journey cache and
# opens the ICU collator) is subtracted and the rest divided by the number of rows.  Prints a markdown table and writes it to
# bench/out/callgrind_journey.md.
set -u
CX_ROOT=$(cd "$(dirname "$0")/.." && pwd)
export CX_ROOT
. "$CX_ROOT/bench/callgrind_lib.sh"

rows=${CX_CALLGRIND_ROWS:-300000}
cg_setup callgrind_journey
cg_sql <<SQL
CREATE EXTENSION cx_metrics;
SELECT define_journey('bench_retail', ARRAY['Awareness', 'Consideration', 'Purchase', 'Retention', 'Advocacy'], locale => 'en');
SELECT add_stage('bench_retail', 'Trial', after => 'Consideration');
CREATE TYPE jb_enum AS ENUM ('Awareness', 'Consideration', 'Trial', 'Purchase', 'Retention', 'Advocacy');
CREATE TYPE jb_enum_added AS ENUM ('Awareness', 'Consideration', 'Purchase', 'Retention', 'Advocacy');
ALTER TYPE jb_enum_added ADD VALUE 'Trial' BEFORE 'Purchase';
CREATE TABLE jb_stages AS
SELECT ordinal::int AS k, stage, label FROM cx_journey_stages WHERE journey = 'bench_retail';
CREATE TABLE jb_k AS SELECT 1 + (hashint4(g) & 2147483647) % 6 AS k, g FROM generate_series(1, $rows) g;
CREATE TABLE jb_s AS SELECT st.stage AS s FROM jb_k JOIN jb_stages st USING (k) ORDER BY g;
CREATE TABLE jb_b AS SELECT stage_position(st.stage) AS b FROM jb_k JOIN jb_stages st USING (k) ORDER BY g;
CREATE TABLE jb_i AS SELECT k AS i FROM jb_k ORDER BY g;
CREATE TABLE jb_e AS SELECT st.label::jb_enum AS e FROM jb_k JOIN jb_stages st USING (k) ORDER BY g;
CREATE TABLE jb_ea AS SELECT st.label::jb_enum_added AS ea FROM jb_k JOIN jb_stages st USING (k) ORDER BY g;
VACUUM (FREEZE, ANALYZE) jb_s, jb_b, jb_i, jb_e, jb_ea;
SQL
cg_stop
# the instruction count of one single-user backend running SQL
cg_ir() { cg_run "$1" "$2" -c shared_buffers=256MB -c work_mem=1GB | awk '{ print $1 }'; }

types=("int4" "int8" "journey_stage" "enum" "enum, value added")
cols=(i b s e ea)
tabs=(jb_i jb_b jb_s jb_e jb_ea)
consts=("4" "12884901888" "'bench_retail:Purchase'" "'Purchase'" "'Purchase'")
declare -A sort_ir cmp_ir
for t in "${!types[@]}"; do
	c=${cols[t]} tab=${tabs[t]}
	q_sort="SELECT $c FROM $tab ORDER BY $c OFFSET $rows;"
	q_cmp="SELECT count(*) FROM $tab WHERE $c >= ${consts[t]};"
	for kind in sort cmp; do
		if [ $kind = sort ]; then q=$q_sort; else q=$q_cmp; fi
		cx_log "callgrind: $kind ${types[t]}"
		# LOAD in both runs: loading the library (and the ICU libraries it links) is not per row
		full=$(cg_ir "$kind$t" "LOAD 'cx_metrics'; $q")
		base=$(cg_ir "${kind}x$t" "LOAD 'cx_metrics'; EXPLAIN $q")
		v=$(awk -v a="$full" -v b="$base" -v n="$rows" 'BEGIN { printf "%.1f", (a - b) / n }')
		if [ $kind = sort ]; then sort_ir[$t]=$v; else cmp_ir[$t]=$v; fi
	done
done

{
	echo "### journey_stage: instructions per row (callgrind, $rows rows, $(date -u '+%Y-%m-%d'), commit $(cg_commit))"
	echo
	echo "| type | sort: instructions per row | ratio to int4 | compare (WHERE col >= c): instructions per row | ratio to int4 |"
	echo "|---|---:|---:|---:|---:|"
	for t in "${!types[@]}"; do
		printf '| %s | %s | %s | %s | %s |\n' "${types[t]}" \
			"${sort_ir[$t]}" "$(awk -v a="${sort_ir[$t]}" -v b="${sort_ir[0]}" 'BEGIN { printf "%.3f", a / b }')" \
			"${cmp_ir[$t]}" "$(awk -v a="${cmp_ir[$t]}" -v b="${cmp_ir[0]}" 'BEGIN { printf "%.3f", a / b }')"
	done
	echo
	echo "Library load, parse and plan (LOAD + EXPLAIN of the same query) subtracted; one-column tables, so every type reads rows of the same size."
} | tee "$outdir/callgrind_journey.md"
