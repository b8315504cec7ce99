# bench/lib.sh: the API every bench/suites/*.sh uses (sourced by bench/run.sh).
#
# The environment: PGHOST PGPORT PGUSER set, PGDATABASE=bench (cx_metrics and pg_prewarm
# are created), CX_ROOT the repository root, CX_BENCH_SCALE (float, default 1.0) and
# CX_BENCH_ROUNDS (default 7).  Everything a suite prints ends up in bench/out/latest.md.
# All suites of a run share the database, in name order: tables of earlier suites are
# still there (10_score.sh leaves score_bench; CREATE TABLE IF NOT EXISTS reuses it).
# Load generated tables into shared buffers with SELECT pg_prewarm('table').
#
#   bench_rows N            print N * CX_BENCH_SCALE rounded to an integer (at least 1):
#                           use it for every row count, so that a quick run is possible
#   bench_sql "SQL"         run setup SQL (data generation etc.) in one psql session;
#                           stops the suite on error; prints a progress line with the
#                           elapsed seconds
#   bench_group "Title" BASELINE_LABEL  LABEL1 "SQL1"  LABEL2 "SQL2" ...
#                           one warm-up run of each query, then CX_BENCH_ROUNDS
#                           interleaved rounds (the starting query rotates every round),
#                           all in one session; each query is timed on the server as the
#                           Execution Time of EXPLAIN (ANALYZE, TIMING OFF); prints
#                           a markdown table  | query | median ms | ratio to BASELINE_LABEL |
#                           A query may start with SET statements ("SET a = 1; SELECT ..."):
#                           they run (un-timed) before that query only, and RESET ALL runs
#                           before every query, so settings never leak between queries.
#   bench_median LABEL      after bench_group: the median ms of LABEL in the last group
#   bench_ratio A B         after bench_group: median(A) / median(B), 3 decimals
#   bench_check "text" A B MAX
#                           after bench_group: prints a line "- text: A/B = r (target <= MAX): met"
#                           or "... missed by x%"; never fails the suite (ratios are reported,
#                           not asserted)
#   bench_note "text"       print a line of commentary into the report

: "${CX_BENCH_SCALE:=1.0}"
: "${CX_BENCH_ROUNDS:=7}"

declare -gA BENCH_MEDIANS=()

_bench_psql() {
	psql -X -q -v ON_ERROR_STOP=1 "$@"
}

bench_note() {
	printf '%s\n' "$*"
}

bench_rows() {
	awk -v n="$1" -v s="$CX_BENCH_SCALE" 'BEGIN { r = int(n * s + 0.5); if (r < 1) r = 1; printf "%d\n", r }'
}

bench_sql() {
	local sql=$1 t0 t1 first
	t0=$(date +%s.%N)
	if ! { echo 'SET client_min_messages = warning;'; printf '%s\n' "$sql"; } | _bench_psql -f - >/dev/null; then
		printf 'bench_sql failed:\n%s\n' "$sql" >&2
		exit 1
	fi
	t1=$(date +%s.%N)
	first=$(printf '%s\n' "$sql" | sed -e 's/^[[:space:]]*//' -e '/^$/d' -e '/^--/d' | head -n 1 | cut -c1-70)
	printf '> setup %s s: %s\n\n' "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')" "$first"
}

# Split "SET ...; SET ...; QUERY" into leading SET statements and the query.
_bench_split_sets() {
	local sql=$1 sets=""
	shopt -s nocasematch
	while [[ $sql =~ ^[[:space:]]*(SET[[:space:]][^\;]*\;)(.*)$ ]]; do
		sets+="${BASH_REMATCH[1]}"$'\n'
		sql=${BASH_REMATCH[2]}
	done
	shopt -u nocasematch
	_BENCH_SETS=$sets
	_BENCH_QUERY=$sql
}

bench_group() {
	local title=$1 baseline=$2
	shift 2
	local labels=() sqls=() i r k n script out idx t base_med
	if [ $# -eq 0 ] || [ $(($# % 2)) -ne 0 ]; then
		echo "bench_group: expected LABEL SQL pairs after the baseline label" >&2
		exit 1
	fi
	while [ $# -gt 0 ]; do
		labels+=("$1")
		sqls+=("$2")
		shift 2
	done
	n=${#labels[@]}
	local found=0
	for ((i = 0; i < n; i++)); do [ "${labels[i]}" = "$baseline" ] && found=1; done
	if [ $found -eq 0 ]; then
		echo "bench_group: baseline label '$baseline' is not one of the queries" >&2
		exit 1
	fi

	# One script: warm-up of each, then interleaved, rotating rounds.
	script=$(mktemp)
	{
		echo '\pset format unaligned'
		echo '\pset tuples_only on'
		for ((k = -1; k < CX_BENCH_ROUNDS; k++)); do
			for ((r = 0; r < n; r++)); do
				if [ $k -lt 0 ]; then i=$r; else i=$(((r + k) % n)); fi
				_bench_split_sets "${sqls[i]}"
				echo "RESET ALL;"
				[ -n "$_BENCH_SETS" ] && printf '%s' "$_BENCH_SETS"
				[ $k -ge 0 ] && echo "\\echo @@ $i"
				printf 'EXPLAIN (ANALYZE, TIMING OFF) %s;\n' "$(printf '%s' "$_BENCH_QUERY" | sed -e 's/;[[:space:]]*$//')"
			done
		done
	} >"$script"
	printf '> timing "%s": %d queries, 1 warm-up + %d rounds\n\n' "$title" "$n" "$CX_BENCH_ROUNDS" >&2
	if ! out=$(_bench_psql -f "$script" 2>&1); then
		printf 'bench_group "%s" failed:\n%s\n' "$title" "$out" >&2
		rm -f "$script"
		exit 1
	fi
	rm -f "$script"

	# Medians per query.
	BENCH_MEDIANS=()
	local times
	for ((i = 0; i < n; i++)); do
		times=$(printf '%s\n' "$out" | awk -v want="$i" '
			/^@@ / { cur = $2; next }
			/Execution Time:/ && cur == want { for (j = 1; j <= NF; j++) if ($j == "Time:") print $(j + 1); cur = "" }')
		BENCH_MEDIANS["${labels[i]}"]=$(printf '%s\n' "$times" | sort -g | awk '
			{ v[NR] = $1 } END { if (NR == 0) print "NaN"; else if (NR % 2) printf "%.1f\n", v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
	done
	base_med=${BENCH_MEDIANS["$baseline"]}

	printf '### %s\n\n' "$title"
	printf '| query | median ms | ratio to %s |\n|---|---:|---:|\n' "$baseline"
	for ((i = 0; i < n; i++)); do
		printf '| %s | %s | %s |\n' "${labels[i]}" "${BENCH_MEDIANS[${labels[i]}]}" \
			"$(awk -v a="${BENCH_MEDIANS[${labels[i]}]}" -v b="$base_med" 'BEGIN { printf "%.2f", a / b }')"
	done
	printf '\n<details><summary>queries (median of %d rounds; Execution Time of EXPLAIN (ANALYZE, TIMING OFF))</summary>\n\n' "$CX_BENCH_ROUNDS"
	for ((i = 0; i < n; i++)); do
		printf -- '- %s: `%s`\n' "${labels[i]}" "$(printf '%s' "${sqls[i]}" | tr '\n\t' '  ' | sed -e 's/  */ /g')"
	done
	printf '\n</details>\n\n'
}

bench_median() {
	printf '%s\n' "${BENCH_MEDIANS[$1]:-NaN}"
}

bench_ratio() {
	awk -v a="${BENCH_MEDIANS[$1]:-0}" -v b="${BENCH_MEDIANS[$2]:-0}" 'BEGIN { if (b == 0) print "NaN"; else printf "%.3f\n", a / b }'
}

bench_check() {
	local text=$1 a=$2 b=$3 max=$4 r
	r=$(bench_ratio "$a" "$b")
	awk -v t="$text" -v a="$a" -v b="$b" -v r="$r" -v m="$max" 'BEGIN {
		if (r == "NaN") { printf "- %s: no ratio\n", t; exit }
		printf "- %s: %s / %s = %.3f (target <= %s): ", t, a, b, r, m
		if (r + 0 <= m + 0) print "met"; else printf "missed by %.1f%%\n", (r / m - 1) * 100 }'
}
