-- demo/sql/21_responses.sql: 2.2 million survey responses (scaled by :scale) over the
-- two years before today.
--
-- Each response gets one latent satisfaction effect (eff) from the story below plus
-- respondent noise, and the three answers are read off it:
--   * overall improvement over the two years (+0.7 from start to end);
--   * region: APAC highest, EMEA lowest; an EMEA billing migration 420..375 days ago
--     hurt EMEA badly for six weeks;
--   * enterprise accounts started as the happiest tier and have been slipping for the
--     last ten months, so revenue-weighted NPS falls behind the unweighted one;
--   * a new onboarding flow 200 days ago lifted starter accounts;
--   * channel: phone support is the hardest (CES) and least liked, the mobile app the best;
--   * the holiday peak (Dec 15 .. Jan 5) costs satisfaction and makes things harder.
-- Volume grows over time; 5% skip the NPS question, 12% CSAT, 22% CES, 15% renewal,
-- 18% expansion (enterprise accounts are the least keen to buy more).
--
-- psql variables: :scale, and :part of :parts (run.sh loads the parts in parallel
-- sessions; each part has its own seed, so the data set is the same on every run).
SELECT setseed(0.42 + :part / 100.0) AS seeded \gset
SELECT round(2200000 * :scale)::bigint AS n_responses \gset
SELECT (:n_responses * (:part - 1)) / :parts + 1 AS first_id, (:n_responses * :part) / :parts AS last_id \gset
SELECT max(account_id) AS n_accounts FROM accounts \gset

INSERT INTO survey_responses
SELECT i, ts, account_id, channel,
	CASE WHEN s1 >= 0.05 THEN demo_clamp(7.75 + eff + 1.8 * z1, 0, 10) END,
	CASE WHEN s2 >= 0.12 THEN demo_clamp(3.9 + 0.45 * eff + 0.6 * z1 + 0.55 * z2, 1, 5) END,
	CASE WHEN s3 >= 0.22 THEN demo_clamp(5.1 + 0.4 * eff + ces_eff + 0.45 * z1 + 1.0 * z3, 1, 7) END,
	CASE WHEN s4 >= 0.15 THEN demo_clamp(7.6 + eff + 1.3 * z1 + 0.9 * z4, 0, 10) END,
	CASE WHEN s5 >= 0.18 THEN demo_clamp(6.3 + 0.8 * eff + expand_eff + 1.0 * z1 + 1.4 * z5, 0, 10) END
FROM (
	SELECT i, ts, account_id, channel, s1, s2, s3, s4, s5, z1, z2, z3, z4, z5,
		CASE a.plan_tier WHEN 'enterprise' THEN -0.8 WHEN 'business' THEN 0.2 ELSE 0.4 END AS expand_eff,
		0.7 * t
		+ CASE a.region WHEN 'EMEA' THEN -0.15 WHEN 'APAC' THEN 0.35 WHEN 'LATAM' THEN 0.1 ELSE 0 END
		+ CASE WHEN a.region = 'EMEA' AND d BETWEEN current_date - 420 AND current_date - 375 THEN -1.3 ELSE 0 END
		+ CASE a.plan_tier
			WHEN 'enterprise' THEN 0.35 - 1.1 * greatest(0, (t - 0.55) / 0.45)
			WHEN 'business' THEN 0.1
			ELSE CASE WHEN d >= current_date - 200 THEN 0.4 ELSE 0 END END
		+ CASE channel WHEN 'phone' THEN -0.3 WHEN 'chat' THEN 0.1 WHEN 'mobile app' THEN 0.2
			WHEN 'email' THEN -0.1 ELSE 0 END
		+ CASE WHEN holiday THEN -0.35 ELSE 0 END AS eff,
		CASE channel WHEN 'phone' THEN -0.6 WHEN 'email' THEN -0.3 WHEN 'web' THEN 0.2
			WHEN 'mobile app' THEN 0.3 ELSE 0 END
		+ CASE WHEN holiday THEN -0.5 ELSE 0 END AS ces_eff
	FROM (
		SELECT i, ts, t, ts::date AS d, account_id, channel, s1, s2, s3, s4, s5, z1, z2, z3, z4, z5,
			(extract(month FROM ts) = 12 AND extract(day FROM ts) >= 15)
			OR (extract(month FROM ts) = 1 AND extract(day FROM ts) <= 5) AS holiday
		FROM (
			SELECT i, t, (current_date - 730)::timestamptz + t * interval '730 days' AS ts,
				1 + floor(:n_accounts * power(r_acc, 2))::int AS account_id,
				CASE WHEN r_ch < 0.30 THEN 'web' WHEN r_ch < 0.52 THEN 'mobile app'
				     WHEN r_ch < 0.70 THEN 'email' WHEN r_ch < 0.88 THEN 'chat' ELSE 'phone' END AS channel,
				s1, s2, s3, s4, s5,
				demo_gauss(u1, u2) AS z1, demo_gauss(u3, u4) AS z2, demo_gauss(u5, u6) AS z3,
				demo_gauss_sin(u1, u2) AS z4, demo_gauss_sin(u3, u4) AS z5
			FROM (
				SELECT i, power(random(), 0.8) AS t, random() AS r_acc, random() AS r_ch,
					random() AS s1, random() AS s2, random() AS s3, random() AS s4, random() AS s5,
					random() AS u1, random() AS u2, random() AS u3, random() AS u4,
					random() AS u5, random() AS u6
				FROM generate_series(:first_id, :last_id) i
				OFFSET 0
			) r
		) q
	) g
	JOIN accounts a USING (account_id)
) x;
