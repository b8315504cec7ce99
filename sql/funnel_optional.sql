-- journey_funnel with optional and retired stages (the catalog's "optional" flag).
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/test/sql/expect_error.sql

SELECT define_journey('fo_shop', ARRAY['Visit', 'Browse', 'Cart', 'Checkout', 'Purchase'], locale => 'en') > 0 AS defined;

CREATE TABLE fo (customer int, at timestamptz, stage journey_stage);
INSERT INTO fo VALUES
	-- 1: Cart, Purchase
	(1, '2026-01-01 09:00+00', 'fo_shop:Cart'), (1, '2026-01-01 10:00+00', 'fo_shop:Purchase'),
	-- 2: Visit, Purchase (Cart is required and missing)
	(2, '2026-01-01 09:00+00', 'fo_shop:Visit'), (2, '2026-01-01 10:00+00', 'fo_shop:Purchase'),
	-- 3: the whole way
	(3, '2026-01-01 09:00+00', 'fo_shop:Visit'), (3, '2026-01-01 09:30+00', 'fo_shop:Browse'),
	(3, '2026-01-01 10:00+00', 'fo_shop:Cart'), (3, '2026-01-01 11:00+00', 'fo_shop:Checkout'),
	(3, '2026-01-01 12:00+00', 'fo_shop:Purchase'),
	-- 4: two visits before browsing: the chain starts at the earlier one
	(4, '2026-01-01 08:00+00', 'fo_shop:Visit'), (4, '2026-01-01 09:00+00', 'fo_shop:Visit'),
	(4, '2026-01-01 09:30+00', 'fo_shop:Browse'), (4, '2026-01-01 10:00+00', 'fo_shop:Cart'),
	(4, '2026-01-01 11:00+00', 'fo_shop:Purchase'),
	-- 5: the visit is more than a day before the purchase: the chain starts at Cart
	(5, '2026-01-01 08:00+00', 'fo_shop:Visit'), (5, '2026-01-01 10:00+00', 'fo_shop:Cart'),
	(5, '2026-01-02 09:00+00', 'fo_shop:Purchase'),
	-- 6: two carts with purchases: the later entry wins
	(6, '2026-01-01 09:00+00', 'fo_shop:Cart'), (6, '2026-01-01 10:00+00', 'fo_shop:Purchase'),
	(6, '2026-01-01 12:00+00', 'fo_shop:Cart'), (6, '2026-01-01 13:00+00', 'fo_shop:Purchase'),
	-- 7: Checkout on the way, Purchase twice: first reach of each stage
	(7, '2026-01-01 09:00+00', 'fo_shop:Cart'), (7, '2026-01-01 10:00+00', 'fo_shop:Checkout'),
	(7, '2026-01-01 11:00+00', 'fo_shop:Purchase'), (7, '2026-01-01 12:00+00', 'fo_shop:Purchase'),
	-- 8: Checkout after Purchase is not on the way (a regression)
	(8, '2026-01-01 09:00+00', 'fo_shop:Cart'), (8, '2026-01-01 10:00+00', 'fo_shop:Purchase'),
	(8, '2026-01-01 11:00+00', 'fo_shop:Checkout'),
	-- 9: Browse only
	(9, '2026-01-01 09:00+00', 'fo_shop:Browse'),
	-- 10: Visit, Browse
	(10, '2026-01-01 09:00+00', 'fo_shop:Visit'), (10, '2026-01-01 10:00+00', 'fo_shop:Browse'),
	-- 11: Visit, Browse, Checkout, Purchase without Cart
	(11, '2026-01-01 09:00+00', 'fo_shop:Visit'), (11, '2026-01-01 10:00+00', 'fo_shop:Browse'),
	(11, '2026-01-01 11:00+00', 'fo_shop:Checkout'), (11, '2026-01-01 12:00+00', 'fo_shop:Purchase'),
	-- 12: Browse and Cart at one instant (stage order), Purchase
	(12, '2026-01-01 09:00+00', 'fo_shop:Cart'), (12, '2026-01-01 09:00+00', 'fo_shop:Browse'),
	(12, '2026-01-01 10:00+00', 'fo_shop:Purchase'),
	-- 13: Checkout twice on the way: its first reach counts
	(13, '2026-01-01 09:00+00', 'fo_shop:Cart'), (13, '2026-01-01 10:00+00', 'fo_shop:Checkout'),
	(13, '2026-01-01 10:30+00', 'fo_shop:Checkout'), (13, '2026-01-01 11:00+00', 'fo_shop:Purchase');

-- before any stage is optional: window_funnel's default mode
SELECT customer, (f).level, (f).reached_at, (f).skipped
FROM (SELECT customer, journey_funnel(stage, at, '1 day') AS f FROM fo GROUP BY customer) s
ORDER BY customer;

-- the catalog flag
SELECT set_stage_optional('fo_shop', 'visit') AS visit, set_stage_optional('fo_shop', 'BROWSE') AS browse,
       set_stage_optional('fo_shop', 'Checkout', true) AS checkout;
SELECT label, optional, retired FROM cx_journey_stages WHERE journey = 'fo_shop' ORDER BY ordinal;
SELECT is_optional('fo_shop:Visit') AS visit, is_optional('fo_shop:Cart') AS cart;
SELECT set_stage_optional('fo_shop', 'Cart') AS cart, is_optional('fo_shop:Cart') AS now_optional;
SELECT set_stage_optional('fo_shop', 'Cart', false) AS cart, is_optional('fo_shop:Cart') AS now_optional;
SELECT pg_temp.expect_error($$SELECT set_stage_optional('fo_shop', 'Cart', NULL)$$);
SELECT pg_temp.expect_error($$SELECT set_stage_optional(NULL, 'Cart')$$);
SELECT pg_temp.expect_error($$SELECT set_stage_optional('fo_nope', 'Cart')$$);
SELECT pg_temp.expect_error($$SELECT set_stage_optional('fo_shop', 'Basket')$$);
-- NULL in, NULL out; a value whose ids are not in the catalog is an error
SELECT is_optional(NULL) IS NULL AS null_in_null_out;
SELECT pg_temp.expect_error($$SELECT is_optional(journey_stage_from_ids(32000, 1))$$);
-- idempotent: setting a flag twice changes nothing more
SELECT set_stage_optional('fo_shop', 'Cart', false) AS cart, set_stage_optional('fo_shop', 'Cart', false) AS again,
       is_optional('fo_shop:Cart') AS now_optional;

-- Visit, Browse and Checkout optional
SELECT customer, (f).reached, (f).level, (f).reached_at, (f).skipped, (f).regressions,
       time_to(f, 'fo_shop:Purchase') AS to_purchase, reached_at(f, 'fo_shop:Checkout') AS checkout_at
FROM (SELECT customer, journey_funnel(stage, at, '1 day') AS f FROM fo GROUP BY customer) s
ORDER BY customer;

-- row order and parallel plans still do not matter
SELECT count(*) FILTER (WHERE a IS DISTINCT FROM b) AS differ
FROM (SELECT customer, journey_funnel(stage, at, '1 day' ORDER BY at DESC, stage DESC) AS a,
             journey_funnel(stage, at, '1 day' ORDER BY at, stage) AS b FROM fo GROUP BY customer) s;

-- a retired stage may be passed over like an optional one
SELECT define_journey('fo_ret', ARRAY['A', 'B', 'C']) > 0 AS defined;
CREATE TABLE fo_r (customer int, at timestamptz, stage journey_stage);
INSERT INTO fo_r VALUES (1, '2026-01-01 09:00+00', 'fo_ret:A'), (1, '2026-01-01 10:00+00', 'fo_ret:C'),
	(2, '2026-01-01 09:00+00', 'fo_ret:A'), (2, '2026-01-01 09:30+00', 'fo_ret:B'), (2, '2026-01-01 10:00+00', 'fo_ret:C');
SELECT customer, (f).level, (f).reached_at, (f).skipped
FROM (SELECT customer, journey_funnel(stage, at, '1 day') AS f FROM fo_r GROUP BY customer) s ORDER BY customer;
SELECT retire_stage('fo_ret', 'B') AS retired;
SELECT customer, (f).level, (f).reached_at, (f).skipped
FROM (SELECT customer, journey_funnel(stage, at, '1 day') AS f FROM fo_r GROUP BY customer) s ORDER BY customer;

-- groups of two journeys, alternating, in one query: the same results as one journey at a time
SET enable_hashagg = off;
WITH mixed AS (
	SELECT customer, journey(stage) AS j, journey_funnel(stage, at, '1 day') AS f
	FROM (SELECT * FROM fo UNION ALL SELECT * FROM fo_r) u GROUP BY customer, journey(stage)),
separate AS (
	SELECT customer, 'fo_shop' AS j, journey_funnel(stage, at, '1 day') AS f FROM fo GROUP BY customer
	UNION ALL
	SELECT customer, 'fo_ret', journey_funnel(stage, at, '1 day') FROM fo_r GROUP BY customer)
SELECT count(*) AS groups, count(*) FILTER (WHERE m.f IS DISTINCT FROM s.f) AS differ
FROM mixed m JOIN separate s USING (customer, j);
RESET enable_hashagg;

-- Generated data against a brute force: every chain of events at increasing stages
-- (non-decreasing times), within 12 hours of its first event, that passes over no
-- required stage and starts with no required stage before it.  The level is the highest
-- stage of any chain; the reported chain must be one of them, and its entry (the event
-- at the first required stage) the latest start of any chain reaching that level.
CREATE TABLE fo_gen AS
SELECT i / 10 AS customer,
       timestamptz '2026-01-01' + (abs(hashint4(i)) % 192) * interval '15 min' AS at,
       (ARRAY['fo_shop:Visit', 'fo_shop:Browse', 'fo_shop:Cart', 'fo_shop:Checkout', 'fo_shop:Purchase']::journey_stage[])[1 + abs(hashint4(i + 5)) % 5] AS stage
FROM generate_series(0, 3999) i;

CREATE FUNCTION pg_temp.fo_check() RETURNS TABLE (customers bigint, level_differs bigint, invalid_chains bigint,
                                                   entry_not_latest bigint, levels text)
LANGUAGE sql AS $$
WITH RECURSIVE st AS (
	SELECT ordinal AS ord, optional OR retired AS skip FROM cx_journey_stages WHERE journey = 'fo_shop'),
ev AS (SELECT customer, at, ordinal(stage) AS ord FROM fo_gen),
chain AS (
	SELECT e.customer, e.at AS start, e.at AS last_at, e.ord
	FROM ev e WHERE NOT EXISTS (SELECT 1 FROM st WHERE st.ord < e.ord AND NOT st.skip)
	UNION
	SELECT c.customer, c.start, e.at, e.ord
	FROM chain c JOIN ev e ON e.customer = c.customer AND e.ord > c.ord AND e.at >= c.last_at
	                          AND e.at <= c.start + interval '12 hours'
	WHERE NOT EXISTS (SELECT 1 FROM st WHERE st.ord > c.ord AND st.ord < e.ord AND NOT st.skip)),
brute AS (
	SELECT customer, max(ord) AS level FROM chain GROUP BY customer),
latest AS (
	SELECT c.customer, max(c.start) AS start FROM chain c JOIN brute b USING (customer)
	WHERE c.ord = b.level GROUP BY c.customer),
ours AS (
	SELECT customer, journey_funnel(stage, at, '12 hours') AS f FROM fo_gen GROUP BY customer),
firstreq AS (SELECT min(ord) AS ord FROM st WHERE NOT skip),
checked AS (
	SELECT o.customer, (o.f).level AS level, coalesce(b.level, 0) AS brute_level,
	       (o.f).level = 0 OR (
	           (o.f).reached_at[(o.f).level] IS NOT NULL
	           -- no required stage below the level is missing
	           AND NOT EXISTS (SELECT 1 FROM unnest((o.f).reached_at) WITH ORDINALITY u(t, k) JOIN st ON st.ord = u.k
	                           WHERE u.t IS NULL AND NOT st.skip)
	           -- within the window of the first event
	           AND (SELECT max(t) - min(t) FROM unnest((o.f).reached_at) t) <= interval '12 hours'
	           -- times never decrease along the stages
	           AND NOT EXISTS (SELECT 1 FROM unnest((o.f).reached_at) WITH ORDINALITY a(t, k),
	                                        unnest((o.f).reached_at) WITH ORDINALITY b(t, k)
	                           WHERE a.k < b.k AND a.t > b.t)
	           -- every time is an event of the customer at that stage
	           AND NOT EXISTS (SELECT 1 FROM unnest((o.f).reached_at) WITH ORDINALITY u(t, k)
	                           WHERE u.t IS NOT NULL AND NOT EXISTS (
	                               SELECT 1 FROM ev WHERE ev.customer = o.customer AND ev.at = u.t AND ev.ord = u.k))
	       ) AS valid,
	       (o.f).level < (SELECT ord FROM firstreq) OR (o.f).reached_at[(SELECT ord FROM firstreq)] = l.start AS entry_ok
	FROM ours o LEFT JOIN brute b USING (customer) LEFT JOIN latest l USING (customer))
SELECT count(*), count(*) FILTER (WHERE level <> brute_level), count(*) FILTER (WHERE NOT valid),
       count(*) FILTER (WHERE NOT entry_ok),
       (SELECT string_agg(level || ':' || n, ' ' ORDER BY level) FROM (SELECT level, count(*) n FROM checked GROUP BY level) x)
FROM checked
$$;

-- Visit, Browse and Checkout optional
SELECT * FROM pg_temp.fo_check();
-- Cart optional too (nothing required before Purchase)
SELECT set_stage_optional('fo_shop', 'Cart') IS NOT NULL AS set;
SELECT * FROM pg_temp.fo_check();
-- nothing optional: the same as window_funnel
SELECT set_stage_optional('fo_shop', 'Visit', false) IS NOT NULL AS set,
       set_stage_optional('fo_shop', 'Browse', false) IS NOT NULL AS set2,
       set_stage_optional('fo_shop', 'Cart', false) IS NOT NULL AS set3,
       set_stage_optional('fo_shop', 'Checkout', false) IS NOT NULL AS set4;
SELECT * FROM pg_temp.fo_check();
SELECT count(*) AS customers,
       count(*) FILTER (WHERE (journey_funnel).level <> window_funnel) AS differ
FROM (SELECT customer, journey_funnel(stage, at, '12 hours'),
             window_funnel('12 hours', at, ordinal(stage) = 1, ordinal(stage) = 2, ordinal(stage) = 3,
                           ordinal(stage) = 4, ordinal(stage) = 5)
      FROM fo_gen GROUP BY customer) s;
-- Visit required again, Cart optional, Checkout retired (and no longer optional)
SELECT set_stage_optional('fo_shop', 'Cart') IS NOT NULL AS set,
       retire_stage('fo_shop', 'Checkout') IS NOT NULL AS retired;
SELECT * FROM pg_temp.fo_check();
