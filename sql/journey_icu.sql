-- ICU label matching: NFKC case folding, trimming, then the journey locale's collator at
-- primary strength; aliases in other locales; ambiguity and unknown labels.
-- (ICU- and locale-dependent expectations live in this file only.)

\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/test/sql/expect_error.sql
SET cx_metrics.journey_stage_output = 'label';

SELECT define_journey('icu_retail', ARRAY['Awareness', 'Consideration', 'Purchase', 'Straße', 'Café visit', 'Après-vente'],
	locale => 'en') > 0 AS defined;

-- case, width, accents, surrounding white space (incl. no-break and ideographic spaces) do not matter
SELECT v AS input, pg_temp.probe(format('SELECT %L::journey_stage', 'icu_retail:' || v)) AS result FROM (VALUES
	('purchase'), ('PURCHASE'), ('Purchase '), (E'\tpurchase\n'), ('PuRcHaSe'),
	('ｐｕｒｃｈａｓｅ'),                 -- fullwidth letters (NFKC)
	('Ｐｕｒｃｈａｓｅ'),
	(U&'\00A0Purchase\3000'),            -- no-break space, ideographic space
	('considération'), ('CONSIDÉRATION'), ('cönsïdêrâtïön'),
	('strasse'), ('STRASSE'), ('straße'), ('Strasse'),
	('cafe visit'), ('CAFÉ VISIT'), ('café visit'),
	(U&'Cafe\0301 visit'),              -- decomposed accent
	('apres-vente'), ('APRÈS-VENTE'),
	('ﬁnal'),                           -- ligature: not a stage, still clean
	('pur chase'), ('purchases'), ('purchas'), ('cafe-visit'), ('apres vente')
) t(v);

-- aliases: per locale, matched with that locale's collator
SELECT add_stage_alias('icu_retail', 'Purchase', 'Kauf', locale => 'de');
SELECT add_stage_alias('icu_retail', 'Purchase', 'Achat', locale => 'fr');
SELECT add_stage_alias('icu_retail', 'Awareness', '認知', locale => 'ja');
SELECT add_stage_alias('icu_retail', 'Consideration', 'Überlegung', locale => 'de');
SELECT v AS input, pg_temp.probe(format('SELECT %L::journey_stage', 'icu_retail:' || v)) AS result FROM (VALUES
	('KAUF'), ('kauf'), ('ａｃｈａｔ'), ('ACHAT'), ('認知'), ('uberlegung'), ('UEBERLEGUNG'), ('ÜBERLEGUNG')
) t(v);

-- collation keywords in the locale tag are honoured: German phone-book collation treats ü as ue
SELECT define_journey('icu_phonebook', ARRAY['Überlegung', 'Kauf'], locale => 'de-u-co-phonebk') > 0 AS defined;
SELECT locale FROM cx_journeys WHERE name = 'icu_phonebook';
SELECT 'icu_phonebook:UEBERLEGUNG'::journey_stage AS ue,
	   pg_temp.probe($$SELECT 'icu_phonebook:uberlegung'::journey_stage$$) AS u;

-- the locale's collator decides what is "the same letter": in Swedish å, ä, ö are letters of
-- their own (primary differences), in English they are a, a, o with accents
SELECT define_journey('icu_sv', ARRAY['Köp', 'Återköp'], locale => 'sv') > 0 AS defined;
SELECT define_journey('icu_en', ARRAY['Köp', 'Återköp'], locale => 'en') > 0 AS defined;
SELECT v AS input,
	   pg_temp.probe(format('SELECT %L::journey_stage', 'icu_sv:' || v)) AS in_swedish,
	   pg_temp.probe(format('SELECT %L::journey_stage', 'icu_en:' || v)) AS in_english
FROM (VALUES ('köp'), ('kop'), ('KÖP'), ('aterkop'), ('återköp')) t(v);
-- and the same rule decides conflicts: "Kop" next to "Köp" is fine in Swedish, not in English
SELECT pg_temp.probe($$SELECT add_stage('icu_sv', 'Kop')$$) AS swedish;
SELECT pg_temp.probe($$SELECT add_stage('icu_en', 'Kop')$$) AS english;

-- Turkish: dotted and dotless i are different letters, and I is the capital of ı (Turkic case folding)
SELECT define_journey('icu_tr', ARRAY['Kayıt', 'Satın alma'], locale => 'tr') > 0 AS defined;
SELECT v AS input, pg_temp.probe(format('SELECT %L::journey_stage', 'icu_tr:' || v)) AS result
FROM (VALUES ('kayıt'), ('KAYIT'), ('kayit'), ('satın alma'), ('SATIN ALMA'), ('SATİN ALMA')) t(v);
-- full case folding that more than doubles the text (U+0390 folds to three code units) is input like any other
SELECT pg_temp.probe(format('SELECT %L::journey_stage', 'icu_tr:' || repeat(U&'\0390', 30))) = '22P02: "' || repeat(U&'\0390', 30) || '" is not a stage of journey "icu_tr"' AS long_folding_refused;

-- ambiguous input: an alias of one stage in one locale equals another stage's label in another
SELECT define_journey('icu_amb', ARRAY['Gift', 'Poison'], locale => 'en') > 0 AS defined;
-- German "Gift" means poison: refused, because input 'gift' would match both stages
SELECT pg_temp.probe($$SELECT add_stage_alias('icu_amb', 'Poison', 'Gift', locale => 'de')$$);
SELECT pg_temp.probe($$SELECT add_stage_alias('icu_amb', 'Poison', 'GIFT', locale => 'de')$$);
SELECT stage, aliases FROM cx_journey_stages WHERE journey = 'icu_amb' ORDER BY stage;

-- unknown labels list the valid ones (retired stages are not offered)
SELECT retire_stage('icu_retail', 'Après-vente');
\set VERBOSITY default
SELECT 'icu_retail:checkout'::journey_stage;
SELECT 'icu_retail:apres vente'::journey_stage;
SELECT 'icu_retail:après-vente'::journey_stage;

-- a bare label without typmod matching stages of several journeys is ambiguous
SELECT define_journey('icu_two_a', ARRAY['Einzigartig'], locale => 'de') > 0 AS defined;
SELECT define_journey('icu_two_b', ARRAY['EINZIGARTIG'], locale => 'de') > 0 AS defined;
SELECT 'einzigartig'::journey_stage;
SELECT 'icu_two_b:einzigartig'::journey_stage;
CREATE TEMP TABLE icu_two (s journey_stage(icu_two_a));
COPY icu_two FROM stdin;
einzigartig
\.
SELECT * FROM icu_two;

-- rename keeps the stored value; old spelling no longer matches, new one does (any case)
CREATE TEMP TABLE icu_keep (s journey_stage);
INSERT INTO icu_keep VALUES ('icu_retail:Straße');
SELECT rename_stage('icu_retail', 'STRASSE', 'Road');
SELECT s, label(s) FROM icu_keep;
SELECT pg_temp.probe($$SELECT 'icu_retail:strasse'::journey_stage$$), pg_temp.probe($$SELECT 'icu_retail:ROAD'::journey_stage$$);

-- the matching memo never serves a stale answer after a change in the same session
SELECT 'icu_retail:Achat'::journey_stage;
SELECT rename_stage('icu_retail', 'Purchase', 'Buy');
SELECT 'icu_retail:Achat'::journey_stage, pg_temp.probe($$SELECT 'icu_retail:Purchase'::journey_stage$$);

-- ICU objects are cached: many inputs in one statement, then errors, then more inputs
SELECT count(DISTINCT s) FROM (SELECT ('icu_retail:' || (ARRAY['kauf', 'BUY', 'awareness', '認知'])[1 + i % 4])::journey_stage s
							   FROM generate_series(1, 5000) i) t;
SELECT pg_temp.probe(format('SELECT %L::journey_stage', 'icu_retail:nope' || i)) FROM generate_series(1, 3) i;
SELECT 'icu_retail:Kauf'::journey_stage;
