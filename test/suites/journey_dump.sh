#!/usr/bin/env bash
# journey_dump.sh: pg_dump of a database with journeys (added, retired, renamed stages,
# aliases) and tables of stages, restored into fresh databases with pg_restore in every
# order that matters, gives identical query results:
#   1. pg_restore (archive order)
#   2. pg_restore -L with the user tables' data moved before the journey catalog's data
#   3. separate runs: pre-data, then --data-only of the user tables (empty catalog),
#      then the catalog's data, then post-data
#   4. pg_restore -j 4 (parallel)
#   5. plain SQL dump (also with --inserts) replayed with psql
# Afterwards the restored database keeps working: new input, add_stage, indexes.
set -eu
. "$CX_ROOT/test/lib/common.sh"

B=$CX_PGBIN
work=$(mktemp -d /tmp/cx_journey_dump.XXXXXX)
trap 'rm -rf "$work"' EXIT
src=$PGDATABASE
psql_() { "$B/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

psql_ -d "$src" <<'SQL'
CREATE EXTENSION cx_metrics;
SELECT define_journey('retail', ARRAY['Awareness', 'Consideration', 'Purchase', 'Retention', 'Advocacy'], locale => 'en');
SELECT define_journey('support', ARRAY['Opened', 'Solved'], locale => 'de');
SELECT add_stage('retail', 'Trial', after => 'Consideration');
SELECT add_stage('retail', 'Research', before => 'Trial');
SELECT add_stage_alias('retail', 'Purchase', 'Kauf', locale => 'de');
SELECT add_stage_alias('retail', 'Purchase', 'Achat', locale => 'fr');
SELECT retire_stage('retail', 'Retention');
SELECT rename_stage('retail', 'Advocacy', 'Promoter');
SELECT set_stage_optional('retail', 'Research');
-- "aaa_" sorts before the catalog tables: pg_dump writes its data first
CREATE TABLE aaa_events (id int PRIMARY KEY, stage journey_stage(retail), any_stage journey_stage,
						 note text DEFAULT 'x');
INSERT INTO aaa_events
SELECT i, (SELECT stage FROM cx_journey_stages WHERE journey = 'retail' ORDER BY stage OFFSET i % 7 LIMIT 1),
	   CASE WHEN i % 5 = 0 THEN NULL WHEN i % 2 = 0 THEN 'support:Solved'::journey_stage
			ELSE (SELECT stage FROM cx_journey_stages WHERE journey = 'retail' ORDER BY stage OFFSET i % 3 LIMIT 1) END
FROM generate_series(1, 2000) i;
CREATE INDEX aaa_events_stage ON aaa_events (stage);
CREATE INDEX aaa_events_any_hash ON aaa_events USING hash (any_stage);
-- constants stored in a view, a default and a check constraint
CREATE VIEW late_events AS SELECT id, stage FROM aaa_events WHERE stage >= 'retail:Purchase';
CREATE TABLE zzz_pipeline (id serial, stage journey_stage(support) DEFAULT 'support:Opened'
						   CHECK (stage <> 'support:Solved' OR id > 0));
INSERT INTO zzz_pipeline DEFAULT VALUES;
INSERT INTO zzz_pipeline (stage) VALUES ('solved');
SQL

cat >"$work/queries.sql" <<'SQL'
SET cx_metrics.journey_stage_output = 'label';
SELECT journey_id, name, locale, stages, active_stages FROM cx_journeys ORDER BY journey_id;
SELECT journey, stage, ordinal, label, retired, optional, stage_position, aliases FROM cx_journey_stages ORDER BY stage;
SELECT (journey_funnel(stage, t, '1 day')).* FROM (SELECT stage, timestamptz '2026-01-01' + id * interval '1 min' AS t FROM aaa_events) e;
SELECT id, stage, any_stage, ordinal(stage), label(stage), stage_position(stage), next_stage(stage),
	   CASE WHEN journey(any_stage) = 'retail' THEN stage - any_stage END AS dist
FROM aaa_events ORDER BY id;
SELECT stage, count(*), min(any_stage), max(any_stage) FROM aaa_events GROUP BY stage ORDER BY stage;
SELECT * FROM late_events ORDER BY id LIMIT 20;
SELECT count(*) FROM late_events;
SELECT * FROM zzz_pipeline ORDER BY id;
SELECT format_type(atttypid, atttypmod) FROM pg_attribute
WHERE attrelid IN ('aaa_events'::regclass, 'zzz_pipeline'::regclass) AND attname LIKE '%stage' ORDER BY attrelid, attnum;
SELECT pg_get_viewdef('late_events'::regclass);
SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'zzz_pipeline'::regclass ORDER BY adnum;
SET enable_seqscan = off;
SELECT count(*) FROM aaa_events WHERE stage BETWEEN 'retail:Research' AND 'retail:Purchase';
SELECT count(*) FROM aaa_events WHERE any_stage = 'support:Solved';
SQL
run_queries() { psql_ -A -d "$1" -f "$work/queries.sql" >"$2"; }
run_queries "$src" "$work/expected.txt"
[ "$(wc -l <"$work/expected.txt")" -gt 2000 ] || { echo "too little output"; exit 1; }

"$B/pg_dump" -Fc -d "$src" -f "$work/db.dump"
"$B/pg_dump" -Fp -d "$src" -f "$work/db.sql"
"$B/pg_dump" -Fp --inserts -d "$src" -f "$work/db_inserts.sql"
# the user data is written in the portable form, the typmod by id
grep -q "retail#[0-9]*\.[0-9]*:Purchase" "$work/db.sql" || { echo "dump lacks the portable form"; exit 1; }
grep -q "journey_stage([0-9]*)" "$work/db.sql" || { echo "dump lacks typmod by id"; exit 1; }

fresh() {
	"$B/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1 TEMPLATE template0" >/dev/null
}
check() {
	local db=$1 what=$2
	run_queries "$db" "$work/$db.txt"
	if ! diff -u "$work/expected.txt" "$work/$db.txt" >"$work/$db.diff"; then
		echo "FAIL: $what differs"; head -n 40 "$work/$db.diff"; exit 1
	fi
	# the restored database keeps working
	psql_ -d "$db" -c "INSERT INTO aaa_events (id, stage, any_stage) VALUES (100000, 'kauf', 'support:opened')" \
		-c "SELECT add_stage('retail', 'Checkout', after => 'Purchase')" \
		-c "INSERT INTO aaa_events (id, stage) VALUES (100001, 'checkout')" >/dev/null
	[ "$(psql_ -At -d "$db" -c "SELECT string_agg(label(stage), ',' ORDER BY stage) FROM aaa_events WHERE id >= 100000")" = "Purchase,Checkout" ] \
		|| { echo "FAIL: $what: restored database does not accept new stages"; exit 1; }
	echo "ok: $what"
}

# 1. archive order
fresh r1
"$B/pg_restore" -d r1 "$work/db.dump"
check r1 "pg_restore"

# 2. user data before the catalog's data, in one run (-L order)
"$B/pg_restore" -l "$work/db.dump" >"$work/list"
grep -n "TABLE DATA" "$work/list" >/dev/null
{
	grep "TABLE DATA" "$work/list" | grep -v " cx_journey" >"$work/user_data" || true
	awk -v uf="$work/user_data" '
		/TABLE DATA/ && !/ cx_journey/ { next }
		/TABLE DATA/ && / cx_journey/ && !done { while ((getline l < uf) > 0) print l; done = 1 }
		{ print }' "$work/list"
} >"$work/list.reordered"
# every user table's data now precedes the catalog's
last_user=$(grep -n "TABLE DATA" "$work/list.reordered" | grep -v " cx_journey" | tail -n 1 | cut -d: -f1)
first_cat=$(grep -n "TABLE DATA" "$work/list.reordered" | grep " cx_journey" | head -n 1 | cut -d: -f1)
[ "$last_user" -lt "$first_cat" ] && [ "$(wc -l <"$work/list.reordered")" = "$(wc -l <"$work/list")" ] \
	|| { echo "reordering failed"; cat "$work/list.reordered"; exit 1; }
fresh r2
"$B/pg_restore" -d r2 -L "$work/list.reordered" "$work/db.dump"
check r2 "pg_restore -L, user data first"

# 3. separate runs: schema, user data only (catalog still empty), catalog data, post-data
fresh r3
"$B/pg_restore" -d r3 --section=pre-data "$work/db.dump"
[ "$(psql_ -At -d r3 -c "SELECT count(*) FROM cx_journey")" = 0 ] || { echo "catalog not empty"; exit 1; }
"$B/pg_restore" -d r3 --data-only -t aaa_events -t zzz_pipeline "$work/db.dump"
# before the catalog arrives the values are there, printed in the portable form
psql_ -At -d r3 -c "SELECT stage FROM aaa_events WHERE id = 3" | grep -q '^#[0-9]*\.[0-9]*:$' \
	|| { echo "FAIL: orphan values do not print portably"; exit 1; }
"$B/pg_restore" -d r3 --data-only -t cx_journey -t cx_journey_stage -t cx_journey_stage_alias "$work/db.dump"
"$B/pg_restore" -d r3 --section=post-data "$work/db.dump"
check r3 "pg_restore in separate runs, user data before the catalog"

# 4. parallel restore
fresh r4
"$B/pg_restore" -j 4 -d r4 "$work/db.dump"
check r4 "pg_restore -j 4"

# 5. plain SQL dumps
fresh r5
psql_ -d r5 -f "$work/db.sql" >/dev/null
check r5 "plain dump replayed by psql"
fresh r6
psql_ -d r6 -f "$work/db_inserts.sql" >/dev/null
check r6 "plain dump with --inserts"

for d in r1 r2 r3 r4 r5 r6; do "$B/psql" -X -q -d postgres -c "DROP DATABASE $d"; done
echo "journey dump/restore: all scenarios identical"
