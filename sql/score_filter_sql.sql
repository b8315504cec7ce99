-- The aggregates against the hand-written FILTER SQL they replace, on 240,000
-- deterministic generated answers (with NULLs and 97 groups), asserted as booleans.
-- The FILTER SQL is written to do the same floating-point operations, so unweighted
-- results must be equal bit for bit; weighted ones within 1e-12 relative.

CREATE TEMP TABLE gen AS
SELECT i,
       i % 97 AS g,
       CASE WHEN i % 17 = 0 THEN NULL ELSE (i * 7 + i / 13) % 11 END AS score,
       CASE WHEN i % 19 = 0 THEN NULL ELSE 1 + (i * 3 + i / 11) % 5 END AS rating,
       CASE WHEN i % 23 = 0 THEN NULL ELSE 1 + (i * 5 + i / 7) % 7 END AS effort,
       1 + (i * 11 + i / 3) % 10 AS r10,
       CASE WHEN i % 29 = 0 THEN NULL ELSE ((i * 13) % 1000) / 7.0 END::float8 AS w
FROM generate_series(1, 240000) i;

CREATE TEMP TABLE cmp AS
SELECT g,
       nps(score) AS nps,
       100 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6))::float8
           / NULLIF(count(score), 0) AS nps_sql,
       csat(rating) AS csat,
       100 * (count(*) FILTER (WHERE rating >= 4))::float8 / NULLIF(count(rating), 0) AS csat_sql,
       csat(r10, 10) AS csat10,
       100 * (count(*) FILTER (WHERE r10 >= 8))::float8 / NULLIF(count(r10), 0) AS csat10_sql,
       ces(effort) AS ces,
       sum(effort)::float8 / NULLIF(count(effort), 0) AS ces_sql,
       nps_weighted(score, w) AS npsw,
       100 * (coalesce(sum(w) FILTER (WHERE score >= 9), 0) - coalesce(sum(w) FILTER (WHERE score <= 6), 0))
           / NULLIF(sum(w) FILTER (WHERE score IS NOT NULL), 0) AS npsw_sql,
       csat_weighted(rating, w) AS csatw,
       100 * coalesce(sum(w) FILTER (WHERE rating >= 4), 0)
           / NULLIF(sum(w) FILTER (WHERE rating IS NOT NULL), 0) AS csatw_sql,
       ces_weighted(effort, w) AS cesw,
       sum(w * effort) / NULLIF(sum(w) FILTER (WHERE effort IS NOT NULL), 0) AS cesw_sql
FROM gen GROUP BY ROLLUP (g);

-- 98 rows: 97 groups and the total; every unweighted metric identical.
SELECT count(*) AS groups,
       count(*) FILTER (WHERE nps = nps_sql) AS nps_equal,
       count(*) FILTER (WHERE csat = csat_sql) AS csat_equal,
       count(*) FILTER (WHERE csat10 = csat10_sql) AS csat10_equal,
       count(*) FILTER (WHERE ces = ces_sql) AS ces_equal,
       count(*) FILTER (WHERE abs(npsw - npsw_sql) <= 1e-12 * greatest(1, abs(npsw_sql))) AS npsw_close,
       count(*) FILTER (WHERE abs(csatw - csatw_sql) <= 1e-12 * greatest(1, abs(csatw_sql))) AS csatw_close,
       count(*) FILTER (WHERE abs(cesw - cesw_sql) <= 1e-12 * greatest(1, abs(cesw_sql))) AS cesw_close
FROM cmp;

-- The totals, rounded (the FILTER SQL computes them independently).
SELECT round(nps::numeric, 6) AS nps, round(csat::numeric, 6) AS csat, round(csat10::numeric, 6) AS csat10,
       round(ces::numeric, 6) AS ces, round(npsw::numeric, 6) AS npsw
FROM cmp WHERE g IS NULL;

-- A FILTER that keeps few rows (i <= 50: groups 1..50 get one row each, ids 17 and 34
-- have NULL scores): 49 groups without answers give NULL, where the FILTER SQL needs
-- NULLIF not to divide by zero; the 48 others agree.
SELECT count(*) AS groups,
       count(*) FILTER (WHERE nps IS NULL) AS null_groups,
       count(*) FILTER (WHERE nps IS NOT DISTINCT FROM nps_sql) AS equal
FROM (SELECT g, nps(score) FILTER (WHERE i <= 50) AS nps,
             100 * (count(*) FILTER (WHERE score >= 9 AND i <= 50)
                  - count(*) FILTER (WHERE score <= 6 AND i <= 50))::float8
                 / NULLIF(count(score) FILTER (WHERE i <= 50), 0) AS nps_sql
      FROM gen GROUP BY g) t;
