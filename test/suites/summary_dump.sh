#!/usr/bin/env bash
# pg_dump / pg_restore of a table of summaries (unweighted and weighted, with subnormal
# and large weight sums) and of a materialized view of daily summaries gives back
# identical values in a fresh database.
set -eu
. "$CX_ROOT/test/lib/common.sh"
psql_db() { local db=$1; shift; "$CX_SYS_BINDIR/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }

src=$PGDATABASE dst="${PGDATABASE}_restored"
psql_db "$src" <<'SQL'
CREATE EXTENSION cx_metrics;
CREATE TABLE answers AS
SELECT i, (i % 30) AS day, (i * 7919) % 11 AS score, ((i * 31) % 97) / 7.0 AS w FROM generate_series(1, 20000) i;
CREATE TABLE kept (id int PRIMARY KEY, s score_summary, sw score_summary);
INSERT INTO kept SELECT day, nps_agg(score), nps_agg(score, w) FROM answers GROUP BY day;
INSERT INTO kept VALUES (100, 'v1 scale=-5..5 skipped=7 n=1,2,3,4,5,6,7,8,9,10,11',
	'v1 scale=0..1 weighted skipped=0 n=1,1 w=5e-324,1.7976931348623157e+300 w2=0,1e300');
CREATE MATERIALIZED VIEW daily AS SELECT day, nps_agg(score, w) s FROM answers GROUP BY day;
CREATE UNIQUE INDEX ON daily (day);
SQL
"$CX_PGBIN/pg_dump" -Fc -d "$src" -f "$CX_BUILD/summary_dump.dump"
"$CX_SYS_BINDIR/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $dst" -c "CREATE DATABASE $dst"
"$CX_PGBIN/pg_restore" -d "$dst" "$CX_BUILD/summary_dump.dump"

q="SELECT md5(string_agg(id || ':' || s::text || '|' || sw::text, ',' ORDER BY id)) FROM kept"
qv="SELECT md5(string_agg(day || ':' || s::text, ',' ORDER BY day)) || ' ' || sum(nps(s)) FROM daily"
a=$(psql_db "$src" -c "$q") b=$(psql_db "$dst" -c "$q")
av=$(psql_db "$src" -c "$qv") bv=$(psql_db "$dst" -c "$qv")
echo "table:             source $a restored $b"
echo "materialized view: source $av restored $bv"
[ -n "$a" ] && [ "$a" = "$b" ] || { echo "FAIL: restored summaries differ"; exit 1; }
[ -n "$av" ] && [ "$av" = "$bv" ] || { echo "FAIL: restored materialized view differs"; exit 1; }
# the restored view refreshes concurrently (needs the unique index and = on records)
psql_db "$dst" -c "REFRESH MATERIALIZED VIEW CONCURRENTLY daily"
[ "$(psql_db "$dst" -c "$qv")" = "$av" ] || { echo "FAIL: refreshed view differs"; exit 1; }
"$CX_SYS_BINDIR/psql" -X -q -d postgres -c "DROP DATABASE $dst"
echo "dump/restore ok"
