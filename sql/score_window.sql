-- Window frames: a moving frame uses the inverse transition functions (exact for
-- counts); weighted forms' inverses return NULL, so PostgreSQL recomputes the frame.
-- Each moving result must equal the aggregate recomputed over the frame's rows.

CREATE TEMP TABLE win AS
SELECT i AS id, i % 3 AS part,
       CASE WHEN i BETWEEN 20 AND 28 OR i % 11 = 0 THEN NULL ELSE (i * 7 + i / 4) % 11 END AS score,
       CASE WHEN i BETWEEN 40 AND 47 THEN NULL ELSE 1 + (i * 3 + i / 5) % 5 END AS rating,
       1 + (i * 5 + i / 2) % 7 AS effort,
       CASE WHEN i % 13 = 0 THEN NULL ELSE 0.1 * (i % 7) + 0.3 END AS w
FROM generate_series(1, 80) i;

-- Moving 7-row frames against a correlated subquery over the same rows.
CREATE TEMP TABLE moving AS
SELECT id,
       nps(score) OVER w7 AS nps,
       nps(score::numeric) OVER w7 AS nps_numeric,
       nps(score::float8) OVER w7 AS nps_float8,
       csat(rating) OVER w7 AS csat,
       csat(rating, 5) OVER w7 AS csat5,
       ces(effort) OVER w7 AS ces,
       ces(effort, 7) OVER w7 AS ces7,
       nps_weighted(score, w) OVER w7 AS npsw,
       csat_weighted(rating, w) OVER w7 AS csatw,
       csat_weighted(rating, 5, w) OVER w7 AS csat5w,
       ces_weighted(effort, w) OVER w7 AS cesw,
       ces_weighted(effort, 7, w) OVER w7 AS ces7w
FROM win
WINDOW w7 AS (ORDER BY id ROWS 6 PRECEDING);

CREATE TEMP TABLE recomputed AS
SELECT id,
       (SELECT nps(score) FROM win f WHERE f.id BETWEEN o.id - 6 AND o.id) AS nps,
       (SELECT nps(score::numeric) FROM win f WHERE f.id BETWEEN o.id - 6 AND o.id) AS nps_numeric,
       (SELECT nps(score::float8) FROM win f WHERE f.id BETWEEN o.id - 6 AND o.id) AS nps_float8,
       (SELECT csat(rating) FROM win f WHERE f.id BETWEEN o.id - 6 AND o.id) AS csat,
       (SELECT csat(rating, 5) FROM win f WHERE f.id BETWEEN o.id - 6 AND o.id) AS csat5,
       (SELECT ces(effort) FROM win f WHERE f.id BETWEEN o.id - 6 AND o.id) AS ces,
       (SELECT ces(effort, 7) FROM win f WHERE f.id BETWEEN o.id - 6 AND o.id) AS ces7,
       (SELECT nps_weighted(score, w ORDER BY id) FROM win f WHERE f.id BETWEEN o.id - 6 AND o.id) AS npsw,
       (SELECT csat_weighted(rating, w ORDER BY id) FROM win f WHERE f.id BETWEEN o.id - 6 AND o.id) AS csatw,
       (SELECT csat_weighted(rating, 5, w ORDER BY id) FROM win f WHERE f.id BETWEEN o.id - 6 AND o.id) AS csat5w,
       (SELECT ces_weighted(effort, w ORDER BY id) FROM win f WHERE f.id BETWEEN o.id - 6 AND o.id) AS cesw,
       (SELECT ces_weighted(effort, 7, w ORDER BY id) FROM win f WHERE f.id BETWEEN o.id - 6 AND o.id) AS ces7w
FROM win o;

-- Every frame equal, bit for bit (NULL frames included).
SELECT count(*) AS frames,
       count(*) FILTER (WHERE (m.nps, m.nps_numeric, m.nps_float8, m.csat, m.csat5, m.ces, m.ces7)
                             IS NOT DISTINCT FROM
                             (r.nps, r.nps_numeric, r.nps_float8, r.csat, r.csat5, r.ces, r.ces7)) AS unweighted_equal,
       count(*) FILTER (WHERE (m.npsw, m.csatw, m.csat5w, m.cesw, m.ces7w)
                             IS NOT DISTINCT FROM
                             (r.npsw, r.csatw, r.csat5w, r.cesw, r.ces7w)) AS weighted_equal,
       count(*) FILTER (WHERE m.nps IS NULL) AS empty_nps_frames,
       count(*) FILTER (WHERE m.csat IS NULL) AS empty_csat_frames
FROM moving m JOIN recomputed r USING (id);

-- A frame by hand: ids 1..7 have scores 7, 3, 10, 7, 3, 10, 6 -> P=2, A=2, D=3 of 7.
SELECT id, score FROM win WHERE id <= 7 ORDER BY id;
SELECT round(nps::numeric, 6) AS nps_frame_1_7, round(100.0 * (2 - 3) / 7, 6) AS by_hand
FROM moving WHERE id = 7;
-- The frames ending at 26, 27 and 28 hold only NULL scores (ids 20..28): NULL, not 0.
SELECT id, nps FROM moving WHERE id BETWEEN 24 AND 30 ORDER BY id;

-- Frames that shrink and grow on both ends, and partitions.
SELECT count(*) AS frames,
       count(*) FILTER (WHERE a IS NOT DISTINCT FROM b) AS equal
FROM (SELECT nps(score) OVER (PARTITION BY part ORDER BY id ROWS BETWEEN 2 PRECEDING AND 3 FOLLOWING) AS a,
             (SELECT nps(f.score) FROM
                (SELECT score, row_number() OVER (ORDER BY id) AS rn FROM win WHERE part = o.part) f,
                (SELECT row_number() OVER (ORDER BY id) AS rn, id FROM win WHERE part = o.part) me
               WHERE me.id = o.id AND f.rn BETWEEN me.rn - 2 AND me.rn + 3) AS b
      FROM win o) t;

-- Running (cumulative) frame equals the aggregate of the prefix.
SELECT count(*) FILTER (WHERE a IS NOT DISTINCT FROM b) AS equal_prefixes
FROM (SELECT nps(score) OVER (ORDER BY id) AS a,
             (SELECT nps(score) FROM win f WHERE f.id <= o.id) AS b
      FROM win o) t;
