-- ces(rating) and ces(rating, scale_max): customer effort, the mean rating.
-- Default scale 1..7 (CES 2.0: agreement with "easy to handle", higher is better).

-- CES 2.0 reference answers 7,6,5,4,3,7,6,2,5,7 -> mean 5.2.
SELECT ces(r) AS ces_2_0 FROM (VALUES (7), (6), (5), (4), (3), (7), (6), (2), (5), (7)) v(r);

-- Both ends of the default scale.
SELECT ces(r) AS ces_1_7 FROM (VALUES (1), (7)) v(r);
SELECT ces(r) AS only_ones FROM (VALUES (1), (1)) v(r);

-- ces(r, 7) is ces(r).
SELECT ces(r, 7) = ces(r) AS same_as_default
FROM (VALUES (7), (6), (5), (4), (3), (7), (6), (2), (5), (7)) v(r);

-- Other scales: 1..5 -> 3; 1, 10, 10 on 1..10 -> 7; 1 and 100 on 1..100 -> 50.5.
SELECT ces(r, 5) AS ces_1_5 FROM generate_series(1, 5) r;
SELECT ces(r, 10) AS ces_1_10 FROM (VALUES (1), (10), (10)) v(r);
SELECT ces(r, 100) AS ces_1_100 FROM (VALUES (1), (100)) v(r);

-- Unrounded: 1, 1, 2 -> 4/3.
SELECT ces(r) AS four_thirds, round(ces(r)::numeric, 3) AS rounded FROM (VALUES (1), (1), (2)) v(r);
