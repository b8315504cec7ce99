-- demo/sql/30_views.sql: materialized views of daily summaries, the shape a dashboard
-- reads.  One row per day and segment holds a score_summary per question: exact
-- counts, so any period and any segment combination is rolled up exactly later
-- (ratios are never averaged).  The unique index is what REFRESH MATERIALIZED VIEW
-- CONCURRENTLY needs.
CREATE MATERIALIZED VIEW daily_scores AS
SELECT (r.answered_at AT TIME ZONE 'UTC')::date AS day,
	a.region, r.channel, a.plan_tier,
	count(*) AS responses,
	nps_agg(r.nps) AS nps,
	nps_agg(r.nps, a.arr::double precision) AS nps_revenue,
	csat_agg(r.csat) AS csat,
	ces_agg(r.ces) AS ces,
	loyalty_agg(r.nps, r.renew, r.expand) AS loyalty
FROM survey_responses r
JOIN accounts a USING (account_id)
GROUP BY 1, 2, 3, 4;
CREATE UNIQUE INDEX daily_scores_key ON daily_scores (day, region, channel, plan_tier);
COMMENT ON MATERIALIZED VIEW daily_scores IS
	'daily score summaries per region, channel and plan tier; refreshed every minute by pg_cron';
ANALYZE daily_scores;

-- Journeys: how far each customer got, by monthly cohort (month of the first visit) and
-- acquisition channel.  max() over journey_stage is the furthest stage in journey order.
CREATE MATERIALIZED VIEW cohort_reach AS
SELECT date_trunc('month', c.first_seen AT TIME ZONE 'UTC')::date AS cohort,
	c.acquired_via, f.furthest, count(*) AS customers
FROM customers c
JOIN (SELECT customer_id, max(stage) AS furthest FROM journey_events GROUP BY customer_id) f USING (customer_id)
GROUP BY 1, 2, 3;
CREATE UNIQUE INDEX cohort_reach_key ON cohort_reach (cohort, acquired_via, furthest);
COMMENT ON MATERIALIZED VIEW cohort_reach IS
	'customers per monthly cohort, acquisition channel and furthest journey stage; refreshed by pg_cron';
ANALYZE cohort_reach;

\ir 31_funnel_views.sql
