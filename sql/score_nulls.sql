-- NULL and empty: a NULL score is "not answered" and left out of n; a group without
-- answers (or with zero total weight) gives NULL, like avg(), never 0.

-- NULL scores skipped: 10, 0, 9 answered -> P=2, D=1 of 3.
SELECT round(nps(s)::numeric, 6) AS nps, count(s) AS answered, count(*) AS rows
FROM (VALUES (10), (NULL), (NULL), (0), (9)) v(s);
-- NULL-heavy: one answer among many NULLs.
SELECT nps(s) AS one_promoter, csat(r) AS csat_one, ces(r) AS ces_one
FROM (SELECT CASE WHEN i = 500 THEN 10 END, CASE WHEN i = 7 THEN 4 END
      FROM generate_series(1, 1000) i) t(s, r);

-- No rows, and only NULL scores: every aggregate gives NULL.
SELECT nps(s) AS nps, nps_weighted(s, 1) AS nps_w, csat(s) AS csat, csat(s, 10) AS csat10,
       csat_weighted(s, 1) AS csat_w, csat_weighted(s, 10, 1) AS csat10_w,
       ces(s) AS ces, ces(s, 5) AS ces5, ces_weighted(s, 1) AS ces_w, ces_weighted(s, 5, 1) AS ces5_w
FROM (SELECT 1 WHERE false) t(s);
SELECT nps(s) AS nps, nps_weighted(s, 1) AS nps_w, csat(s) AS csat, csat(s, 10) AS csat10,
       csat_weighted(s, 1) AS csat_w, csat_weighted(s, 10, 1) AS csat10_w,
       ces(s) AS ces, ces(s, 5) AS ces5, ces_weighted(s, 1) AS ces_w, ces_weighted(s, 5, 1) AS ces5_w
FROM (VALUES (NULL::int), (NULL)) t(s);
-- A FILTER that keeps no row: NULL.
SELECT nps(s) FILTER (WHERE s > 10) AS nothing_kept FROM generate_series(0, 10) s;

-- GROUP BY: a normal group, a group of NULL scores, a group with only NULL weights,
-- a group with zero weights, a group whose FILTER keeps nothing.
CREATE TEMP TABLE grouped (g text, s int, w float8);
INSERT INTO grouped VALUES
	('a normal', 10, 1), ('a normal', 9, 2), ('a normal', 3, 1), ('a normal', NULL, 5),
	('b null scores', NULL, 1), ('b null scores', NULL, 2),
	('c null weights', 10, NULL), ('c null weights', 0, NULL),
	('d zero weights', 10, 0), ('d zero weights', 0, 0),
	('e filtered out', 7, 1);
-- a: nps P=2, D=1 of 3 -> 33.33; weighted 100 * (3 - 1) / 4 = 50.
SELECT g, count(s) AS n, round(nps(s)::numeric, 4) AS nps, nps_weighted(s, w) AS nps_w,
       round((nps(s) FILTER (WHERE s <> 7))::numeric, 4) AS nps_filtered
FROM grouped GROUP BY g ORDER BY g;

-- Groups that exist only on the left of an outer join: NULL, while count() says 0.
SELECT d.g, count(r.s) AS n, nps(r.s), csat(r.s), ces(r.s)
FROM (VALUES ('x'), ('y')) d(g) LEFT JOIN (VALUES ('x', 5)) r(g, s) USING (g)
GROUP BY d.g ORDER BY d.g;

-- GROUPING SETS with a mix of empty and non-empty groups.
SELECT g, nps(s) FROM grouped WHERE g LIKE 'b%' OR g LIKE 'e%' GROUP BY ROLLUP (g) ORDER BY g NULLS LAST;
