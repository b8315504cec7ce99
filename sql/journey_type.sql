-- The journey_stage type: text forms, typmod, operators, accessors, opclasses,
-- min/max, binary and text COPY round trips, parallel plans.
-- Journeys are prefixed typ_; ids depend on what ran before and are printed only
-- through journey_id() comparisons.

\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/test/sql/expect_error.sql

SET cx_metrics.journey_stage_output = 'label';
SELECT define_journey('typ_shop', ARRAY['Visit', 'Cart', 'Checkout', 'Paid', 'Repeat']) > 0 AS defined;
SELECT define_journey('typ_support', ARRAY['Opened', 'Triaged', 'Solved', 'Closed']) > 0 AS defined;
SELECT define_journey('typ_unique', ARRAY['Zwischenhalt', 'Endhalt']) > 0 AS defined;
SELECT journey_id('typ_shop') AS shop \gset
SELECT journey_id('typ_support') AS support \gset

-- text input: journey:Label (journey name in any case, spaces around), valid forms
SELECT v, v::journey_stage AS stage FROM (VALUES
	('typ_shop:Visit'), ('typ_shop:cart'), ('TYP_SHOP:CHECKOUT'), (' typ_shop : Paid '),
	('typ_support:solved'), ('Typ_Support:Closed')) t(v);
-- a bare label without typmod is accepted when exactly one journey has it
SELECT 'zwischenhalt'::journey_stage, ' ENDHALT'::journey_stage;

-- invalid input (22P02): unknown label, unknown journey, empty, bare label in no journey
SELECT v, pg_temp.probe(format('SELECT %L::journey_stage', v)) AS result FROM (VALUES
	('typ_shop:Nope'), ('typ_shop:'), ('typ_shop:   '), ('typ_nope:Visit'), (''), ('   '),
	(':Visit'), ('no such label'), ('typ_shop#:Visit'), ('typ_shop:Visit:Cart')) t(v);
-- the detail lists the valid labels
\set VERBOSITY default
SELECT 'typ_shop:Nope'::journey_stage;
SELECT 'typ_nope:Visit'::journey_stage;

-- typmod: journey_stage(name) accepts bare labels (COPY passes the typmod) and rejects other journeys
CREATE TABLE typ_events (id int, stage journey_stage(typ_shop));
\d typ_events
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'typ_events'::regclass AND attname = 'stage';
SELECT atttypmod = :shop AS typmod_is_journey_id FROM pg_attribute WHERE attrelid = 'typ_events'::regclass AND attname = 'stage';
COPY typ_events FROM stdin;
1	visit
2	CART
3	typ_shop:Checkout
4	Paid
\.
-- INSERT ... VALUES: PostgreSQL converts the literal before applying the typmod, so a bare
-- label is resolved across journeys (unique here), then checked against the typmod
INSERT INTO typ_events VALUES (5, 'typ_shop:repeat');
CREATE TABLE typ_unique_events (s journey_stage(typ_unique));
INSERT INTO typ_unique_events VALUES ('endhalt'), (' zwischenhalt');
SELECT * FROM typ_unique_events ORDER BY s;
INSERT INTO typ_events VALUES (6, 'Zwischenhalt');
INSERT INTO typ_events VALUES (7, 'typ_support:Opened');
COPY typ_events FROM stdin;
8	typ_support:Opened
\.
COPY typ_events FROM stdin;
9	Opened
\.
INSERT INTO typ_events SELECT 10, 'typ_support:Opened'::journey_stage;
SELECT 'typ_shop:Visit'::journey_stage(typ_shop), 'Endhalt'::journey_stage(typ_unique) AS bare_cast;
SELECT 'typ_support:Opened'::journey_stage(typ_shop);
SELECT * FROM typ_events ORDER BY id;
-- typmod errors (22023)
SELECT pg_temp.probe($$CREATE TABLE typ_bad (s journey_stage(typ_nope))$$);
SELECT pg_temp.probe($$CREATE TABLE typ_bad (s journey_stage(typ_shop, typ_support))$$);
SELECT pg_temp.probe($$CREATE TABLE typ_bad (s journey_stage(0))$$);
SELECT pg_temp.probe($$CREATE TABLE typ_bad (s journey_stage(32768))$$);
-- a numeric typmod is taken as a journey id (this is how pg_dump writes the type)
DO $$ BEGIN EXECUTE format('CREATE TABLE typ_by_id (s journey_stage(%s))', journey_id('typ_shop')); END $$;
SELECT format_type(atttypid, atttypmod) AS shown_by_name
FROM pg_attribute WHERE attrelid = 'typ_by_id'::regclass AND attname = 's';
DROP TABLE typ_by_id;

-- output forms: label, portable (ids), auto (portable only for pg_dump)
SET cx_metrics.journey_stage_output = 'portable';
SELECT replace(stage::text, '#' || :shop || '.', '#<shop>.') AS portable FROM typ_events WHERE id <= 2 ORDER BY id;
SELECT format_type(atttypid, atttypmod) = format('journey_stage(%s)', :shop) AS typmod_by_id
FROM pg_attribute WHERE attrelid = 'typ_events'::regclass AND attname = 'stage';
SET cx_metrics.journey_stage_output = 'auto';
SELECT stage FROM typ_events WHERE id = 1;
SET application_name = 'pg_dump';
SELECT replace(stage::text, '#' || :shop || '.', '#<shop>.') AS as_pg_dump FROM typ_events WHERE id = 1;
RESET application_name;
SET cx_metrics.journey_stage_output = 'label';
SELECT pg_temp.probe($$SET cx_metrics.journey_stage_output = 'ids'$$);
-- the portable form reads back without the catalog; its label part is informational
SELECT format('typ_shop#%s.%s:anything', :shop, 3 * 4294967296)::journey_stage AS portable_in;
SELECT format('#%s.%s:', :shop, 3 * 4294967296)::journey_stage AS portable_no_name;
-- ids not in the catalog are kept (e.g. rows restored before the catalog) and print portably
SELECT replace(format('#%s.%s:', :shop, 7)::journey_stage::text, '#' || :shop || '.', '#<shop>.') AS orphan;
SELECT journey_stage_from_ids(32767, 1) AS orphan_journey;
SELECT pg_temp.probe($$SELECT journey_stage_from_ids(0, 1)$$), pg_temp.probe($$SELECT journey_stage_from_ids(1, 0)$$);
SELECT replace(pg_temp.probe(format('SELECT ordinal(%L::journey_stage)', format('#%s.%s:', :shop, 7))), '#' || :shop || '.', '#<shop>.') AS result;
SELECT replace(v, '#' || :shop || '.', '#<shop>.') AS v,
	   replace(replace(pg_temp.probe(format('SELECT %L::journey_stage', v)), '#' || :shop || '.', '#<shop>.'),
			   '#' || :shop || ' ', '#<shop> ') AS result
FROM (VALUES
	('typ_support#' || :shop || '.4294967296:Visit'), ('#0.1:'), ('#32768.1:'), ('#' || :shop || '.0:'),
	('#' || :shop || '.281474976710656:'), ('#' || :shop || '.281474976710655:'), ('typ shop#30000.1:'),
	('#30000.1x:'), ('#.1:'), ('#1234567.1:'), ('#30000.12345678901234567:')) t(v);
SELECT pg_temp.probe(format('SELECT %L::journey_stage(typ_support)', format('#%s.%s:', :shop, 4294967296)));

-- comparison: stage order within a journey, journey id first across journeys
SELECT a, b, a < b AS lt, a <= b AS le, a = b AS eq, a <> b AS ne, a >= b AS ge, a > b AS gt,
	   journey_stage_cmp(a, b) AS cmp
FROM (VALUES ('typ_shop:Visit'::journey_stage, 'typ_shop:Cart'::journey_stage),
			 ('typ_shop:Paid', 'typ_shop:Paid'),
			 ('typ_shop:Repeat', 'typ_shop:Visit')) t(a, b);
SELECT ('typ_shop:Repeat'::journey_stage < 'typ_support:Opened') = (:shop < :support) AS journey_first;
SELECT 'typ_shop:Cart'::journey_stage BETWEEN 'typ_shop:Visit' AND 'typ_shop:Checkout' AS between_ok;

-- accessors
SELECT s, ordinal(s), label(s), journey(s), next_stage(s), is_retired(s),
	   stage_position(s) / 4294967296 AS pos_units
FROM unnest(ARRAY['typ_shop:Visit', 'typ_shop:Paid', 'typ_shop:Repeat']::journey_stage[]) s;
-- stage - stage, stage + int, stage - int
SELECT 'typ_shop:Paid'::journey_stage - 'typ_shop:Visit' AS forward,
	   'typ_shop:Visit'::journey_stage - 'typ_shop:Paid' AS backward,
	   'typ_shop:Cart'::journey_stage - 'typ_shop:Cart' AS same,
	   'typ_shop:Visit'::journey_stage + 2 AS plus_2,
	   'typ_shop:Repeat'::journey_stage - 4 AS minus_4,
	   'typ_shop:Cart'::journey_stage + 0 AS plus_0,
	   'typ_shop:Cart'::journey_stage + (-1) AS plus_minus_1;
SELECT pg_temp.probe($$SELECT 'typ_shop:Paid'::journey_stage - 'typ_support:Opened'::journey_stage$$);
SELECT pg_temp.probe($$SELECT 'typ_shop:Repeat'::journey_stage + 1$$);
SELECT pg_temp.probe($$SELECT 'typ_shop:Visit'::journey_stage - 1$$);
SELECT pg_temp.probe($$SELECT 'typ_shop:Visit'::journey_stage + 2147483647$$);
SELECT pg_temp.probe($$SELECT 'typ_shop:Visit'::journey_stage - (-2147483648)$$);
-- next_stage skips retired stages and is NULL after the last one
SELECT retire_stage('typ_support', 'Triaged');
SELECT next_stage('typ_support:Opened') AS next_after_opened, next_stage('typ_support:Closed') AS after_last,
	   'typ_support:Opened'::journey_stage + 1 AS plus_1_counts_retired;
-- NULL in, NULL out
SELECT ordinal(NULL), label(NULL), journey(NULL), next_stage(NULL), is_retired(NULL),
	   stage_position(NULL), NULL::journey_stage + 1 AS plus, 'typ_shop:Visit'::journey_stage - NULL::journey_stage AS minus;

SELECT make_stage(NULL, 'x') AS a, make_stage('typ_shop', NULL) AS b, journey_stage_from_ids(NULL, 1) AS c,
	   journey_canonical_locale(NULL) AS d, journey_check_label_text(NULL) AS e, journey_id(NULL) AS f,
	   journey_check_labels(NULL) IS NULL AS g, NULL::text::journey_stage AS h;

-- make_stage and casts to and from text
SELECT make_stage('typ_shop', ' checkout'), make_stage('TYP_SHOP', 'paid');
SELECT 'typ_shop:Cart'::journey_stage::text AS to_text, 'typ_shop:cart'::text::journey_stage AS from_text;
CREATE TEMP TABLE typ_text (t text);
INSERT INTO typ_text SELECT stage FROM typ_events WHERE id = 1;  -- assignment cast to text
SELECT * FROM typ_text;

-- min/max, also as index-driven (SORTOP) and parallel aggregates
SELECT min(stage), max(stage), count(*) FROM typ_events;
SELECT min(s), max(s) FROM (SELECT NULL::journey_stage s WHERE false) t;

-- btree index, sortsupport, merge join; hash index, hash join, hash aggregate
CREATE TABLE typ_big AS
	SELECT i, journey_stage_from_ids(:shop, (1 + (i * 7) % 5) * 4294967296) AS s
	FROM generate_series(1, 20000) i;
ANALYZE typ_big;
CREATE INDEX typ_big_btree ON typ_big (s);
CREATE INDEX typ_big_hash ON typ_big USING hash (s);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM typ_big WHERE s = 'typ_shop:Paid';
SELECT count(*) FROM typ_big WHERE s = 'typ_shop:Paid';
EXPLAIN (COSTS OFF) SELECT min(s) FROM typ_big;
SELECT min(s), max(s) FROM typ_big;
SELECT count(*) FROM typ_big WHERE s >= 'typ_shop:Checkout';
RESET enable_seqscan;
RESET enable_bitmapscan;
SELECT s, count(*) FROM typ_big GROUP BY s ORDER BY s;
SET enable_hashagg = off;
SELECT s, count(*) FROM typ_big GROUP BY s ORDER BY s DESC LIMIT 2;
RESET enable_hashagg;
SELECT count(*) FROM typ_big a JOIN (SELECT DISTINCT s FROM typ_big) b USING (s);
-- hashing agrees with int8's hash of the stored value, and is seeded
SELECT journey_stage_hash(s) = hashint8(stage_position(s) + (:shop::bigint << 48)) AS same_as_int8,
	   journey_stage_hash_extended(s, 0) = hashint8extended(stage_position(s) + (:shop::bigint << 48), 0) AS ext_same,
	   journey_stage_hash_extended(s, 1) <> journey_stage_hash_extended(s, 0) AS seeded
FROM (SELECT 'typ_shop:Cart'::journey_stage s) t;
-- hash partitioning uses the extended hash
CREATE TABLE typ_parts (s journey_stage) PARTITION BY HASH (s);
CREATE TABLE typ_parts_0 PARTITION OF typ_parts FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE typ_parts_1 PARTITION OF typ_parts FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO typ_parts SELECT s FROM typ_big;
SELECT (SELECT count(*) FROM typ_parts_0) + (SELECT count(*) FROM typ_parts_1) AS all_rows;

-- parallel plan gives the serial result
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT min(s), max(s), count(*) FILTER (WHERE ordinal(s) = 3) FROM typ_big;
SELECT min(s), max(s), count(*) FILTER (WHERE ordinal(s) = 3) FROM typ_big;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- binary and text COPY round trips
\getenv abs_builddir PG_ABS_BUILDDIR
\set binfile :abs_builddir '/results/journey_type.bin'
\set txtfile :abs_builddir '/results/journey_type.txt'
\set binfile2 :abs_builddir '/results/journey_type2.bin'
CREATE TEMP TABLE typ_copy (id int, stage journey_stage(typ_shop));
\set cmd '\\copy typ_events TO ' :'binfile' ' (FORMAT binary)'
:cmd
\set cmd '\\copy typ_copy FROM ' :'binfile' ' (FORMAT binary)'
:cmd
SELECT count(*) AS rows, count(*) FILTER (WHERE c.stage = e.stage) AS equal
FROM typ_copy c JOIN typ_events e USING (id);
TRUNCATE typ_copy;
\set cmd '\\copy typ_events TO ' :'txtfile'
:cmd
\set cmd '\\copy typ_copy FROM ' :'txtfile'
:cmd
SELECT count(*) AS rows, count(*) FILTER (WHERE c.stage = e.stage) AS equal
FROM typ_copy c JOIN typ_events e USING (id);
-- binary receive of a retired stage is accepted (the data exists already)
CREATE TEMP TABLE typ_copy2 (stage journey_stage);
INSERT INTO typ_copy2 VALUES ('typ_support:Opened'), (make_stage('typ_support', 'Triaged', true));
\set cmd '\\copy typ_copy2 TO ' :'binfile2' ' (FORMAT binary)'
:cmd
TRUNCATE typ_copy2;
\set cmd '\\copy typ_copy2 FROM ' :'binfile2' ' (FORMAT binary)'
:cmd
SELECT stage, is_retired(stage) FROM typ_copy2 ORDER BY stage;
-- a binary value of another journey is refused by a typmod'd column (typ_copy has 2 columns,
-- so use a one-column typmod'd table)
CREATE TEMP TABLE typ_copy3 (stage journey_stage(typ_shop));
\set cmd '\\copy typ_copy3 FROM ' :'binfile2' ' (FORMAT binary)'
:cmd
-- send of a value that is not in the catalog fails cleanly
SELECT replace(pg_temp.probe(format('SELECT journey_stage_send(%L::journey_stage)', format('#%s.%s:', :shop, 7))), '#' || :shop || '.', '#<shop>.') AS result;
SELECT journey_stage_send('typ_shop:Cart') AS send_bytes;

-- malformed binary input is fed by test/suites/journey_fuzz.sh
