/*
 * score_accum.c
 *		Transition functions of the score aggregates (nps, csat, ces, their
 *		weighted forms, nps_agg, csat_agg, ces_agg, score_agg).
 *
 * The transition state of every score aggregate is a score_summary (see
 * score_summary.h), updated in place inside the aggregate's memory context.
 *
 * Two shapes, each for smallint, integer, bigint, numeric and double precision
 * scores, each with an inverse for moving window frames:
 *
 *	score_accum_T(state, score)
 *		The state comes from the aggregate's INITCOND, which fixes the scale
 *		(nps 0..10, csat 1..5, ces 1..7).  This is the hot path: a range check
 *		and one counter increment per row, no allocation.
 *
 *	score_accum_param_T(state, score, [scale_max | scale_min, scale_max], [weight])
 *		The scale comes from arguments (the first row creates the state; every
 *		row must agree) or from the INITCOND; a trailing double precision
 *		argument is a weight.  The shape is read once per call site from the
 *		declared argument types and cached in fn_extra.
 *
 * NULL and error rules: a NULL score counts as skipped; a row whose weight is
 * NULL is left out entirely (as two-argument statistical aggregates do); a
 * score that is not an integer of the scale raises 22003; a negative, NaN or
 * infinite weight raises 22023.  Inverse functions undo exactly what the
 * forward function did; for weighted states (float sums cannot be undone
 * exactly) they return NULL, which makes PostgreSQL recompute the frame.
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/numeric.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

#include "score/score_summary.h"
#include "score/score_value.h"

/* Which arguments a parameterised transition function takes. */
typedef struct ScoreAccumShape
{
	int			nscale;			/* 0: scale from state; 1: 1..max; 2: min..max */
	bool		weighted;		/* last argument is a weight */
} ScoreAccumShape;

/* ---------- errors ---------- */

/* Raise the error for a score that is not a point of the scale. */
static void
score_value_error(const ScoreSummary *s, const char *value, bool integral)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 integral ?
			 errmsg("score %s is out of range for scale %d..%d",
					value, s->scale_min, s->scale_max) :
			 errmsg("score %s is not an integer", value),
			 errdetail("Scores must be integers from %d to %d.",
					   s->scale_min, s->scale_max),
			 integral ?
			 errhint("To skip such answers, add FILTER (WHERE score BETWEEN %d AND %d) to the aggregate call.",
					 s->scale_min, s->scale_max) :
			 errhint("Round scores explicitly, or add FILTER (WHERE score = trunc(score)) to the aggregate call to skip them.")));
}

/* Out-of-range error for an integer score. */
static pg_noinline void
score_int_error(const ScoreSummary *s, int64 v)
{
	char		buf[32];

	snprintf(buf, sizeof(buf), INT64_FORMAT, v);
	score_value_error(s, buf, true);
}

/* Raise the error for a NULL scale argument. */
static pg_noinline void
score_null_scale_error(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("scale bounds must not be NULL")));
}

/* ---------- score conversion: each returns the offset into the counts ---------- */

/* Offset of an integer score, or an error. */
static inline int
score_offset_int64(const ScoreSummary *s, int64 v)
{
	uint64		off = (uint64) v - (uint64) (int64) s->scale_min;

	if (unlikely(off > (uint64) (s->scale_max - s->scale_min)))
		score_int_error(s, v);
	return (int) off;
}

/* Raise the error for an answer of a non-integer type that is not a scale point. */
static pg_noinline void
score_status_error(const ScoreSummary *s, ScoreValueStatus st, const char *text)
{
	score_value_error(s, text, st == SCORE_VALUE_OUT_OF_RANGE);
}

/* Offset of a double precision score, or an error. */
static int
score_offset_float8(const ScoreSummary *s, double v)
{
	int32		point = 0;
	ScoreValueStatus st = score_value_float8(v, s->scale_min, s->scale_max, &point);

	if (unlikely(st != SCORE_VALUE_OK))
	{
		char		buf[SCORE_FLOAT_TEXT_LEN];

		score_format_float(v, buf);
		score_status_error(s, st, buf);
	}
	return point - s->scale_min;
}

/* Offset of a numeric score, or an error. */
static int
score_offset_numeric(const ScoreSummary *s, Numeric num)
{
	int32		point = 0;
	ScoreValueStatus st = score_value_numeric(num, s->scale_min, s->scale_max, &point);

	if (st != SCORE_VALUE_OK)
		score_status_error(s, st, numeric_normalize(num));
	return point - s->scale_min;
}

/* ---------- state handling ---------- */

/*
 * In-place updates of the state are allowed only when called as an aggregate
 * (or window aggregate) transition function.  The FmgrInfo of a transition
 * function belongs to one aggregate call site, so AggCheckCallContext() runs
 * once per call site: the fixed-scale functions remember the result in
 * fn_extra (pointing at this marker), the parameterised ones by creating
 * their cached shape only after the check.
 */
static const char score_agg_checked;

/* Fail unless called as an aggregate transition function. */
static pg_noinline void
score_check_agg_context(FunctionCallInfo fcinfo)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "score transition function called in non-aggregate context");
}

/* The transition state of a fixed-scale call, checked to be ours to update in place. */
static inline ScoreSummary *
score_state(FunctionCallInfo fcinfo)
{
	if (unlikely(fcinfo->flinfo->fn_extra != (void *) &score_agg_checked))
	{
		score_check_agg_context(fcinfo);
		fcinfo->flinfo->fn_extra = (void *) &score_agg_checked;
	}
	if (unlikely(PG_ARGISNULL(0)))
		elog(ERROR, "score transition state is unexpectedly NULL");
	return (ScoreSummary *) PG_GETARG_POINTER(0);
}

/* Count a NULL answer (sign +1) or uncount it (sign -1). */
static inline void
score_skip(ScoreSummary *s, int sign)
{
	s->skipped += sign;
}

/* First call of a parameterised call site: check the context, cache the shape. */
static pg_noinline ScoreAccumShape *
score_shape_init(FunctionCallInfo fcinfo)
{
	ScoreAccumShape *shape;
	int			nargs = PG_NARGS();
	Oid			lasttype = get_fn_expr_argtype(fcinfo->flinfo, nargs - 1);

	score_check_agg_context(fcinfo);
	if (nargs < 3 || !OidIsValid(lasttype))
		elog(ERROR, "score transition function called with unexpected arguments");
	shape = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ScoreAccumShape));
	shape->weighted = (lasttype == FLOAT8OID);
	shape->nscale = nargs - 2 - (shape->weighted ? 1 : 0);
	if (shape->nscale < 0 || shape->nscale > 2)
		elog(ERROR, "score transition function called with unexpected arguments");
	fcinfo->flinfo->fn_extra = shape;
	return shape;
}

/* The cached shape of a parameterised transition function. */
static inline ScoreAccumShape *
score_shape(FunctionCallInfo fcinfo)
{
	ScoreAccumShape *shape = (ScoreAccumShape *) fcinfo->flinfo->fn_extra;

	if (unlikely(shape == NULL))
		shape = score_shape_init(fcinfo);
	return shape;
}

/* Read the scale arguments of a parameterised call (22023 on NULL). */
static inline void
score_scale_args(FunctionCallInfo fcinfo, const ScoreAccumShape *shape,
				 int32 *lo, int32 *hi)
{
	if (shape->nscale == 1)
	{
		if (unlikely(PG_ARGISNULL(2)))
			score_null_scale_error();
		*lo = 1;
		*hi = PG_GETARG_INT32(2);
	}
	else
	{
		if (unlikely(PG_ARGISNULL(2) || PG_ARGISNULL(3)))
			score_null_scale_error();
		*lo = PG_GETARG_INT32(2);
		*hi = PG_GETARG_INT32(3);
	}
}

/* First row of a parameterised call: a new state in the aggregate context. */
static pg_noinline ScoreSummary *
score_param_state_new(FunctionCallInfo fcinfo, const ScoreAccumShape *shape,
					  int32 lo, int32 hi)
{
	MemoryContext aggcontext;
	MemoryContext old;
	ScoreSummary *s;

	score_check_scale(lo, hi);
	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "score transition function called in non-aggregate context");
	old = MemoryContextSwitchTo(aggcontext);
	s = score_summary_new(lo, hi, shape->weighted);
	MemoryContextSwitchTo(old);
	return s;
}

/* A later row of a parameterised call names another scale: 22023. */
static pg_noinline void
score_scale_mismatch_error(const ScoreSummary *s, int32 lo, int32 hi)
{
	score_check_scale(lo, hi);	/* an invalid scale is reported as such */
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("scale %d..%d differs from scale %d..%d of earlier rows",
					lo, hi, s->scale_min, s->scale_max),
			 errdetail("Every row of one aggregate call must use the same scale.")));
}

/*
 * The state of a parameterised transition: created from the scale arguments
 * on the first row (in the aggregate context), checked against them after.
 */
static inline ScoreSummary *
score_param_state(FunctionCallInfo fcinfo, const ScoreAccumShape *shape)
{
	ScoreSummary *s;
	int32		lo,
				hi;

	if (shape->nscale == 0)
	{
		if (unlikely(PG_ARGISNULL(0)))
			elog(ERROR, "score transition state is unexpectedly NULL");
		return (ScoreSummary *) PG_GETARG_POINTER(0);
	}
	score_scale_args(fcinfo, shape, &lo, &hi);
	if (unlikely(PG_ARGISNULL(0)))
		return score_param_state_new(fcinfo, shape, lo, hi);
	s = (ScoreSummary *) PG_GETARG_POINTER(0);
	if (unlikely(s->scale_min != lo || s->scale_max != hi))
		score_scale_mismatch_error(s, lo, hi);
	return s;
}

/*
 * Apply one answer at `off` with weight w (sign +1 adds, -1 removes).  Returns
 * false when a weighted answer cannot be removed exactly.
 */
static inline bool
score_apply(ScoreSummary *s, int off, bool weighted, double w, int sign)
{
	if (unlikely(pg_add_s64_overflow(SS_COUNTS(s)[off], sign, &SS_COUNTS(s)[off])))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("score summary count out of range")));
	if (weighted)
	{
		double	   *sw = SS_SUMW(s) + off;
		double	   *sw2 = SS_SUMW2(s) + off;

		if (sign < 0)
			return false;
		*sw += w;
		*sw2 += w * w;
		/* w is finite and >= 0, so the sums can only overflow to +Infinity */
		if (unlikely(*sw > DBL_MAX || *sw2 > DBL_MAX))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("sum of weights out of range")));
	}
	return true;
}

/*
 * Body of a parameterised transition (sign +1) or its inverse (sign -1);
 * OFFSET_EXPR converts argument 1 to an offset into the counts of `s`.
 */
#define SCORE_PARAM_BODY(OFFSET_EXPR, SIGN) \
	do { \
		ScoreAccumShape *shape = score_shape(fcinfo); \
		ScoreSummary *s = score_param_state(fcinfo, shape); \
		double		w = 0; \
		if (shape->weighted) \
		{ \
			if (PG_ARGISNULL(PG_NARGS() - 1)) \
				PG_RETURN_POINTER(s);	/* rows without a weight are left out */ \
			w = PG_GETARG_FLOAT8(PG_NARGS() - 1); \
			score_check_weight(w); \
		} \
		if (SIGN < 0 && shape->weighted) \
			PG_RETURN_NULL();	/* float sums cannot be undone exactly */ \
		if (PG_ARGISNULL(1)) \
			score_skip(s, SIGN); \
		else \
			(void) score_apply(s, (OFFSET_EXPR), shape->weighted, w, SIGN); \
		PG_RETURN_POINTER(s); \
	} while (0)

/* Body of the fixed-scale transition (sign +1) or its inverse (sign -1). */
#define SCORE_FIXED_BODY(OFFSET_EXPR, SIGN) \
	do { \
		ScoreSummary *s = score_state(fcinfo); \
		if (PG_ARGISNULL(1)) \
			score_skip(s, SIGN); \
		else if (unlikely(SIGN < 0 && SS_IS_WEIGHTED(s))) \
			PG_RETURN_NULL(); \
		else \
			(void) score_apply(s, (OFFSET_EXPR), false, 0, SIGN); \
		PG_RETURN_POINTER(s); \
	} while (0)

/* Define the four transition functions of one score type. */
#define SCORE_ACCUM_FUNCS(SUFFIX, OFFSET_EXPR) \
PG_FUNCTION_INFO_V1(score_accum_##SUFFIX); \
Datum score_accum_##SUFFIX(PG_FUNCTION_ARGS) { SCORE_FIXED_BODY(OFFSET_EXPR, 1); } \
PG_FUNCTION_INFO_V1(score_accum_##SUFFIX##_inv); \
Datum score_accum_##SUFFIX##_inv(PG_FUNCTION_ARGS) { SCORE_FIXED_BODY(OFFSET_EXPR, -1); } \
PG_FUNCTION_INFO_V1(score_accum_param_##SUFFIX); \
Datum score_accum_param_##SUFFIX(PG_FUNCTION_ARGS) { SCORE_PARAM_BODY(OFFSET_EXPR, 1); } \
PG_FUNCTION_INFO_V1(score_accum_param_##SUFFIX##_inv); \
Datum score_accum_param_##SUFFIX##_inv(PG_FUNCTION_ARGS) { SCORE_PARAM_BODY(OFFSET_EXPR, -1); }

/* smallint, integer, bigint, numeric and double precision scores */
SCORE_ACCUM_FUNCS(int2, score_offset_int64(s, PG_GETARG_INT16(1)))
SCORE_ACCUM_FUNCS(int4, score_offset_int64(s, PG_GETARG_INT32(1)))
SCORE_ACCUM_FUNCS(int8, score_offset_int64(s, PG_GETARG_INT64(1)))
SCORE_ACCUM_FUNCS(numeric, score_offset_numeric(s, PG_GETARG_NUMERIC(1)))
SCORE_ACCUM_FUNCS(float8, score_offset_float8(s, PG_GETARG_FLOAT8(1)))
