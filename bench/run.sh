#!/usr/bin/env bash
# bench/run.sh: `make bench`. Installs what is missing, builds, installs into a private
# tree, starts one throwaway server tuned for benchmarks, creates the database `bench`
# with the extension, and runs every bench/suites/*.sh in name order (or only the ones
# named: `make bench BENCH="score journey"` runs the suites named score or NN_score,
# journey or NN_journey), each with bench/lib.sh sourced and PG* set.  What the suites
# print goes to the terminal and to bench/out/latest.md (build and server messages go to
# bench/out/latest.log).
#
# Environment:
#   BENCH                    suite names to run (default: all)
#   CX_BENCH_SCALE           row counts multiply by it (float, default 1.0)
#   CX_BENCH_ROUNDS          timed rounds per query (default 7)
#   CX_BENCH_SHARED_BUFFERS  server shared_buffers (default 4GB per 1.0 of scale, at least 1GB,
#                            at most half the RAM)
#
# Server settings: shared_buffers big enough to keep the generated tables in memory,
# max_parallel_workers_per_gather = 0 (single-core ratios; a query may SET it), jit = off,
# autovacuum = off (suites VACUUM ANALYZE what they generate).
set -u
CX_ROOT=$(cd "$(dirname "$0")/.." && pwd)
export CX_ROOT
# A build directory of its own, so that `make bench` and `make test` in one checkout
# do not share a private install tree.
CX_BUILD=${CX_BUILD:-$CX_ROOT/build/bench}
export CX_BUILD
. "$CX_ROOT/test/lib/common.sh"

export CX_BENCH_SCALE=${CX_BENCH_SCALE:-1.0}
export CX_BENCH_ROUNDS=${CX_BENCH_ROUNDS:-7}
if [ -z "${CX_BENCH_SHARED_BUFFERS:-}" ]; then
	# 4GB per 1.0 of scale (the suites together keep several 10M-row tables in memory),
	# at least 1GB, at most half the RAM.
	CX_BENCH_SHARED_BUFFERS=$(awk -v s="$CX_BENCH_SCALE" '/^MemTotal/ {
		g = int(4 * s + 0.999); if (g < 1) g = 1
		half = int($2 / 1048576 / 2); if (half >= 1 && g > half) g = half
		printf "%dGB", g }' /proc/meminfo)
fi

outdir=$CX_ROOT/bench/out
mkdir -p "$outdir"
md=$outdir/latest.md
log=$outdir/latest.log
: >"$log"

# Which suites.
suites=()
if [ -n "${BENCH:-}" ]; then
	for name in $BENCH; do
		found=
		for f in "$CX_ROOT/bench/suites/$name.sh" "$CX_ROOT"/bench/suites/[0-9]*_"$name".sh; do
			[ -e "$f" ] && { suites+=("$f"); found=1; }
		done
		[ -n "$found" ] || cx_die "no bench suite named $name in bench/suites"
	done
else
	for f in "$CX_ROOT"/bench/suites/*.sh; do
		[ -e "$f" ] && suites+=("$f")
	done
fi
[ ${#suites[@]} -gt 0 ] || cx_die "no bench suites found in bench/suites"

{
	cx_base_deps || exit 1
	cx_build
	cx_private_install
} 2>>"$log" || { tail -n 30 "$log" >&2; cx_die "build failed (see $log)"; }
export CX_PGBIN

trap cx_cluster_stop_all EXIT
cx_cluster_start bench \
	"shared_buffers = $CX_BENCH_SHARED_BUFFERS" \
	"max_parallel_workers_per_gather = 0" \
	"max_worker_processes = 16" \
	"max_parallel_workers = 8" \
	"jit = off" \
	"work_mem = '256MB'" \
	"maintenance_work_mem = '1GB'" \
	"autovacuum = off" \
	"wal_level = minimal" \
	"max_wal_senders = 0" \
	"max_wal_size = '16GB'" \
	"checkpoint_timeout = '1h'" \
	"shared_preload_libraries = ''" \
	"timezone = 'UTC'" 2>>"$log"
export PGDATABASE=postgres
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE bench" >>"$log" 2>&1 || cx_die "could not create database bench"
export PGDATABASE=bench
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION cx_metrics" -c "CREATE EXTENSION pg_prewarm" >>"$log" 2>&1 \
	|| cx_die "could not create the extensions (see $log)"

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)
pgver=$(psql -X -At -c "SHOW server_version")
rev=$(git -C "$CX_ROOT" describe --always --dirty 2>/dev/null || echo unknown)

status=0
{
	echo "# cx_metrics benchmarks"
	echo
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $rev"
	echo "- machine: ${cpu:-unknown CPU}, $(nproc) cores, $mem RAM, $(uname -sr)"
	echo "- server: PostgreSQL $pgver, shared_buffers $CX_BENCH_SHARED_BUFFERS, jit off, max_parallel_workers_per_gather 0 unless a query sets it"
	echo "- CX_BENCH_SCALE=$CX_BENCH_SCALE, CX_BENCH_ROUNDS=$CX_BENCH_ROUNDS (1 warm-up, then interleaved rounds; times are server-side Execution Time of EXPLAIN (ANALYZE, TIMING OFF); medians)"
	echo
	for f in "${suites[@]}"; do
		name=$(basename "$f" .sh)
		echo "## $name"
		echo
		t0=$(date +%s)
		if (cd "$CX_ROOT" && . "$CX_ROOT/bench/lib.sh" && . "$f"); then
			echo "_suite $name: $(($(date +%s) - t0)) s_"
		else
			echo "**suite $name FAILED (exit $?)**"
			status=1
		fi
		echo
	done
	exit $status
} 2>&1 | tee "$md"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

cx_cluster_stop_all 2>>"$log"
trap - EXIT
echo "report: $md" >&2
exit $status
