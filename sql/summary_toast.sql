-- rollup over summaries stored out of line: TOAST pointers reach the aggregate
-- unchanged and must be detoasted, never read as short-header values.
CREATE TABLE toasted (id int, s score_summary);
ALTER TABLE toasted ALTER COLUMN s SET STORAGE EXTERNAL;
INSERT INTO toasted
SELECT g, format('v1 scale=0..1000 skipped=%s n=%s', g,
                 string_agg(((i * 7919 + g) % 1000)::text, ',' ORDER BY i))::score_summary
FROM generate_series(1, 3) g, generate_series(0, 1000) i
GROUP BY g;
-- the summaries live in the TOAST table
SELECT pg_relation_size(reltoastrelid) > 0 AS out_of_line FROM pg_class WHERE oid = 'toasted'::regclass;
-- expected: counts added point by point, skipped 1 + 2 + 3
SELECT rollup(s) = format('v1 scale=0..1000 skipped=6 n=%s',
       (SELECT string_agg((((i * 7919 + 1) % 1000) + ((i * 7919 + 2) % 1000) + ((i * 7919 + 3) % 1000))::text,
                          ',' ORDER BY i)
        FROM generate_series(0, 1000) i))::score_summary AS rollup_ok
FROM toasted;
-- moving frames (inverse transition) over the same values
SELECT id, rollup(s) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
       = (SELECT rollup(t2.s) FROM toasted t2 WHERE t2.id BETWEEN t.id - 1 AND t.id) AS moving_ok
FROM toasted t ORDER BY id;
DROP TABLE toasted;
