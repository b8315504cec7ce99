-- demo/sql/41_new_rows.sql: today's survey responses arrive after the views were built.
-- demo_arrivals records when they were committed, so the demo can wait for the first
-- scheduled refresh that started after that.
CREATE TABLE demo_arrivals (arrived_at timestamptz NOT NULL, responses bigint NOT NULL);
SELECT setseed(0.5) AS seeded \gset
INSERT INTO survey_responses (answered_at, account_id, channel, nps, csat, ces, renew, expand)
SELECT now() - random() * (now() - current_date::timestamptz),
	1 + floor((SELECT max(account_id) FROM accounts) * power(random(), 2))::int,
	(ARRAY['web', 'mobile app', 'email', 'chat', 'phone'])[1 + floor(random() * 5)::int],
	CASE WHEN random() >= 0.05 THEN demo_clamp(8.45 + 1.8 * z, 0, 10) END,
	CASE WHEN random() >= 0.12 THEN demo_clamp(4.2 + 0.8 * z, 1, 5) END,
	CASE WHEN random() >= 0.22 THEN demo_clamp(5.4 + 1.1 * z, 1, 7) END,
	CASE WHEN random() >= 0.15 THEN demo_clamp(8.2 + 1.5 * z, 0, 10) END,
	CASE WHEN random() >= 0.18 THEN demo_clamp(6.9 + 1.8 * z, 0, 10) END
FROM (SELECT demo_gauss(random(), random()) AS z FROM generate_series(1, 3000) OFFSET 0) g;
INSERT INTO demo_arrivals VALUES (clock_timestamp(), 3000);
