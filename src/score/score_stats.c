/*
 * score_stats.c
 *		Statistics of score summaries: standard errors, confidence intervals and
 *		two-sample tests, as SQL functions over score_summary.  The arithmetic is
 *		in src/stats/ (plain C); this file only reads summaries and maps status
 *		codes to errors.
 *
 * NPS figures are in points (-100..100), CSAT in percent, means on the scale.
 * Weighted summaries use their weighted shares with the Kish effective sample
 * size n_eff = (Σw)²/Σw² in place of n.  An empty summary gives NULL; so does
 * a mean interval or test with fewer than two answers.  A bad level (not
 * strictly between 0 and 1) or method raises 22023.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

#include "score/score_metrics.h"
#include "score/score_summary.h"
#include "stats/cx_stats.h"

PG_FUNCTION_INFO_V1(score_summary_standard_error);
PG_FUNCTION_INFO_V1(score_summary_margin_of_error);
PG_FUNCTION_INFO_V1(score_summary_nps_ci);
PG_FUNCTION_INFO_V1(score_summary_csat_ci);
PG_FUNCTION_INFO_V1(score_summary_mean_ci);
PG_FUNCTION_INFO_V1(score_summary_nps_test);
PG_FUNCTION_INFO_V1(score_summary_csat_test);
PG_FUNCTION_INFO_V1(score_summary_mean_test);

/* Raise the error for a status from the statistics module, if any. */
static void
check_status(CxStatsStatus st, double level)
{
	switch (st)
	{
		case CX_STATS_OK:
		case CX_STATS_TOO_FEW:
			return;
		case CX_STATS_BAD_LEVEL:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("confidence level %g is out of range", level),
					 errdetail("A confidence level lies strictly between 0 and 1, e.g. 0.95.")));
			break;
		case CX_STATS_BAD_INPUT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("summary counts are not usable for statistics")));
			break;
	}
}

/* Raise 22023 unless two summaries to compare are on the same scale. */
static void
require_same_scale(const ScoreSummary *a, const ScoreSummary *b)
{
	if (a->scale_min != b->scale_min || a->scale_max != b->scale_max)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot compare score summaries of scales %d..%d and %d..%d",
						a->scale_min, a->scale_max, b->scale_min, b->scale_max),
				 errdetail("Tests compare summaries of the same question on the same scale.")));
}

/* Parse an NPS interval method name. */
static CxNpsMethod
parse_method(text *t)
{
	char	   *m = text_to_cstring(t);

	if (strcmp(m, "adjusted_wald") == 0)
		return CX_NPS_ADJUSTED_WALD;
	if (strcmp(m, "wald") == 0)
		return CX_NPS_WALD;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("NPS interval method \"%s\" is not known", m),
			 errhint("Use 'adjusted_wald' (the default) or 'wald'.")));
	return CX_NPS_WALD;			/* keep compiler quiet */
}

/* Level argument at position i, or 0.95 when the function has no such argument. */
static double
arg_level(FunctionCallInfo fcinfo, int i)
{
	return PG_NARGS() > i ? PG_GETARG_FLOAT8(i) : 0.95;
}

/*
 * NPS category "counts" of a summary: raw counts when unweighted; weighted
 * shares times n_eff when weighted.  False when empty.
 */
static bool
nps_counts(const ScoreSummary *s, double *p, double *a, double *d)
{
	double		total = score_total_weight(s),
				scale;

	score_require_nps_scale(s);
	if (!(total > 0))
		return false;
	scale = SS_IS_WEIGHTED(s) ? score_n_effective(s) / total : 1.0;
	*p = score_weight_between(s, 9, 10) * scale;
	*a = score_weight_between(s, 7, 8) * scale;
	*d = score_weight_between(s, 0, 6) * scale;
	return true;
}

/* Success "count" and n for a top box (weighted: share times n_eff); false when empty. */
static bool
box_counts(const ScoreSummary *s, int32 top_box_min, double *x, double *n)
{
	double		total = score_total_weight(s),
				pct;

	if (!score_csat_value(s, top_box_min, &pct))
		return false;
	*n = SS_IS_WEIGHTED(s) ? score_n_effective(s) : total;
	*x = pct / 100.0 * *n;
	return true;
}

/* Mean, sd and n (n_eff when weighted); false with fewer than two answers. */
static bool
mean_parts(const ScoreSummary *s, double *mean, double *sd, double *n)
{
	if (!score_mean_value(s, mean) || !score_stddev_value(s, sd))
		return false;
	*n = score_n_effective(s);
	return *n > 1;
}

/* Build a confidence_interval record (scaled by `unit`). */
static Datum
interval_datum(FunctionCallInfo fcinfo, const CxInterval *iv, double level, double unit)
{
	TupleDesc	tupdesc;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Float8GetDatum(iv->estimate * unit);
	values[1] = Float8GetDatum(iv->low * unit);
	values[2] = Float8GetDatum(iv->high * unit);
	values[3] = Float8GetDatum(iv->std_error * unit);
	values[4] = Float8GetDatum(level);
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

/* Build a significance_test record (scaled by `unit`). */
static Datum
test_datum(FunctionCallInfo fcinfo, const CxTest *t, double unit)
{
	TupleDesc	tupdesc;
	Datum		values[6];
	bool		nulls[6] = {false, false, false, false, false, false};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Float8GetDatum(t->difference * unit);
	values[1] = Float8GetDatum(t->std_error * unit);
	values[2] = Float8GetDatum(t->statistic);
	values[3] = Float8GetDatum(t->p_value);
	values[4] = Float8GetDatum(t->ci_low * unit);
	values[5] = Float8GetDatum(t->ci_high * unit);
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

/* standard_error(s): standard error of NPS in points. */
Datum
score_summary_standard_error(PG_FUNCTION_ARGS)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(0);
	double		p,
				a,
				d;
	CxInterval	iv;

	if (!nps_counts(s, &p, &a, &d))
		PG_RETURN_NULL();
	check_status(cx_nps_interval(p, a, d, 0.95, CX_NPS_WALD, &iv), 0.95);
	PG_RETURN_FLOAT8(iv.std_error * 100.0);
}

/* margin_of_error(s [, level]): z * standard error of NPS, in points. */
Datum
score_summary_margin_of_error(PG_FUNCTION_ARGS)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(0);
	double		level = arg_level(fcinfo, 1),
				p,
				a,
				d;
	CxInterval	iv;

	check_status(cx_nps_interval(1, 1, 1, level, CX_NPS_WALD, &iv), level);
	if (!nps_counts(s, &p, &a, &d))
		PG_RETURN_NULL();
	check_status(cx_nps_interval(p, a, d, level, CX_NPS_WALD, &iv), level);
	PG_RETURN_FLOAT8(cx_norm_quantile(0.5 + level / 2.0) * iv.std_error * 100.0);
}

/* nps_ci(s [, level [, method]]): confidence interval of NPS in points. */
Datum
score_summary_nps_ci(PG_FUNCTION_ARGS)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(0);
	double		level = arg_level(fcinfo, 1),
				p,
				a,
				d;
	CxNpsMethod m = PG_NARGS() > 2 ? parse_method(PG_GETARG_TEXT_PP(2)) : CX_NPS_ADJUSTED_WALD;
	CxInterval	iv;

	check_status(cx_nps_interval(1, 1, 1, level, m, &iv), level);
	if (!nps_counts(s, &p, &a, &d))
		PG_RETURN_NULL();
	check_status(cx_nps_interval(p, a, d, level, m, &iv), level);
	PG_RETURN_DATUM(interval_datum(fcinfo, &iv, level, 100.0));
}

/* csat_ci(s [, level [, top_box_min]]): Wilson interval of CSAT in percent. */
Datum
score_summary_csat_ci(PG_FUNCTION_ARGS)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(0);
	double		level = arg_level(fcinfo, 1),
				x,
				n;
	int32		top = PG_NARGS() > 2 ? PG_GETARG_INT32(2) : score_default_top_box(s);
	CxInterval	iv;

	check_status(cx_wilson_interval(1, 2, level, &iv), level);
	if (!box_counts(s, top, &x, &n))
		PG_RETURN_NULL();
	check_status(cx_wilson_interval(x, n, level, &iv), level);
	PG_RETURN_DATUM(interval_datum(fcinfo, &iv, level, 100.0));
}

/* mean_ci(s [, level]): Student-t interval of the mean; NULL with < 2 answers. */
Datum
score_summary_mean_ci(PG_FUNCTION_ARGS)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(0);
	double		level = arg_level(fcinfo, 1),
				mean,
				sd,
				n;
	CxInterval	iv;

	check_status(cx_mean_t_interval(0, 1, 2, level, &iv), level);
	if (!mean_parts(s, &mean, &sd, &n))
		PG_RETURN_NULL();
	check_status(cx_mean_t_interval(mean, sd, n, level, &iv), level);
	PG_RETURN_DATUM(interval_datum(fcinfo, &iv, level, 1.0));
}

/* nps_test(a, b [, method [, level]]): z test of NPS(a) - NPS(b), in points. */
Datum
score_summary_nps_test(PG_FUNCTION_ARGS)
{
	ScoreSummary *a = PG_GETARG_SCORE_SUMMARY_P(0);
	ScoreSummary *b = PG_GETARG_SCORE_SUMMARY_P(1);
	CxNpsMethod m = PG_NARGS() > 2 ? parse_method(PG_GETARG_TEXT_PP(2)) : CX_NPS_ADJUSTED_WALD;
	double		level = arg_level(fcinfo, 3),
				pa,
				aa,
				da,
				pb,
				ab,
				db;
	CxTest		t;
	CxStatsStatus st;

	check_status(cx_nps_test(1, 1, 1, 1, 1, 1, level, m, &t), level);
	if (!nps_counts(a, &pa, &aa, &da) || !nps_counts(b, &pb, &ab, &db))
		PG_RETURN_NULL();
	st = cx_nps_test(pa, aa, da, pb, ab, db, level, m, &t);
	check_status(st, level);
	if (st != CX_STATS_OK)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(test_datum(fcinfo, &t, 100.0));
}

/* csat_test(a, b [, level]): two-proportion z test of CSAT(a) - CSAT(b), in percent. */
Datum
score_summary_csat_test(PG_FUNCTION_ARGS)
{
	ScoreSummary *a = PG_GETARG_SCORE_SUMMARY_P(0);
	ScoreSummary *b = PG_GETARG_SCORE_SUMMARY_P(1);
	double		level = arg_level(fcinfo, 2),
				xa,
				na,
				xb,
				nb;
	CxTest		t;
	CxStatsStatus st;

	check_status(cx_prop_test(1, 2, 1, 2, level, &t), level);
	require_same_scale(a, b);
	if (!box_counts(a, score_default_top_box(a), &xa, &na) ||
		!box_counts(b, score_default_top_box(b), &xb, &nb))
		PG_RETURN_NULL();
	st = cx_prop_test(xa, na, xb, nb, level, &t);
	check_status(st, level);
	if (st != CX_STATS_OK)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(test_datum(fcinfo, &t, 100.0));
}

/* mean_test(a, b [, level]): Welch t test of mean(a) - mean(b). */
Datum
score_summary_mean_test(PG_FUNCTION_ARGS)
{
	ScoreSummary *a = PG_GETARG_SCORE_SUMMARY_P(0);
	ScoreSummary *b = PG_GETARG_SCORE_SUMMARY_P(1);
	double		level = arg_level(fcinfo, 2),
				ma,
				sa,
				na,
				mb,
				sb,
				nb;
	CxTest		t;
	CxStatsStatus st;

	check_status(cx_mean_test(0, 1, 2, 0, 1, 2, level, &t), level);
	require_same_scale(a, b);
	if (!mean_parts(a, &ma, &sa, &na) || !mean_parts(b, &mb, &sb, &nb))
		PG_RETURN_NULL();
	st = cx_mean_test(ma, sa, na, mb, sb, nb, level, &t);
	check_status(st, level);
	if (st != CX_STATS_OK)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(test_datum(fcinfo, &t, 1.0));
}
