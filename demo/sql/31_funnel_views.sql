-- demo/sql/31_funnel_views.sql: the funnel of every customer, for funnels by cohort.
-- window_funnel gives the furthest step of the saas journey reached in order within 90
-- days of the first visit (ClickHouse windowFunnel semantics); the view keeps one row per
-- customer with the cohort, so funnel_conversion() rolls it up by any cohort grain.
CREATE MATERIALIZED VIEW customer_funnel AS
SELECT c.customer_id,
	date_trunc('month', c.first_seen AT TIME ZONE 'UTC')::date AS cohort,
	c.acquired_via,
	window_funnel(interval '90 days', e.at,
		e.stage = 'saas:Visit', e.stage = 'saas:Sign-up', e.stage = 'saas:Activation',
		e.stage = 'saas:Subscription', e.stage = 'saas:Expansion', e.stage = 'saas:Advocacy') AS level
FROM customers c
JOIN journey_events e USING (customer_id)
GROUP BY c.customer_id;
CREATE UNIQUE INDEX customer_funnel_key ON customer_funnel (customer_id);
COMMENT ON MATERIALIZED VIEW customer_funnel IS
	'furthest saas journey step reached in order within 90 days of the first visit, per customer';
ANALYZE customer_funnel;
