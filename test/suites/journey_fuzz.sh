#!/usr/bin/env bash
# journey_fuzz.sh: bounded-time fuzz of journey_stage text input, typmod input and binary
# receive.  Mutated and random inputs must each give a value or a clean ERROR with an
# expected SQLSTATE, never a crash: the postmaster must not restart (start time
# unchanged) and the server log (when readable) must show no "terminated by signal".
# Every accepted text input must round-trip through output and input unchanged.
#   CX_FUZZ_SECONDS   time for the text fuzz (default 15); the binary fuzz feeds
#   CX_FUZZ_BINARY    samples (default 3000)
set -eu
. "$CX_ROOT/test/lib/common.sh"

B=$CX_PGBIN
secs=${CX_FUZZ_SECONDS:-15}
nbin=${CX_FUZZ_BINARY:-3000}
work=$(mktemp -d /tmp/cx_journey_fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
psql_() { "$B/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

psql_ <<'SQL'
CREATE EXTENSION cx_metrics;
SELECT define_journey('fz', ARRAY['Awareness', 'Considération', 'Straße', 'Ｗｉｄｅ', '認知', 'Step 2: Buy'], locale => 'en');
SELECT define_journey('fz_tr', ARRAY['Kayıt', 'Satın alma'], locale => 'tr');
SELECT add_stage('fz', 'Trial', after => 'Awareness');
SELECT add_stage_alias('fz', 'Straße', 'Strasse', locale => 'de');
SELECT add_stage_alias('fz', 'Awareness', 'Bewusstsein', locale => 'de');
SELECT retire_stage('fz', 'Trial');
SQL
start_before=$(psql_ -At -c "SELECT pg_postmaster_start_time()")

# ---- text input and typmod input, in SQL, for a bounded time
psql_ -At <<SQL >"$work/text.out"
CREATE FUNCTION pg_temp.mutate(s text) RETURNS text LANGUAGE plpgsql AS \$\$
DECLARE
	alphabet text[] := ARRAY[':', '#', '.', ' ', '0', '1', '9', '-', 'a', 'Z', 'é', 'ß', 'İ', 'ı',
		U&'\0301', U&'\00A0', U&'\3000', U&'\FEFF', U&'\200B', '認', 'Ｗ', '😀', '\\', '''', '"', E'\t',
		'281474976710655', '281474976710656', '32767', '32768', '99999999999999999999', 'fz', 'fz_tr', '%s'];
	n int := 1 + floor(random() * 4)::int;
	p int;
	c text;
BEGIN
	FOR k IN 1..n LOOP
		p := floor(random() * (length(s) + 1))::int;
		c := alphabet[1 + floor(random() * array_length(alphabet, 1))::int];
		CASE floor(random() * 6)::int
			WHEN 0 THEN s := left(s, p) || c || substr(s, p + 1);          -- insert
			WHEN 1 THEN s := left(s, p) || substr(s, p + 2);               -- delete
			WHEN 2 THEN s := left(s, p) || c || substr(s, p + 2);          -- replace
			WHEN 3 THEN s := s || substr(s, 1 + p);                        -- duplicate a tail
			WHEN 4 THEN s := left(s, p);                                   -- truncate
			ELSE s := repeat(c, floor(random() * 300)::int) || s;          -- long prefix
		END CASE;
	END LOOP;
	RETURN s;
END
\$\$;
CREATE FUNCTION pg_temp.fuzz_text(secs float8) RETURNS TABLE (outcome text, n bigint) LANGUAGE plpgsql AS \$\$
DECLARE
	seeds text[];
	s text;
	v journey_stage;
	back journey_stage;
	st text;
	stop timestamptz := clock_timestamp() + make_interval(secs => secs);
	counts jsonb := '{}';
	tm int;
BEGIN
	PERFORM setseed(0.4242);
	SELECT array_agg(x) INTO seeds FROM (
		SELECT stage::text AS x FROM cx_journey_stages
		UNION ALL SELECT 'fz:' || label FROM cx_journey_stages
		UNION ALL SELECT label FROM cx_journey_stages
		UNION ALL SELECT 'fz:bewusstsein' UNION ALL SELECT 'FZ : STRASSE '
		UNION ALL SELECT format('fz#%s.%s:Awareness', journey_id('fz'), 4294967296::bigint)
		UNION ALL SELECT '#1.1:' UNION ALL SELECT '' UNION ALL SELECT ':') t;
	WHILE clock_timestamp() < stop LOOP
		s := pg_temp.mutate(seeds[1 + floor(random() * array_length(seeds, 1))::int]);
		BEGIN
			IF random() < 0.2 THEN
				tm := CASE WHEN random() < 0.5 THEN journey_id('fz') ELSE journey_id('fz_tr') END;
				EXECUTE format('SELECT %L::journey_stage(%s)', s, tm) INTO v;
			ELSE
				v := s::journey_stage;
			END IF;
			-- an accepted value round-trips through text
			back := v::text::journey_stage;
			IF back IS DISTINCT FROM v THEN
				st := 'ROUNDTRIP ' || s;
			ELSE
				st := 'ok';
			END IF;
		EXCEPTION WHEN OTHERS THEN
			st := SQLSTATE;
			IF st NOT IN ('22P02', '22023', '54000') THEN
				st := st || ' ' || SQLERRM || ' <- ' || s;
			END IF;
		END;
		counts := jsonb_set(counts, ARRAY[st], to_jsonb(coalesce((counts ->> st)::bigint, 0) + 1));
	END LOOP;
	RETURN QUERY SELECT key, value::bigint FROM jsonb_each_text(counts) ORDER BY 1;
END
\$\$;
SELECT outcome || '=' || n FROM pg_temp.fuzz_text($secs);
-- typmod input: random names and numbers
CREATE FUNCTION pg_temp.fuzz_typmod() RETURNS TABLE (outcome text, n bigint) LANGUAGE plpgsql AS \$\$
DECLARE
	arg text;
	st text;
	counts jsonb := '{}';
BEGIN
	FOR i IN 1..500 LOOP
		arg := (ARRAY['fz', 'FZ', 'fz_tr', 'nope', '0', '1', '-1', '32767', '32768', '2147483648',
					  '"fz"', '''fz''', 'fz, fz', '1.5', '99999999999999999999'])[1 + floor(random() * 15)::int];
		BEGIN
			EXECUTE format('SELECT NULL::journey_stage(%s)', arg);
			st := 'ok';
		EXCEPTION WHEN OTHERS THEN
			st := SQLSTATE;
			IF st NOT IN ('22023', '42601', '22P02', '42704') THEN
				st := st || ' ' || SQLERRM || ' <- ' || arg;
			END IF;
		END;
		counts := jsonb_set(counts, ARRAY['typmod ' || st], to_jsonb(coalesce((counts ->> ('typmod ' || st))::bigint, 0) + 1));
	END LOOP;
	RETURN QUERY SELECT key, value::bigint FROM jsonb_each_text(counts) ORDER BY 1;
END
\$\$;
SELECT outcome || '=' || n FROM pg_temp.fuzz_typmod();
SQL
cat "$work/text.out"
total=$(awk -F= '{ s += $NF } END { print s + 0 }' "$work/text.out")
bad=$(grep -v -E '^(ok|22P02|22023|54000|typmod (ok|22023|42601|22P02|42704))=' "$work/text.out" || true)
[ -z "$bad" ] || { echo "FAIL: unexpected outcomes:"; echo "$bad"; exit 1; }
[ "$total" -gt 1000 ] || { echo "FAIL: only $total text inputs in ${secs}s"; exit 1; }
grep -q '^ok=' "$work/text.out" || { echo "FAIL: no input was accepted"; exit 1; }

# ---- binary receive: mutated and random payloads, one binary COPY each
psql_ -c "CREATE TABLE fz_bin (s journey_stage); CREATE TABLE fz_bin_t (s journey_stage(fz))"
psql_ -At -c "SELECT encode(journey_stage_send(stage), 'hex') FROM cx_journey_stages" >"$work/seeds.hex"
/usr/bin/python3 - "$work" "$nbin" <<'PY'
import os, random, struct, sys
work, n = sys.argv[1], int(sys.argv[2])
random.seed(4242)
seeds = [bytes.fromhex(l.strip()) for l in open(os.path.join(work, "seeds.hex")) if l.strip()]
def mutate(b):
    b = bytearray(b)
    for _ in range(random.randint(1, 4)):
        op = random.randrange(7)
        p = random.randrange(len(b) + 1)
        if op == 0 and b: b[min(p, len(b) - 1)] ^= 1 << random.randrange(8)
        elif op == 1: b[p:p] = bytes([random.randrange(256)])
        elif op == 2 and b: del b[min(p, len(b) - 1)]
        elif op == 3: b = b[:p]
        elif op == 4 and len(b) >= 5:   # a length field set to something odd
            q = random.choice([1, len(b) - 4 if len(b) > 8 else 1])
            b[q:q + 4] = struct.pack(">i", random.choice([-1, 0, 0x7fffffff, -2**31, len(b), 1000]))
        elif op == 5: b += os.urandom(random.randrange(8))
        else: b[0:1] = bytes([random.choice([0, 1, 2, 255])])
    return bytes(b)
script = open(os.path.join(work, "bin.sql"), "w")
script.write("\\set VERBOSITY sqlstate\n")
for i in range(n):
    r = random.random()
    if r < 0.05: payload = random.choice(seeds)
    elif r < 0.15: payload = os.urandom(random.randrange(40))
    else: payload = mutate(random.choice(seeds))
    f = os.path.join(work, "b%d.bin" % i)
    with open(f, "wb") as out:
        out.write(b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0))
        out.write(struct.pack(">hi", 1, len(payload)) + payload)
        out.write(struct.pack(">h", -1))
    table = "fz_bin_t" if i % 4 == 0 else "fz_bin"
    script.write("\\copy %s FROM '%s' WITH (FORMAT binary)\n" % (table, f))
script.write("SELECT 'alive';\n")
PY
"$B/psql" -X -q -At -f "$work/bin.sql" >"$work/bin.out" 2>"$work/bin.err" || true
grep -q '^alive$' "$work/bin.out" || { echo "FAIL: session did not survive the binary fuzz"; tail "$work/bin.err"; exit 1; }
sort "$work/bin.err" | sed -E 's/^psql:[^ ]* //' | sort | uniq -c | sort -rn >"$work/bin.summary"
cat "$work/bin.summary"
unexpected=$(grep -v -E 'ERROR:  (22P03|08P01|22021|22P02)$' "$work/bin.summary" || true)
[ -z "$unexpected" ] || { echo "FAIL: unexpected binary outcomes:"; echo "$unexpected"; exit 1; }
accepted=$(psql_ -At -c "SELECT count(*) FROM (SELECT s::text FROM fz_bin UNION ALL SELECT s::text FROM fz_bin_t) t")
echo "binary samples: $nbin, accepted: $accepted"
[ "$accepted" -gt 0 ] || { echo "FAIL: no binary sample accepted"; exit 1; }

# ---- no crash
start_after=$(psql_ -At -c "SELECT pg_postmaster_start_time()")
[ "$start_before" = "$start_after" ] || { echo "FAIL: the server restarted (a backend crashed)"; exit 1; }
if [ -r "$PGHOST/server.log" ] && grep -q "terminated by signal" "$PGHOST/server.log"; then
	echo "FAIL: server log shows a backend terminated by signal"; exit 1
fi
echo "journey fuzz: $total text/typmod inputs and $nbin binary samples, no crash"
