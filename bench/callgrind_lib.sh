# bench/callgrind_lib.sh: what the callgrind scripts (bench/callgrind*.sh) share.  Source it
# after setting CX_ROOT; it sources test/lib/common.sh.
#
#   cg_setup NAME         deps (valgrind), build into build/NAME, private install, a throwaway
#                         server with database cg; sets outdir and log (bench/out/NAME.log)
#   cg_sql <<SQL          run setup SQL in database cg (stops on error)
#   cg_stop               stop the server: the runs below use its data directory offline
#   cg_run NAME SQL [-c setting ...]
#                         one single-user backend (jit and parallel workers off) running SQL
#                         under callgrind; prints "Ir Bcm Bim" of the profile, kept in
#                         $work/NAME.cg (and copied to $CG_PROFDIR when that is set)
#   cg_commit             the commit being measured, for report headers

CX_BUILD=${CX_BUILD:-$CX_ROOT/build/$(basename "$0" .sh)}
export CX_BUILD
. "$CX_ROOT/test/lib/common.sh"

cg_setup() {
	local name=$1
	outdir=$CX_ROOT/bench/out
	mkdir -p "$outdir"
	log=$outdir/$name.log
	: >"$log"
	{
		cx_base_deps && cx_need_packages valgrind
	} 2>>"$log" || { tail -n 20 "$log" >&2; exit 1; }
	cx_build 2>>"$log"
	cx_private_install 2>>"$log"
	trap cx_cluster_stop_all EXIT
	cx_cluster_start cg "autovacuum = off" 2>>"$log"
	psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE cg" >>"$log" 2>&1 \
		|| cx_die "createdb failed (see $log)"
}

cg_sql() {
	psql -X -q -v ON_ERROR_STOP=1 -d cg >>"$log" 2>&1 || cx_die "setup SQL failed (see $log)"
}

cg_stop() {
	data=$CX_CLUSTER_CG_DATA
	cx_as_server_user "$CX_PGBIN/pg_ctl" -D "$data" -m fast -w stop >>"$log" 2>&1 \
		|| cx_die "could not stop the server"
	work=$(dirname "$data")
}

cg_run() {
	local name=$1 sql=$2 out
	shift 2
	out="$work/$name.cg"
	printf '%s\n' "$sql" | cx_as_server_user valgrind --tool=callgrind --branch-sim=yes \
		--callgrind-out-file="$out" "$CX_PGBIN/postgres" --single -D "$data" \
		-c max_parallel_workers_per_gather=0 -c jit=off "$@" cg >>"$log" 2>&1 \
		|| cx_die "callgrind run $name failed (see $log)"
	[ -z "${CG_PROFDIR:-}" ] || cp "$out" "$CG_PROFDIR/$name.cg"
	# totals line of the profile: Ir Bc Bcm Bi Bim
	awk '/^(summary|totals):/ { print $2, $4, $6; exit }' "$out"
}

cg_commit() {
	git -C "$CX_ROOT" describe --always --dirty 2>/dev/null || echo unknown
}
