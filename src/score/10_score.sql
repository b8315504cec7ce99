-- src/score/10_score.sql: the score_summary type, the transition, combine and metric
-- functions of the score aggregates (declared in 15_aggregates.sql), and nps_category.

-- ---------------------------------------------------------------------------
-- Types
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.score_summary;

CREATE FUNCTION @extschema@.score_summary_in(cstring) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_summary_out(@extschema@.score_summary) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_summary_recv(internal) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_summary_send(@extschema@.score_summary) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.score_summary (
	INPUT = @extschema@.score_summary_in,
	OUTPUT = @extschema@.score_summary_out,
	RECEIVE = @extschema@.score_summary_recv,
	SEND = @extschema@.score_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE @extschema@.score_summary IS
	'exact, mergeable summary of answers on an integer scale: counts per value (and weight sums), skipped answers';

CREATE TYPE @extschema@.nps_category AS ENUM ('detractor', 'passive', 'promoter');
COMMENT ON TYPE @extschema@.nps_category IS 'NPS answer category: detractor (0-6) < passive (7-8) < promoter (9-10)';

-- ---------------------------------------------------------------------------
-- Functions: transition, combine and metric (final / accessor) functions
-- ---------------------------------------------------------------------------

-- Fixed-scale transitions (the scale comes from the aggregate's INITCOND).
CREATE FUNCTION @extschema@.score_accum(@extschema@.score_summary, smallint) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum(@extschema@.score_summary, integer) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum(@extschema@.score_summary, bigint) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum(@extschema@.score_summary, numeric) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum(@extschema@.score_summary, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_float8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_inv(@extschema@.score_summary, smallint) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_int2_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_inv(@extschema@.score_summary, integer) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_int4_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_inv(@extschema@.score_summary, bigint) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_int8_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_inv(@extschema@.score_summary, numeric) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_numeric_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_inv(@extschema@.score_summary, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_float8_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- Parameterised transitions: (state, score, [scale_max | scale_min, scale_max], [weight]).
-- One C function per score type serves every shape; it reads the shape from the
-- declared argument types.
CREATE FUNCTION @extschema@.score_accum_w(@extschema@.score_summary, smallint, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_w(@extschema@.score_summary, integer, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_w(@extschema@.score_summary, bigint, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_w(@extschema@.score_summary, numeric, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_w(@extschema@.score_summary, double precision, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_float8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_w_inv(@extschema@.score_summary, smallint, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_int2_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_w_inv(@extschema@.score_summary, integer, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_int4_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_w_inv(@extschema@.score_summary, bigint, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_int8_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_w_inv(@extschema@.score_summary, numeric, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_numeric_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_w_inv(@extschema@.score_summary, double precision, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_float8_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.score_accum_s(@extschema@.score_summary, smallint, integer) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_s(@extschema@.score_summary, integer, integer) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_s(@extschema@.score_summary, bigint, integer) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_s(@extschema@.score_summary, numeric, integer) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_s(@extschema@.score_summary, double precision, integer) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_float8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_s_inv(@extschema@.score_summary, smallint, integer) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_int2_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_s_inv(@extschema@.score_summary, integer, integer) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_int4_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_s_inv(@extschema@.score_summary, bigint, integer) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_int8_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_s_inv(@extschema@.score_summary, numeric, integer) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_numeric_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_s_inv(@extschema@.score_summary, double precision, integer) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_float8_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.score_accum_sw(@extschema@.score_summary, smallint, integer, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_sw(@extschema@.score_summary, integer, integer, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_sw(@extschema@.score_summary, bigint, integer, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_sw(@extschema@.score_summary, numeric, integer, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_sw(@extschema@.score_summary, double precision, integer, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_float8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_sw_inv(@extschema@.score_summary, smallint, integer, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_int2_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_sw_inv(@extschema@.score_summary, integer, integer, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_int4_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_sw_inv(@extschema@.score_summary, bigint, integer, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_int8_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_sw_inv(@extschema@.score_summary, numeric, integer, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_numeric_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_accum_sw_inv(@extschema@.score_summary, double precision, integer, double precision) RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'score_accum_param_float8_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- Transitions of score_agg: (state, score, scale_min, scale_max [, weight]), served by
-- the parameterised C transitions of src/score/score_accum.c.
DO $cx$
DECLARE
	t text;
	c text;
BEGIN
	FOREACH t IN ARRAY ARRAY['smallint:int2', 'integer:int4', 'bigint:int8', 'numeric:numeric',
							 'double precision:float8'] LOOP
		c := split_part(t, ':', 2);
		t := split_part(t, ':', 1);
		EXECUTE format('CREATE FUNCTION @extschema@.score_accum_mm(@extschema@.score_summary, %s, integer, integer) '
					   'RETURNS @extschema@.score_summary AS %L, %L LANGUAGE C IMMUTABLE PARALLEL SAFE',
					   t, 'MODULE_PATHNAME', 'score_accum_param_' || c);
		EXECUTE format('CREATE FUNCTION @extschema@.score_accum_mm_inv(@extschema@.score_summary, %s, integer, integer) '
					   'RETURNS @extschema@.score_summary AS %L, %L LANGUAGE C IMMUTABLE PARALLEL SAFE',
					   t, 'MODULE_PATHNAME', 'score_accum_param_' || c || '_inv');
		EXECUTE format('CREATE FUNCTION @extschema@.score_accum_mmw(@extschema@.score_summary, %s, integer, integer, double precision) '
					   'RETURNS @extschema@.score_summary AS %L, %L LANGUAGE C IMMUTABLE PARALLEL SAFE',
					   t, 'MODULE_PATHNAME', 'score_accum_param_' || c);
		EXECUTE format('CREATE FUNCTION @extschema@.score_accum_mmw_inv(@extschema@.score_summary, %s, integer, integer, double precision) '
					   'RETURNS @extschema@.score_summary AS %L, %L LANGUAGE C IMMUTABLE PARALLEL SAFE',
					   t, 'MODULE_PATHNAME', 'score_accum_param_' || c || '_inv');
	END LOOP;
END
$cx$;

CREATE FUNCTION @extschema@.score_summary_combine(@extschema@.score_summary, @extschema@.score_summary)
	RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- Metrics of a summary: final functions of the one-step aggregates, and accessors.
CREATE FUNCTION @extschema@.nps(@extschema@.score_summary) RETURNS double precision
	AS 'MODULE_PATHNAME', 'score_summary_nps' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps(@extschema@.score_summary) IS
	'Net Promoter Score (-100..100) of a 0..10 summary: 100 * (promoters 9-10 - detractors 0-6) / n; NULL when empty';
CREATE FUNCTION @extschema@.csat(@extschema@.score_summary) RETURNS double precision
	AS 'MODULE_PATHNAME', 'score_summary_csat' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat(@extschema@.score_summary) IS
	'CSAT in percent with the default top box of the scale (top 1 of 2-3 points, top 2 of 4-7, top 3 of 10); NULL when empty';
CREATE FUNCTION @extschema@.csat(@extschema@.score_summary, top_box_min integer) RETURNS double precision
	AS 'MODULE_PATHNAME', 'score_summary_csat_top' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat(@extschema@.score_summary, integer) IS
	'CSAT in percent: share of answers from top_box_min to the top of the scale; NULL when empty';
CREATE FUNCTION @extschema@.ces(@extschema@.score_summary) RETURNS double precision
	AS 'MODULE_PATHNAME', 'score_summary_mean' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ces(@extschema@.score_summary) IS
	'customer effort score: mean rating (weighted mean when weighted); NULL when empty';
CREATE FUNCTION @extschema@.mean(@extschema@.score_summary) RETURNS double precision
	AS 'MODULE_PATHNAME', 'score_summary_mean' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean(@extschema@.score_summary) IS
	'mean answer (weighted mean when weighted); NULL when empty';
CREATE FUNCTION @extschema@.n(@extschema@.score_summary) RETURNS bigint
	AS 'MODULE_PATHNAME', 'score_summary_n' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.n(@extschema@.score_summary) IS 'number of answers (NULL answers excluded)';
CREATE FUNCTION @extschema@.skipped(@extschema@.score_summary) RETURNS bigint
	AS 'MODULE_PATHNAME', 'score_summary_skipped' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.skipped(@extschema@.score_summary) IS 'number of skipped (NULL) answers';

CREATE FUNCTION @extschema@.nps_category(integer) RETURNS @extschema@.nps_category
	AS 'MODULE_PATHNAME', 'nps_category_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.nps_category(bigint) RETURNS @extschema@.nps_category
	AS 'MODULE_PATHNAME', 'nps_category_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.nps_category(numeric) RETURNS @extschema@.nps_category
	AS 'MODULE_PATHNAME', 'nps_category_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.nps_category(double precision) RETURNS @extschema@.nps_category
	AS 'MODULE_PATHNAME', 'nps_category_float8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_category(integer) IS 'NPS category of a 0..10 score: detractor, passive or promoter';
COMMENT ON FUNCTION @extschema@.nps_category(bigint) IS 'NPS category of a 0..10 score: detractor, passive or promoter';
COMMENT ON FUNCTION @extschema@.nps_category(numeric) IS 'NPS category of a 0..10 score: detractor, passive or promoter';
COMMENT ON FUNCTION @extschema@.nps_category(double precision) IS 'NPS category of a 0..10 score: detractor, passive or promoter';
