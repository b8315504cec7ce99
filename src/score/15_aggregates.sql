-- src/score/15_aggregates.sql: every score aggregate over answers, one-step (nps, csat,
-- ces and their weighted forms) and summary (nps_agg, csat_agg, ces_agg, score_agg).
--
-- Generated per score type (smallint, integer, bigint, numeric, double precision) by one
-- DO block, so the types and the two families cannot drift apart.  Every aggregate has a
-- score_summary state (no internal state), the summary merge as combine function, a
-- moving-aggregate form for window frames (inverse transitions), and is PARALLEL SAFE.
-- One-step aggregates add a final function that computes the metric from the summary;
-- summary aggregates return the summary itself.

DO $cx$
DECLARE
	t text;
	spec text[];
	-- name, arguments after the score, transition suffix, final function (NULL: the
	-- summary), initial state (NULL: the first row creates it from the scale arguments),
	-- comment
	specs text[][] := ARRAY[
		-- one-step metrics
		ARRAY['nps', '', '', 'nps', 'v1 scale=0..10 skipped=0 n=0,0,0,0,0,0,0,0,0,0,0',
			  'Net Promoter Score (-100..100) of 0..10 scores; NULL scores are skipped; NULL for no answers'],
		ARRAY['nps_weighted', ', weight double precision', '_w', 'nps',
			  'v1 scale=0..10 weighted skipped=0 n=0,0,0,0,0,0,0,0,0,0,0 w=0,0,0,0,0,0,0,0,0,0,0 w2=0,0,0,0,0,0,0,0,0,0,0',
			  'weighted Net Promoter Score (-100..100): weighted shares of promoters and detractors; NULL for zero total weight'],
		ARRAY['csat', '', '', 'csat', 'v1 scale=1..5 skipped=0 n=0,0,0,0,0',
			  'CSAT in percent of 1..5 ratings: share of 4 and 5; NULL for no answers'],
		ARRAY['csat', ', scale_max integer', '_s', 'csat', NULL,
			  'CSAT in percent of 1..scale_max ratings: top 1 of 2-3 points, top 2 of 4-7 points, top 3 of 10 points'],
		ARRAY['csat_weighted', ', weight double precision', '_w', 'csat',
			  'v1 scale=1..5 weighted skipped=0 n=0,0,0,0,0 w=0,0,0,0,0 w2=0,0,0,0,0',
			  'weighted CSAT in percent of 1..5 ratings'],
		ARRAY['csat_weighted', ', scale_max integer, weight double precision', '_sw', 'csat', NULL,
			  'weighted CSAT in percent of 1..scale_max ratings'],
		ARRAY['ces', '', '', 'ces', 'v1 scale=1..7 skipped=0 n=0,0,0,0,0,0,0',
			  'customer effort score: mean of 1..7 ratings (CES 2.0, higher is easier); NULL for no answers'],
		ARRAY['ces', ', scale_max integer', '_s', 'ces', NULL,
			  'customer effort score: mean of 1..scale_max ratings'],
		ARRAY['ces_weighted', ', weight double precision', '_w', 'ces',
			  'v1 scale=1..7 weighted skipped=0 n=0,0,0,0,0,0,0 w=0,0,0,0,0,0,0 w2=0,0,0,0,0,0,0',
			  'weighted customer effort score: weighted mean of 1..7 ratings'],
		ARRAY['ces_weighted', ', scale_max integer, weight double precision', '_sw', 'ces', NULL,
			  'weighted customer effort score: weighted mean of 1..scale_max ratings'],
		-- summaries
		ARRAY['nps_agg', '', '', NULL, 'v1 scale=0..10 skipped=0 n=0,0,0,0,0,0,0,0,0,0,0',
			  'summary of NPS answers on 0..10 (NULL answers counted as skipped)'],
		ARRAY['nps_agg', ', weight double precision', '_w', NULL,
			  'v1 scale=0..10 weighted skipped=0 n=0,0,0,0,0,0,0,0,0,0,0 w=0,0,0,0,0,0,0,0,0,0,0 w2=0,0,0,0,0,0,0,0,0,0,0',
			  'weighted summary of NPS answers on 0..10'],
		ARRAY['csat_agg', '', '', NULL, 'v1 scale=1..5 skipped=0 n=0,0,0,0,0',
			  'summary of CSAT ratings on 1..5'],
		ARRAY['csat_agg', ', scale_max integer', '_s', NULL, NULL,
			  'summary of CSAT ratings on 1..scale_max'],
		ARRAY['csat_agg', ', scale_max integer, weight double precision', '_sw', NULL, NULL,
			  'weighted summary of CSAT ratings on 1..scale_max'],
		ARRAY['ces_agg', '', '', NULL, 'v1 scale=1..7 skipped=0 n=0,0,0,0,0,0,0',
			  'summary of customer effort ratings on 1..7'],
		ARRAY['ces_agg', ', scale_max integer', '_s', NULL, NULL,
			  'summary of customer effort ratings on 1..scale_max'],
		ARRAY['ces_agg', ', scale_max integer, weight double precision', '_sw', NULL, NULL,
			  'weighted summary of customer effort ratings on 1..scale_max'],
		ARRAY['score_agg', ', scale_min integer, scale_max integer', '_mm', NULL, NULL,
			  'summary of answers on any integer scale scale_min..scale_max'],
		ARRAY['score_agg', ', scale_min integer, scale_max integer, weight double precision', '_mmw', NULL, NULL,
			  'weighted summary of answers on any integer scale scale_min..scale_max']
	];
	argtypes text;
BEGIN
	FOREACH spec SLICE 1 IN ARRAY specs LOOP
		FOREACH t IN ARRAY ARRAY['smallint', 'integer', 'bigint', 'numeric', 'double precision'] LOOP
			argtypes := t || spec[2];
			EXECUTE format(
				'CREATE AGGREGATE @extschema@.%1$s(score %2$s) ('
				'  SFUNC = @extschema@.score_accum%3$s, STYPE = @extschema@.score_summary,'
				'  COMBINEFUNC = @extschema@.score_summary_combine,'
				'  MSFUNC = @extschema@.score_accum%3$s, MINVFUNC = @extschema@.score_accum%3$s_inv,'
				'  MSTYPE = @extschema@.score_summary,'
				'  %4$s %5$s'
				'  PARALLEL = SAFE)',
				spec[1], argtypes, spec[3],
				CASE WHEN spec[4] IS NULL THEN ''
					 ELSE format('FINALFUNC = @extschema@.%1$s, MFINALFUNC = @extschema@.%1$s,', spec[4]) END,
				CASE WHEN spec[5] IS NULL THEN ''
					 ELSE format('INITCOND = %1$L, MINITCOND = %1$L,', spec[5]) END);
			EXECUTE format('COMMENT ON AGGREGATE @extschema@.%s(%s) IS %L', spec[1], argtypes, spec[6]);
		END LOOP;
	END LOOP;
END
$cx$;
