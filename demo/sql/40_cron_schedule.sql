-- demo/sql/40_cron_schedule.sql: pg_cron refreshes the summaries every minute, without
-- blocking the dashboards that read them (CONCURRENTLY, thanks to the unique index).
SELECT cron.schedule('cx-refresh-daily-scores', '* * * * *',
	'REFRESH MATERIALIZED VIEW CONCURRENTLY public.daily_scores') AS jobid \gset
SELECT cron.schedule('cx-refresh-cohort-reach', '* * * * *',
	'REFRESH MATERIALIZED VIEW CONCURRENTLY public.cohort_reach') AS jobid \gset
SELECT cron.schedule('cx-refresh-customer-funnel', '* * * * *',
	'REFRESH MATERIALIZED VIEW CONCURRENTLY public.customer_funnel') AS jobid \gset
