#!/usr/bin/env bash
# Shard-style merging: two more throwaway servers each hold part of the answers and
# compute daily summaries; the summaries travel to the coordinator (the test server) as
# values through COPY, text and binary, and rolling them up there gives exactly the
# single-node answer.
set -eu
. "$CX_ROOT/test/lib/common.sh"
trap cx_cluster_stop_all EXIT

coord_host=$PGHOST coord_port=$PGPORT coord_db=$PGDATABASE
psql_coord() { "$CX_SYS_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$coord_host" -p "$coord_port" -d "$coord_db" "$@"; }

gen="SELECT i AS id, (i % 90) AS day, (ARRAY['north','south','east','west'])[1 + i % 4] AS region,
            CASE WHEN i % 23 = 0 THEN NULL ELSE (i * 7919) % 11 END AS score,
            ((i * 31) % 13) * 0.25 + 0.1 AS revenue
     FROM generate_series(1, 200000) i"

psql_coord -c "CREATE EXTENSION cx_metrics" -c "CREATE TABLE answers AS $gen" \
	-c "CREATE TABLE shard_daily (shard int, day int, region text, s score_summary, sw score_summary)"

for shard in 1 2; do
	cx_cluster_start "shard$shard"
	shard_host=$PGHOST shard_port=$PGPORT
	psql_shard() { "$CX_SYS_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$shard_host" -p "$shard_port" -d postgres "$@"; }
	# each shard holds the answers whose id has its parity
	psql_shard -c "CREATE EXTENSION cx_metrics" -c "CREATE TABLE answers AS SELECT * FROM ($gen) g WHERE id % 2 = $shard - 1"
	query="SELECT $shard, day, region, nps_agg(score), nps_agg(score, revenue) FROM answers GROUP BY day, region"
	if [ "$shard" = 1 ]; then
		psql_shard -c "COPY ($query) TO STDOUT" | psql_coord -c "COPY shard_daily FROM STDIN"
	else
		psql_shard -c "COPY ($query) TO STDOUT (FORMAT binary)" | psql_coord -c "COPY shard_daily FROM STDIN (FORMAT binary)"
	fi
done
export PGHOST=$coord_host PGPORT=$coord_port

out=$(psql_coord -At -c "
SELECT count(*) FILTER (WHERE m.s IS DISTINCT FROM o.s) AS unweighted_mismatches,
       count(*) FILTER (WHERE abs(nps(m.sw) - nps(o.sw)) > 1e-9 OR n(m.sw) <> n(o.sw)) AS weighted_mismatches,
       count(*) AS groups
FROM (SELECT region, rollup(s) s, rollup(sw) sw FROM shard_daily GROUP BY region) m
JOIN (SELECT region, nps_agg(score) s, nps_agg(score, revenue) sw FROM answers GROUP BY region) o USING (region)")
echo "per-region merge: mismatches unweighted|weighted|groups = $out"
[ "$out" = "0|0|4" ] || { echo "FAIL: merged shard summaries differ from the single-node answer"; exit 1; }

out=$(psql_coord -At -c "
SELECT (SELECT nps(rollup(s)) FROM shard_daily) = (SELECT nps(score) FROM answers),
       (SELECT count(DISTINCT shard) FROM shard_daily),
       (SELECT n(rollup(s)) + skipped(rollup(s)) FROM shard_daily)")
echo "overall: equal|shards|rows = $out"
[ "$out" = "t|2|200000" ] || { echo "FAIL: overall NPS differs"; exit 1; }
echo "shard merge ok"
