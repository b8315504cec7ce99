/*
 * loyalty.c
 *		Weighted loyalty aggregates built on score_summary:
 *
 *	loyalty_agg(VARIADIC items integer[])
 *		Customer Loyalty Index summary.  Each respondent answers k loyalty items
 *		(recommend, repurchase, upsell, ...) on 0..10; the summary counts the
 *		respondents' item sums on the scale 0..10k, so loyalty_index(s) =
 *		mean(s) / k is the mean per-respondent item average, and its interval
 *		(mean_ci) is at the respondent level.  A respondent with any NULL item
 *		is counted as skipped; every row must have the same number of items.
 *
 *	account_nps_agg(mean_score double precision)
 *		One vote per account: each account's mean score is classified as a
 *		promoter (>= 9), passive (>= 7 and < 9) or detractor (< 7) and counted
 *		at 10, 7 or 0 on a 0..10 summary, so nps(), promoters(), nps_ci() and
 *		nps_test() apply.  (mean() of such a summary is not meaningful.)
 *
 * Both have weighted forms with the weight as first argument (per respondent
 * or per account), following the weight rules of score_accum.c.
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

#include "score/score_summary.h"
#include "score/score_value.h"

PG_FUNCTION_INFO_V1(loyalty_accum);
PG_FUNCTION_INFO_V1(loyalty_accum_weighted);
PG_FUNCTION_INFO_V1(account_nps_accum);
PG_FUNCTION_INFO_V1(account_nps_accum_weighted);

#define LOYALTY_MAX_ITEMS	100

/* State argument 0, created on 0..hi in the aggregate context when NULL. */
static ScoreSummary *
loyalty_state(FunctionCallInfo fcinfo, int32 hi, bool weighted)
{
	MemoryContext aggcontext,
				old;
	ScoreSummary *s;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "loyalty transition function called in non-aggregate context");
	if (!PG_ARGISNULL(0))
		return (ScoreSummary *) PG_GETARG_POINTER(0);
	old = MemoryContextSwitchTo(aggcontext);
	s = score_summary_new(0, hi, weighted);
	MemoryContextSwitchTo(old);
	return s;
}

/* Read and check the weight argument; false when it is NULL (row left out). */
static bool
loyalty_weight(FunctionCallInfo fcinfo, int argno, double *w)
{
	if (PG_ARGISNULL(argno))
		return false;
	*w = PG_GETARG_FLOAT8(argno);
	score_check_weight(*w);
	return true;
}

/* Add one answer at offset off with weight w (weighted summaries only use w). */
static void
loyalty_add(ScoreSummary *s, int off, double w)
{
	SS_COUNTS(s)[off]++;
	if (SS_IS_WEIGHTED(s))
	{
		SS_SUMW(s)[off] += w;
		SS_SUMW2(s)[off] += w * w;
		if (isinf(SS_SUMW(s)[off]) || isinf(SS_SUMW2(s)[off]))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("sum of weights out of range")));
	}
}

/* Shared body of loyalty_accum and its weighted form. */
static Datum
loyalty_accum_common(FunctionCallInfo fcinfo, int itemsarg, bool weighted)
{
	ArrayType  *arr;
	Datum	   *items;
	bool	   *nulls;
	int			nitems,
				i;
	int64		sum = 0;
	double		w = 0;
	ScoreSummary *s;

	if (PG_ARGISNULL(itemsarg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("loyalty items must not be a NULL array")));
	arr = PG_GETARG_ARRAYTYPE_P(itemsarg);
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("loyalty items must be a one-dimensional array")));
	deconstruct_array(arr, INT4OID, 4, true, TYPALIGN_INT, &items, &nulls, &nitems);
	if (nitems < 1 || nitems > LOYALTY_MAX_ITEMS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a loyalty index needs from 1 to %d items, not %d",
						LOYALTY_MAX_ITEMS, nitems)));
	s = loyalty_state(fcinfo, 10 * nitems, weighted);
	if (s->scale_max != 10 * nitems)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("row has %d loyalty items, earlier rows had %d",
						nitems, s->scale_max / 10),
				 errdetail("Every row of one loyalty aggregate must have the same items.")));
	if (weighted && !loyalty_weight(fcinfo, 1, &w))
		PG_RETURN_POINTER(s);
	for (i = 0; i < nitems; i++)
	{
		int32		v;

		if (nulls[i])
		{
			s->skipped++;
			PG_RETURN_POINTER(s);
		}
		v = DatumGetInt32(items[i]);
		if (v < 0 || v > 10)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("loyalty item %d is out of range", v),
					 errdetail("Loyalty items must be integers from 0 to 10."),
					 errhint("To skip such respondents, add a FILTER clause to the aggregate call.")));
		sum += v;
	}
	loyalty_add(s, (int) sum, w);
	PG_RETURN_POINTER(s);
}

/* loyalty_agg(VARIADIC items) transition */
Datum
loyalty_accum(PG_FUNCTION_ARGS)
{
	return loyalty_accum_common(fcinfo, 1, false);
}

/* loyalty_agg_weighted(weight, VARIADIC items) transition */
Datum
loyalty_accum_weighted(PG_FUNCTION_ARGS)
{
	return loyalty_accum_common(fcinfo, 2, true);
}

/* Shared body of account_nps_accum and its weighted form. */
static Datum
account_nps_accum_common(FunctionCallInfo fcinfo, bool weighted)
{
	ScoreSummary *s = loyalty_state(fcinfo, 10, weighted);
	double		m,
				w = 0;

	if (weighted && !loyalty_weight(fcinfo, 2, &w))
		PG_RETURN_POINTER(s);
	if (PG_ARGISNULL(1))
	{
		s->skipped++;
		PG_RETURN_POINTER(s);
	}
	m = PG_GETARG_FLOAT8(1);
	if (!(m >= 0 && m <= 10))
	{
		char		buf[SCORE_FLOAT_TEXT_LEN];

		score_format_float(m, buf);
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("account mean score %s is out of range", buf),
				 errdetail("Account mean scores lie from 0 to 10.")));
	}
	loyalty_add(s, m >= 9 ? 10 : m >= 7 ? 7 : 0, w);
	PG_RETURN_POINTER(s);
}

/* account_nps_agg(mean_score) transition */
Datum
account_nps_accum(PG_FUNCTION_ARGS)
{
	return account_nps_accum_common(fcinfo, false);
}

/* account_nps_agg(mean_score, weight) transition */
Datum
account_nps_accum_weighted(PG_FUNCTION_ARGS)
{
	return account_nps_accum_common(fcinfo, true);
}

PG_FUNCTION_INFO_V1(loyalty_index_summary);
PG_FUNCTION_INFO_V1(earned_growth_rate);

/* loyalty_index(s): mean item answer (0..10) of a loyalty summary on 0..10k. */
Datum
loyalty_index_summary(PG_FUNCTION_ARGS)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(0);
	double		total = 0,
				sum = 0;
	int			i;

	if (s->scale_min != 0 || s->scale_max % 10 != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a loyalty summary has a scale 0..10k, not %d..%d",
						s->scale_min, s->scale_max),
				 errhint("Build it with loyalty_agg(item1, item2, ...).")));
	for (i = 0; i < SS_NVALUES(s); i++)
	{
		double		w = SS_IS_WEIGHTED(s) ? SS_SUMW(s)[i] : (double) SS_COUNTS(s)[i];

		total += w;
		sum += w * i;
	}
	if (!(total > 0))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(sum / total / (s->scale_max / 10));
}

/*
 * earned_growth_rate(nrr, enc): Bain's Earned Growth Rate in percent,
 * net revenue retention + earned new customer revenue - 100.
 */
Datum
earned_growth_rate(PG_FUNCTION_ARGS)
{
	double		nrr = PG_GETARG_FLOAT8(0),
				enc = PG_GETARG_FLOAT8(1);

	if (!(nrr >= 0 && nrr <= DBL_MAX) || !(enc >= 0 && enc <= DBL_MAX))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("net revenue retention %g%% and earned new revenue %g%% must be finite and not negative",
						nrr, enc),
				 errdetail("Both are percentages of the previous period's revenue, e.g. 110 and 5.")));
	PG_RETURN_FLOAT8(nrr + enc - 100.0);
}
