-- src/journey/50_funnel.sql: funnels and retention: window_funnel (ClickHouse
-- windowFunnel), retention (ClickHouse retention) and funnel_conversion (per-step
-- roll-up of funnel levels).

-- ---------------------------------------------------------------------------
-- Types
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.funnel_step AS (
	step integer,
	reached bigint,
	conversion double precision,
	step_conversion double precision
);
COMMENT ON TYPE @extschema@.funnel_step IS
	'one step of a funnel roll-up: customers who reached it, conversion from step 1 and from the previous step';

-- ---------------------------------------------------------------------------
-- Functions: transition, combine, serialization and final functions
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.window_funnel_trans(internal, interval, timestamptz, VARIADIC boolean[]) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.window_funnel_trans(internal, interval, text, timestamptz, VARIADIC boolean[]) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_mode_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.window_funnel_final(internal) RETURNS integer
	AS 'MODULE_PATHNAME', 'window_funnel_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.window_funnel_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.window_funnel_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME', 'window_funnel_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.window_funnel_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Fixed-arity forms of 1..8 steps: the same aggregate without an array per row
-- (PostgreSQL prefers them over the VARIADIC form when the argument count matches).
CREATE FUNCTION @extschema@.window_funnel_trans(internal, interval, timestamptz, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_fixed_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.window_funnel_trans(internal, interval, timestamptz, boolean) IS 'transition function of window_funnel with 1 step argument';
CREATE FUNCTION @extschema@.window_funnel_trans(internal, interval, text, timestamptz, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_fixed_mode_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.window_funnel_trans(internal, interval, text, timestamptz, boolean) IS 'transition function of window_funnel with a mode and 1 step argument';
CREATE FUNCTION @extschema@.window_funnel_trans(internal, interval, timestamptz, boolean, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_fixed_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.window_funnel_trans(internal, interval, timestamptz, boolean, boolean) IS 'transition function of window_funnel with 2 step arguments';
CREATE FUNCTION @extschema@.window_funnel_trans(internal, interval, text, timestamptz, boolean, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_fixed_mode_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.window_funnel_trans(internal, interval, text, timestamptz, boolean, boolean) IS 'transition function of window_funnel with a mode and 2 step arguments';
CREATE FUNCTION @extschema@.window_funnel_trans(internal, interval, timestamptz, boolean, boolean, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_fixed_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.window_funnel_trans(internal, interval, timestamptz, boolean, boolean, boolean) IS 'transition function of window_funnel with 3 step arguments';
CREATE FUNCTION @extschema@.window_funnel_trans(internal, interval, text, timestamptz, boolean, boolean, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_fixed_mode_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.window_funnel_trans(internal, interval, text, timestamptz, boolean, boolean, boolean) IS 'transition function of window_funnel with a mode and 3 step arguments';
CREATE FUNCTION @extschema@.window_funnel_trans(internal, interval, timestamptz, boolean, boolean, boolean, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_fixed_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.window_funnel_trans(internal, interval, timestamptz, boolean, boolean, boolean, boolean) IS 'transition function of window_funnel with 4 step arguments';
CREATE FUNCTION @extschema@.window_funnel_trans(internal, interval, text, timestamptz, boolean, boolean, boolean, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_fixed_mode_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.window_funnel_trans(internal, interval, text, timestamptz, boolean, boolean, boolean, boolean) IS 'transition function of window_funnel with a mode and 4 step arguments';
CREATE FUNCTION @extschema@.window_funnel_trans(internal, interval, timestamptz, boolean, boolean, boolean, boolean, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_fixed_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.window_funnel_trans(internal, interval, timestamptz, boolean, boolean, boolean, boolean, boolean) IS 'transition function of window_funnel with 5 step arguments';
CREATE FUNCTION @extschema@.window_funnel_trans(internal, interval, text, timestamptz, boolean, boolean, boolean, boolean, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_fixed_mode_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.window_funnel_trans(internal, interval, text, timestamptz, boolean, boolean, boolean, boolean, boolean) IS 'transition function of window_funnel with a mode and 5 step arguments';
CREATE FUNCTION @extschema@.window_funnel_trans(internal, interval, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_fixed_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.window_funnel_trans(internal, interval, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean) IS 'transition function of window_funnel with 6 step arguments';
CREATE FUNCTION @extschema@.window_funnel_trans(internal, interval, text, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_fixed_mode_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.window_funnel_trans(internal, interval, text, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean) IS 'transition function of window_funnel with a mode and 6 step arguments';
CREATE FUNCTION @extschema@.window_funnel_trans(internal, interval, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_fixed_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.window_funnel_trans(internal, interval, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean, boolean) IS 'transition function of window_funnel with 7 step arguments';
CREATE FUNCTION @extschema@.window_funnel_trans(internal, interval, text, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_fixed_mode_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.window_funnel_trans(internal, interval, text, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean, boolean) IS 'transition function of window_funnel with a mode and 7 step arguments';
CREATE FUNCTION @extschema@.window_funnel_trans(internal, interval, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_fixed_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.window_funnel_trans(internal, interval, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean) IS 'transition function of window_funnel with 8 step arguments';
CREATE FUNCTION @extschema@.window_funnel_trans(internal, interval, text, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'window_funnel_fixed_mode_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.window_funnel_trans(internal, interval, text, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean) IS 'transition function of window_funnel with a mode and 8 step arguments';

CREATE FUNCTION @extschema@.retention_trans(internal, VARIADIC boolean[]) RETURNS internal
	AS 'MODULE_PATHNAME', 'retention_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_final(internal) RETURNS smallint[]
	AS 'MODULE_PATHNAME', 'retention_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'retention_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME', 'retention_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'retention_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.funnel_conversion_trans(bigint[], integer, integer) RETURNS bigint[]
	AS 'MODULE_PATHNAME', 'funnel_conversion_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.funnel_conversion_combine(bigint[], bigint[]) RETURNS bigint[]
	AS 'MODULE_PATHNAME', 'funnel_conversion_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.funnel_conversion_final(bigint[]) RETURNS @extschema@.funnel_step[]
	AS 'MODULE_PATHNAME', 'funnel_conversion_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.window_funnel_trans(internal, interval, timestamptz, boolean[]) IS 'transition function of window_funnel';
COMMENT ON FUNCTION @extschema@.window_funnel_trans(internal, interval, text, timestamptz, boolean[]) IS 'transition function of window_funnel with a mode';
COMMENT ON FUNCTION @extschema@.window_funnel_final(internal) IS 'final function of window_funnel';
COMMENT ON FUNCTION @extschema@.window_funnel_combine(internal, internal) IS 'combine function of window_funnel';
COMMENT ON FUNCTION @extschema@.window_funnel_serialize(internal) IS 'serialization function of window_funnel';
COMMENT ON FUNCTION @extschema@.window_funnel_deserialize(bytea, internal) IS 'deserialization function of window_funnel';
COMMENT ON FUNCTION @extschema@.retention_trans(internal, boolean[]) IS 'transition function of retention';
COMMENT ON FUNCTION @extschema@.retention_final(internal) IS 'final function of retention';
COMMENT ON FUNCTION @extschema@.retention_combine(internal, internal) IS 'combine function of retention';
COMMENT ON FUNCTION @extschema@.retention_serialize(internal) IS 'serialization function of retention';
COMMENT ON FUNCTION @extschema@.retention_deserialize(bytea, internal) IS 'deserialization function of retention';
COMMENT ON FUNCTION @extschema@.funnel_conversion_trans(bigint[], integer, integer) IS 'transition function of funnel_conversion';
COMMENT ON FUNCTION @extschema@.funnel_conversion_combine(bigint[], bigint[]) IS 'combine function of funnel_conversion';
COMMENT ON FUNCTION @extschema@.funnel_conversion_final(bigint[]) IS 'final function of funnel_conversion';

-- ---------------------------------------------------------------------------
-- Aggregates
-- ---------------------------------------------------------------------------

CREATE AGGREGATE @extschema@.window_funnel(interval, timestamptz, VARIADIC boolean[]) (
	SFUNC = @extschema@.window_funnel_trans,
	STYPE = internal,
	SSPACE = 208,
	FINALFUNC = @extschema@.window_funnel_final,
	COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize,
	DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.window_funnel(interval, timestamptz, VARIADIC boolean[]) IS
	'highest funnel step reached by a chain starting at step 1 within the window (ClickHouse windowFunnel)';

CREATE AGGREGATE @extschema@.window_funnel(interval, text, timestamptz, VARIADIC boolean[]) (
	SFUNC = @extschema@.window_funnel_trans,
	STYPE = internal,
	SSPACE = 208,
	FINALFUNC = @extschema@.window_funnel_final,
	COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize,
	DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.window_funnel(interval, text, timestamptz, VARIADIC boolean[]) IS
	'window_funnel with modes (comma-separated): strict_order, strict_deduplication, strict_increase, strict_once, allow_reentry';

CREATE AGGREGATE @extschema@.window_funnel(interval, timestamptz, boolean) (
	SFUNC = @extschema@.window_funnel_trans, STYPE = internal, SSPACE = 208,
	FINALFUNC = @extschema@.window_funnel_final, COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize, DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.window_funnel(interval, timestamptz, boolean) IS
	'window_funnel with 1 step argument (same result as the VARIADIC form, without building an array per row)';

CREATE AGGREGATE @extschema@.window_funnel(interval, text, timestamptz, boolean) (
	SFUNC = @extschema@.window_funnel_trans, STYPE = internal, SSPACE = 208,
	FINALFUNC = @extschema@.window_funnel_final, COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize, DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.window_funnel(interval, text, timestamptz, boolean) IS
	'window_funnel with 1 step argument and a mode (same result as the VARIADIC form, without building an array per row)';

CREATE AGGREGATE @extschema@.window_funnel(interval, timestamptz, boolean, boolean) (
	SFUNC = @extschema@.window_funnel_trans, STYPE = internal, SSPACE = 208,
	FINALFUNC = @extschema@.window_funnel_final, COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize, DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.window_funnel(interval, timestamptz, boolean, boolean) IS
	'window_funnel with 2 step arguments (same result as the VARIADIC form, without building an array per row)';

CREATE AGGREGATE @extschema@.window_funnel(interval, text, timestamptz, boolean, boolean) (
	SFUNC = @extschema@.window_funnel_trans, STYPE = internal, SSPACE = 208,
	FINALFUNC = @extschema@.window_funnel_final, COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize, DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.window_funnel(interval, text, timestamptz, boolean, boolean) IS
	'window_funnel with 2 step arguments and a mode (same result as the VARIADIC form, without building an array per row)';

CREATE AGGREGATE @extschema@.window_funnel(interval, timestamptz, boolean, boolean, boolean) (
	SFUNC = @extschema@.window_funnel_trans, STYPE = internal, SSPACE = 208,
	FINALFUNC = @extschema@.window_funnel_final, COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize, DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.window_funnel(interval, timestamptz, boolean, boolean, boolean) IS
	'window_funnel with 3 step arguments (same result as the VARIADIC form, without building an array per row)';

CREATE AGGREGATE @extschema@.window_funnel(interval, text, timestamptz, boolean, boolean, boolean) (
	SFUNC = @extschema@.window_funnel_trans, STYPE = internal, SSPACE = 208,
	FINALFUNC = @extschema@.window_funnel_final, COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize, DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.window_funnel(interval, text, timestamptz, boolean, boolean, boolean) IS
	'window_funnel with 3 step arguments and a mode (same result as the VARIADIC form, without building an array per row)';

CREATE AGGREGATE @extschema@.window_funnel(interval, timestamptz, boolean, boolean, boolean, boolean) (
	SFUNC = @extschema@.window_funnel_trans, STYPE = internal, SSPACE = 208,
	FINALFUNC = @extschema@.window_funnel_final, COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize, DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.window_funnel(interval, timestamptz, boolean, boolean, boolean, boolean) IS
	'window_funnel with 4 step arguments (same result as the VARIADIC form, without building an array per row)';

CREATE AGGREGATE @extschema@.window_funnel(interval, text, timestamptz, boolean, boolean, boolean, boolean) (
	SFUNC = @extschema@.window_funnel_trans, STYPE = internal, SSPACE = 208,
	FINALFUNC = @extschema@.window_funnel_final, COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize, DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.window_funnel(interval, text, timestamptz, boolean, boolean, boolean, boolean) IS
	'window_funnel with 4 step arguments and a mode (same result as the VARIADIC form, without building an array per row)';

CREATE AGGREGATE @extschema@.window_funnel(interval, timestamptz, boolean, boolean, boolean, boolean, boolean) (
	SFUNC = @extschema@.window_funnel_trans, STYPE = internal, SSPACE = 208,
	FINALFUNC = @extschema@.window_funnel_final, COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize, DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.window_funnel(interval, timestamptz, boolean, boolean, boolean, boolean, boolean) IS
	'window_funnel with 5 step arguments (same result as the VARIADIC form, without building an array per row)';

CREATE AGGREGATE @extschema@.window_funnel(interval, text, timestamptz, boolean, boolean, boolean, boolean, boolean) (
	SFUNC = @extschema@.window_funnel_trans, STYPE = internal, SSPACE = 208,
	FINALFUNC = @extschema@.window_funnel_final, COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize, DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.window_funnel(interval, text, timestamptz, boolean, boolean, boolean, boolean, boolean) IS
	'window_funnel with 5 step arguments and a mode (same result as the VARIADIC form, without building an array per row)';

CREATE AGGREGATE @extschema@.window_funnel(interval, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean) (
	SFUNC = @extschema@.window_funnel_trans, STYPE = internal, SSPACE = 208,
	FINALFUNC = @extschema@.window_funnel_final, COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize, DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.window_funnel(interval, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean) IS
	'window_funnel with 6 step arguments (same result as the VARIADIC form, without building an array per row)';

CREATE AGGREGATE @extschema@.window_funnel(interval, text, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean) (
	SFUNC = @extschema@.window_funnel_trans, STYPE = internal, SSPACE = 208,
	FINALFUNC = @extschema@.window_funnel_final, COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize, DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.window_funnel(interval, text, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean) IS
	'window_funnel with 6 step arguments and a mode (same result as the VARIADIC form, without building an array per row)';

CREATE AGGREGATE @extschema@.window_funnel(interval, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean, boolean) (
	SFUNC = @extschema@.window_funnel_trans, STYPE = internal, SSPACE = 208,
	FINALFUNC = @extschema@.window_funnel_final, COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize, DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.window_funnel(interval, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean, boolean) IS
	'window_funnel with 7 step arguments (same result as the VARIADIC form, without building an array per row)';

CREATE AGGREGATE @extschema@.window_funnel(interval, text, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean, boolean) (
	SFUNC = @extschema@.window_funnel_trans, STYPE = internal, SSPACE = 208,
	FINALFUNC = @extschema@.window_funnel_final, COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize, DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.window_funnel(interval, text, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean, boolean) IS
	'window_funnel with 7 step arguments and a mode (same result as the VARIADIC form, without building an array per row)';

CREATE AGGREGATE @extschema@.window_funnel(interval, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean) (
	SFUNC = @extschema@.window_funnel_trans, STYPE = internal, SSPACE = 208,
	FINALFUNC = @extschema@.window_funnel_final, COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize, DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.window_funnel(interval, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean) IS
	'window_funnel with 8 step arguments (same result as the VARIADIC form, without building an array per row)';

CREATE AGGREGATE @extschema@.window_funnel(interval, text, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean) (
	SFUNC = @extschema@.window_funnel_trans, STYPE = internal, SSPACE = 208,
	FINALFUNC = @extschema@.window_funnel_final, COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize, DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.window_funnel(interval, text, timestamptz, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean) IS
	'window_funnel with 8 step arguments and a mode (same result as the VARIADIC form, without building an array per row)';

CREATE AGGREGATE @extschema@.retention(VARIADIC boolean[]) (
	SFUNC = @extschema@.retention_trans,
	STYPE = internal,
	SSPACE = 40,
	FINALFUNC = @extschema@.retention_final,
	COMBINEFUNC = @extschema@.retention_combine,
	SERIALFUNC = @extschema@.retention_serialize,
	DESERIALFUNC = @extschema@.retention_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.retention(VARIADIC boolean[]) IS
	'ClickHouse retention: element 1 = condition 1 held on some row, element k = conditions 1 and k each held on some row (0/1)';

CREATE AGGREGATE @extschema@.funnel_conversion(level integer, steps integer) (
	SFUNC = @extschema@.funnel_conversion_trans,
	STYPE = bigint[],
	FINALFUNC = @extschema@.funnel_conversion_final,
	COMBINEFUNC = @extschema@.funnel_conversion_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.funnel_conversion(integer, integer) IS
	'roll-up of per-customer funnel levels: per step, customers reached, conversion from step 1 and from the previous step';

-- ---------------------------------------------------------------------------
-- journey_funnel: a funnel over the stage order of a journey
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.funnel_summary AS (
	reached @extschema@.journey_stage,
	level integer,
	reached_at timestamptz[],
	skipped integer,
	regressions integer,
	reentries integer
);
COMMENT ON TYPE @extschema@.funnel_summary IS
	'result of journey_funnel: highest stage reached by a chain within the window, when the chain reached each stage, and path counts';

CREATE FUNCTION @extschema@.journey_funnel_trans(internal, @extschema@.journey_stage, timestamptz, interval) RETURNS internal
	AS 'MODULE_PATHNAME', 'journey_funnel_trans' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.journey_funnel_trans(internal, @extschema@.journey_stage, timestamptz, interval) IS 'transition function of journey_funnel';
CREATE FUNCTION @extschema@.journey_funnel_final(internal) RETURNS @extschema@.funnel_summary
	AS 'MODULE_PATHNAME', 'journey_funnel_final' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.journey_funnel_final(internal) IS 'final function of journey_funnel';

CREATE AGGREGATE @extschema@.journey_funnel(stage @extschema@.journey_stage, ts timestamptz, "window" interval) (
	SFUNC = @extschema@.journey_funnel_trans,
	STYPE = internal,
	SSPACE = 208,
	FINALFUNC = @extschema@.journey_funnel_final,
	COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize,
	DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.journey_funnel(@extschema@.journey_stage, timestamptz, interval) IS
	'funnel over the stage order of a journey: highest stage reached by a chain within the window that passes over no required stage';

CREATE FUNCTION @extschema@.reached(f @extschema@.funnel_summary) RETURNS @extschema@.journey_stage
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT (f).reached $$;
COMMENT ON FUNCTION @extschema@.reached(@extschema@.funnel_summary) IS 'highest stage reached (NULL when no chain started)';
CREATE FUNCTION @extschema@.reached_at(f @extschema@.funnel_summary, stage @extschema@.journey_stage) RETURNS timestamptz
	LANGUAGE sql STABLE PARALLEL SAFE
	AS $$ SELECT CASE WHEN @extschema@.journey((f).reached) = @extschema@.journey(stage)
	                  THEN (f).reached_at[@extschema@.ordinal(stage)] END $$;
COMMENT ON FUNCTION @extschema@.reached_at(@extschema@.funnel_summary, @extschema@.journey_stage) IS 'when the winning chain first reached the stage (NULL when it did not, or passed over an optional stage)';
CREATE FUNCTION @extschema@.time_to(f @extschema@.funnel_summary, stage @extschema@.journey_stage) RETURNS interval
	LANGUAGE sql STABLE PARALLEL SAFE
	AS $$ SELECT @extschema@.reached_at(f, stage) - (SELECT pg_catalog.min(t) FROM pg_catalog.unnest((f).reached_at) t) $$;
COMMENT ON FUNCTION @extschema@.time_to(@extschema@.funnel_summary, @extschema@.journey_stage) IS 'time from the start of the winning chain to the stage (NULL when the chain did not reach it)';
CREATE FUNCTION @extschema@.skipped(f @extschema@.funnel_summary) RETURNS integer
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT (f).skipped $$;
COMMENT ON FUNCTION @extschema@.skipped(@extschema@.funnel_summary) IS 'required stages jumped over by forward moves between consecutive events';
CREATE FUNCTION @extschema@.regressions(f @extschema@.funnel_summary) RETURNS integer
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT (f).regressions $$;
COMMENT ON FUNCTION @extschema@.regressions(@extschema@.funnel_summary) IS 'moves to a lower stage between consecutive events';
CREATE FUNCTION @extschema@.reentries(f @extschema@.funnel_summary) RETURNS integer
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT (f).reentries $$;
COMMENT ON FUNCTION @extschema@.reentries(@extschema@.funnel_summary) IS 'events at the first stage that directly follow an event at a later stage';

-- ---------------------------------------------------------------------------
-- Paths: stage transitions and time in stage, per group
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.stage_transition AS (
	from_stage @extschema@.journey_stage,
	to_stage @extschema@.journey_stage,
	transitions bigint
);
COMMENT ON TYPE @extschema@.stage_transition IS 'number of moves from one stage to another between consecutive visits';
CREATE TYPE @extschema@.stage_dwell AS (
	stage @extschema@.journey_stage,
	visits bigint,
	dwell interval,
	censored boolean
);
COMMENT ON TYPE @extschema@.stage_dwell IS 'visits to a stage and the time spent in it; censored when the last visit had not ended at the last event';

CREATE FUNCTION @extschema@.path_stages_trans(internal, @extschema@.journey_stage, timestamptz) RETURNS internal
	AS 'MODULE_PATHNAME', 'path_stages_trans' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.path_stages_trans(internal, @extschema@.journey_stage, timestamptz) IS 'transition function of stage_transitions and time_in_stage';
CREATE FUNCTION @extschema@.stage_transitions_final(internal) RETURNS @extschema@.stage_transition[]
	AS 'MODULE_PATHNAME', 'stage_transitions_final' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.stage_transitions_final(internal) IS 'final function of stage_transitions';
CREATE FUNCTION @extschema@.time_in_stage_final(internal) RETURNS @extschema@.stage_dwell[]
	AS 'MODULE_PATHNAME', 'time_in_stage_final' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.time_in_stage_final(internal) IS 'final function of time_in_stage';

CREATE AGGREGATE @extschema@.stage_transitions(stage @extschema@.journey_stage, ts timestamptz) (
	SFUNC = @extschema@.path_stages_trans,
	STYPE = internal,
	SSPACE = 208,
	FINALFUNC = @extschema@.stage_transitions_final,
	COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize,
	DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.stage_transitions(@extschema@.journey_stage, timestamptz) IS
	'moves between stages in time order (consecutive visits), counted per (from_stage, to_stage)';
CREATE AGGREGATE @extschema@.time_in_stage(stage @extschema@.journey_stage, ts timestamptz) (
	SFUNC = @extschema@.path_stages_trans,
	STYPE = internal,
	SSPACE = 208,
	FINALFUNC = @extschema@.time_in_stage_final,
	COMBINEFUNC = @extschema@.window_funnel_combine,
	SERIALFUNC = @extschema@.window_funnel_serialize,
	DESERIALFUNC = @extschema@.window_funnel_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.time_in_stage(@extschema@.journey_stage, timestamptz) IS
	'visits and time spent per stage, the last visit right-censored at the last event';
