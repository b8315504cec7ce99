#!/usr/bin/env bash
# demo/run.sh: `make demo`, cx_metrics end to end on a realistic CX warehouse.
#
#   bash demo/run.sh          install what is missing, build, install, start a throwaway
#                             cluster with pg_cron preloaded, generate the warehouse, build
#                             materialized views of daily summaries, schedule their refresh
#                             with pg_cron and show a scheduled refresh, print the board
#                             report, write charts and report.html into demo/out/
#   bash demo/run.sh --stop   (`make demo-stop`) stop and remove a cluster kept with
#                             CX_DEMO_KEEP=1
#
# Environment:
#   CX_DEMO_KEEP=1        leave the cluster running at the end (connection line printed)
#   CX_DEMO_SCALE=0.1     scale the generated data (default 1: 2.2M responses)
#   CX_SYSTEM_INSTALL=0   skip the system-wide `make install` done as root
#
# The server runs as an unprivileged OS user (cxmetrics when started by root); see
# test/lib/common.sh, whose helpers this script uses.
set -u
CX_ROOT=$(cd "$(dirname "$0")/.." && pwd)
export CX_ROOT
# A build dir of its own, so `make demo` and `make test` in one checkout never share
# the private install tree.
CX_BUILD=${CX_BUILD:-$CX_ROOT/build/demo}
export CX_BUILD
. "$CX_ROOT/test/lib/common.sh"

DEMO_DIR=$CX_ROOT/demo
OUT=$DEMO_DIR/out
STATE=$OUT/cluster.env
DEMO_DB=cx_demo
SCALE=${CX_DEMO_SCALE:-1}
T0=$(date +%s.%N)

# Stop the cluster recorded in $STATE (a run kept with CX_DEMO_KEEP=1).
demo_stop_kept() {
	[ -f "$STATE" ] || return 1
	local dir pgbin osuser
	dir=$(sed -n 's/^dir=//p' "$STATE")
	pgbin=$(sed -n 's/^pgbin=//p' "$STATE")
	osuser=$(sed -n 's/^osuser=//p' "$STATE")
	if [ -n "$dir" ] && [ -d "$dir/data" ]; then
		if [ "$(id -u)" = 0 ] && [ -n "$osuser" ]; then
			runuser -u "$osuser" -- "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
		else
			"$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
		fi
		rm -rf "$dir"
		cx_log "stopped and removed the demo cluster in $dir"
	fi
	rm -f "$STATE"
	return 0
}

if [ "${1:-}" = "--stop" ]; then
	demo_stop_kept || cx_log "no demo cluster is running"
	exit 0
fi

mkdir -p "$OUT"
demo_stop_kept || true

# Elapsed seconds since the start, one decimal.
demo_elapsed() { echo "$(date +%s.%N) $T0" | awk '{printf "%.1f", $1 - $2}'; }

# demo_step "what" command...: run a step, print one progress line when it starts and
# one with its duration when it ends; stop the demo on failure.
demo_step() {
	local what=$1 s e
	shift
	s=$(date +%s.%N)
	cx_log "$what ..."
	"$@" || cx_die "$what failed"
	e=$(date +%s.%N)
	cx_log "$what: done in $(echo "$e $s" | awk '{printf "%.1f", $1 - $2}') s"
}

# psql against the demo database: quiet, stop on the first error, no pager, no psqlrc.
dsql() { "$CX_PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -P pager=off -d "$DEMO_DB" "$@"; }
dsql_file() { dsql -v scale="$SCALE" -f "$1"; }

cx_log "cx_metrics demo: output in $OUT"
cx_base_deps || exit 1
cx_need_packages postgresql-15-cron gnuplot-nox || exit 1
demo_step "build" cx_build
cx_private_install
cx_system_install

demo_finish() {
	if [ "${CX_DEMO_KEEP:-0}" = 1 ] && [ ${#CX_CLUSTERS[@]} -gt 0 ]; then
		{
			echo "dir=$CX_CLUSTER_DEMO_HOST"
			echo "pgbin=$CX_PGBIN"
			[ "$(id -u)" = 0 ] && echo "osuser=$CX_OS_USER"
			echo "port=$CX_CLUSTER_DEMO_PORT"
		} >"$STATE"
		echo
		echo "The demo cluster keeps running (pg_cron refreshes the views every minute):"
		echo "  psql -h $CX_CLUSTER_DEMO_HOST -p $CX_CLUSTER_DEMO_PORT -U postgres $DEMO_DB"
		echo "Stop it with: make demo-stop"
	else
		cx_cluster_stop_all
	fi
}
trap demo_finish EXIT

cx_cluster_start demo \
	"shared_preload_libraries = 'pg_cron'" \
	"cron.database_name = '$DEMO_DB'" \
	"cron.use_background_workers = on" \
	"max_parallel_workers_per_gather = 2" \
	"maintenance_work_mem = '256MB'" \
	"work_mem = '64MB'" \
	"max_wal_size = '4GB'" \
	"checkpoint_timeout = '30min'" \
	"datestyle = 'ISO, YMD'" \
	"timezone = 'UTC'" \
	"log_min_messages = warning"

"$CX_PGBIN/psql" -X -q -d postgres -c "CREATE DATABASE $DEMO_DB" || cx_die "could not create $DEMO_DB"
dsql -c "CREATE EXTENSION cx_metrics" -c "CREATE EXTENSION pg_cron" || cx_die "could not create the extensions"
cx_log "pg_cron $(dsql -At -c "SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'"), cx_metrics $(dsql -At -c "SELECT extversion FROM pg_extension WHERE extname = 'cx_metrics'")"

demo_step "schema: accounts, survey responses" dsql_file "$DEMO_DIR/sql/10_schema.sql"
demo_step "generating accounts" dsql_file "$DEMO_DIR/sql/20_accounts.sql"
# Two sessions load the responses in parallel (one per core of a small machine).
demo_load_responses() {
	local parts=${CX_DEMO_PARTS:-2} p pids=() rc=0
	for p in $(seq 1 "$parts"); do
		dsql -v scale="$SCALE" -v part="$p" -v parts="$parts" -f "$DEMO_DIR/sql/21_responses.sql" &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p" || rc=1; done
	return $rc
}
demo_step "generating survey responses (2 years, NPS + CSAT + CES; ${CX_DEMO_PARTS:-2} sessions)" demo_load_responses
demo_step "generating customer journeys (define_journey, events with drop-offs, repeats, regressions)" \
	dsql_file "$DEMO_DIR/sql/22_journeys.sql"
demo_step "keys, indexes and statistics" dsql_file "$DEMO_DIR/sql/29_finish.sql"
cx_log "$(dsql -At -c "SELECT format('warehouse: %s accounts, %s survey responses from %s to %s; %s customers with %s journey events',
	(SELECT to_char(count(*), 'FM999G999G999') FROM accounts),
	to_char(count(*), 'FM999G999G999'), min(answered_at)::date, max(answered_at)::date,
	(SELECT to_char(count(*), 'FM999G999G999') FROM customers),
	(SELECT to_char(count(*), 'FM999G999G999') FROM journey_events)) FROM survey_responses")"
demo_step "materialized views: daily score summaries, cohort reach, customer funnels" dsql_file "$DEMO_DIR/sql/30_views.sql"
demo_step "pg_cron: schedule REFRESH MATERIALIZED VIEW CONCURRENTLY every minute" dsql_file "$DEMO_DIR/sql/40_cron_schedule.sql"
demo_step "new survey responses arrive (today)" dsql_file "$DEMO_DIR/sql/41_new_rows.sql"

. "$DEMO_DIR/report.sh"
demo_step "board report" demo_report
demo_step "charts" demo_charts
demo_step "waiting for pg_cron to refresh the views (next minute boundary)" demo_wait_cron
demo_report_cron || cx_die "the pg_cron report failed"
demo_html || cx_die "writing report.html failed"

echo
cx_log "report:  $OUT/report.txt"
cx_log "html:    $OUT/report.html"
cx_log "charts:  $(cd "$OUT" && ls *.png *.svg 2>/dev/null | sed "s|^|$OUT/|" | tr '\n' ' ')"
cx_log "demo finished in $(demo_elapsed) s"
