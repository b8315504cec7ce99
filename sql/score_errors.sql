-- Every error of the score aggregates, with its SQLSTATE and message; details and hints
-- shown once per kind.  Boundary pairs: the last accepted value next to the first rejected.

\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/test/sql/expect_error.sql

-- Out of scale (22003): boundary pairs for each aggregate and each score type.
SELECT call, pg_temp.probe('SELECT ' || call) AS result FROM (VALUES
	('nps(10)'), ('nps(11)'), ('nps(0)'), ('nps(-1)'),
	('nps(10::smallint)'), ('nps(11::smallint)'), ('nps(0::smallint)'), ('nps((-1)::smallint)'),
	('nps(10::bigint)'), ('nps(11::bigint)'), ('nps(0::bigint)'), ('nps((-1)::bigint)'),
	('nps(10::numeric)'), ('nps(11::numeric)'), ('nps(0::numeric)'), ('nps((-1)::numeric)'),
	('nps(10::float8)'), ('nps(11::float8)'), ('nps(0::float8)'), ('nps((-1)::float8)'),
	('csat(5)'), ('csat(6)'), ('csat(1)'), ('csat(0)'),
	('csat(10, 10)'), ('csat(11, 10)'), ('csat(1, 10)'), ('csat(0, 10)'),
	('ces(7)'), ('ces(8)'), ('ces(1)'), ('ces(0)'),
	('ces(5, 5)'), ('ces(6, 5)'),
	('nps_weighted(10, 1)'), ('nps_weighted(11, 1)'), ('nps_weighted(-1::numeric, 1)'),
	('csat_weighted(6, 1)'), ('csat_weighted(4, 3, 1)'), ('ces_weighted(8, 1)'), ('ces_weighted(0, 7, 1)')
) t(call);

-- Not an integer (22003): 9.0 is 9, 9.5 and 9.0000000000000000001 are not; NaN and
-- infinities are rejected for every type that has them.
SELECT call, pg_temp.probe('SELECT ' || call) AS result FROM (VALUES
	('nps(9.0)'), ('nps(9.5)'), ('nps(9.0000000000000000001)'), ('nps(0.0000000000000000001)'),
	('nps(9.5::float8)'), ('nps(-0.5)'), ('nps(-0.5::float8)'), ('nps(10.5)'), ('nps(10.5::float8)'),
	('nps(''NaN''::numeric)'), ('nps(''Infinity''::numeric)'), ('nps(''-Infinity''::numeric)'),
	('nps(''NaN''::float8)'), ('nps(''Infinity''::float8)'), ('nps(''-Infinity''::float8)'),
	('csat(4.5)'), ('csat(4.5::float8, 5)'), ('ces(''NaN''::float8)'), ('ces(2.5, 7)'),
	('nps_weighted(9.5, 1)'), ('csat_weighted(''NaN''::numeric, 1)')
) t(call);

-- Bad scales (22023): csat(r, 1), csat(r, 0), a NULL scale, a scale too large; and a
-- scale that varies across the rows of one aggregate call.
SELECT call, pg_temp.probe('SELECT ' || call) AS result FROM (VALUES
	('csat(1, 1)'), ('csat(1, 0)'), ('csat(1, -5)'), ('csat(1, NULL)'), ('csat(NULL::int, NULL)'),
	('ces(1, 1)'), ('ces(1, NULL)'), ('ces(1, 1001)'), ('ces(1, 1002)'),
	('csat_weighted(1, 1, 1)'), ('csat_weighted(1, NULL, 1)'), ('ces_weighted(1, 0, 1)'),
	('csat(r, s) FROM (VALUES (1, 5), (1, 7)) v(r, s)'),
	('ces(r, s) FROM (VALUES (1, 5), (NULL, 7)) v(r, s)'),
	('csat_weighted(r, s, 1) FROM (VALUES (1, 5), (1, 10)) v(r, s)')
) t(call);

-- Bad weights (22023): negative, NaN, infinite; 0 is fine, NULL leaves the row out.
SELECT call, pg_temp.probe('SELECT ' || call) AS result FROM (VALUES
	('nps_weighted(10, 0)'), ('nps_weighted(10, -1)'), ('nps_weighted(10, -1e-300)'),
	('nps_weighted(10, ''NaN''::float8)'), ('nps_weighted(10, ''Infinity''::float8)'),
	('nps_weighted(10, ''-Infinity''::float8)'), ('nps_weighted(10, NULL)'),
	('nps_weighted(NULL::int, -1)'),
	('csat_weighted(5, -2)'), ('csat_weighted(5, 5, -2)'), ('ces_weighted(5, -0.5)'),
	('ces_weighted(5, 7, ''NaN''::float8)'),
	('nps_weighted(10, 1e154)'), ('nps_weighted(s, 1e154) FROM (VALUES (10), (9)) v(s)'),
	('nps_weighted(10, 1e155)'),
	('nps_weighted(10, 1.7976931348623157e308)')
) t(call);

-- Message, detail and hint of each kind of error.
SELECT * FROM pg_temp.probe_full('SELECT nps(11)');
SELECT * FROM pg_temp.probe_full('SELECT csat(r) FROM (VALUES (4), (0)) v(r)');
SELECT * FROM pg_temp.probe_full('SELECT ces(r, 10) FROM (VALUES (11)) v(r)');
SELECT * FROM pg_temp.probe_full('SELECT nps(9.5)');
SELECT * FROM pg_temp.probe_full('SELECT nps(''NaN''::float8)');
SELECT * FROM pg_temp.probe_full('SELECT csat(r, 8) FROM (VALUES (1)) v(r)');
SELECT * FROM pg_temp.probe_full('SELECT csat(1, 1)');
SELECT * FROM pg_temp.probe_full('SELECT csat(1, NULL)');
SELECT * FROM pg_temp.probe_full('SELECT csat(r, s) FROM (VALUES (1, 5), (1, 7)) v(r, s)');
SELECT * FROM pg_temp.probe_full('SELECT nps_weighted(10, -1)');
SELECT * FROM pg_temp.probe_full('SELECT nps_weighted(10, ''Infinity''::float8)');

-- The hint's FILTER clause works: it skips the bad rows.
SELECT nps(s) FILTER (WHERE s BETWEEN 0 AND 10) AS filtered
FROM (VALUES (10), (11), (-1), (0), (9)) v(s);
SELECT nps(s) FILTER (WHERE s = trunc(s)) AS filtered_integral
FROM (VALUES (10.0), (9.5), (0)) v(s);
SELECT nps_weighted(s, w) FILTER (WHERE w >= 0 AND w < 'Infinity') AS filtered_weights
FROM (VALUES (10, 1.0::float8), (0, -1), (0, 'Infinity'), (0, 'NaN')) v(s, w);

-- A literal weight needs the _weighted name: csat(r, 7.5) is no function, never a weight.
SELECT pg_temp.probe('SELECT csat(5, 7.5)') AS csat_numeric_second_argument;
SELECT pg_temp.probe('SELECT nps(5, 2)') AS nps_two_arguments;
