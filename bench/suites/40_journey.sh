# bench/suites/40_journey.sh: journey_stage against int4 and PostgreSQL enums
# (DESIGN §7: journey_stage sort and comparison as fast as int4, faster than an enum;
# issue target: within 1.1x of int4), and bulk text input of labels (the ICU path)
# against enum input.

rows=$(bench_rows 10000000)
inrows=$(bench_rows 2000000)

# One journey and two equivalent enums: jb_enum as created (even OIDs: PostgreSQL's
# fast path compares OIDs), jb_enum_added with a value added between two others
# (ALTER TYPE ... ADD VALUE BEFORE), which is what evolving a journey means for an
# enum: comparisons then go through the type cache's sort-order lookup.
bench_sql "
SELECT define_journey('bench_retail', ARRAY['Awareness', 'Consideration', 'Purchase', 'Retention', 'Advocacy'], locale => 'en');
SELECT add_stage('bench_retail', 'Trial', after => 'Consideration');
CREATE TYPE jb_enum AS ENUM ('Awareness', 'Consideration', 'Trial', 'Purchase', 'Retention', 'Advocacy');
CREATE TYPE jb_enum_added AS ENUM ('Awareness', 'Consideration', 'Purchase', 'Retention', 'Advocacy');
ALTER TYPE jb_enum_added ADD VALUE 'Trial' BEFORE 'Purchase';
"
# One single-column table per type, so that every query reads rows of the same size
# (24-byte header + 8 bytes after alignment for all of them) and deforms one column.
bench_sql "
CREATE TABLE jb_stages AS
SELECT ordinal::int AS k, stage, label FROM cx_journey_stages WHERE journey = 'bench_retail';
CREATE TABLE jb_k AS SELECT 1 + (hashint4(g) & 2147483647) % 6 AS k, g FROM generate_series(1, $rows) g;
CREATE TABLE jb_s AS SELECT st.stage AS s FROM jb_k JOIN jb_stages st USING (k) ORDER BY g;
CREATE TABLE jb_b AS SELECT stage_position(st.stage) AS b FROM jb_k JOIN jb_stages st USING (k) ORDER BY g;
CREATE TABLE jb_i AS SELECT k AS i FROM jb_k ORDER BY g;
CREATE TABLE jb_e AS SELECT st.label::jb_enum AS e FROM jb_k JOIN jb_stages st USING (k) ORDER BY g;
CREATE TABLE jb_ea AS SELECT st.label::jb_enum_added AS ea FROM jb_k JOIN jb_stages st USING (k) ORDER BY g;
DROP TABLE jb_k;
VACUUM (FREEZE, ANALYZE) jb_s, jb_b, jb_i, jb_e, jb_ea;
SELECT pg_prewarm(t) FROM unnest(ARRAY['jb_s', 'jb_b', 'jb_i', 'jb_e', 'jb_ea']) t;
"
bench_sql "
CREATE TABLE jb_in AS
SELECT CASE WHEN g % 2 = 0 THEN st.label ELSE upper(st.label) END AS exact_label,
	   'bench_retail:' || st.label AS qualified,
	   -- a different spelling on almost every row: the case of each letter follows the bits
	   -- of g, plus 0-2 spaces on each side (tens of thousands of spellings), so the memo of
	   -- matched spellings (4096 entries) rarely helps and almost every row runs ICU
	   repeat(' ', g % 3) ||
		 (SELECT string_agg(CASE WHEN (g >> (n::int % 20)) & 1 = 1 THEN upper(c) ELSE lower(c) END, '' ORDER BY n)
		  FROM regexp_split_to_table(st.label, '') WITH ORDINALITY AS x(c, n))
		 || repeat(' ', (g >> 20) % 3) AS spelled,
	   st.label AS enum_label, st.k::text AS int_text
FROM (SELECT g, 1 + (hashint4(g) & 2147483647) % 6 AS k FROM generate_series(1, $inrows) g) r
JOIN jb_stages st USING (k);
VACUUM (FREEZE, ANALYZE) jb_in;
SELECT pg_prewarm('jb_in');
"
bench_note "$rows rows, the same random stage of a 6-stage journey in each of five one-column tables: journey_stage (jb_s), int8 (jb_b: the stored position, same width), int4 (jb_i), enum (jb_e) and enum with an added value (jb_ea); jb_in: $inrows labels as text. Single core (no parallel workers), data in shared buffers."
bench_note

bench_group "Sort $rows values (ORDER BY, in memory)" "int4" \
	"int4" "SET work_mem = '2GB'; SELECT i FROM jb_i ORDER BY i OFFSET $rows" \
	"int8" "SET work_mem = '2GB'; SELECT b FROM jb_b ORDER BY b OFFSET $rows" \
	"journey_stage" "SET work_mem = '2GB'; SELECT s FROM jb_s ORDER BY s OFFSET $rows" \
	"enum" "SET work_mem = '2GB'; SELECT e FROM jb_e ORDER BY e OFFSET $rows" \
	"enum, value added" "SET work_mem = '2GB'; SELECT ea FROM jb_ea ORDER BY ea OFFSET $rows"
bench_check "journey_stage sort vs int4" "journey_stage" "int4" 1.1
bench_check "journey_stage sort vs enum" "journey_stage" "enum" 1.0
bench_check "journey_stage sort vs enum with an added value" "journey_stage" "enum, value added" 1.0
bench_note

bench_group "Compare $rows values with a constant (WHERE col >= const)" "int4" \
	"int4" "SELECT count(*) FROM jb_i WHERE i >= 4" \
	"int8" "SELECT count(*) FROM jb_b WHERE b >= 12884901888" \
	"journey_stage" "SELECT count(*) FROM jb_s WHERE s >= 'bench_retail:Purchase'" \
	"enum" "SELECT count(*) FROM jb_e WHERE e >= 'Purchase'" \
	"enum, value added" "SELECT count(*) FROM jb_ea WHERE ea >= 'Purchase'"
bench_check "journey_stage comparison vs int4" "journey_stage" "int4" 1.1
bench_check "journey_stage comparison vs enum" "journey_stage" "enum" 1.0
bench_check "journey_stage comparison vs enum with an added value" "journey_stage" "enum, value added" 1.0
bench_note

bench_group "min/max and GROUP BY over $rows values" "int4 min/max" \
	"int4 min/max" "SELECT min(i), max(i) FROM jb_i" \
	"journey_stage min/max" "SELECT min(s), max(s) FROM jb_s" \
	"enum min/max" "SELECT min(e), max(e) FROM jb_e" \
	"int4 GROUP BY" "SELECT i, count(*) FROM jb_i GROUP BY i" \
	"journey_stage GROUP BY" "SELECT s, count(*) FROM jb_s GROUP BY s" \
	"enum GROUP BY" "SELECT e, count(*) FROM jb_e GROUP BY e"
bench_check "journey_stage min/max vs int4" "journey_stage min/max" "int4 min/max" 1.1
bench_check "journey_stage GROUP BY vs int4" "journey_stage GROUP BY" "int4 GROUP BY" 1.1
bench_note

bench_group "Text input of $inrows labels (cast from text)" "enum_in" \
	"int4in" "SELECT count(int_text::int4) FROM jb_in" \
	"enum_in" "SELECT count(enum_label::jb_enum) FROM jb_in" \
	"journey:Label" "SELECT count(qualified::journey_stage) FROM jb_in" \
	"bare label, case varies" "SELECT count(exact_label::journey_stage) FROM jb_in" \
	"new spelling every row (ICU)" "SELECT count(spelled::journey_stage) FROM jb_in"
bench_check "journey:Label input vs enum_in" "journey:Label" "enum_in" 1.5
bench_note "- The ICU path (NFKC case folding, primary-strength sort key per locale) runs once per distinct spelling per session; matched spellings are memoised per journey (up to 4096), which is what repeated labels in bulk loads hit. 'new spelling every row' defeats the memo and measures ICU itself."
bench_note
