#!/bin/sh
# Installed as bin/postgres of the private install tree by cx_valgrind_install
# (CX_VALGRIND=1, `make valgrind`): runs the server, and so every backend it forks,
# under valgrind memcheck. initdb's bootstrap/single-user runs and -V/-C queries run
# the real binary directly (fast, and they do not load the extension). JIT is off: its
# LLVM loading only adds noise and time under memcheck.
here=$(dirname "$0")
for a in "$@"; do
	case "$a" in
	--boot|--single|-V|--version|-C|--describe-config|--check)
		exec "$here/postgres.real" "$@" ;;
	esac
done
exec valgrind --quiet --trace-children=yes --track-origins=yes \
	--read-var-info=yes --read-inline-info=yes --leak-check=no --error-exitcode=0 \
	--num-callers=30 --suppressions=@SUPP@ --log-file=@LOGDIR@/%p.log \
	"$here/postgres.real" "$@" -c jit=off
