#!/usr/bin/env bash
# test/compat/check_headers.sh PG_SOURCE_DIR [FILE.c ...]
#
# Compile check of our C sources against another PostgreSQL major version's headers,
# for versions whose server headers cannot be installed here (we build on 15).
# PG_SOURCE_DIR is a PostgreSQL source tree that has been configured, e.g.
#     ./configure --without-readline --without-zlib --with-icu
# The generated headers (utils/errcodes.h, fmgroids.h, probes.h, ...) are made here
# with `make -C src/backend generated-headers` when they are missing.
#
# Each file is compiled with -fsyntax-only -Werror, with the tree's own CPPFLAGS and
# warning flags (as PGXS would use them) plus the Makefile's PG_CFLAGS. Prints one line
# per file and ends with "N passed, N failed" (exit 1 on any failure).
# Not run by `make test`: it needs a PostgreSQL source tree, which CI does not have.
set -u

if [ $# -lt 1 ] || [ ! -f "$1/src/Makefile.global" ]; then
	echo "usage: $0 CONFIGURED_PG_SOURCE_DIR [file.c ...]" >&2
	[ $# -ge 1 ] && echo "$1/src/Makefile.global not found: run ./configure there first" >&2
	exit 2
fi
pgsrc=$(cd "$1" && pwd)
shift
root=$(cd "$(dirname "$0")/../.." && pwd)

if [ ! -f "$pgsrc/src/include/utils/errcodes.h" ] || [ ! -f "$pgsrc/src/include/utils/fmgroids.h" ]; then
	echo "making generated headers in $pgsrc" >&2
	make -s -C "$pgsrc/src/backend" generated-headers >&2 || exit 2
fi

mkvar() { sed -n "s/^$1 *= *//p" "$pgsrc/src/Makefile.global" | head -n 1; }
version=$(mkvar VERSION)
cc=${CC:-$(mkvar CC)}
# Warning and code-generation flags of the tree, without optimisation or debug flags.
tree_cflags=$(mkvar CFLAGS | tr ' ' '\n' | grep -vE '^(-O.*|-g.*|)$' | tr '\n' ' ')
tree_cppflags=$(mkvar CPPFLAGS)
# The Makefile's PG_CFLAGS with WERROR=1.
our_cflags="-Wall -Wextra -Wno-unused-parameter -Wno-sign-compare -Wno-missing-field-initializers -Werror"
icu_cflags=$(pkg-config --cflags icu-uc icu-i18n 2>/dev/null)

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
	cd "$root" || exit 2
	for f in src/*.c src/*/*.c; do [ -e "$f" ] && files+=("$f"); done
fi

echo "PostgreSQL $version ($pgsrc), $cc ${CX_COMPAT_STD:--std=gnu99}"
passed=0 failed=0
for f in "${files[@]}"; do
	# shellcheck disable=SC2086
	if out=$(cd "$root" && $cc ${CX_COMPAT_STD:--std=gnu99} -fsyntax-only $tree_cflags $our_cflags \
		-I"$pgsrc/src/include" -I"$root/src" $tree_cppflags $icu_cflags "$f" 2>&1); then
		echo "ok   $f"
		passed=$((passed + 1))
	else
		echo "FAIL $f"
		printf '%s\n' "$out" | sed 's/^/     /'
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
