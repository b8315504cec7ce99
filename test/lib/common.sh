# test/lib/common.sh: shared shell helpers for make test, make demo and make bench.
#
# Source it from bash with CX_ROOT set to the repository root. It provides:
#   cx_need_packages PKG...   install missing Debian packages (as root) or print the command
#   cx_base_deps              the packages every build needs
#   cx_build                  build with warnings as errors
#   cx_private_install        install into a private tree ($CX_BUILD/tmp_install) that a
#                             relocated copy of the server uses, so parallel checkouts and
#                             the system installation never interfere
#   cx_cluster_start NAME [conf lines...]
#                             initdb + start a throwaway server as an unprivileged OS user on
#                             a free local port; exports PGHOST PGPORT PGUSER PGDATABASE and
#                             CX_CLUSTER_<NAME>_{PORT,HOST,DATA}
#   cx_cluster_stop NAME      stop it and remove its data directory
#   cx_cluster_stop_all       stop every cluster this shell started (installed as EXIT trap)
#   cx_valgrind_install       (CX_VALGRIND=1) make the private tree's postgres run every
#                             backend under valgrind memcheck, logs in $CX_BUILD/valgrind
#   cx_valgrind_check         (CX_VALGRIND=1) print the valgrind reports that have a
#                             cx_metrics frame; fails when there is any
#
# The server refuses to run as root: when run as root the helpers create (once) the system
# user "cxmetrics" and run initdb/pg_ctl through runuser; otherwise they run as the caller.

set -o pipefail

: "${CX_ROOT:?CX_ROOT must point at the repository root}"
CX_PG_MAJOR=${CX_PG_MAJOR:-15}
CX_SYS_BINDIR=/usr/lib/postgresql/$CX_PG_MAJOR/bin
CX_PG_CONFIG=${PG_CONFIG:-$CX_SYS_BINDIR/pg_config}
CX_BUILD=${CX_BUILD:-$CX_ROOT/build}
CX_OS_USER=${CX_OS_USER:-cxmetrics}
CX_CLUSTERS=()

cx_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
cx_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Install missing Debian packages; as non-root print the exact command and fail.
cx_need_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" = 0 ]; then
		cx_log "installing Debian packages: ${missing[*]}"
		export DEBIAN_FRONTEND=noninteractive
		if [ ! -e "$CX_BUILD/.apt-updated" ]; then
			apt-get update -qq >&2 || cx_die "apt-get update failed"
			mkdir -p "$CX_BUILD" && touch "$CX_BUILD/.apt-updated"
		fi
		apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
			|| cx_die "apt-get install ${missing[*]} failed"
	else
		printf 'missing Debian packages; run as root:\n  sudo apt-get install -y %s\n' "${missing[*]}" >&2
		return 1
	fi
}

# The packages any build or test of the extension needs.
cx_base_deps() {
	cx_need_packages make gcc pkg-config libicu-dev \
		"postgresql-$CX_PG_MAJOR" "postgresql-server-dev-$CX_PG_MAJOR" \
		"postgresql-contrib" util-linux
}

# Build with warnings as errors.
cx_build() {
	cx_log "building (warnings are errors)"
	make -C "$CX_ROOT" -s PG_CONFIG="$CX_PG_CONFIG" WERROR=1 >&2 || cx_die "build failed"
}

# Install the extension where a throwaway server will find it, without touching the system.
# The server computes its share and lib directories relative to its own executable, so a
# copied bin/ with symlinked lib/ and share/ behaves like the system installation.
cx_private_install() {
	local ti="$CX_BUILD/tmp_install" bindir pkglibdir sharedir f
	bindir=$("$CX_PG_CONFIG" --bindir)
	pkglibdir=$("$CX_PG_CONFIG" --pkglibdir)
	sharedir=$("$CX_PG_CONFIG" --sharedir)
	rm -rf "$ti"
	mkdir -p "$ti$bindir" "$ti$pkglibdir" "$ti$sharedir/extension"
	cp -a "$bindir/." "$ti$bindir/"
	for f in "$pkglibdir"/*; do
		case "$(basename "$f")" in cx_metrics*) continue ;; esac
		if [ "$(basename "$f")" = bitcode ]; then
			# a real directory: make install writes our bitcode into it
			mkdir -p "$ti$pkglibdir/bitcode"
			for g in "$f"/*; do
				case "$(basename "$g")" in cx_metrics*) continue ;; esac
				ln -s "$g" "$ti$pkglibdir/bitcode/"
			done
			continue
		fi
		ln -s "$f" "$ti$pkglibdir/"
	done
	for f in "$sharedir"/*; do
		[ "$(basename "$f")" = extension ] && continue
		ln -s "$f" "$ti$sharedir/"
	done
	for f in "$sharedir"/extension/*; do
		case "$(basename "$f")" in cx_metrics*) continue ;; esac
		ln -s "$f" "$ti$sharedir/extension/"
	done
	make -C "$CX_ROOT" -s PG_CONFIG="$CX_PG_CONFIG" WERROR=1 install DESTDIR="$ti" >&2 \
		|| cx_die "private install failed"
	chmod -R a+rX "$ti"
	CX_PGBIN="$ti$bindir"
	export CX_PGBIN
	cx_log "installed into private tree $ti"
	[ "${CX_VALGRIND:-0}" = 1 ] && cx_valgrind_install
	return 0
}

# CX_VALGRIND=1: replace the private tree's postgres by test/valgrind/postgres-wrapper.sh
# (valgrind memcheck on the postmaster and every backend; one log per process).
cx_valgrind_install() {
	local logdir="$CX_BUILD/valgrind"
	cx_need_packages valgrind || cx_die "valgrind is needed for CX_VALGRIND=1"
	rm -rf "$logdir" && mkdir -p "$logdir" && chmod 1777 "$logdir"
	mv "$CX_PGBIN/postgres" "$CX_PGBIN/postgres.real"
	sed -e "s|@SUPP@|$CX_ROOT/test/valgrind/cx_metrics.supp|" -e "s|@LOGDIR@|$logdir|" \
		"$CX_ROOT/test/valgrind/postgres-wrapper.sh" >"$CX_PGBIN/postgres"
	chmod 755 "$CX_PGBIN/postgres"
	export CX_PG_CTL_TIMEOUT=${CX_PG_CTL_TIMEOUT:-600}
	cx_log "valgrind: every backend runs under memcheck, logs in $logdir"
}

# CX_VALGRIND=1: print every valgrind error report whose stack has a frame in the
# extension (a src/ file name or cx_metrics.so); fail when there is any.
cx_valgrind_check() {
	local logdir="$CX_BUILD/valgrind" pat logs
	logs=$(ls "$logdir"/*.log 2>/dev/null | wc -l)
	[ "$logs" -gt 0 ] || { echo "valgrind: no logs in $logdir"; return 1; }
	pat="cx_metrics[.]so|[(]($(cd "$CX_ROOT" && ls src/*.c src/*/*.c | xargs -n1 basename | sed 's/[.]/[.]/' | paste -sd'|')):[0-9]+[)]"
	echo "valgrind: $logs process logs, $(cat "$logdir"/*.log | grep -c '^==[0-9]*== [A-Z]') report lines in all"
	# one report = the lines from a header line up to the next blank ==PID== line
	CX_VG_PAT=$pat awk '
		function flush() { if (blk ~ ENVIRON["CX_VG_PAT"]) { print src ":"; print blk; hits++ } blk = "" }
		FNR == 1 { flush(); src = FILENAME }
		/^==[0-9]+== *$/ { flush(); next }
		{ blk = blk $0 "\n" }
		END { flush(); printf "%d valgrind report(s) with a cx_metrics frame\n", hits; exit hits > 0 }
	' "$logdir"/*.log </dev/null
}

# Also install into the system PostgreSQL when we may (root), so the machine's own
# server can CREATE EXTENSION afterwards. Set CX_SYSTEM_INSTALL=0 to skip.
cx_system_install() {
	[ "${CX_SYSTEM_INSTALL:-1}" = 1 ] || return 0
	if [ "$(id -u)" = 0 ] || [ -w "$("$CX_PG_CONFIG" --pkglibdir)" ]; then
		make -C "$CX_ROOT" -s PG_CONFIG="$CX_PG_CONFIG" install >&2 || cx_die "make install failed"
		cx_log "installed into $("$CX_PG_CONFIG" --pkglibdir)"
	else
		cx_log "not root: skipped the system install (run: sudo make install)"
	fi
}

# Run a command as the unprivileged server user.
cx_as_server_user() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "$CX_OS_USER" -- "$@"
	else
		"$@"
	fi
}

cx_ensure_os_user() {
	[ "$(id -u)" = 0 ] || return 0
	id -u "$CX_OS_USER" >/dev/null 2>&1 && return 0
	useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$CX_OS_USER" \
		|| cx_die "could not create OS user $CX_OS_USER"
}

# Print a TCP port on 127.0.0.1 that nothing listens on.
cx_free_port() {
	local p i
	for i in $(seq 1 200); do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
		echo "$p"
		return 0
	done
	cx_die "no free port found"
}

# cx_cluster_start NAME [postgresql.conf lines...]
cx_cluster_start() {
	local name=$1; shift
	local dir port line
	[ -n "${CX_PGBIN:-}" ] || cx_die "cx_private_install must run before cx_cluster_start"
	cx_ensure_os_user
	dir=$(mktemp -d "/tmp/cx_metrics.$name.XXXXXX")
	chmod 755 "$dir"
	[ "$(id -u)" = 0 ] && chown "$CX_OS_USER" "$dir"
	port=$(cx_free_port)
	cx_as_server_user "$CX_PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
		--locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
		|| { cat "$dir/initdb.log" >&2; cx_die "initdb failed"; }
	{
		echo "port = $port"
		echo "listen_addresses = '127.0.0.1'"
		echo "unix_socket_directories = '$dir'"
		echo "fsync = off"
		echo "synchronous_commit = off"
		echo "full_page_writes = off"
		echo "max_connections = 50"
		echo "shared_buffers = 256MB"
		echo "max_worker_processes = 16"
		echo "max_parallel_workers = 8"
		echo "logging_collector = off"
		echo "lc_messages = 'C'"
		for line in "$@"; do echo "$line"; done
	} | cx_as_server_user tee -a "$dir/data/postgresql.conf" >/dev/null
	cx_as_server_user "$CX_PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t "${CX_PG_CTL_TIMEOUT:-60}" start >/dev/null \
		|| { cat "$dir/server.log" >&2; cx_die "server $name did not start"; }
	CX_CLUSTERS+=("$name:$dir")
	local uname
	uname=$(echo "$name" | tr 'a-z-' 'A-Z_')
	export "CX_CLUSTER_${uname}_PORT=$port" "CX_CLUSTER_${uname}_HOST=$dir" "CX_CLUSTER_${uname}_DATA=$dir/data"
	export PGHOST="$dir" PGPORT="$port" PGUSER=postgres PGDATABASE=postgres
	cx_log "server $name up on port $port (socket dir $dir)"
}

cx_cluster_stop() {
	local name=$1 entry dir keep=()
	for entry in "${CX_CLUSTERS[@]}"; do
		if [ "${entry%%:*}" = "$name" ]; then
			dir=${entry#*:}
			cx_as_server_user "$CX_PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
			rm -rf "$dir"
		else
			keep+=("$entry")
		fi
	done
	CX_CLUSTERS=("${keep[@]}")
}

cx_cluster_stop_all() {
	local entry
	for entry in "${CX_CLUSTERS[@]}"; do
		cx_cluster_stop "${entry%%:*}"
	done
}
