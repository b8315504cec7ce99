#!/usr/bin/env bash
# test/run.sh: `make test`. Installs what is missing, builds with warnings as errors,
# installs the extension (into a private tree for the throwaway server, and into the
# system when run as root), starts a throwaway server as an unprivileged user, runs every
# suite and ends with the line "N passed, N failed" (exit status 1 on any failure).
#
# Suites:
#   pg_regress     sql/*.sql against expected/*.out (one test each)
#   isolation      test/isolation/specs/*.spec with pg_isolation_regress (one test each)
#   scripts        test/suites/*.sh, each run in a fresh database with PG* set (one test each;
#                  exit 0 = pass, 77 = skipped, anything else = fail)
#
# Run one suite:  bash test/run.sh sql/score_nps.sql   or   bash test/run.sh test/suites/x.sh
# CX_VALGRIND=1 (make valgrind): every server backend under valgrind memcheck; any report
# with a frame in the extension fails the run.
set -u
CX_ROOT=$(cd "$(dirname "$0")/.." && pwd)
export CX_ROOT
. "$CX_ROOT/test/lib/common.sh"

only=("$@")
passed=0 failed=0 skipped=0
failures=()

selected() {
	[ ${#only[@]} -eq 0 ] && return 0
	local o
	for o in "${only[@]}"; do [ "$o" = "$1" ] && return 0; done
	return 1
}

cx_base_deps || exit 1
cx_build
cx_private_install
cx_system_install
trap cx_cluster_stop_all EXIT
cx_cluster_start test \
	"max_parallel_workers_per_gather = 2" \
	"shared_preload_libraries = ''" \
	"datestyle = 'ISO, YMD'" \
	"timezone = 'UTC'"

mkdir -p "$CX_BUILD/regress"

# pg_regress suites
pgxs_dir=$(dirname "$(dirname "$(dirname "$("$CX_PG_CONFIG" --pgxs)")")")
regress_tests=()
for f in "$CX_ROOT"/sql/*.sql; do
	[ -e "$f" ] || continue
	selected "sql/$(basename "$f")" || continue
	regress_tests+=("$(basename "$f" .sql)")
done
if [ ${#regress_tests[@]} -gt 0 ]; then
	cx_log "pg_regress: ${#regress_tests[@]} tests"
	out="$CX_BUILD/regress/pg_regress.out"
	(cd "$CX_ROOT" && "$pgxs_dir/src/test/regress/pg_regress" \
		--inputdir="$CX_ROOT" --outputdir="$CX_BUILD/regress" \
		--bindir="$CX_SYS_BINDIR" --host="$PGHOST" --port="$PGPORT" --user=postgres \
		--dbname=contrib_regression --load-extension=cx_metrics \
		"${regress_tests[@]}") >"$out" 2>&1
	cat "$out"
	n_ok=$(grep -cE '\.\.\. ok|^ok ' "$out")
	n_fail=$(grep -cE '\.\.\. FAILED|^not ok ' "$out")
	passed=$((passed + n_ok)); failed=$((failed + n_fail))
	if [ "$n_fail" -gt 0 ] || [ $((n_ok + n_fail)) -ne ${#regress_tests[@]} ]; then
		[ $((n_ok + n_fail)) -ne ${#regress_tests[@]} ] && failed=$((failed + ${#regress_tests[@]} - n_ok - n_fail))
		failures+=("pg_regress (see $CX_BUILD/regress/regression.diffs)")
		[ -f "$CX_BUILD/regress/regression.diffs" ] && head -n 200 "$CX_BUILD/regress/regression.diffs"
	fi
fi

# isolation suites
iso_tests=()
for f in "$CX_ROOT"/test/isolation/specs/*.spec; do
	[ -e "$f" ] || continue
	selected "test/isolation/specs/$(basename "$f")" || continue
	iso_tests+=("$(basename "$f" .spec)")
done
if [ ${#iso_tests[@]} -gt 0 ]; then
	cx_log "isolation: ${#iso_tests[@]} tests"
	mkdir -p "$CX_BUILD/isolation"
	out="$CX_BUILD/isolation/isolation.out"
	(cd "$CX_ROOT/test/isolation" && "$pgxs_dir/src/test/isolation/pg_isolation_regress" \
		--inputdir="$CX_ROOT/test/isolation" --outputdir="$CX_BUILD/isolation" \
		--bindir="$CX_SYS_BINDIR" --host="$PGHOST" --port="$PGPORT" --user=postgres \
		--dbname=isolation_regression --load-extension=cx_metrics \
		"${iso_tests[@]}") >"$out" 2>&1
	cat "$out"
	n_ok=$(grep -cE '\.\.\. ok|^ok ' "$out")
	n_fail=$(grep -cE '\.\.\. FAILED|^not ok ' "$out")
	passed=$((passed + n_ok)); failed=$((failed + n_fail))
	if [ "$n_fail" -gt 0 ] || [ $((n_ok + n_fail)) -ne ${#iso_tests[@]} ]; then
		[ $((n_ok + n_fail)) -ne ${#iso_tests[@]} ] && failed=$((failed + ${#iso_tests[@]} - n_ok - n_fail))
		failures+=("isolation (see $CX_BUILD/isolation/regression.diffs)")
		[ -f "$CX_BUILD/isolation/regression.diffs" ] && head -n 200 "$CX_BUILD/isolation/regression.diffs"
	fi
fi

# script suites, each in a database of its own
for f in "$CX_ROOT"/test/suites/*.sh; do
	[ -e "$f" ] || continue
	selected "test/suites/$(basename "$f")" || continue
	name=$(basename "$f" .sh)
	db="suite_${name//[^a-zA-Z0-9_]/_}"
	"$CX_SYS_BINDIR/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null \
		|| cx_die "could not create database $db"
	cx_log "suite $name"
	log="$CX_BUILD/suite_$name.log"
	(cd "$CX_ROOT" && PGDATABASE="$db" bash "$f") >"$log" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1)); echo "suite $name ... ok"
	elif [ $rc -eq 77 ]; then
		skipped=$((skipped + 1)); echo "suite $name ... skipped ($(tail -n 1 "$log"))"
	else
		failed=$((failed + 1)); echo "suite $name ... FAILED (exit $rc)"
		failures+=("$name (log: $log)")
		tail -n 40 "$log"
	fi
done

cx_cluster_stop_all
trap - EXIT

# CX_VALGRIND=1 (make valgrind): one more test, no valgrind report in the extension's code
if [ "${CX_VALGRIND:-0}" = 1 ]; then
	if cx_valgrind_check >"$CX_BUILD/valgrind.out" 2>&1; then
		passed=$((passed + 1)); echo "valgrind ... ok ($(head -n 1 "$CX_BUILD/valgrind.out"))"
	else
		failed=$((failed + 1)); echo "valgrind ... FAILED"
		failures+=("valgrind (reports: $CX_BUILD/valgrind.out)")
		head -n 200 "$CX_BUILD/valgrind.out"
	fi
fi

for f in "${failures[@]}"; do echo "failed: $f"; done
if [ $skipped -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ $failed -eq 0 ]
