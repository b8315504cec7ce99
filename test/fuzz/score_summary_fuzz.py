"""Bounded-time fuzz of score_summary text input and binary receive.

Feeds mutated valid summaries and random strings/bytes to a real server. Every input
must either be accepted (and then round-trip exactly through text) or be rejected
with 22P02 (text) / 22P03 (binary). Anything else, and above all a lost connection
(a crashed backend), is a failure.  Usage: score_summary_fuzz.py SECONDS SEED
"""
import io
import random
import struct
import sys
import time

import psycopg2

seconds, seed = float(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
conn = psycopg2.connect("")
conn.autocommit = True
cur = conn.cursor()
cur.execute("CREATE EXTENSION IF NOT EXISTS cx_metrics")
cur.execute("CREATE TEMP TABLE sink (s score_summary)")

seeds_text = [
    "v1 scale=0..10 skipped=2 n=3,0,0,0,0,1,0,0,0,10,4",
    "v1 scale=1..5 weighted skipped=0 n=1,0,0,2,1 w=2.5,0,0,3,1 w2=6.25,0,0,5,1",
    "v1 scale=-3..3 skipped=9223372036854775800 n=0,0,0,0,0,0,7",
    "v1 scale=0..1 weighted skipped=1 n=1,1 w=1e-300,1.7976931348623157e308 w2=1e-300,1",
]
alphabet = "v1 scale=..,-+0123456789weightdskipn.eE\x00\t" + "\u00e9"


def mutate_text(s):
    s = list(s)
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        pos = rng.randrange(len(s) + 1)
        if op < 0.35 and s:
            del s[min(pos, len(s) - 1)]
        elif op < 0.7:
            s.insert(pos, rng.choice(alphabet))
        elif s:
            s[min(pos, len(s) - 1)] = rng.choice(alphabet)
    return "".join(s).replace("\x00", "")


def binary_of(text):
    buf = io.BytesIO()
    cur.copy_expert("COPY (SELECT %s::score_summary) TO STDOUT (FORMAT binary)" % psycopg2.extensions.adapt(text).getquoted().decode(), buf)
    data = buf.getvalue()
    # header (19 bytes), tuple field count (2), field length (4), field, trailer (2)
    (length,) = struct.unpack("!i", data[21:25])
    return data[25:25 + length]


seeds_bin = [binary_of(t) for t in seeds_text]


def copy_binary(field):
    payload = b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0)
    payload += struct.pack("!hi", 1, len(field)) + field + struct.pack("!h", -1)
    cur.copy_expert("COPY sink FROM STDIN (FORMAT binary)", io.BytesIO(payload))


def mutate_bytes(b):
    b = bytearray(b)
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        if op < 0.3 and b:
            del b[rng.randrange(len(b))]
        elif op < 0.5:
            b.insert(rng.randrange(len(b) + 1), rng.randrange(256))
        elif b:
            i = rng.randrange(len(b))
            b[i] = rng.choice([0, 1, 0x7F, 0x80, 0xFF, rng.randrange(256)])
    return bytes(b)


counts = {"text_ok": 0, "text_rejected": 0, "bin_ok": 0, "bin_rejected": 0}
deadline = time.time() + seconds
while time.time() < deadline:
    if rng.random() < 0.5:
        s = mutate_text(rng.choice(seeds_text)) if rng.random() < 0.9 else "".join(
            rng.choice(alphabet) for _ in range(rng.randint(0, 60))).replace("\x00", "")
        try:
            cur.execute("SELECT %s::score_summary::text", (s,))
            out = cur.fetchone()[0]
            cur.execute("SELECT %s::score_summary::text = %s", (out, out))
            if cur.fetchone()[0] is not True:
                sys.exit("text round trip failed for %r" % s)
            counts["text_ok"] += 1
        except psycopg2.Error as e:
            if e.pgcode != "22P02":
                sys.exit("text input %r gave %s: %s" % (s, e.pgcode, e))
            counts["text_rejected"] += 1
    else:
        b = mutate_bytes(rng.choice(seeds_bin)) if rng.random() < 0.9 else bytes(
            rng.randrange(256) for _ in range(rng.randint(0, 120)))
        try:
            copy_binary(b)
            counts["bin_ok"] += 1
        except psycopg2.Error as e:
            if e.pgcode not in ("22P03", "22P02"):
                sys.exit("binary input %r gave %s: %s" % (b, e.pgcode, e))
            counts["bin_rejected"] += 1

cur.execute("SELECT count(*) FROM sink WHERE s::text::score_summary <> s")
bad = cur.fetchone()[0]
if bad:
    sys.exit("%d received summaries do not round-trip through text" % bad)
print("fuzz ok:", counts)
