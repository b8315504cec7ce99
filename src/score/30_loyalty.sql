-- src/score/30_loyalty.sql: weighted loyalty: Customer Loyalty Index, account-level NPS,
-- earned growth rate.

-- ---------------------------------------------------------------------------
-- Functions
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.loyalty_accum(@extschema@.score_summary, VARIADIC integer[])
	RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'loyalty_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.loyalty_accum_weighted(@extschema@.score_summary, double precision, VARIADIC integer[])
	RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'loyalty_accum_weighted' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.account_nps_accum(@extschema@.score_summary, double precision)
	RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'account_nps_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.account_nps_accum_weighted(@extschema@.score_summary, double precision, double precision)
	RETURNS @extschema@.score_summary
	AS 'MODULE_PATHNAME', 'account_nps_accum_weighted' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.loyalty_index(@extschema@.score_summary) RETURNS double precision
	AS 'MODULE_PATHNAME', 'loyalty_index_summary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.loyalty_index(@extschema@.score_summary) IS
	'Customer Loyalty Index (0..10) of a loyalty summary: mean per-respondent item average';

CREATE FUNCTION @extschema@.earned_growth_rate(net_revenue_retention double precision,
		earned_new_revenue double precision) RETURNS double precision
	AS 'MODULE_PATHNAME', 'earned_growth_rate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.earned_growth_rate(double precision, double precision) IS
	'Bain Earned Growth Rate in percent: net revenue retention % + earned new customer revenue % - 100';

-- ---------------------------------------------------------------------------
-- Aggregates
-- ---------------------------------------------------------------------------

CREATE AGGREGATE @extschema@.loyalty_agg(VARIADIC items integer[]) (
	SFUNC = @extschema@.loyalty_accum, STYPE = @extschema@.score_summary,
	COMBINEFUNC = @extschema@.score_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.loyalty_agg(VARIADIC integer[]) IS
	'Customer Loyalty Index summary: respondents'' sums of k items (0..10 each) on 0..10k; incomplete respondents are skipped';
CREATE AGGREGATE @extschema@.loyalty_agg_weighted(weight double precision, VARIADIC items integer[]) (
	SFUNC = @extschema@.loyalty_accum_weighted, STYPE = @extschema@.score_summary,
	COMBINEFUNC = @extschema@.score_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.loyalty_agg_weighted(double precision, VARIADIC integer[]) IS
	'weighted Customer Loyalty Index summary (one weight per respondent)';
CREATE AGGREGATE @extschema@.loyalty_index(VARIADIC items integer[]) (
	SFUNC = @extschema@.loyalty_accum, STYPE = @extschema@.score_summary,
	FINALFUNC = @extschema@.loyalty_index,
	COMBINEFUNC = @extschema@.score_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.loyalty_index(VARIADIC integer[]) IS
	'Customer Loyalty Index (0..10): mean over complete respondents of their average item answer';
CREATE AGGREGATE @extschema@.loyalty_index_weighted(weight double precision, VARIADIC items integer[]) (
	SFUNC = @extschema@.loyalty_accum_weighted, STYPE = @extschema@.score_summary,
	FINALFUNC = @extschema@.loyalty_index,
	COMBINEFUNC = @extschema@.score_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.loyalty_index_weighted(double precision, VARIADIC integer[]) IS
	'weighted Customer Loyalty Index (0..10)';

CREATE AGGREGATE @extschema@.account_nps_agg(mean_score double precision) (
	SFUNC = @extschema@.account_nps_accum, STYPE = @extschema@.score_summary,
	COMBINEFUNC = @extschema@.score_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.account_nps_agg(double precision) IS
	'one vote per account: 0..10 summary of accounts classified by mean score (promoter >= 9, detractor < 7)';
CREATE AGGREGATE @extschema@.account_nps_agg(mean_score double precision, weight double precision) (
	SFUNC = @extschema@.account_nps_accum_weighted, STYPE = @extschema@.score_summary,
	COMBINEFUNC = @extschema@.score_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.account_nps_agg(double precision, double precision) IS
	'one weighted vote per account (e.g. by revenue): weighted 0..10 summary of accounts classified by mean score';
CREATE AGGREGATE @extschema@.account_nps(mean_score double precision) (
	SFUNC = @extschema@.account_nps_accum, STYPE = @extschema@.score_summary,
	FINALFUNC = @extschema@.nps,
	COMBINEFUNC = @extschema@.score_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.account_nps(double precision) IS
	'account-level NPS: one vote per account from its mean score (promoter >= 9, detractor < 7)';
CREATE AGGREGATE @extschema@.account_nps(mean_score double precision, weight double precision) (
	SFUNC = @extschema@.account_nps_accum_weighted, STYPE = @extschema@.score_summary,
	FINALFUNC = @extschema@.nps,
	COMBINEFUNC = @extschema@.score_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.account_nps(double precision, double precision) IS
	'account-level NPS with one weighted vote per account';
