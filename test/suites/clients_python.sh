#!/usr/bin/env bash
# Client suite: cx_metrics through psycopg2 (Debian's python3-psycopg2, run with the
# system python /usr/bin/python3).  See test/clients/python/cx_clients_test.py.
set -eu
. "$CX_ROOT/test/lib/common.sh"
cx_need_packages python3 python3-psycopg2
exec /usr/bin/python3 "$CX_ROOT/test/clients/python/cx_clients_test.py"
