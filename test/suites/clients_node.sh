#!/usr/bin/env bash
# Client suite: cx_metrics through node-postgres (`pg` from npm, the version pinned in
# test/clients/node/package-lock.json, installed into test/clients/node/node_modules at
# test time with `npm ci`).  Skips (exit 77) when the npm registry cannot be reached.
# See test/clients/node/cx_clients_test.js.
set -eu
. "$CX_ROOT/test/lib/common.sh"
command -v node >/dev/null 2>&1 || cx_need_packages nodejs
command -v npm >/dev/null 2>&1 || cx_need_packages npm
dir=$CX_ROOT/test/clients/node
if ! node -e "require('$dir/node_modules/pg/package.json')" 2>/dev/null ||
	[ "$(node -p "require('$dir/node_modules/pg/package.json').version")" != \
	  "$(node -p "require('$dir/package-lock.json').packages['node_modules/pg'].version")" ]; then
	if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error); then
		echo "npm ci failed (no access to the npm registry?): node-postgres tests skipped"
		exit 77
	fi
fi
"$CX_SYS_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION cx_metrics"
cd "$dir"
exec node cx_clients_test.js
