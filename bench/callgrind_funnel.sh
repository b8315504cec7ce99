#!/usr/bin/env bash
# bench/callgrind_funnel.sh: instructions per row of window_funnel and journey_funnel
# against the floor of any per-customer aggregate (SELECT customer, count(*) ... GROUP BY
# customer), counted by valgrind's callgrind in a single-user backend.  Wall-clock ratios
# (make bench BENCH=50_funnel) move with the load of a shared machine; these counts do not,
# so they are the numbers to compare before and after a change to the funnel code.
#
#   bash bench/callgrind_funnel.sh        1,000,000 events per set (CX_CALLGRIND_ROWS to change)
#   CX_CALLGRIND_ONLY="wf jf" bash ...    only these queries (floor wf wfv jf; the floor is
#                                         always run, it is the denominator)
#
# Same data and settings as bench/suites/50_funnel.sh: a sparse set (customers x 10 events
# over 3 days) and a dense one (customers x 500 events over 60 days), 4 steps, 24-hour
# window, work_mem 512MB, no parallel workers, jit off.  Each query runs once in a fresh
# single-user backend under callgrind, after LOAD 'cx_metrics', with OFFSET past the last
# group so that no row is printed (the group estimates are fixed: ANALYZE samples at random and
# the hash table's initial size would change the floor by a few instructions per event); the cost of loading the library, parsing and planning
# (the same backend running LOAD and EXPLAIN of the query) is subtracted and the rest
# divided by the number of events.  Prints a markdown table (bench/out/callgrind_funnel.md);
# the profiles stay in bench/out/callgrind_funnel/ for callgrind_annotate.
set -u
CX_ROOT=$(cd "$(dirname "$0")/.." && pwd)
export CX_ROOT
. "$CX_ROOT/bench/callgrind_lib.sh"
. "$CX_ROOT/bench/funnel_data.sh"

n=${CX_CALLGRIND_ROWS:-1000000}
only=${CX_CALLGRIND_ONLY:-"floor wf wfv jf"}
sparse_c=$(( (n + 9) / 10 ))
dense_c=$(( (n + 499) / 500 ))
per_sparse=$(( (n + sparse_c - 1) / sparse_c ))
per_dense=$(( (n + dense_c - 1) / dense_c ))

cg_setup callgrind_funnel
CG_PROFDIR=$outdir/callgrind_funnel
mkdir -p "$CG_PROFDIR"
cx_log "callgrind_funnel: generating $n events per set"
cg_sql <<SQL
CREATE EXTENSION cx_metrics;
$(funnel_data_sql "$n")
-- fixed group estimates, so that the hash table is sized the same in every run (ANALYZE samples at random)
ALTER TABLE fb_sparse ALTER COLUMN customer SET (n_distinct = $sparse_c);
ALTER TABLE fb_dense ALTER COLUMN customer SET (n_distinct = $dense_c);
VACUUM (FREEZE, ANALYZE) fb_sparse, fb_dense;
SQL
cg_stop
# the instruction count of one single-user backend running SQL (one statement per line)
cg_ir() { cg_run "$1" "$2" -c shared_buffers=512MB -c work_mem=512MB | awk '{ print $1 }'; }

q_floor() { echo "SELECT customer, count(*) FROM $1 GROUP BY customer"; }
q_wf() { echo "SELECT customer, window_funnel('24 hours', ts, e = 0, e = 1, e = 2, e = 3) AS level FROM $1 GROUP BY customer"; }
q_wfv() { echo "SELECT customer, window_funnel('24 hours', ts, VARIADIC ARRAY[e = 0, e = 1, e = 2, e = 3]) AS level FROM $1 GROUP BY customer"; }
q_jf() { echo "SELECT customer, journey_funnel(stage, ts, '24 hours') AS f FROM $1 GROUP BY customer"; }
declare -A label=([floor]="floor count(*)" [wf]="window_funnel (4 step arguments)"
	[wfv]="window_funnel VARIADIC array" [jf]="journey_funnel")

declare -A ir
sets=(fb_sparse fb_dense)
for t in "${sets[@]}"; do
	for q in floor wf wfv jf; do
		[ "$q" = floor ] || [[ " $only " == *" $q "* ]] || continue
		sql="$(q_$q "$t") OFFSET 100000000;"
		cx_log "callgrind_funnel: $t $q"
		echo "-- $t $q: $sql" >>"$log"
		full=$(cg_ir "${t}_$q" "LOAD 'cx_metrics';
$sql")
		base=$(cg_ir "${t}_${q}_base" "LOAD 'cx_metrics';
EXPLAIN $sql")
		ir[$t.$q]=$(awk -v a="$full" -v b="$base" -v n="$n" 'BEGIN { printf "%.1f", (a - b) / n }')
	done
done

{
	echo "### Funnels: instructions per event (callgrind, $n events per set, $(date -u '+%Y-%m-%d'), commit $(cg_commit))"
	echo
	echo "| query | sparse: instructions per event | ratio to floor | dense: instructions per event | ratio to floor |"
	echo "|---|---:|---:|---:|---:|"
	for q in floor wf wfv jf; do
		[ -n "${ir[fb_sparse.$q]:-}" ] || continue
		printf '| %s | %s | %s | %s | %s |\n' "${label[$q]}" \
			"${ir[fb_sparse.$q]}" "$(awk -v a="${ir[fb_sparse.$q]}" -v b="${ir[fb_sparse.floor]}" 'BEGIN { printf "%.3f", a / b }')" \
			"${ir[fb_dense.$q]}" "$(awk -v a="${ir[fb_dense.$q]}" -v b="${ir[fb_dense.floor]}" 'BEGIN { printf "%.3f", a / b }')"
	done
	echo
	echo "Sparse: $sparse_c customers x $per_sparse events over 3 days; dense: $dense_c customers x $per_dense events over 60 days. Library load, parse and plan (LOAD + EXPLAIN of the same query) subtracted. Profiles: bench/out/callgrind_funnel/<set>_<query>.cg (callgrind_annotate)."
} | tee "$outdir/callgrind_funnel.md"
