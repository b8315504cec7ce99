-- src/score/20_summary.sql: rollup() of stored summaries, the + and = operators,
-- accessors, statistics, hashing and the jsonb cast of score_summary.

-- ---------------------------------------------------------------------------
-- Types
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.confidence_interval AS (
	estimate double precision,
	low double precision,
	high double precision,
	std_error double precision,
	level double precision
);
COMMENT ON TYPE @extschema@.confidence_interval IS
	'a point estimate with its confidence interval [low, high] at a level, and its standard error';

CREATE TYPE @extschema@.significance_test AS (
	difference double precision,
	std_error double precision,
	z_or_t double precision,
	p_value double precision,
	ci_low double precision,
	ci_high double precision
);
COMMENT ON TYPE @extschema@.significance_test IS
	'two-sample comparison a - b: difference, its standard error, test statistic, two-sided p-value and confidence interval';

-- ---------------------------------------------------------------------------
-- Functions
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.score_summary_combine_inv(@extschema@.score_summary, @extschema@.score_summary)
	RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.score_summary_add(@extschema@.score_summary, @extschema@.score_summary)
	RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.stddev(@extschema@.score_summary) RETURNS double precision
	AS 'MODULE_PATHNAME', 'score_summary_stddev' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.stddev(@extschema@.score_summary) IS
	'sample standard deviation of the answers (reliability-weighted when weighted); NULL with fewer than two answers';
CREATE FUNCTION @extschema@.response_rate(@extschema@.score_summary) RETURNS double precision
	AS 'MODULE_PATHNAME', 'score_summary_response_rate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.response_rate(@extschema@.score_summary) IS
	'answers / (answers + skipped), 0..1; NULL when there are neither';
CREATE FUNCTION @extschema@.promoters(@extschema@.score_summary) RETURNS bigint
	AS 'MODULE_PATHNAME', 'score_summary_promoters' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.promoters(@extschema@.score_summary) IS 'number of answers 9-10 of a 0..10 summary';
CREATE FUNCTION @extschema@.passives(@extschema@.score_summary) RETURNS bigint
	AS 'MODULE_PATHNAME', 'score_summary_passives' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.passives(@extschema@.score_summary) IS 'number of answers 7-8 of a 0..10 summary';
CREATE FUNCTION @extschema@.detractors(@extschema@.score_summary) RETURNS bigint
	AS 'MODULE_PATHNAME', 'score_summary_detractors' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.detractors(@extschema@.score_summary) IS 'number of answers 0-6 of a 0..10 summary';
CREATE FUNCTION @extschema@.share(@extschema@.score_summary, value_from integer, value_to integer) RETURNS double precision
	AS 'MODULE_PATHNAME', 'score_summary_share' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.share(@extschema@.score_summary, integer, integer) IS
	'(weighted) fraction 0..1 of answers from value_from to value_to; NULL when empty';
CREATE FUNCTION @extschema@.total_weight(@extschema@.score_summary) RETURNS double precision
	AS 'MODULE_PATHNAME', 'score_summary_total_weight' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.total_weight(@extschema@.score_summary) IS
	'sum of weights (the number of answers for an unweighted summary)';
CREATE FUNCTION @extschema@.n_effective(@extschema@.score_summary) RETURNS double precision
	AS 'MODULE_PATHNAME', 'score_summary_n_effective' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.n_effective(@extschema@.score_summary) IS
	'Kish effective sample size (sum w)^2 / sum w^2 (the number of answers for an unweighted summary)';
CREATE FUNCTION @extschema@.histogram(@extschema@.score_summary, OUT value integer, OUT n bigint, OUT weight double precision)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'score_summary_histogram' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 11;
COMMENT ON FUNCTION @extschema@.histogram(@extschema@.score_summary) IS
	'one row per scale value: the value, its answer count and weight (= count when unweighted)';
CREATE FUNCTION @extschema@.score_summary_to_jsonb(@extschema@.score_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Statistics
CREATE FUNCTION @extschema@.standard_error(@extschema@.score_summary) RETURNS double precision
	AS 'MODULE_PATHNAME', 'score_summary_standard_error' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.standard_error(@extschema@.score_summary) IS
	'standard error of NPS in points: sqrt((pP + pD - (pP - pD)^2) / n), n_eff when weighted';
CREATE FUNCTION @extschema@.margin_of_error(@extschema@.score_summary, level double precision DEFAULT 0.95)
	RETURNS double precision
	AS 'MODULE_PATHNAME', 'score_summary_margin_of_error' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.margin_of_error(@extschema@.score_summary, double precision) IS
	'margin of error of NPS in points: z(level) * standard_error';
CREATE FUNCTION @extschema@.nps_ci(@extschema@.score_summary, level double precision DEFAULT 0.95,
		method text DEFAULT 'adjusted_wald')
	RETURNS @extschema@.confidence_interval
	AS 'MODULE_PATHNAME', 'score_summary_nps_ci' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_ci(@extschema@.score_summary, double precision, text) IS
	'confidence interval of NPS in points: adjusted_wald (default; +3/4 promoter, +3/4 detractor, +3/2 passive) or wald';
CREATE FUNCTION @extschema@.csat_ci(@extschema@.score_summary, level double precision DEFAULT 0.95)
	RETURNS @extschema@.confidence_interval
	AS 'MODULE_PATHNAME', 'score_summary_csat_ci' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_ci(@extschema@.score_summary, double precision) IS
	'Wilson score interval of CSAT (default top box) in percent';
CREATE FUNCTION @extschema@.csat_ci(@extschema@.score_summary, level double precision, top_box_min integer)
	RETURNS @extschema@.confidence_interval
	AS 'MODULE_PATHNAME', 'score_summary_csat_ci' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_ci(@extschema@.score_summary, double precision, integer) IS
	'Wilson score interval in percent of the share of answers from top_box_min up';
CREATE FUNCTION @extschema@.mean_ci(@extschema@.score_summary, level double precision DEFAULT 0.95)
	RETURNS @extschema@.confidence_interval
	AS 'MODULE_PATHNAME', 'score_summary_mean_ci' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean_ci(@extschema@.score_summary, double precision) IS
	'Student-t confidence interval of the mean answer (n_eff - 1 degrees of freedom when weighted)';
CREATE FUNCTION @extschema@.nps_test(a @extschema@.score_summary, b @extschema@.score_summary,
		method text DEFAULT 'adjusted_wald', level double precision DEFAULT 0.95)
	RETURNS @extschema@.significance_test
	AS 'MODULE_PATHNAME', 'score_summary_nps_test' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_test(@extschema@.score_summary, @extschema@.score_summary, text, double precision) IS
	'z test of NPS(a) - NPS(b) in points, independent samples; method adjusted_wald (default) or wald';
CREATE FUNCTION @extschema@.csat_test(a @extschema@.score_summary, b @extschema@.score_summary,
		level double precision DEFAULT 0.95)
	RETURNS @extschema@.significance_test
	AS 'MODULE_PATHNAME', 'score_summary_csat_test' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_test(@extschema@.score_summary, @extschema@.score_summary, double precision) IS
	'two-proportion z test of CSAT(a) - CSAT(b) in percent (pooled SE for z and p, unpooled for the interval)';
CREATE FUNCTION @extschema@.mean_test(a @extschema@.score_summary, b @extschema@.score_summary,
		level double precision DEFAULT 0.95)
	RETURNS @extschema@.significance_test
	AS 'MODULE_PATHNAME', 'score_summary_mean_test' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean_test(@extschema@.score_summary, @extschema@.score_summary, double precision) IS
	'Welch t test of mean(a) - mean(b)';

-- ---------------------------------------------------------------------------
-- Aggregates
-- ---------------------------------------------------------------------------

CREATE AGGREGATE @extschema@.rollup(@extschema@.score_summary) (
	SFUNC = @extschema@.score_summary_combine,
	STYPE = @extschema@.score_summary,
	COMBINEFUNC = @extschema@.score_summary_combine,
	MSFUNC = @extschema@.score_summary_combine,
	MINVFUNC = @extschema@.score_summary_combine_inv,
	MSTYPE = @extschema@.score_summary,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.score_summary) IS
	'merge summaries exactly (same scale; weighted only with weighted); NULL summaries are ignored';

-- ---------------------------------------------------------------------------
-- Casts and operators
-- ---------------------------------------------------------------------------

CREATE CAST (@extschema@.score_summary AS jsonb)
	WITH FUNCTION @extschema@.score_summary_to_jsonb(@extschema@.score_summary);
COMMENT ON FUNCTION @extschema@.score_summary_to_jsonb(@extschema@.score_summary) IS
	'the summary as jsonb: version, scale, weighted, n, skipped, counts (and sum_w, sum_w2)';

CREATE OPERATOR @extschema@.+ (
	LEFTARG = @extschema@.score_summary,
	RIGHTARG = @extschema@.score_summary,
	FUNCTION = @extschema@.score_summary_add,
	COMMUTATOR = OPERATOR(@extschema@.+)
);
COMMENT ON OPERATOR @extschema@.+ (@extschema@.score_summary, @extschema@.score_summary) IS
	'merge two summaries (same scale; weighted only with weighted)';

CREATE FUNCTION @extschema@.score_summary_eq(@extschema@.score_summary, @extschema@.score_summary) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_summary_ne(@extschema@.score_summary, @extschema@.score_summary) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.score_summary, RIGHTARG = @extschema@.score_summary,
	FUNCTION = @extschema@.score_summary_eq,
	COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = eqsel, JOIN = eqjoinsel, HASHES
);
COMMENT ON OPERATOR @extschema@.= (@extschema@.score_summary, @extschema@.score_summary) IS
	'same scale, weighting, counts and weight sums';
CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.score_summary, RIGHTARG = @extschema@.score_summary,
	FUNCTION = @extschema@.score_summary_ne,
	COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = neqsel, JOIN = neqjoinsel
);
COMMENT ON OPERATOR @extschema@.<> (@extschema@.score_summary, @extschema@.score_summary) IS
	'summaries that differ in any field';

-- ---------------------------------------------------------------------------
-- Operator classes: hashing, so summaries work with GROUP BY, DISTINCT and hash joins
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.score_summary_hash(@extschema@.score_summary) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.score_summary_hash_extended(@extschema@.score_summary, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OPERATOR CLASS @extschema@.score_summary_hash_ops
	DEFAULT FOR TYPE @extschema@.score_summary USING hash AS
	OPERATOR 1 @extschema@.= ,
	FUNCTION 1 @extschema@.score_summary_hash(@extschema@.score_summary),
	FUNCTION 2 @extschema@.score_summary_hash_extended(@extschema@.score_summary, bigint);
COMMENT ON OPERATOR CLASS @extschema@.score_summary_hash_ops USING hash IS
	'hashing of whole summaries (GROUP BY, DISTINCT, hash joins)';
