-- retention and funnel_conversion: rules, NULLs, empty groups, errors.
SET timezone = 'UTC';

-- retention: element k is condition 1 and condition k each on some row, in any order
SELECT retention(d = 1, d = 2, d = 3) AS r FROM (VALUES (1), (3)) v(d);           -- {1,0,1}
SELECT retention(d = 1, d = 2, d = 3) AS later_first FROM (VALUES (3), (2), (1)) v(d);  -- {1,1,1}: order-insensitive
SELECT retention(d = 1, d = 2, d = 3) AS no_first FROM (VALUES (2), (3)) v(d);     -- {0,0,0}
SELECT retention(d = 1) AS one_condition FROM (VALUES (1)) v(d);                   -- {1}
-- NULL conditions are false, a NULL array matches nothing, an empty group is NULL
SELECT retention(d = 1, d = 2) AS null_cond FROM (VALUES (1), (NULL)) v(d);        -- {1,0}
SELECT retention(VARIADIC CASE WHEN d = 2 THEN NULL ELSE ARRAY[d = 1, d = 2] END) AS null_array FROM (VALUES (1), (2)) v(d);  -- {1,0}
SELECT retention(d = 1, d = 2) AS empty FROM (VALUES (1)) v(d) WHERE false;       -- NULL
SELECT retention(VARIADIC NULL::boolean[]) AS only_null_arrays FROM (VALUES (1)) v(d);  -- {}
-- more than 64 conditions
SELECT array_length(r, 1) AS n, r[1] AS first, r[70] AS c70, r[71] AS c71, (SELECT sum(x) FROM unnest(r) x) AS ones
FROM (SELECT retention(VARIADIC (SELECT array_agg(d = k OR k = 1 ORDER BY k) FROM generate_series(1, 100) k)) AS r
      FROM generate_series(69, 70) d) s;  -- every row meets condition 1; rows 69, 70 meet 69, 70: 3 ones
-- errors
SELECT retention(VARIADIC '{}'::boolean[]);
SELECT retention(VARIADIC a) FROM (VALUES (ARRAY[true]), (ARRAY[true, false])) v(a);

-- funnel_conversion over levels: per step reached, from step 1, from the previous step
SELECT (s).* FROM (SELECT unnest(funnel_conversion(l, 3)) s FROM (VALUES (0), (1), (1), (2), (3), (3), (NULL)) v(l)) x;
-- reached: 5, 3, 2 (levels >= k); conversion 1, 3/5, 2/5; step_conversion 5/6 (of 6 non-NULL customers), 3/5, 2/3
SELECT (s).* FROM (SELECT unnest(funnel_conversion(l, 2)) s FROM (VALUES (0), (0)) v(l)) x;   -- nobody entered: ratios NULL
SELECT funnel_conversion(l, 2) IS NULL AS empty FROM (VALUES (1)) v(l) WHERE false;
SELECT funnel_conversion(l, 2) IS NULL AS all_null FROM (VALUES (NULL::int)) v(l);
-- by segment, straight from window_funnel
SELECT seg, (s).step, (s).reached
FROM (SELECT seg, unnest(funnel_conversion(level, 2)) s
      FROM (SELECT c % 2 AS seg, window_funnel('1 hour', ts, e = 'a', e = 'b') AS level
            FROM (VALUES (1, 'a', 0), (1, 'b', 60), (2, 'a', 0), (3, 'b', 0), (4, 'a', 0), (4, 'b', 7200)) v(c, e, sec),
                 LATERAL (SELECT 'epoch'::timestamptz + sec * interval '1 s' AS ts) t
            GROUP BY c) l
      GROUP BY seg) x
ORDER BY seg, (s).step;  -- seg 0: customers 2 (level 1), 4 (level 1); seg 1: customer 1 (level 2), 3 (level 0)
-- errors
SELECT funnel_conversion(l, 2) FROM (VALUES (3)) v(l);
SELECT funnel_conversion(l, 2) FROM (VALUES (-1)) v(l);
SELECT funnel_conversion(l, 0) FROM (VALUES (0)) v(l);
SELECT funnel_conversion(l, s) FROM (VALUES (0, 2), (0, 3)) v(l, s);
SELECT funnel_conversion(l, NULL) FROM (VALUES (0)) v(l);
