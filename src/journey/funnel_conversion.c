/*
 * funnel_conversion.c
 *		funnel_conversion(level integer, steps integer): roll-up of per-customer
 *		funnel levels (window_funnel results) into per-step conversion.
 *
 * The result is funnel_step[] with one element per step k = 1..steps:
 *	reached			customers whose level is >= k
 *	conversion		reached(k) / reached(1): overall conversion from step 1
 *	step_conversion	reached(k) / reached(k-1), and for step 1
 *					reached(1) / customers (every non-NULL level counts)
 * A ratio with a zero denominator is NULL.
 *
 * State: bigint[] {steps, n(level 0), n(level 1), ..., n(level steps)}, a plain
 * array so that partial results can be combined (parallel plans) and stored.
 * NULL rules: a NULL level is skipped; a group with no non-NULL level gives
 * NULL.  A level outside 0..steps raises 22003; steps must be the same on
 * every row and >= 1 (22023).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#define CONV_MAX_STEPS 100000

/* Validate a state array and return its counts (steps+1 of them). */
static int64 *
conv_state_counts(ArrayType *a, int32 *steps)
{
	int64	   *d;
	int			n;

	if (ARR_NDIM(a) != 1 || ARR_HASNULL(a) || ARR_ELEMTYPE(a) != INT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid funnel_conversion state")));
	n = ARR_DIMS(a)[0];
	d = (int64 *) ARR_DATA_PTR(a);
	if (n < 3 || d[0] < 1 || d[0] > CONV_MAX_STEPS || d[0] + 2 != n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid funnel_conversion state")));
	*steps = (int32) d[0];
	return d + 1;
}

PG_FUNCTION_INFO_V1(funnel_conversion_trans);
/* Transition: count one customer at its level. */
Datum
funnel_conversion_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	ArrayType  *st;
	int32		level,
				steps,
				ssteps;
	int64	   *c;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "funnel_conversion transition function called in non-aggregate context");
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("number of funnel steps must not be null")));
	steps = PG_GETARG_INT32(2);
	if (PG_ARGISNULL(0))
	{
		Datum	   *z;
		int			i;
		MemoryContext old;

		if (steps < 1 || steps > CONV_MAX_STEPS)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("number of funnel steps %d is out of range", steps),
					 errdetail("A funnel has from 1 to %d steps.", CONV_MAX_STEPS)));
		if (PG_ARGISNULL(1))
			PG_RETURN_NULL();
		old = MemoryContextSwitchTo(aggcxt);
		z = palloc0((steps + 2) * sizeof(Datum));
		z[0] = Int64GetDatum(steps);
		for (i = 1; i < steps + 2; i++)
			z[i] = Int64GetDatum(0);
		st = construct_array(z, steps + 2, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
		MemoryContextSwitchTo(old);
	}
	else
		st = PG_GETARG_ARRAYTYPE_P(0);
	c = conv_state_counts(st, &ssteps);
	if (steps != ssteps)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of funnel steps must be the same for every row of a group"),
				 errdetail("One row has %d steps and another %d.", ssteps, steps)));
	if (PG_ARGISNULL(1))
		PG_RETURN_ARRAYTYPE_P(st);
	level = PG_GETARG_INT32(1);
	if (level < 0 || level > steps)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("funnel level %d is out of range for %d steps", level, steps),
				 errdetail("Levels are from 0 (step 1 not reached) to the number of steps."),
				 errhint("Pass the number of steps of the window_funnel call that produced the levels.")));
	c[level]++;
	PG_RETURN_ARRAYTYPE_P(st);
}

PG_FUNCTION_INFO_V1(funnel_conversion_combine);
/* Combine (strict): add the counts of two states with the same steps. */
Datum
funnel_conversion_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	ArrayType  *a;
	ArrayType  *b = PG_GETARG_ARRAYTYPE_P(1);
	int32		sa,
				sb;
	int64	   *ca,
			   *cb;
	int			i;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "funnel_conversion_combine called in non-aggregate context");
	a = PG_GETARG_ARRAYTYPE_P(0);
	ca = conv_state_counts(a, &sa);
	cb = conv_state_counts(b, &sb);
	if (sa != sb)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of funnel steps must be the same for every row of a group"),
				 errdetail("One row has %d steps and another %d.", sa, sb)));
	for (i = 0; i <= sa; i++)
		if (pg_add_s64_overflow(ca[i], cb[i], &ca[i]))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("funnel_conversion count out of range")));
	PG_RETURN_ARRAYTYPE_P(a);
}

PG_FUNCTION_INFO_V1(funnel_conversion_final);
/* Final: funnel_step[] (step, reached, conversion, step_conversion). */
Datum
funnel_conversion_final(PG_FUNCTION_ARGS)
{
	ArrayType  *st;
	int32		steps;
	int64	   *c;
	int64	   *reached;
	int64		customers = 0;
	Oid			arrtype,
				elemtype;
	TupleDesc	tupdesc;
	Datum	   *elems;
	int			k;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = PG_GETARG_ARRAYTYPE_P(0);
	c = conv_state_counts(st, &steps);

	arrtype = get_fn_expr_rettype(fcinfo->flinfo);
	elemtype = get_element_type(arrtype);
	if (!OidIsValid(elemtype))
		elog(ERROR, "funnel_conversion must return an array of funnel_step");
	tupdesc = lookup_rowtype_tupdesc_copy(elemtype, -1);
	tupdesc = BlessTupleDesc(tupdesc);

	reached = palloc((steps + 2) * sizeof(int64));
	reached[steps + 1] = 0;
	for (k = steps; k >= 0; k--)
		reached[k] = reached[k + 1] + c[k];
	customers = reached[0];

	elems = palloc(steps * sizeof(Datum));
	for (k = 1; k <= steps; k++)
	{
		Datum		v[4];
		bool		n[4] = {false, false, false, false};
		int64		prev = reached[k - 1];

		v[0] = Int32GetDatum(k);
		v[1] = Int64GetDatum(reached[k]);
		if (reached[1] > 0)
			v[2] = Float8GetDatum((double) reached[k] / (double) reached[1]);
		else
			n[2] = true;
		if (prev > 0)
			v[3] = Float8GetDatum((double) reached[k] / (double) prev);
		else
			n[3] = true;
		elems[k - 1] = HeapTupleGetDatum(heap_form_tuple(tupdesc, v, n));
	}
	(void) customers;
	{
		int16		typlen;
		bool		typbyval;
		char		typalign;

		get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
		PG_RETURN_ARRAYTYPE_P(construct_array(elems, steps, elemtype, typlen, typbyval, typalign));
	}
}
