/*
 * score_metrics.c
 *		Metrics computed from a score_summary: the final functions of the
 *		one-step aggregates and the accessors of stored summaries.
 *
 * Every metric is computed last, from the counts (or, for weighted summaries,
 * from the sums of weights), so merged summaries give exact results.  An
 * empty summary (no answers, or a total weight of zero) gives NULL, like avg().
 * Results are unrounded double precision; NPS and CSAT are in percent.
 * Functions never modify their argument (final functions may be called
 * repeatedly on the same state by window aggregation).
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "utils/builtins.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

#include "score/score_summary.h"
#include "score/score_metrics.h"

PG_FUNCTION_INFO_V1(score_summary_nps);
PG_FUNCTION_INFO_V1(score_summary_csat);
PG_FUNCTION_INFO_V1(score_summary_csat_top);
PG_FUNCTION_INFO_V1(score_summary_mean);
PG_FUNCTION_INFO_V1(score_summary_n);
PG_FUNCTION_INFO_V1(score_summary_skipped);

/* Weight (count, or sum of weights) of the scale values lo..hi. */
double
score_weight_between(const ScoreSummary *s, int32 lo, int32 hi)
{
	double		total = 0;
	int			from = Max(lo, s->scale_min) - s->scale_min,
				to = Min(hi, s->scale_max) - s->scale_min,
				i;

	for (i = from; i <= to; i++)
		total += SS_IS_WEIGHTED(s) ? SS_SUMW(s)[i] : (double) SS_COUNTS(s)[i];
	return total;
}

/* Total weight (count, or sum of weights) of all answers. */
double
score_total_weight(const ScoreSummary *s)
{
	return score_weight_between(s, s->scale_min, s->scale_max);
}

/* Raise 22023 unless the summary is on the NPS scale 0..10. */
void
score_require_nps_scale(const ScoreSummary *s)
{
	if (s->scale_min != 0 || s->scale_max != 10)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("NPS needs a summary on the scale 0..10, not %d..%d",
						s->scale_min, s->scale_max),
				 errhint("Build NPS summaries with nps_agg(score) or score_agg(score, 0, 10).")));
}

/* NPS in -100..100 from a summary on 0..10; false when empty. */
bool
score_nps_value(const ScoreSummary *s, double *nps)
{
	double		total = score_total_weight(s);

	score_require_nps_scale(s);
	if (!(total > 0))
		return false;
	*nps = 100.0 * (score_weight_between(s, 9, 10) - score_weight_between(s, 0, 6)) / total;
	return true;
}

/*
 * Lowest value of the default CSAT top box: the top value on 2- and 3-point
 * scales, the top 2 on 4- to 7-point scales, the top 3 on 10-point scales.
 */
int32
score_default_top_box(const ScoreSummary *s)
{
	int			points = SS_NVALUES(s);
	int			top;

	if (points <= 3)
		top = 1;
	else if (points <= 7)
		top = 2;
	else if (points == 10)
		top = 3;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("CSAT has no default top box on the %d-point scale %d..%d",
						points, s->scale_min, s->scale_max),
				 errdetail("Default top boxes exist for 2- to 7-point and 10-point scales."),
				 errhint("Name the lowest top-box value, e.g. csat(summary, %d).",
						 s->scale_max - 1)));
	return s->scale_max - top + 1;
}

/* CSAT in percent: share of answers from top_box_min up; false when empty. */
bool
score_csat_value(const ScoreSummary *s, int32 top_box_min, double *csat)
{
	double		total = score_total_weight(s);

	if (top_box_min < s->scale_min || top_box_min > s->scale_max)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("top box %d is outside the scale %d..%d",
						top_box_min, s->scale_min, s->scale_max)));
	if (!(total > 0))
		return false;
	*csat = 100.0 * score_weight_between(s, top_box_min, s->scale_max) / total;
	return true;
}

/* Mean answer (weighted mean when weighted); false when empty. */
bool
score_mean_value(const ScoreSummary *s, double *mean)
{
	double		total = 0,
				sum = 0;
	int			i;

	for (i = 0; i < SS_NVALUES(s); i++)
	{
		double		w = SS_IS_WEIGHTED(s) ? SS_SUMW(s)[i] : (double) SS_COUNTS(s)[i];

		total += w;
		sum += w * (double) (s->scale_min + i);
	}
	if (!(total > 0))
		return false;
	*mean = sum / total;
	return true;
}

/* nps(score_summary): NPS in -100..100, NULL when empty. */
Datum
score_summary_nps(PG_FUNCTION_ARGS)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(0);
	double		v;

	if (!score_nps_value(s, &v))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v);
}

/* csat(score_summary): CSAT in percent with the default top box. */
Datum
score_summary_csat(PG_FUNCTION_ARGS)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(0);
	double		v;

	if (!score_csat_value(s, score_default_top_box(s), &v))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v);
}

/* csat(score_summary, top_box_min): CSAT in percent from top_box_min up. */
Datum
score_summary_csat_top(PG_FUNCTION_ARGS)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(0);
	double		v;

	if (!score_csat_value(s, PG_GETARG_INT32(1), &v))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v);
}

/* mean(score_summary) and ces(score_summary): mean answer, NULL when empty. */
Datum
score_summary_mean(PG_FUNCTION_ARGS)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(0);
	double		v;

	if (!score_mean_value(s, &v))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v);
}

/* n(score_summary): number of answers, skipped ones excluded. */
Datum
score_summary_n(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(score_summary_count(PG_GETARG_SCORE_SUMMARY_P(0)));
}

/* skipped(score_summary): number of NULL answers. */
Datum
score_summary_skipped(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_SCORE_SUMMARY_P(0)->skipped);
}

PG_FUNCTION_INFO_V1(score_summary_stddev);
PG_FUNCTION_INFO_V1(score_summary_response_rate);
PG_FUNCTION_INFO_V1(score_summary_promoters);
PG_FUNCTION_INFO_V1(score_summary_passives);
PG_FUNCTION_INFO_V1(score_summary_detractors);
PG_FUNCTION_INFO_V1(score_summary_share);
PG_FUNCTION_INFO_V1(score_summary_total_weight);
PG_FUNCTION_INFO_V1(score_summary_n_effective);

/* Sum of squared weights (n for unweighted summaries). */
double
score_total_weight2(const ScoreSummary *s)
{
	double		total = 0;
	int			i;

	for (i = 0; i < SS_NVALUES(s); i++)
		total += SS_IS_WEIGHTED(s) ? SS_SUMW2(s)[i] : (double) SS_COUNTS(s)[i];
	return total;
}

/* Kish effective sample size (Σw)²/Σw²: n for unweighted summaries. */
double
score_n_effective(const ScoreSummary *s)
{
	double		w = score_total_weight(s),
				w2 = score_total_weight2(s);

	return w2 > 0 ? w * w / w2 : 0;
}

/*
 * Sample standard deviation of the answers; false when undefined (fewer than
 * two answers).  Weighted summaries use reliability weights:
 * Σw(x-m)² / (Σw - Σw²/Σw).
 */
bool
score_stddev_value(const ScoreSummary *s, double *sd)
{
	double		mean,
				ss = 0,
				w = score_total_weight(s),
				denom;
	int			i;

	if (!score_mean_value(s, &mean))
		return false;
	for (i = 0; i < SS_NVALUES(s); i++)
	{
		double		d = (double) (s->scale_min + i) - mean;
		double		wi = SS_IS_WEIGHTED(s) ? SS_SUMW(s)[i] : (double) SS_COUNTS(s)[i];

		ss += wi * d * d;
	}
	denom = SS_IS_WEIGHTED(s) ? w - score_total_weight2(s) / w : w - 1;
	if (!(denom > 0))
		return false;
	*sd = sqrt(ss / denom);
	return true;
}

/* stddev(score_summary): sample standard deviation, NULL with < 2 answers. */
Datum
score_summary_stddev(PG_FUNCTION_ARGS)
{
	double		v;

	if (!score_stddev_value(PG_GETARG_SCORE_SUMMARY_P(0), &v))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v);
}

/* response_rate(score_summary): n / (n + skipped), NULL when both are 0. */
Datum
score_summary_response_rate(PG_FUNCTION_ARGS)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(0);
	double		n = (double) score_summary_count(s);

	if (n + (double) s->skipped == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(n / (n + (double) s->skipped));
}

/* Count of answers from lo to hi of a 0..10 summary. */
static int64
score_nps_count(FunctionCallInfo fcinfo, int lo, int hi)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(0);
	int64		n = 0;
	int			i;

	score_require_nps_scale(s);
	for (i = lo; i <= hi; i++)
		n += SS_COUNTS(s)[i];
	return n;
}

/* promoters(score_summary): answers 9-10 of a 0..10 summary. */
Datum
score_summary_promoters(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(score_nps_count(fcinfo, 9, 10));
}

/* passives(score_summary): answers 7-8 of a 0..10 summary. */
Datum
score_summary_passives(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(score_nps_count(fcinfo, 7, 8));
}

/* detractors(score_summary): answers 0-6 of a 0..10 summary. */
Datum
score_summary_detractors(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(score_nps_count(fcinfo, 0, 6));
}

/* share(score_summary, from, to): (weighted) fraction 0..1 of answers in from..to. */
Datum
score_summary_share(PG_FUNCTION_ARGS)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(0);
	int32		from = PG_GETARG_INT32(1),
				to = PG_GETARG_INT32(2);
	double		total = score_total_weight(s);

	if (from > to)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("share range %d..%d is empty", from, to),
				 errhint("Give the lower value first.")));
	if (!(total > 0))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(score_weight_between(s, from, to) / total);
}

/* total_weight(score_summary): Σw, or n as a float for unweighted summaries. */
Datum
score_summary_total_weight(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(score_total_weight(PG_GETARG_SCORE_SUMMARY_P(0)));
}

/* n_effective(score_summary): Kish effective sample size (n when unweighted). */
Datum
score_summary_n_effective(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(score_n_effective(PG_GETARG_SCORE_SUMMARY_P(0)));
}
