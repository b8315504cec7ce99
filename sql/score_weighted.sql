-- Weighted forms: nps_weighted(score, weight), csat_weighted(rating [, scale_max], weight),
-- ces_weighted(rating [, scale_max], weight): weighted shares and weighted means.
-- A row whose weight is NULL is left out; a NULL score with a weight counts as skipped;
-- zero total weight is an empty group (NULL).

-- Reference (value-weighted NPS): scores/weights (10,2000) (2,8000) (7,2000) (8,2000)
-- (6,8000) (9,2000): unweighted 0; weighted 100 * (4000 - 16000) / 24000 = -50.
SELECT nps(s) AS unweighted, nps_weighted(s, w) AS weighted
FROM (VALUES (10, 2000), (2, 8000), (7, 2000), (8, 2000), (6, 8000), (9, 2000)) v(s, w);

-- Fractional weights: promoters 0.25 + 0.5, detractors 0.125, passives 1.125 -> total 2;
-- 100 * (0.75 - 0.125) / 2 = 31.25.
SELECT nps_weighted(s, w) AS fractional
FROM (VALUES (9, 0.25), (10, 0.5), (0, 0.125), (7, 1.125)) v(s, w);

-- A weight of n is n copies of the row.
SELECT (SELECT nps_weighted(s, w) FROM (VALUES (9, 3), (3, 1), (8, 2)) v(s, w))
     = (SELECT nps(s) FROM (VALUES (9), (9), (9), (3), (8), (8)) v(s)) AS weight_is_copies;

-- csat_weighted on 1..5: top box weights 3 + 1 of 8 -> 50.
SELECT csat_weighted(r, w) AS csat_w FROM (VALUES (5, 3.0), (4, 1.0), (1, 4.0)) v(r, w);
-- csat_weighted on 1..10 (top box 8-10): 1 + 1 of 4 -> 50.
SELECT csat_weighted(r, 10, w) AS csat_w_10 FROM (VALUES (10, 1.0), (8, 1.0), (7, 2.0)) v(r, w);
-- ces_weighted on 1..7: (7 * 1 + 1 * 3) / 4 = 2.5.
SELECT ces_weighted(r, w) AS ces_w FROM (VALUES (7, 1.0), (1, 3.0)) v(r, w);
-- ces_weighted on 1..5: (5 * 2 + 1 * 2 + 3 * 0) / 4 = 3.
SELECT ces_weighted(r, 5, w) AS ces_w_5 FROM (VALUES (5, 2.0), (1, 2.0), (3, 0.0)) v(r, w);

-- Zero weights: the answer is in n but adds nothing; zero total weight -> NULL.
SELECT nps_weighted(s, w) AS with_zero_weight FROM (VALUES (10, 1.0), (0, 0.0)) v(s, w);
SELECT nps_weighted(s, w) AS zero_total, csat_weighted(s, w) AS csat_zero_total,
       ces_weighted(s, w) AS ces_zero_total, csat_weighted(s, 5, w) AS csat5_zero_total,
       ces_weighted(s, 5, w) AS ces5_zero_total
FROM (VALUES (1, 0.0), (5, 0.0)) v(s, w);
SELECT nps_weighted(s, w) AS minus_zero_weight FROM (VALUES (10, '-0'::float8)) v(s, w);

-- NULL weight: the row is left out (here the detractor), whatever its score.
SELECT nps_weighted(s, w) AS null_weight_left_out
FROM (VALUES (10, 1.0), (0, NULL)) v(s, w);
SELECT nps_weighted(s, w) AS only_null_weights, ces_weighted(s, 7, w) AS ces7_only_null_weights
FROM (VALUES (10, NULL::float8), (0, NULL)) v(s, w);
-- A NULL weight leaves out even a score that would be an error.
SELECT nps_weighted(s, w) AS bad_score_null_weight FROM (VALUES (10, 1.0), (11, NULL)) v(s, w);
-- NULL score with a weight: skipped, the weight is not used.
SELECT nps_weighted(s, w) AS null_score FROM (VALUES (10, 1.0), (NULL, 5.0)) v(s, w);

-- Large and tiny weights keep their ratio.
SELECT nps_weighted(s, w) AS large_weights FROM (VALUES (10, 1e150), (0, 1e150), (8, 2e150)) v(s, w);
SELECT round(nps_weighted(s, w)::numeric, 10) AS tiny_weights FROM (VALUES (10, 3e-150), (0, 1e-150)) v(s, w);
