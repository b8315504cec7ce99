#!/usr/bin/env bash
# Suite stats_unit: the pure-C statistics module src/stats against 40-digit mpmath values.
#
# 1. When Debian's python3-mpmath is available (installed here when run as root), it
#    checks that test/stats/reference.tsv is what test/stats/reference.py computes and
#    that the series coefficients in src/stats/quantile.c are the exact ones.  Without
#    it (not root), it prints the apt-get command and uses the committed table.
# 2. Builds test/stats/stats_test.c with the module, as plain C99 with -Werror, and runs
#    it on the table (exit 0 = pass).
# 3. Compiles the module once more with the warning flags PostgreSQL's PGXS adds
#    (-Wdeclaration-after-statement, -Wmissing-prototypes, ...) and checks that every
#    external symbol it defines starts with cx_ and that it defines no main().
#
# No database is used.  Run alone:  bash test/run.sh test/suites/stats_unit.sh
# or directly:                      CX_ROOT=$PWD bash test/suites/stats_unit.sh
set -eu
CX_ROOT=${CX_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$CX_ROOT"

py=/usr/bin/python3
ref=test/stats/reference.tsv
mods="src/stats/quantile.c src/stats/intervals.c"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cx_stats_unit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
CC=${CC:-cc}

have_mpmath() { [ -x "$py" ] && "$py" -c 'import mpmath' 2>/dev/null; }

# 1. reference table up to date?
if ! have_mpmath; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "installing python3-mpmath"
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y -qq --no-install-recommends python3 python3-mpmath >/dev/null 2>&1 ||
			{ apt-get update -qq >/dev/null 2>&1 &&
			  apt-get install -y -qq --no-install-recommends python3 python3-mpmath >/dev/null 2>&1; } ||
			echo "warning: apt-get install python3-mpmath failed"
	fi
fi
if have_mpmath; then
	"$py" test/stats/reference.py --check "$ref"
	"$py" test/stats/reference.py --check-series src/stats/quantile.c
	ref_note="regenerated with mpmath and compared"
else
	echo "python3-mpmath is missing; to recheck the reference table run as root:"
	echo "  apt-get install -y python3-mpmath"
	echo "using the committed $ref"
	ref_note="committed table, not regenerated"
fi

# 2. the unit test
$CC -std=c99 -O2 -Wall -Wextra -Werror -I src/stats \
	test/stats/stats_test.c $mods -lm -o "$tmp/stats_test"
"$tmp/stats_test" "$ref"

# 3. builds the way PGXS does, and exports only cx_ symbols
for f in $mods; do
	$CC -O2 -Wall -Wextra -Werror -Wmissing-prototypes -Wpointer-arith \
		-Wdeclaration-after-statement -Werror=vla -Wendif-labels \
		-Wmissing-format-attribute -Wimplicit-fallthrough=3 -Wcast-function-type \
		-Wformat-security -Wshadow=compatible-local -fno-strict-aliasing -fwrapv \
		-fexcess-precision=standard -fPIC -I src/stats -c "$f" -o "$tmp/$(basename "$f" .c).o"
done
bad=$(nm -g --defined-only "$tmp"/quantile.o "$tmp"/intervals.o | awk 'NF == 3 && $3 !~ /^cx_/ {print $3}')
if [ -n "$bad" ]; then
	echo "FAIL src/stats exports symbols without the cx_ prefix: $bad"
	exit 1
fi
echo "stats_unit: ok (reference: $ref_note; PGXS-style build clean, only cx_ symbols exported)"
