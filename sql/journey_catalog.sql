-- The journey catalog: define_journey, add_stage, retire_stage, rename_stage,
-- add_stage_alias, the views, their errors (with SQLSTATE) and who may call them.
-- Journey names are prefixed cat_ so that other test files' journeys do not collide;
-- journey ids depend on what ran before, so they are never printed.

\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/test/sql/expect_error.sql

-- define_journey: stages 2^32 apart, in the given order
SELECT define_journey('cat_retail', ARRAY['Awareness', 'Consideration', 'Purchase', 'Retention', 'Advocacy'],
	locale => 'en') AS cat_retail_id \gset
SELECT :cat_retail_id = journey_id('cat_retail') AS id_returned, journey_id('CAT_RETAIL') = :cat_retail_id AS case_folded;
SELECT journey, stage, ordinal, label, retired, stage_position, stage_position / 4294967296 AS gap_units, aliases
FROM cx_journey_stages WHERE journey = 'cat_retail' ORDER BY stage;
SELECT name, locale, stages, active_stages FROM cx_journeys WHERE name = 'cat_retail';

-- add_stage: after (midpoint), before (midpoint), at the end (one more gap), at the start
SELECT add_stage('cat_retail', 'Trial', after => 'Consideration');
SELECT add_stage('cat_retail', 'Research', before => 'Consideration');
SELECT add_stage('cat_retail', 'Referral');
SELECT add_stage('cat_retail', 'Unaware', before => 'awareness');
SELECT ordinal, label, stage_position, stage_position::numeric / 4294967296 AS gap_units
FROM cx_journey_stages WHERE journey = 'cat_retail' ORDER BY stage;
-- the neighbour is matched like text input (case, accents, spaces do not matter)
SELECT add_stage('cat_retail', 'Checkout', after => '  PURCHASE ');
SELECT label FROM cx_journey_stages WHERE journey = 'cat_retail' ORDER BY stage;

-- positions never change: a value taken before add_stage compares the same afterwards
CREATE TABLE cat_events (id int, stage journey_stage(cat_retail));
INSERT INTO cat_events VALUES (1, 'cat_retail:Purchase'), (2, 'cat_retail:Advocacy'), (3, 'cat_retail:Awareness');
CREATE TEMP TABLE cat_before AS SELECT id, stage_position(stage) AS pos FROM cat_events;
SELECT add_stage('cat_retail', 'Upsell', after => 'Retention');
SELECT e.id, e.stage, ordinal(e.stage), stage_position(e.stage) = b.pos AS position_kept
FROM cat_events e JOIN cat_before b USING (id) ORDER BY e.stage;

-- running out of room between two stages: 32 halvings of a 2^32 gap, then 54000
-- (S1 goes to 2^31 above A, S2 to 2^30, ..., S32 to 1; nothing fits below S32)
CREATE FUNCTION pg_temp.squeeze(n int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	FOR i IN 1..n LOOP
		PERFORM add_stage('cat_squeeze', 'S' || i, before => CASE WHEN i = 1 THEN 'B' ELSE 'S' || (i - 1) END);
	END LOOP;
	RETURN 'added ' || n;
END
$$;
SELECT define_journey('cat_squeeze', ARRAY['A', 'B']) > 0 AS defined;
SELECT pg_temp.squeeze(32);
SELECT label, stage_position - 4294967296 AS above_a FROM cx_journey_stages
WHERE journey = 'cat_squeeze' ORDER BY stage LIMIT 3;
SELECT * FROM pg_temp.probe_full($$SELECT add_stage('cat_squeeze', 'S33', before => 'S32')$$);
-- there is still room after S32, between it and S31? no: they are 1 apart
SELECT pg_temp.probe($$SELECT add_stage('cat_squeeze', 'S33', after => 'S32')$$);
SELECT pg_temp.probe($$SELECT add_stage('cat_squeeze', 'S33', after => 'S1')$$);
-- appending adds one gap after the last stage
SELECT stage_position(add_stage('cat_squeeze', 'Z')) = 3 * 4294967296::bigint AS appended_one_gap;
-- the largest journey: 65535 stages; past the last one, what is left of the 48-bit range is halved
SELECT define_journey('cat_full', ARRAY(SELECT 'S' || i FROM generate_series(1, 65535) i)) > 0 AS defined;
SELECT stages, active_stages FROM cx_journeys WHERE name = 'cat_full';
SELECT stage_position(add_stage('cat_full', 'Extra 1')) - 65535 * 4294967296 AS past_last,
	   stage_position(add_stage('cat_full', 'Extra 2')) - 65535 * 4294967296 AS past_last_2;
SELECT ordinal('cat_full:extra 2'), 'cat_full:Extra 2'::journey_stage - 'cat_full:s1' AS distance;

-- retire_stage: values keep working and keep their order; new input is refused
SELECT retire_stage('cat_retail', 'Advocacy');
SELECT retire_stage('cat_retail', 'advocacy');  -- again: no change, no error
SELECT id, stage, is_retired(stage), ordinal(stage) FROM cat_events ORDER BY stage;
SELECT * FROM pg_temp.probe_full($$SELECT 'cat_retail:Advocacy'::journey_stage$$);
SELECT pg_temp.probe($$SELECT make_stage('cat_retail', 'Advocacy')$$);
SELECT pg_temp.probe($$SELECT make_stage('cat_retail', 'Advocacy', allow_retired => true)$$);
SELECT name, stages, active_stages FROM cx_journeys WHERE name = 'cat_retail';
-- a retired stage can still be a neighbour
SELECT add_stage('cat_retail', 'Ambassador', after => 'Advocacy');

-- rename_stage: stored values show the new label; the old label no longer matches
SELECT rename_stage('cat_retail', 'Purchase', 'Buy');
SELECT id, stage, label(stage) FROM cat_events ORDER BY stage;
SELECT pg_temp.probe($$SELECT 'cat_retail:Purchase'::journey_stage$$);
SELECT 'cat_retail:buy'::journey_stage;

-- add_stage_alias: default locale is the journey's; aliases match like labels
SELECT add_stage_alias('cat_retail', 'Buy', 'Purchase');
SELECT add_stage_alias('cat_retail', 'Buy', 'Kauf', locale => 'de');
SELECT add_stage_alias('cat_retail', 'Buy', 'Achat', locale => 'FR');
SELECT label, aliases FROM cx_journey_stages WHERE journey = 'cat_retail' AND label = 'Buy';
SELECT v, v::journey_stage FROM (VALUES ('cat_retail:purchase'), ('cat_retail:KAUF'), ('cat_retail: achat ')) t(v);

-- conflicts: labels and aliases must stay unambiguous (23505), nothing is changed
SELECT * FROM pg_temp.probe_full($$SELECT add_stage('cat_retail', 'TRIAL')$$);
SELECT pg_temp.probe($$SELECT add_stage('cat_retail', 'Awarenéss ')$$);
SELECT pg_temp.probe($$SELECT rename_stage('cat_retail', 'Trial', 'kauf')$$);
SELECT pg_temp.probe($$SELECT add_stage_alias('cat_retail', 'Trial', 'Buy')$$);
SELECT pg_temp.probe($$SELECT add_stage_alias('cat_retail', 'Trial', 'Retired stage? no: Advocacy')$$);
SELECT pg_temp.probe($$SELECT add_stage_alias('cat_retail', 'Trial', 'advocacy')$$);
SELECT pg_temp.probe($$SELECT define_journey('cat_dup', ARRAY['One', 'ONE'])$$);
SELECT count(*) AS cat_dup_rows FROM cx_journeys WHERE name = 'cat_dup';
SELECT count(*) AS cat_retail_stages FROM cx_journey_stages WHERE journey = 'cat_retail';

-- bad parameters (22023), limits (54000), duplicates (42710)
SELECT call, pg_temp.probe(call) AS result FROM (VALUES
	($$SELECT define_journey('cat_retail', ARRAY['X'])$$),
	($$SELECT define_journey('Cat_Upper', ARRAY['X'])$$),
	($$SELECT define_journey('cat bad', ARRAY['X'])$$),
	($$SELECT define_journey('1cat', ARRAY['X'])$$),
	($$SELECT define_journey(repeat('c', 64), ARRAY['X'])$$),
	($$SELECT define_journey('cat_empty', ARRAY[]::text[])$$),
	($$SELECT define_journey('cat_2d', ARRAY[['A', 'B'], ['C', 'D']])$$),
	($$SELECT define_journey('cat_null', ARRAY['A', NULL])$$),
	($$SELECT define_journey(NULL, ARRAY['A'])$$),
	($$SELECT define_journey('cat_blank', ARRAY['A', '   '])$$),
	($$SELECT define_journey('cat_ctl', ARRAY['A', E'B\u0001'])$$),
	($$SELECT define_journey('cat_long', ARRAY[repeat('x', 201)])$$),
	($$SELECT define_journey('cat_loc', ARRAY['A'], locale => 'not a locale')$$),
	($$SELECT define_journey('cat_loc', ARRAY['A'], locale => '')$$),
	($$SELECT define_journey('cat_loc', ARRAY['A'], locale => NULL)$$),
	($$SELECT add_stage('cat_nope', 'X')$$),
	($$SELECT add_stage('cat_retail', 'X', before => 'Trial', after => 'Buy')$$),
	($$SELECT add_stage('cat_retail', 'X', after => 'Nope')$$),
	($$SELECT add_stage('cat_retail', NULL)$$),
	($$SELECT retire_stage('cat_retail', 'Nope')$$),
	($$SELECT rename_stage('cat_retail', 'Trial', NULL)$$),
	($$SELECT rename_stage('cat_retail', 'Trial', ' ')$$),
	($$SELECT add_stage_alias('cat_retail', 'Trial', 'Essai', locale => 'xx-bad-tag-!')$$),
	($$SELECT add_stage_alias('cat_retail', 'Trial', NULL)$$),
	($$SELECT make_stage('cat_nope', 'X')$$),
	($$SELECT journey_id('cat_nope')$$)
) t(call);
SELECT * FROM pg_temp.probe_full($$SELECT define_journey('cat_big', array_fill('x'::text, ARRAY[65536]))$$);
-- the locale is stored in canonical BCP 47 form
SELECT journey_canonical_locale(l) FROM (VALUES ('en'), ('de-DE'), ('en-us'), ('und'), ('zh-Hant-TW'), ('sr-Latn')) t(l);
SELECT define_journey('cat_fr', ARRAY['Découverte', 'Achat'], locale => 'fr-ca') > 0 AS defined;
SELECT name, locale FROM cx_journeys WHERE name = 'cat_fr';

-- journey_check_labels is what the functions above run after each change
SELECT journey_check_labels('cat_retail');
SELECT journey_check_label_text(E'  Spaces around\t ') AS trimmed;
SELECT pg_temp.probe($$SELECT journey_check_labels('cat_nope')$$);

-- privileges: an ordinary role can read the catalog and use stages, not change journeys
CREATE ROLE regress_journey_reader;
CREATE TABLE cat_user_events (stage journey_stage(cat_retail));
GRANT INSERT, SELECT ON cat_user_events TO regress_journey_reader;
SET ROLE regress_journey_reader;
SELECT pg_temp.probe($$SELECT define_journey('cat_by_reader', ARRAY['A'])$$);
SELECT pg_temp.probe($$SELECT add_stage('cat_retail', 'By reader')$$);
SELECT pg_temp.probe($$SELECT retire_stage('cat_retail', 'Trial')$$);
SELECT pg_temp.probe($$SELECT set_stage_optional('cat_retail', 'Trial')$$);
SELECT pg_temp.probe($$SELECT rename_stage('cat_retail', 'Trial', 'Test drive')$$);
SELECT pg_temp.probe($$SELECT add_stage_alias('cat_retail', 'Trial', 'Test drive')$$);
SELECT pg_temp.probe($$INSERT INTO cx_journey_stage VALUES (1, 1, 'x')$$);
INSERT INTO cat_user_events VALUES ('cat_retail:trial'), ('cat_retail:Buy');
SELECT stage, ordinal(stage) FROM cat_user_events ORDER BY stage;
SELECT count(*) > 0 AS can_read_views FROM cx_journey_stages WHERE journey = 'cat_retail';
RESET ROLE;
-- what an administrator grants so that another role may define and change journeys
CREATE ROLE regress_journey_admin;
GRANT INSERT, UPDATE ON cx_journey, cx_journey_stage, cx_journey_stage_alias TO regress_journey_admin;
SET ROLE regress_journey_admin;
SELECT define_journey('cat_by_admin', ARRAY['A', 'B']) > 0 AS defined;
SELECT add_stage('cat_by_admin', 'C');
SELECT rename_stage('cat_by_admin', 'C', 'See');
SELECT add_stage_alias('cat_by_admin', 'See', 'Cee');
SELECT retire_stage('cat_by_admin', 'A');
SELECT set_stage_optional('cat_by_admin', 'B');
RESET ROLE;
SELECT stage, retired, optional, aliases FROM cx_journey_stages WHERE journey = 'cat_by_admin' ORDER BY stage;
REVOKE ALL ON cx_journey, cx_journey_stage, cx_journey_stage_alias FROM regress_journey_admin;
DROP TABLE cat_user_events;
DROP ROLE regress_journey_reader, regress_journey_admin;

-- a cache miss refreshes: a catalog row written without the invalidation trigger (as
-- session_replication_role = replica or a restore with --disable-triggers do) is found by
-- the first lookup that misses
SELECT 'cat_retail:Buy'::journey_stage AS warm_cache;
SET session_replication_role = replica;
INSERT INTO cx_journey_stage VALUES (journey_id('cat_retail'), 99 * 4294967296::bigint, 'Silent');
RESET session_replication_role;
SELECT 'cat_retail:silent'::journey_stage AS found_after_refresh, ordinal('cat_retail:silent');
SELECT 'silent'::journey_stage AS bare_found;

-- the catalog functions are SECURITY INVOKER and pin search_path
SELECT p.proname, p.prosecdef, p.proconfig
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'cx_metrics'
WHERE p.proname IN ('define_journey', 'add_stage', 'retire_stage', 'rename_stage', 'add_stage_alias', 'journey_id')
ORDER BY 1;
-- the catalog tables are dumped with the database
SELECT c.relname FROM pg_extension e, unnest(e.extconfig) AS t(oid) JOIN pg_class c ON c.oid = t.oid
WHERE e.extname = 'cx_metrics' AND c.relname LIKE 'cx_journey%' ORDER BY 1;
