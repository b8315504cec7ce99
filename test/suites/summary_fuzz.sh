#!/usr/bin/env bash
# Bounded-time fuzz of score_summary text input and binary receive against the test
# server (CX_FUZZ_SECONDS, default 20; CX_FUZZ_SEED, default 1).  The server must
# survive every input: each is accepted and round-trips, or is rejected with 22P02/22P03.
set -eu
. "$CX_ROOT/test/lib/common.sh"
cx_need_packages python3-psycopg2
/usr/bin/python3 "$CX_ROOT/test/fuzz/score_summary_fuzz.py" "${CX_FUZZ_SECONDS:-20}" "${CX_FUZZ_SEED:-1}"
