-- demo/sql/25_compat.sql: stand-ins for the summary aggregates nps_agg, csat_agg,
-- ces_agg and rollup until cx_metrics ships them (DESIGN 2.2).  They are built from
-- the extension's own transition and combine functions, in a schema of their own that
-- the demo database searches after public, and only when the extension lacks them.
DO $compat$
BEGIN
	IF to_regprocedure('nps_agg(smallint)') IS NULL THEN
		CREATE SCHEMA demo_compat;
		CREATE AGGREGATE demo_compat.nps_agg(smallint) (
			SFUNC = score_accum, STYPE = score_summary, COMBINEFUNC = score_summary_combine,
			INITCOND = 'v1 scale=0..10 skipped=0 n=0,0,0,0,0,0,0,0,0,0,0', PARALLEL = SAFE);
		CREATE AGGREGATE demo_compat.nps_agg(smallint, double precision) (
			SFUNC = score_accum_w, STYPE = score_summary, COMBINEFUNC = score_summary_combine,
			INITCOND = 'v1 scale=0..10 weighted skipped=0 n=0,0,0,0,0,0,0,0,0,0,0 w=0,0,0,0,0,0,0,0,0,0,0 w2=0,0,0,0,0,0,0,0,0,0,0',
			PARALLEL = SAFE);
		CREATE AGGREGATE demo_compat.csat_agg(smallint) (
			SFUNC = score_accum, STYPE = score_summary, COMBINEFUNC = score_summary_combine,
			INITCOND = 'v1 scale=1..5 skipped=0 n=0,0,0,0,0', PARALLEL = SAFE);
		CREATE AGGREGATE demo_compat.ces_agg(smallint) (
			SFUNC = score_accum, STYPE = score_summary, COMBINEFUNC = score_summary_combine,
			INITCOND = 'v1 scale=1..7 skipped=0 n=0,0,0,0,0,0,0', PARALLEL = SAFE);
		CREATE AGGREGATE demo_compat.rollup(score_summary) (
			SFUNC = score_summary_combine, STYPE = score_summary,
			COMBINEFUNC = score_summary_combine, PARALLEL = SAFE);
		EXECUTE format('ALTER DATABASE %I SET search_path = public, demo_compat', current_database());
		SET search_path = public, demo_compat;
	END IF;
END
$compat$;
