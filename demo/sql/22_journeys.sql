-- demo/sql/22_journeys.sql: customers' journeys through the 'saas' journey, about
-- 600,000 events from 170,000 customers (scaled by :scale).
--
--   Visit -> Sign-up -> Activation -> Subscription -> Expansion -> Advocacy
--
-- Every customer starts with a Visit and moves on stage by stage with a conversion
-- probability per step (partner-sourced customers convert better; the new onboarding flow
-- 200 days ago lifted Sign-up -> Activation), after gaps that grow along the journey.
-- Events later than now are not there yet (recent cohorts are still on their way).
-- Repeats: extra visits and logins of stages already reached.  Regressions: some paying
-- customers fall back a stage (downgrade, failed payment).  Expansion is optional (marked so
-- in the catalog): a third of the advocates recommend the product without expanding first.
SELECT setseed(0.23) AS seeded \gset
SELECT round(170000 * :scale)::int AS n_customers \gset
SELECT max(account_id) AS n_accounts FROM accounts \gset

SELECT define_journey('saas', ARRAY['Visit', 'Sign-up', 'Activation', 'Subscription', 'Expansion', 'Advocacy'], locale => 'en') AS journey_id \gset
SELECT set_stage_optional('saas', 'Expansion') AS optional_stage \gset

CREATE TABLE customers (
	customer_id  integer NOT NULL,
	account_id   integer NOT NULL,
	acquired_via text NOT NULL,
	first_seen   timestamptz NOT NULL
);
COMMENT ON TABLE customers IS 'people who entered the saas journey; first_seen defines the cohort';

CREATE TABLE journey_events (
	customer_id integer NOT NULL,
	at          timestamptz NOT NULL,
	stage       journey_stage(saas) NOT NULL
);
COMMENT ON TABLE journey_events IS 'stage events of customers in the saas journey (repeats and regressions included)';

INSERT INTO customers
SELECT i, 1 + floor(:n_accounts * power(random(), 1.5))::int,
	CASE WHEN r < 0.40 THEN 'organic' WHEN r < 0.70 THEN 'paid search' WHEN r < 0.85 THEN 'partner' ELSE 'outbound' END,
	(current_date - 730)::timestamptz + power(random(), 0.85) * interval '725 days'
FROM (SELECT i, random() AS r FROM generate_series(1, :n_customers) i OFFSET 0) g;

-- How far each customer gets (1 = Visit only .. 6 = Advocacy).
CREATE TEMP TABLE reach AS
SELECT customer_id, first_seen,
	1 + (r1 < p1)::int
	  + (r1 < p1 AND r2 < p2)::int
	  + (r1 < p1 AND r2 < p2 AND r3 < 0.50)::int
	  + (r1 < p1 AND r2 < p2 AND r3 < 0.50 AND r4 < 0.30)::int
	  + (r1 < p1 AND r2 < p2 AND r3 < 0.50 AND r4 < 0.30 AND r5 < 0.35)::int AS reached
FROM (
	SELECT customer_id, first_seen,
		CASE acquired_via WHEN 'partner' THEN 0.70 WHEN 'paid search' THEN 0.45 ELSE 0.55 END AS p1,
		CASE WHEN first_seen >= current_date - 200 THEN 0.78 ELSE 0.58 END
			+ CASE acquired_via WHEN 'partner' THEN 0.08 ELSE 0 END AS p2,
		random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5
	FROM customers OFFSET 0
) q;

CREATE TEMP TABLE stage_of AS
SELECT k, make_stage('saas', l) AS stage
FROM (VALUES (1, 'Visit'), (2, 'Sign-up'), (3, 'Activation'), (4, 'Subscription'),
	(5, 'Expansion'), (6, 'Advocacy')) v(k, l);

-- The forward path: one event per stage reached, gaps with a mean growing along the journey.
CREATE TEMP TABLE path AS
SELECT customer_id, step, reached, first_seen + sum(gap) OVER (PARTITION BY customer_id ORDER BY step) AS at
FROM (
	SELECT customer_id, first_seen, reached, step,
		CASE step WHEN 1 THEN interval '0'
			ELSE -ln(1 - random()) * (ARRAY[0, 2, 5, 12, 60, 45])[step] * interval '1 day' END AS gap
	FROM reach, generate_series(1, reached) step
	OFFSET 0
) g;
DELETE FROM path WHERE at >= now();
-- advocates who never expanded: no Expansion event (the gap before Advocacy stays)
DELETE FROM path WHERE step = 5 AND reached = 6 AND random() < 0.33;

INSERT INTO journey_events
SELECT p.customer_id, p.at, s.stage FROM path p JOIN stage_of s ON s.k = p.step;

-- Repeats: more visits, logins and so on, each within 30 days after the stage was reached.
INSERT INTO journey_events
SELECT customer_id, at, stage FROM (
	SELECT p.customer_id, p.at + random() * interval '30 days' AS at, s.stage
	FROM (SELECT customer_id, step, at, floor(-ln(1 - random()) * 0.9)::int AS repeats FROM path OFFSET 0) p
	CROSS JOIN LATERAL generate_series(1, p.repeats) rep
	JOIN stage_of s ON s.k = p.step
	OFFSET 0
) r
WHERE at < now();

-- Regressions: 12% of the customers who got to Subscription or beyond fall back a stage.
INSERT INTO journey_events
SELECT customer_id, at, stage FROM (
	SELECT p.customer_id, p.at + -ln(1 - random()) * interval '40 days' AS at, s.stage, random() AS r
	FROM path p JOIN stage_of s ON s.k = p.step - 1
	WHERE p.step = p.reached AND p.reached >= 4
	OFFSET 0
) r
WHERE r < 0.12 AND at < now();

ALTER TABLE customers ADD PRIMARY KEY (customer_id);
CREATE INDEX ON journey_events (customer_id, at);
ANALYZE customers, journey_events;
