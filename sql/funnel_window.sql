-- window_funnel: the rules, one probe per edge case (expected values derived by
-- hand in the comments), input validation, fixed-arity and VARIADIC forms.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';

-- e(ts_seconds, label): a small event list per probe
CREATE FUNCTION pg_temp.t(n numeric) RETURNS timestamptz
	LANGUAGE sql IMMUTABLE AS $$ SELECT 'epoch'::timestamptz + n * interval '1 second' $$;

-- empty group: NULL (like max()); a group with rows but no step-1 event: 0
SELECT window_funnel('1 hour', ts, true, true) AS empty FROM (SELECT pg_temp.t(1) ts WHERE false) s;
SELECT window_funnel('1 hour', ts, e = 'a', e = 'b') AS no_start FROM (VALUES (pg_temp.t(1), 'b'), (pg_temp.t(2), 'c')) v(ts, e);
SELECT window_funnel('1 hour', ts, e = 'a', e = 'b') AS only_start FROM (VALUES (pg_temp.t(1), 'a')) v(ts, e);

-- repeated steps: a a b b c -> 3 (default), 2 with strict_deduplication (second b)
SELECT window_funnel('1 hour', ts, e = 'a', e = 'b', e = 'c') AS plain,
       window_funnel('1 hour', 'strict_deduplication', ts, e = 'a', e = 'b', e = 'c') AS dedup
FROM (VALUES (pg_temp.t(1),'a'),(pg_temp.t(2),'a'),(pg_temp.t(3),'b'),(pg_temp.t(4),'b'),(pg_temp.t(5),'c')) v(ts, e);

-- the same event twice (identical ts and step) is a repeat for strict_deduplication: a b b c -> plain 3, dedup 2
SELECT window_funnel('1 hour', ts, e = 'a', e = 'b', e = 'c') AS plain,
       window_funnel('1 hour', 'strict_deduplication', ts, e = 'a', e = 'b', e = 'c') AS dedup
FROM (VALUES (pg_temp.t(1),'a'),(pg_temp.t(2),'b'),(pg_temp.t(2),'b'),(pg_temp.t(3),'c')) v(ts, e);
-- ... with c at the same second as b, after them: a(1) b(2) b(2) c(2) -> plain 3, dedup 2
SELECT window_funnel('1 hour', ts, e = 'a', e = 'b', e = 'c') AS plain,
       window_funnel('1 hour', 'strict_deduplication', ts, e = 'a', e = 'b', e = 'c') AS dedup
FROM (VALUES (pg_temp.t(1),'a'),(pg_temp.t(2),'b'),(pg_temp.t(2),'b'),(pg_temp.t(2),'c')) v(ts, e);

-- one row matching several steps fills them all: a row that is step 1 and step 2 -> 2;
-- strict_increase needs strictly later timestamps -> 1; strict_once uses a row once -> 1
SELECT window_funnel('1 hour', ts, x > 0, x > 1) AS plain,
       window_funnel('1 hour', 'strict_increase', ts, x > 0, x > 1) AS increase,
       window_funnel('1 hour', 'strict_once', ts, x > 0, x > 1) AS once
FROM (VALUES (pg_temp.t(1), 5)) v(ts, x);
-- two different rows at the same second, one per step: plain 2, strict_once 2, strict_increase 1
SELECT window_funnel('1 hour', ts, e = 'a', e = 'b') AS plain,
       window_funnel('1 hour', 'strict_once', ts, e = 'a', e = 'b') AS once,
       window_funnel('1 hour', 'strict_increase', ts, e = 'a', e = 'b') AS increase
FROM (VALUES (pg_temp.t(1),'b'),(pg_temp.t(1),'a')) v(ts, e);
-- strict_once with a row matching steps 1 and 2, another row matching step 2 at the same second,
-- then step 3: the chain a(row1) b(row2) c -> 3
SELECT window_funnel('1 hour', 'strict_once', ts, e IN ('ab', 'a'), e IN ('ab', 'b'), e = 'c') AS once
FROM (VALUES (pg_temp.t(1),'ab'),(pg_temp.t(1),'b'),(pg_temp.t(2),'c')) v(ts, e);
-- ... without the second row the single row cannot be both 1 and 2 -> 1
SELECT window_funnel('1 hour', 'strict_once', ts, e IN ('ab', 'a'), e IN ('ab', 'b'), e = 'c') AS once
FROM (VALUES (pg_temp.t(1),'ab'),(pg_temp.t(2),'c')) v(ts, e);
-- the same step listed twice (a, a): strict_once needs two different a rows
SELECT window_funnel('1 hour', 'strict_once', ts, e = 'a', e = 'a') AS one_a,
       (SELECT window_funnel('1 hour', 'strict_once', ts, e = 'a', e = 'a')
        FROM (VALUES (pg_temp.t(1),'a'),(pg_temp.t(1),'a')) w(ts, e)) AS two_a_same_second
FROM (VALUES (pg_temp.t(1),'a')) v(ts, e);

-- equal timestamps: order is (ts, step).  b and a at the same second count as a then b -> 2;
-- the chain cannot go back in time: b(1) a(2) -> 1
SELECT window_funnel('1 hour', ts, e = 'a', e = 'b') AS same_second FROM (VALUES (pg_temp.t(5),'b'),(pg_temp.t(5),'a')) v(ts, e);
SELECT window_funnel('1 hour', ts, e = 'a', e = 'b') AS backwards FROM (VALUES (pg_temp.t(1),'b'),(pg_temp.t(2),'a')) v(ts, e);

-- rows between steps: ignored by default (a x b -> 2); strict_order stops at x (-> 1);
-- a row matching no step before the chain starts is harmless (x a b -> 2)
SELECT window_funnel('1 hour', ts, e = 'a', e = 'b') AS plain,
       window_funnel('1 hour', 'strict_order', ts, e = 'a', e = 'b') AS strict_order
FROM (VALUES (pg_temp.t(1),'a'),(pg_temp.t(2),'x'),(pg_temp.t(3),'b')) v(ts, e);
SELECT window_funnel('1 hour', 'strict_order', ts, e = 'a', e = 'b') AS x_first
FROM (VALUES (pg_temp.t(0),'x'),(pg_temp.t(1),'a'),(pg_temp.t(3),'b')) v(ts, e);
-- strict_order: an unrelated row at the same second as a step comes before it (x at 3 with b at 3 -> 1)
SELECT window_funnel('1 hour', 'strict_order', ts, e = 'a', e = 'b') AS x_same_second
FROM (VALUES (pg_temp.t(1),'a'),(pg_temp.t(3),'b'),(pg_temp.t(3),'x')) v(ts, e);
-- strict_order: a step whose predecessor is not reached stops (a c b -> 1), allow_reentry skips it (-> 3)
SELECT window_funnel('1 hour', 'strict_order', ts, e = 'a', e = 'b', e = 'c') AS strict_order,
       window_funnel('1 hour', 'strict_order,allow_reentry', ts, e = 'a', e = 'b', e = 'c') AS reentry
FROM (VALUES (pg_temp.t(1),'a'),(pg_temp.t(2),'c'),(pg_temp.t(3),'b'),(pg_temp.t(4),'c')) v(ts, e);

-- window boundary is inclusive: b exactly one hour after a counts, one microsecond more does not
SELECT window_funnel('1 hour', ts, e = 'a', e = 'b') AS at_boundary
FROM (VALUES (timestamptz '2026-01-01 00:00+00','a'),(timestamptz '2026-01-01 01:00+00','b')) v(ts, e);
SELECT window_funnel('1 hour', ts, e = 'a', e = 'b') AS past_boundary
FROM (VALUES (timestamptz '2026-01-01 00:00+00','a'),(timestamptz '2026-01-01 01:00:00.000001+00','b')) v(ts, e);
-- the window counts from the chain's first step, not per step: a(0) b(40m) c(70m) within 1 hour -> 2
SELECT window_funnel('1 hour', ts, e = 'a', e = 'b', e = 'c') AS from_start
FROM (VALUES (pg_temp.t(0),'a'),(pg_temp.t(2400),'b'),(pg_temp.t(4200),'c')) v(ts, e);
-- a later start can complete the chain: a(0) a(1800) b(2400) c(4200) -> 3
SELECT window_funnel('1 hour', ts, e = 'a', e = 'b', e = 'c') AS later_start
FROM (VALUES (pg_temp.t(0),'a'),(pg_temp.t(1800),'a'),(pg_temp.t(2400),'b'),(pg_temp.t(4200),'c')) v(ts, e);
-- zero window: only steps at the same instant
SELECT window_funnel('0 s', ts, e = 'a', e = 'b') AS zero_window
FROM (VALUES (pg_temp.t(1),'a'),(pg_temp.t(1),'b')) v(ts, e);
-- days are 24 hours; the window is a fixed duration whatever the time zone
SELECT window_funnel('1 day', ts, e = 'a', e = 'b') AS one_day
FROM (VALUES (timestamptz '2026-03-28 12:00+00','a'),(timestamptz '2026-03-29 12:00+00','b')) v(ts, e);

-- NULLs: a NULL condition is false; a NULL ts row is ignored; a NULL steps array matches nothing
SELECT window_funnel('1 hour', ts, e = 'a', e = 'b') AS null_cond
FROM (VALUES (pg_temp.t(1),'a'),(pg_temp.t(2),NULL)) v(ts, e);
SELECT window_funnel('1 hour', ts, e = 'a', e = 'b') AS null_ts
FROM (VALUES (pg_temp.t(1),'a'),(NULL,'b')) v(ts, e);
SELECT window_funnel('1 hour', ts, e = 'a', e = 'b') AS only_null_ts
FROM (VALUES (NULL::timestamptz,'a')) v(ts, e);
SELECT window_funnel('1 hour', ts, VARIADIC NULL::boolean[]) AS null_array FROM (VALUES (pg_temp.t(1))) v(ts);
SELECT window_funnel('1 hour', ts, VARIADIC CASE WHEN e = 'z' THEN NULL ELSE ARRAY[e = 'a', e = 'b'] END) AS some_null_arrays
FROM (VALUES (pg_temp.t(1),'a'),(pg_temp.t(2),'z'),(pg_temp.t(3),'b')) v(ts, e);
SELECT window_funnel('1 hour', 'strict_order', ts, VARIADIC CASE WHEN e = 'z' THEN NULL ELSE ARRAY[e = 'a', e = 'b'] END) AS null_array_breaks_strict_order
FROM (VALUES (pg_temp.t(1),'a'),(pg_temp.t(2),'z'),(pg_temp.t(3),'b')) v(ts, e);

-- more than 32 steps (and more than 64): 100 steps, one event each, in order -> 100; one missing -> its predecessor
SELECT window_funnel('1 day', pg_temp.t(i), VARIADIC (SELECT array_agg(i = j ORDER BY j) FROM generate_series(1, 100) j)) AS hundred
FROM generate_series(1, 100) i;
SELECT window_funnel('1 day', pg_temp.t(i), VARIADIC (SELECT array_agg(i = j ORDER BY j) FROM generate_series(1, 100) j)) AS gap_at_40
FROM generate_series(1, 100) i WHERE i <> 40;
SELECT window_funnel('1 day', 'strict_once', pg_temp.t(i), VARIADIC (SELECT array_agg(i = j ORDER BY j) FROM generate_series(1, 40) j)) AS forty_once
FROM generate_series(1, 40) i;

-- the fixed-arity forms (1..8 steps) and the VARIADIC form give the same answers
SELECT window_funnel('1 hour', ts, e = 'a', e = 'b', e = 'c') AS fixed,
       window_funnel('1 hour', ts, VARIADIC ARRAY[e = 'a', e = 'b', e = 'c']) AS variadic,
       window_funnel('1 hour', 'strict_order', ts, e = 'a', e = 'b', e = 'c') AS fixed_mode,
       window_funnel('1 hour', 'strict_order', ts, VARIADIC ARRAY[e = 'a', e = 'b', e = 'c']) AS variadic_mode
FROM (VALUES (pg_temp.t(1),'a'),(pg_temp.t(2),'x'),(pg_temp.t(3),'b'),(pg_temp.t(4),'c')) v(ts, e);
-- PostgreSQL picks the fixed-arity form when the number of steps matches one (1..8)
CREATE TEMP VIEW v_fixed AS SELECT window_funnel('1 hour', now(), true, false) FROM (VALUES (1)) v(x);
CREATE TEMP VIEW v_variadic AS SELECT window_funnel('1 hour', now(), true, false, true, false, true, false, true, false, true) FROM (VALUES (1)) v(x);
SELECT r.ev_class::regclass AS view, d.refobjid::regprocedure AS aggregate
FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
WHERE r.ev_class IN ('v_fixed'::regclass, 'v_variadic'::regclass) AND d.refclassid = 'pg_proc'::regclass
ORDER BY 1::text;

-- modes: spaces and repeats are fine, '' is the default
SELECT window_funnel('1 hour', ' strict_order ,strict_order, ', ts, e = 'a', e = 'b') AS spaced,
       window_funnel('1 hour', '', ts, e = 'a', e = 'b') AS empty_mode
FROM (VALUES (pg_temp.t(1),'a'),(pg_temp.t(2),'x'),(pg_temp.t(3),'b')) v(ts, e);

-- errors
SELECT window_funnel('1 hour', 'strict', now(), true);
SELECT window_funnel('1 hour', 'strict_ordr', now(), true);
SELECT window_funnel('1 hour', 'allow_reentry', now(), true);
SELECT window_funnel('1 hour', NULL, now(), true);
SELECT window_funnel('1 month', now(), true);
SELECT window_funnel('-1 hour', now(), true);
SELECT window_funnel(NULL, now(), true);
SELECT window_funnel('1 hour', now(), VARIADIC '{}'::boolean[]);
SELECT window_funnel(w, now(), true) FROM (VALUES (interval '1 hour'), (interval '2 hours')) v(w);
SELECT window_funnel('1 hour', m, now(), true) FROM (VALUES ('strict_order'), ('strict_once')) v(m);
-- the same window or mode spelt differently is the same
SELECT window_funnel(w, now(), true) AS same_window FROM (VALUES (interval '1 hour'), (interval '60 minutes')) v(w);
SELECT window_funnel('1 hour', m, now(), true) AS same_mode FROM (VALUES ('strict_order'), ('strict_order,')) v(m);
SELECT window_funnel('1 hour', now(), VARIADIC a) FROM (VALUES (ARRAY[true]), (ARRAY[true, false])) v(a);

-- the window and mode are checked on every row unless they are constants: a NULL after
-- the first row is an error; a parameter (generic plan) works like a constant.
-- wf_p: a(1) b(3601) b(3700): '1 hour' -> 2 (3600 s, inclusive); '59 minutes' -> 1
SELECT window_funnel(w, now(), true) FROM (VALUES (interval '1 hour'), (NULL)) v(w);
SELECT window_funnel('1 hour', m, now(), true) FROM (VALUES ('strict_order'), (NULL)) v(m);
PREPARE wf_p(interval, text) AS
SELECT window_funnel($1, $2, ts, e = 'a', e = 'b') AS prepared
FROM (VALUES (pg_temp.t(1),'a'),(pg_temp.t(3601),'b'),(pg_temp.t(3700),'b')) v(ts, e);
SET plan_cache_mode = force_generic_plan;
EXECUTE wf_p('1 hour', '');
EXECUTE wf_p('59 minutes', 'strict_order');
RESET plan_cache_mode;
DEALLOCATE wf_p;
-- as a window aggregate (the running level; the final function sees the state grow):
-- b(10) | a(20) -> 1 | b(30) -> 2 | c(4000): 3980 s after a -> 2 | c(40) -> 3
SELECT x, window_funnel('1 hour', ts, e = 'a', e = 'b', e = 'c') OVER (ORDER BY x) AS running
FROM (VALUES (1, pg_temp.t(10),'b'),(2, pg_temp.t(20),'a'),(3, pg_temp.t(30),'b'),(4, pg_temp.t(4000),'c'),(5, pg_temp.t(40),'c')) v(x, ts, e);
SELECT x, window_funnel(w, now(), true) OVER (ORDER BY x) FROM (VALUES (1, interval '1 hour'), (2, interval '2 hours')) v(x, w);
