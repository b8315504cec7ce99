#!/usr/bin/env bash
# journey_amcheck.sh: btree and hash indexes over journey_stage stay valid while a
# journey evolves.  Stages are added between existing ones (also squeezed down to
# neighbouring positions), before the first and after the last, retired and renamed,
# with rows of the new stages inserted after each change; amcheck's bt_index_check and
# bt_index_parent_check (heapallindexed) must pass after every step, and index scans
# must return what sequential scans return.
set -eu
. "$CX_ROOT/test/lib/common.sh"

psql_() { "$CX_PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

psql_ <<'SQL'
CREATE EXTENSION cx_metrics;
CREATE EXTENSION amcheck;
SELECT define_journey('ac', ARRAY['S10', 'S20', 'S30', 'S40', 'S50']);
CREATE TABLE ac_events (id bigserial PRIMARY KEY, stage journey_stage(ac));
INSERT INTO ac_events (stage)
SELECT ('ac:S' || (10 * (1 + (i * 7919) % 5)))::journey_stage FROM generate_series(1, 20000) i;
CREATE INDEX ac_btree ON ac_events (stage);
CREATE INDEX ac_btree_multi ON ac_events (stage, id);
CREATE INDEX ac_hash ON ac_events USING hash (stage);

CREATE FUNCTION ac_check(step text, full_scan boolean DEFAULT true) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	s journey_stage;
	n_idx bigint;
	n_seq bigint;
BEGIN
	PERFORM bt_index_check('ac_btree', true);
	PERFORM bt_index_parent_check('ac_btree', true, true);
	PERFORM bt_index_check('ac_btree_multi', true);
	IF NOT full_scan THEN
		RETURN step || ': ok';
	END IF;
	-- every stage: equality and range counts agree between index and heap
	FOR s IN SELECT stage FROM cx_journey_stages WHERE journey = 'ac' LOOP
		SET LOCAL enable_seqscan = off;
		SET LOCAL enable_bitmapscan = off;
		SELECT count(*) INTO n_idx FROM ac_events WHERE stage = s;
		SELECT count(*) + n_idx INTO n_idx FROM ac_events WHERE stage > s;
		SET LOCAL enable_seqscan = on;
		SET LOCAL enable_indexscan = off;
		SET LOCAL enable_indexonlyscan = off;
		SELECT count(*) INTO n_seq FROM ac_events WHERE stage >= s;
		RESET enable_indexscan;
		RESET enable_indexonlyscan;
		IF n_idx <> n_seq THEN
			RAISE EXCEPTION 'step %: index and heap disagree at %: % vs %', step, s, n_idx, n_seq;
		END IF;
	END LOOP;
	-- sorted by index = sorted by ordinal
	IF EXISTS (SELECT 1 FROM (SELECT stage, lag(stage) OVER (ORDER BY stage, id) AS prev FROM ac_events) t
			   WHERE ordinal(prev) > ordinal(stage)) THEN
		RAISE EXCEPTION 'step %: order by stage disagrees with ordinals', step;
	END IF;
	RETURN step || ': ok';
END
$$;
SELECT ac_check('initial');
SQL

# evolve the journey; after each change insert rows of every stage and check again
step=0
change() {
	step=$((step + 1))
	psql_ -At -c "SELECT $1" \
		-c "INSERT INTO ac_events (stage) SELECT stage FROM cx_journey_stages, generate_series(1, 20) WHERE journey = 'ac' AND NOT retired" \
		-c "SELECT ac_check('step $step: $(echo "$1" | tr "'" '"')', $step % 8 = 0)"
}
change "add_stage('ac', 'S15', after => 'S10')"
change "add_stage('ac', 'S12', before => 'S15')"
change "add_stage('ac', 'S05', before => 'S10')"
change "add_stage('ac', 'S60')"
change "add_stage('ac', 'S45', after => 'S40')"
# squeeze: 32 stages each right before the previous one, down to adjacent positions
# (S20 is retired later, so Q32 ends up 1 above S20)
for i in $(seq 1 32); do
	prev=$([ "$i" = 1 ] && echo S30 || echo "Q$((i - 1))")
	change "add_stage('ac', 'Q$i', before => '$prev')"
done
change "retire_stage('ac', 'S20')"
change "rename_stage('ac', 'S30', 'Thirty')"
change "add_stage_alias('ac', 'Thirty', 'Dreissig', locale => 'de')"
# the retired stage's rows still sort and compare correctly
psql_ -At \
	-c "SELECT count(*) FROM ac_events WHERE stage = 'ac:S20'::journey_stage" >/dev/null 2>&1 \
	&& { echo "retired stage accepted as new input"; exit 1; } || true
psql_ -At -c "SELECT ac_check('final')" \
	-c "SELECT 'rows of the retired stage: ' || count(*) FROM ac_events WHERE is_retired(stage)" \
	-c "SELECT 'stages: ' || count(*) FROM cx_journey_stages WHERE journey = 'ac'"
# REINDEX gives the same index (the order never depended on the catalog)
psql_ -At -c "REINDEX INDEX ac_btree" -c "SELECT ac_check('after reindex')"
echo "journey amcheck: all indexes valid after $step catalog changes"
