-- demo/sql/10_schema.sql: the warehouse tables of the demo.
--
-- accounts          B2B customers: region, plan tier and annual recurring revenue (the
--                   weight of revenue-weighted loyalty)
-- survey_responses  one row per survey submission; each of the three questions may be
--                   skipped (NULL):
--                     nps   "How likely are you to recommend us to a colleague?" 0..10
--                     csat  "How satisfied are you with us overall?"            1..5
--                     ces   "The company made it easy to get done what I wanted." 1..7
--                     renew, expand  "How likely are you to renew / to buy more?" 0..10
--                                    (with nps, the items of the Customer Loyalty Index)

CREATE TABLE accounts (
	account_id   integer NOT NULL,
	account_name text NOT NULL,
	region       text NOT NULL,
	plan_tier    text NOT NULL,
	arr          numeric(12, 2) NOT NULL,
	created_on   date NOT NULL
);
COMMENT ON TABLE accounts IS 'customer accounts with annual recurring revenue (arr, USD)';

CREATE TABLE survey_responses (
	response_id  bigint NOT NULL,
	answered_at  timestamptz NOT NULL,
	account_id   integer NOT NULL,
	channel      text NOT NULL,
	nps          smallint,
	csat         smallint,
	ces          smallint,
	renew        smallint,
	expand       smallint
);
COMMENT ON TABLE survey_responses IS 'relationship and transactional survey answers; NULL = question skipped';

-- Demo helpers (not part of cx_metrics): standard normal variates (Box-Muller: cos and
-- sin give two independent ones from one pair of uniforms), and a clamp.
CREATE FUNCTION demo_gauss(u1 double precision, u2 double precision) RETURNS double precision
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN sqrt(-2 * ln(1 - u1)) * cos(2 * pi() * u2);
CREATE FUNCTION demo_gauss_sin(u1 double precision, u2 double precision) RETURNS double precision
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN sqrt(-2 * ln(1 - u1)) * sin(2 * pi() * u2);
CREATE FUNCTION demo_clamp(x double precision, lo integer, hi integer) RETURNS smallint
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN least(hi, greatest(lo, round(x)))::smallint;

-- Run a query returning one double precision value; report the value and the time taken.
CREATE FUNCTION demo_timed(query text, OUT value double precision, OUT ms double precision)
	LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz := clock_timestamp();
BEGIN
	EXECUTE query INTO value;
	ms := 1000 * extract(epoch FROM clock_timestamp() - t0);
END
$$;
