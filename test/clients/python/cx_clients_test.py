"""cx_metrics through psycopg2: the demo's key queries, score_summary values in text
and binary (COPY ... FORMAT binary), and SQLSTATEs of errors.

Run by test/suites/clients_python.sh with PGHOST/PGPORT/PGUSER/PGDATABASE set and the
extension not yet created.  Every expected value is computed here in Python from the
rows this test inserts, independently of the extension.
"""
import io
import struct
import sys

import psycopg2
import psycopg2.errors
import psycopg2.extras

failures = []


def check(what, got, want):
    if got == want:
        print(f"ok   {what}")
    else:
        print(f"FAIL {what}: got {got!r}, want {want!r}")
        failures.append(what)


def check_close(what, got, want, tol=1e-9):
    ok = got is not None and want is not None and abs(got - want) <= tol
    if ok or (got is None and want is None):
        print(f"ok   {what}")
    else:
        print(f"FAIL {what}: got {got!r}, want {want!r}")
        failures.append(what)


def expect_sqlstate(conn, what, sql, args, sqlstate):
    cur = conn.cursor()
    try:
        cur.execute(sql, args)
        cur.fetchall()
        print(f"FAIL {what}: no error, want SQLSTATE {sqlstate}")
        failures.append(what)
    except psycopg2.Error as e:
        check(f"{what}: SQLSTATE", e.pgcode, sqlstate)
        return e
    finally:
        conn.rollback()


def nps_of(scores):
    s = [x for x in scores if x is not None]
    if not s:
        return None
    return 100.0 * (sum(1 for x in s if x >= 9) - sum(1 for x in s if x <= 6)) / len(s)


def copy_binary_out(cur, query):
    """Rows of a one-column COPY (query) TO STDOUT (FORMAT binary), as raw bytes."""
    buf = io.BytesIO()
    cur.copy_expert(f"COPY ({query}) TO STDOUT (FORMAT binary)", buf)
    data = buf.getvalue()
    assert data[:11] == b"PGCOPY\n\xff\r\n\0", "binary COPY signature"
    ext_len = struct.unpack("!I", data[15:19])[0]
    pos = 19 + ext_len
    rows = []
    while True:
        (nfields,) = struct.unpack("!h", data[pos:pos + 2])
        pos += 2
        if nfields == -1:
            break
        assert nfields == 1
        (length,) = struct.unpack("!i", data[pos:pos + 4])
        pos += 4
        rows.append(None if length < 0 else bytes(data[pos:pos + length]))
        pos += max(length, 0)
    return rows


def copy_binary_in(cur, table, values):
    """COPY table FROM STDIN (FORMAT binary) with one column of raw bytes."""
    out = io.BytesIO()
    out.write(b"PGCOPY\n\xff\r\n\0" + struct.pack("!II", 0, 0))
    for v in values:
        out.write(struct.pack("!h", 1) + struct.pack("!i", len(v)) + v)
    out.write(struct.pack("!h", -1))
    out.seek(0)
    cur.copy_expert(f"COPY {table} FROM STDIN (FORMAT binary)", out)


def main():
    conn = psycopg2.connect("")
    cur = conn.cursor()
    cur.execute("CREATE EXTENSION cx_metrics")
    conn.commit()

    # The demo's key query: NPS, CSAT and CES by segment, through bound parameters.
    regions = ["EMEA", "APAC", "North America"]
    rows = []
    for i in range(3000):
        score = None if i % 17 == 0 else (i * 7 + i // 11) % 11
        rating = None if i % 13 == 0 else 1 + (i * 3) % 5
        effort = 1 + (i * 5) % 7
        rows.append((regions[i % 3], score, rating, effort, float(100 + i % 50)))
    cur.execute("CREATE TABLE responses (region text, score int, rating int, effort int, revenue float8)")
    psycopg2.extras.execute_values(cur, "INSERT INTO responses VALUES %s", rows)
    conn.commit()

    cur.execute("""SELECT region, nps(score), csat(rating), ces(effort), nps_weighted(score, revenue)
                   FROM responses GROUP BY region ORDER BY region""")
    got = cur.fetchall()
    check("nps by region: groups", [r[0] for r in got], sorted(regions))
    for region, nps, csat, ces, nps_w in got:
        sel = [r for r in rows if r[0] == region]
        check_close(f"nps({region})", nps, nps_of([r[1] for r in sel]))
        ratings = [r[2] for r in sel if r[2] is not None]
        check_close(f"csat({region})", csat, 100.0 * sum(1 for x in ratings if x >= 4) / len(ratings))
        check_close(f"ces({region})", ces, sum(r[3] for r in sel) / len(sel))
        answered = [r for r in sel if r[1] is not None]
        tw = sum(r[4] for r in answered)
        want_w = 100.0 * (sum(r[4] for r in answered if r[1] >= 9) - sum(r[4] for r in answered if r[1] <= 6)) / tw
        check_close(f"nps_weighted({region})", nps_w, want_w, 1e-9)
        check(f"nps({region}) is a float", type(nps), float)

    cur.execute("SELECT nps(score) FROM responses WHERE false")
    check("nps of no rows is NULL (None)", cur.fetchone()[0], None)
    cur.execute("""SELECT c::text, n FROM (SELECT nps_category(s) AS c, count(*) AS n
                   FROM generate_series(0, 10) s GROUP BY 1) q ORDER BY c""")
    check("nps_category groups in enum order", cur.fetchall(), [("detractor", 7), ("passive", 2), ("promoter", 2)])
    cur.execute("SELECT nps_category(%s)", (9,))
    check("nps_category from a bound parameter", cur.fetchone()[0], "promoter")

    # Summary aggregates, as materialized views store them: one summary per region read
    # as text, written back through parameters, rolled up exactly, and read as jsonb.
    cur.execute("SELECT region, nps_agg(score), nps_agg(score, revenue) FROM responses GROUP BY region ORDER BY region")
    per_region = cur.fetchall()
    cur.execute("CREATE TABLE region_summaries (region text, s score_summary, sw score_summary)")
    psycopg2.extras.execute_values(cur, "INSERT INTO region_summaries VALUES %s", per_region)
    cur.execute("SELECT nps(rollup(s)), n(rollup(s)), nps(rollup(sw)) FROM region_summaries")
    got_all, got_n, got_w = cur.fetchone()
    answered = [r for r in rows if r[1] is not None]
    check_close("nps(rollup) of summaries written back as text", got_all, nps_of([r[1] for r in rows]))
    check("n(rollup) of summaries written back as text", got_n, len(answered))
    tw = sum(r[4] for r in answered)
    want_w = 100.0 * (sum(r[4] for r in answered if r[1] >= 9) - sum(r[4] for r in answered if r[1] <= 6)) / tw
    check_close("weighted nps(rollup) after a text round trip", got_w, want_w)
    cur.execute("SELECT s::jsonb FROM region_summaries ORDER BY region LIMIT 1")
    doc = cur.fetchone()[0]
    first = [r for r in rows if r[0] == per_region[0][0]]
    check("score_summary::jsonb arrives as a dict", isinstance(doc, dict), True)
    check("jsonb n", doc.get("n"), sum(1 for r in first if r[1] is not None))
    check("jsonb skipped", doc.get("skipped"), sum(1 for r in first if r[1] is None))
    conn.commit()

    # score_summary in text: read, write back through a parameter, read again.
    texts = [
        "v1 scale=0..10 skipped=2 n=3,0,0,0,0,1,0,0,0,10,4",
        "v1 scale=1..5 weighted skipped=0 n=1,0,0,2,1 w=2.5,0,0,3,1 w2=6.25,0,0,5,1",
        "v1 scale=1..7 weighted skipped=1 n=0,0,1,0,0,0,2 w=0,0,0.1,0,0,0,0.30000000000000004 w2=0,0,0.010000000000000002,0,0,0,0.05000000000000001",
    ]
    cur.execute("CREATE TABLE summaries (id serial, s score_summary)")
    for t in texts:
        cur.execute("SELECT %s::score_summary", (t,))
        got_text = cur.fetchone()[0]
        check(f"text round trip: {t[:30]}...", got_text, t)
        cur.execute("INSERT INTO summaries (s) VALUES (%s) RETURNING s::text", (got_text,))
        check("text written back through a parameter", cur.fetchone()[0], t)
    cur.execute("SELECT nps(%s::score_summary), n(%s::score_summary), skipped(%s::score_summary)",
                (texts[0],) * 3)
    check("accessors of a bound summary", cur.fetchone(), (100.0 * (14 - 4) / 18, 18, 2))
    conn.commit()

    # score_summary in binary: COPY out in binary equals score_summary_send, and COPY
    # in binary (score_summary_recv) gives the same values back.
    cur.execute("SELECT score_summary_send(s) FROM summaries ORDER BY id")
    sent = [bytes(r[0]) for r in cur.fetchall()]
    copied = copy_binary_out(cur, "SELECT s FROM summaries ORDER BY id")
    check("binary COPY out equals score_summary_send", copied, sent)
    cur.execute("CREATE TABLE summaries_in (s score_summary)")
    copy_binary_in(cur, "summaries_in", copied)
    cur.execute("SELECT s::text FROM summaries_in")
    check("binary COPY in (score_summary_recv) round trip", sorted(r[0] for r in cur.fetchall()), sorted(texts))
    conn.commit()
    bad = bytearray(copied[0])
    bad[0] = 99                       # unknown version byte
    try:
        copy_binary_in(cur, "summaries_in", [bytes(bad)])
        print("FAIL corrupt binary summary accepted")
        failures.append("corrupt binary")
    except psycopg2.Error as e:
        check("corrupt binary summary: SQLSTATE 22P03", e.pgcode, "22P03")
    conn.rollback()

    # journey_stage: labels matched loosely on the way in, canonical text out, journey
    # order in ORDER BY, binary COPY out and in (journey_stage_send/recv).
    cur.execute("SELECT define_journey('clients', ARRAY['Visit', 'Sign-up', 'Purchase'])")
    cur.execute("CREATE TABLE steps (id int, stage journey_stage(clients))")
    for i, label in enumerate(["purchase", "VISIT", " sign-up ", "clients:Purchase"]):
        cur.execute("INSERT INTO steps VALUES (%s, %s)", (i, label))
    cur.execute("SELECT stage FROM steps ORDER BY stage, id")
    want = ["clients:Visit", "clients:Sign-up", "clients:Purchase", "clients:Purchase"]
    check("journey_stage text out, journey order", [r[0] for r in cur.fetchall()], want)
    cur.execute("SELECT count(*) FROM steps WHERE stage >= %s", ("clients:Sign-up",))
    check("journey_stage comparison with a bound parameter", cur.fetchone()[0], 3)
    cur.execute("SELECT journey_stage_send(stage) FROM steps ORDER BY id")
    sent = [bytes(r[0]) for r in cur.fetchall()]
    copied = copy_binary_out(cur, "SELECT stage FROM steps ORDER BY id")
    check("journey_stage binary COPY out equals journey_stage_send", copied, sent)
    cur.execute("CREATE TABLE steps_in (stage journey_stage(clients))")
    copy_binary_in(cur, "steps_in", copied)
    cur.execute("SELECT s.stage::text FROM steps_in s ORDER BY s.stage")
    check("journey_stage binary COPY in round trip", [r[0] for r in cur.fetchall()], want)
    conn.commit()
    expect_sqlstate(conn, "unknown stage", "SELECT %s::journey_stage", ("clients:Nope",), "22P02")

    # Errors arrive with their SQLSTATE, message and hint.
    e = expect_sqlstate(conn, "nps(11)", "SELECT nps(x) FROM (VALUES (10), (%s)) v(x)", (11,), "22003")
    if e is not None:
        check("nps(11): message names the value", "11" in e.diag.message_primary, True)
        check("nps(11): hint shows the FILTER fix", "FILTER" in (e.diag.message_hint or ""), True)
    expect_sqlstate(conn, "nps(7.5)", "SELECT nps(x) FROM (VALUES (%s::numeric)) v(x)", ("7.5",), "22003")
    expect_sqlstate(conn, "negative weight", "SELECT nps_weighted(9, %s)", (-1.0,), "22023")
    expect_sqlstate(conn, "unreadable summary", "SELECT %s::score_summary", ("v1 scale=0..10 nonsense",), "22P02")
    cur.execute("SELECT 1")
    check("connection usable after errors", cur.fetchone()[0], 1)

    conn.close()
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
