-- window_funnel and retention against ClickHouse's documented example and the
-- vectors of its test 00632_aggregation_window_funnel (answers from its .reference
-- file, written here as the "clickhouse" column).  ClickHouse timestamps in
-- seconds become 'epoch' + n seconds; its window in seconds becomes an interval.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';

CREATE FUNCTION pg_temp.t(n numeric) RETURNS timestamptz
	LANGUAGE sql IMMUTABLE AS $$ SELECT 'epoch'::timestamptz + n * interval '1 second' $$;

-- Documentation example: how far user 1 got through login -> order -> search -> reorder.
CREATE TABLE trend (event_date date, user_id int, ts timestamptz, event_id int, product text);
INSERT INTO trend VALUES
	('2019-01-28', 1, '2019-01-29 10:00:00+00', 1003, 'phone'),
	('2019-01-31', 1, '2019-01-31 09:00:00+00', 1007, 'phone'),
	('2019-01-30', 1, '2019-01-30 08:00:00+00', 1009, 'phone'),
	('2019-02-01', 1, '2019-02-01 08:00:00+00', 1010, 'phone');
SELECT level, count(*) AS c
FROM (SELECT user_id,
             window_funnel('70000000 days', ts, event_id = 1003, event_id = 1009, event_id = 1007, event_id = 1010) AS level
      FROM trend WHERE event_date BETWEEN '2019-01-01' AND '2019-02-02' GROUP BY user_id) s
GROUP BY level ORDER BY level;  -- clickhouse: level 4, c 1

-- funnel_test: one event per second 0..8
CREATE TABLE funnel_test (ts timestamptz, event int);
INSERT INTO funnel_test SELECT pg_temp.t(i), 1000 + i FROM generate_series(0, 8) i;
SELECT 1 = window_funnel('10000 s', ts, event = 1000) AS t1,
       2 = window_funnel('10000 s', ts, event = 1000, event = 1001) AS t2,
       3 = window_funnel('10000 s', ts, event = 1000, event = 1001, event = 1002) AS t3,
       4 = window_funnel('10000 s', ts, event = 1000, event = 1001, event = 1002, event = 1008) AS t4,
       1 = window_funnel('1 s', ts, event = 1000) AS t5,
       3 = window_funnel('2 s', ts, event = 1003, event = 1004, event = 1005, event = 1006, event = 1007) AS t6,
       4 = window_funnel('3 s', ts, event = 1003, event = 1004, event = 1005, event = 1006, event = 1007) AS t7,
       5 = window_funnel('4 s', ts, event = 1003, event = 1004, event = 1005, event = 1006, event = 1007) AS t8
FROM funnel_test;

-- funnel_test2: DateTime seconds 01:01:01 .. 01:01:08
CREATE TABLE funnel_test2 (ts timestamptz, event int);
INSERT INTO funnel_test2 SELECT timestamptz '2018-01-01 01:01:00+00' + i * interval '1 s', 1000 + i FROM generate_series(1, 8) i;
SELECT 5 = window_funnel('4 s', ts, event = 1003, event = 1004, event = 1005, event = 1006, event = 1007) AS t1,
       2 = window_funnel('10000 s', ts, event = 1001, event = 1008) AS t2,
       1 = window_funnel('10000 s', ts, event = 1008, event = 1001) AS t3,
       4 = window_funnel('4 s', ts, event <= 1007, event >= 1002, event <= 1006, event >= 1004) AS t4
FROM funnel_test2;

-- funnel_test_strict: 1005 twice
CREATE TABLE funnel_test_strict (ts timestamptz, event int);
INSERT INTO funnel_test_strict SELECT pg_temp.t(t), e FROM (VALUES (0,1000),(10,1001),(20,1002),(30,1003),(40,1004),(50,1005),(51,1005),(60,1006),(70,1007),(80,1008)) v(t, e);
SELECT 6 = window_funnel('10000 s', 'strict_deduplication', ts, event = 1000, event = 1001, event = 1002, event = 1003, event = 1004, event = 1005, event = 1006) AS dedup,
       7 = window_funnel('10000 s', ts, event = 1000, event = 1001, event = 1002, event = 1003, event = 1004, event = 1005, event = 1006) AS plain
FROM funnel_test_strict;

-- funnel_test_strict_order: six users
CREATE TABLE so (dt timestamptz, u int, event text);
INSERT INTO so SELECT pg_temp.t(t), u, e FROM (VALUES
	(1,1,'a'),(2,1,'b'),(3,1,'c'),
	(1,2,'a'),(2,2,'d'),(3,2,'b'),(4,2,'c'),
	(1,3,'a'),(2,3,'a'),(3,3,'b'),(4,3,'b'),(5,3,'c'),(6,3,'c'),
	(1,4,'a'),(2,4,'a'),(3,4,'a'),(4,4,'a'),(5,4,'b'),(6,4,'b'),(7,4,'c'),(8,4,'c'),
	(1,5,'a'),(2,5,'a'),(3,5,'b'),(4,5,'b'),(5,5,'d'),(6,5,'c'),(7,5,'c'),
	(1,6,'c'),(2,6,'c'),(3,6,'b'),(4,6,'b'),(5,6,'a'),(6,6,'a')) v(t, u, e);
SELECT 'default' AS mode, array_agg(s ORDER BY u) AS got, '{3,3,3,3,3,1}'::int[] AS clickhouse
FROM (SELECT u, window_funnel('86400 s', dt, event = 'a', event = 'b', event = 'c') s FROM so GROUP BY u) x
UNION ALL
SELECT 'strict_order', array_agg(s ORDER BY u), '{3,1,3,3,2,1}'
FROM (SELECT u, window_funnel('86400 s', 'strict_order', dt, event = 'a', event = 'b', event = 'c') s FROM so GROUP BY u) x
UNION ALL
SELECT 'strict_deduplication, strict_order', array_agg(s ORDER BY u), '{3,1,2,2,2,1}'
FROM (SELECT u, window_funnel('86400 s', 'strict_deduplication, strict_order', dt, event = 'a', event = 'b', event = 'c') s FROM so GROUP BY u) x;
INSERT INTO so SELECT pg_temp.t(t), 7, e FROM (VALUES (1,'a'),(2,'c'),(3,'b')) v(t, e);
SELECT window_funnel('10 s', 'strict_order', dt, event = 'a', event = 'b', event = 'c') AS got, 1 AS clickhouse FROM so WHERE u = 7;

-- issue 27469: a-b-c-b-d with strict_deduplication stops at the repeated b
SELECT 3 = window_funnel('86400 s', 'strict_deduplication', ts, e = 'a', e = 'b', e = 'c', e = 'd') AS ok
FROM (VALUES (pg_temp.t(1),'a'),(pg_temp.t(2),'b'),(pg_temp.t(3),'c'),(pg_temp.t(4),'b'),(pg_temp.t(5),'d')) v(ts, e);

-- funnel_test_non_null: ClickHouse needs COALESCE; here a NULL condition is false
CREATE TABLE nn (dt timestamptz, u int, a text, b text);
INSERT INTO nn SELECT pg_temp.t(t), u, a, b FROM (VALUES
	(1,1,'a1','b1'),(2,1,'a2','b2'),
	(1,2,'a1',NULL),(2,2,'a2',NULL),
	(1,3,NULL,NULL),
	(1,4,NULL,'b1'),(2,4,'a2',NULL),(3,4,NULL,'b3')) v(t, u, a, b);
SELECT 'a1,a2' AS q, array_agg(s ORDER BY u) AS got, '{2,2,0,0}'::int[] AS clickhouse
FROM (SELECT u, window_funnel('86400 s', dt, a = 'a1', a = 'a2') s FROM nn GROUP BY u) x
UNION ALL
SELECT 'a1,b2', array_agg(s ORDER BY u), '{2,1,0,0}'
FROM (SELECT u, window_funnel('86400 s', dt, a = 'a1', b = 'b2') s FROM nn GROUP BY u) x
UNION ALL
SELECT 'both null', array_agg(s ORDER BY u), '{0,0,1,0}'
FROM (SELECT u, window_funnel('86400 s', dt, a IS NULL AND b IS NULL) s FROM nn GROUP BY u) x
UNION ALL
SELECT 'a null,b3', array_agg(s ORDER BY u), '{0,0,1,2}'
FROM (SELECT u, window_funnel('86400 s', dt, a IS NULL, b = 'b3') s FROM nn GROUP BY u) x
UNION ALL
SELECT 'a null,b3 strict_order', array_agg(s ORDER BY u), '{0,0,1,1}'
FROM (SELECT u, window_funnel('86400 s', 'strict_order', dt, a IS NULL, b = 'b3') s FROM nn GROUP BY u) x;

-- funnel_test_strict_increase: three events share second 1
CREATE TABLE si (ts timestamptz, event int);
INSERT INTO si SELECT pg_temp.t(t), e FROM (VALUES (0,1000),(1,1001),(1,1002),(1,1003),(2,1004)) v(t, e);
SELECT 5 = window_funnel('10000 s', ts, event = 1000, event = 1001, event = 1002, event = 1003, event = 1004) AS t1,
       2 = window_funnel('10000 s', 'strict_increase', ts, event = 1000, event = 1001, event = 1002, event = 1003, event = 1004) AS t2,
       3 = window_funnel('10000 s', ts, event = 1004, event = 1004, event = 1004) AS t3,
       1 = window_funnel('10000 s', 'strict_once', ts, event = 1004, event = 1004, event = 1004) AS t4,
       1 = window_funnel('10000 s', 'strict_increase', ts, event = 1004, event = 1004, event = 1004) AS t5
FROM si;

-- strict_once with failure, failure, success
CREATE TABLE fs (ts timestamptz, result text, uid int);
INSERT INTO fs SELECT pg_temp.t(t), r, u FROM (VALUES
	(100,'failure',234),(200,'success',345),(210,'failure',345),(230,'success',345),
	(250,'failure',234),(180,'failure',123),(220,'failure',123),(250,'success',123)) v(t, r, u);
SELECT m AS mode, array_agg(s ORDER BY uid) AS got, '{3,2,1}'::int[] AS clickhouse
FROM (VALUES ('strict_once, strict_increase'), ('strict_once'), ('strict_once, strict_deduplication')) modes(m),
     LATERAL (SELECT uid, window_funnel('200 s', m, ts, result = 'failure', result = 'failure', result = 'success') s
              FROM fs GROUP BY uid) x
GROUP BY m ORDER BY m;

-- allow_reentry.  cx_metrics follows the newest windowFunnel source read
-- (src/AggregateFunctions/AggregateFunctionWindowFunnel.cpp with allow_reentry and
-- the fix of ClickHouse issue 37177): in strict_order a new step-1 event restarts
-- level 1 and keeps the higher levels, so a-b-a-c reaches 3, and allow_reentry
-- skips a step whose predecessor is not reached.  "clickhouse_ref" is the test
-- reference stored with the allow_reentry tests; it belongs to an older revision
-- (it predates the 37177 fix: its combined-mode row gives 1 for a-b-a-b-c where
-- the fixed code returns the level reached, 2) that also stopped strict_order at a
-- step-1 re-entry; the rows where the two differ are marked.  Hand trace of user 1
-- (a1 b2 a3 c4) in the newest source: a1 level 1, b2 extends it (start 1), a3
-- restarts level 1, c4 extends level 2 (start 1, 4 - 1 <= window) -> 3.
CREATE TABLE ar (dt timestamptz, u int, event text);
INSERT INTO ar SELECT pg_temp.t(t), u, e FROM (VALUES
	(1,1,'a'),(2,1,'b'),(3,1,'a'),(4,1,'c'),
	(1,2,'a'),(2,2,'b'),(3,2,'a'),(4,2,'b'),(5,2,'c'),
	(1,3,'a'),(2,3,'b'),(3,3,'c'),(4,3,'b'),(5,3,'d'),
	(1,4,'a'),(2,4,'c'),(3,4,'b'),
	(1,5,'a'),(2,5,'b'),(3,5,'c'),(4,5,'a'),(5,5,'b'),(6,5,'c'),(7,5,'d')) v(t, u, e);
SELECT q.m AS mode, q.n AS steps, array_agg(s ORDER BY u) AS got, q.ch AS clickhouse_ref, array_agg(s ORDER BY u) = q.ch AS same
FROM (VALUES ('strict_order', 3, '{2,2,3,1,3}'::int[]),
             ('strict_order, allow_reentry', 3, '{3,3,3,1,3}'),
             ('strict_order', 4, '{2,2,4,1,3}'),
             ('strict_order, allow_reentry', 4, '{3,3,4,1,4}'),
             ('strict_order, allow_reentry, strict_deduplication', 3, '{3,1,3,1,3}')) q(m, n, ch),
     LATERAL (SELECT u, CASE WHEN q.n = 3
                             THEN window_funnel('86400 s', q.m, dt, event = 'a', event = 'b', event = 'c')
                             ELSE window_funnel('86400 s', q.m, dt, event = 'a', event = 'b', event = 'c', event = 'd') END s
              FROM ar GROUP BY u) x
GROUP BY q.m, q.n, q.ch ORDER BY q.m, q.n;

-- e-commerce: begin_checkout is step 1 and (in the 4-step funnel) step 3; same
-- difference as above for strict_order re-entry.
CREATE TABLE ec (ts timestamptz, user_id int, action text);
INSERT INTO ec SELECT pg_temp.t(t), u, a FROM (VALUES
	(100,1,'begin_checkout'),(200,1,'view_product_detail'),(300,1,'begin_checkout'),(400,1,'complete_payment'),
	(100,2,'begin_checkout'),(200,2,'view_product_detail'),(250,2,'view_product_detail'),(300,2,'begin_checkout'),(400,2,'complete_payment'),
	(100,3,'begin_checkout'),(200,3,'view_product_detail'),(300,3,'complete_payment')) v(t, u, a);
SELECT q.m AS mode, q.n AS steps, array_agg(s ORDER BY user_id) AS got, q.ch AS clickhouse_ref, array_agg(s ORDER BY user_id) = q.ch AS same
FROM (VALUES ('strict_order', 3, '{2,2,3}'::int[]),
             ('strict_order, allow_reentry', 3, '{3,3,3}'),
             ('strict_order', 4, '{1,1,1}'),
             ('strict_order, allow_reentry', 4, '{1,1,1}')) q(m, n, ch),
     LATERAL (SELECT user_id, CASE WHEN q.n = 3
                             THEN window_funnel('600 s', q.m, ts, action = 'begin_checkout', action = 'view_product_detail', action = 'complete_payment')
                             ELSE window_funnel('600 s', q.m, ts, action = 'begin_checkout', action = 'view_product_detail', action = 'begin_checkout', action = 'complete_payment') END s
              FROM ec GROUP BY user_id) x
GROUP BY q.m, q.n, q.ch ORDER BY q.m, q.n;

-- ClickHouse issue 01646: the same second, steps listed in reverse order of arrival
CREATE TABLE tr (ts timestamptz, e int);
INSERT INTO tr VALUES ('2019-01-29 10:00:00+00', 1004), ('2019-01-29 10:00:00+00', 1003), ('2019-01-28 10:00:00+00', 1002);
SELECT window_funnel('70000000 days', ts, e = 1004, e = 1003, e = 1002) AS level FROM tr;  -- 2: 1004 then 1003 at the same second, 1002 earlier

-- retention: documentation example
CREATE TABLE retention_test (date date, uid int);
INSERT INTO retention_test SELECT '2020-01-01', i FROM generate_series(0, 4) i;
INSERT INTO retention_test SELECT '2020-01-02', i FROM generate_series(0, 9) i;
INSERT INTO retention_test SELECT '2020-01-03', i FROM generate_series(0, 14) i;
SELECT uid, retention(date = '2020-01-01', date = '2020-01-02', date = '2020-01-03') AS r
FROM retention_test WHERE date IN ('2020-01-01', '2020-01-02', '2020-01-03')
GROUP BY uid ORDER BY uid;
SELECT sum(r[1]) AS r1, sum(r[2]) AS r2, sum(r[3]) AS r3
FROM (SELECT uid, retention(date = '2020-01-01', date = '2020-01-02', date = '2020-01-03') AS r
      FROM retention_test WHERE date IN ('2020-01-01', '2020-01-02', '2020-01-03') GROUP BY uid) s;  -- clickhouse: 5 5 5
