/*
 * score_export.c
 *		Views of a score_summary for other tools: histogram(s) as a set of
 *		rows and the cast to jsonb.
 *
 * histogram() returns one row per scale value, zero counts included, so a
 * chart always has the whole scale.  The jsonb form carries the same fields
 * as the text form (version, scale, weighted, skipped, counts, weight sums)
 * plus n, for consumers that do not parse the text form.
 */
#include "postgres.h"

#include "common/shortest_dec.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/tuplestore.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

#include "score/score_summary.h"

PG_FUNCTION_INFO_V1(score_summary_histogram);
PG_FUNCTION_INFO_V1(score_summary_to_jsonb);

/* histogram(score_summary) -> setof (value, n, weight) */
Datum
score_summary_histogram(PG_FUNCTION_ARGS)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < SS_NVALUES(s); i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = Int32GetDatum(s->scale_min + i);
		values[1] = Int64GetDatum(SS_COUNTS(s)[i]);
		values[2] = Float8GetDatum(SS_IS_WEIGHTED(s) ? SS_SUMW(s)[i] : (double) SS_COUNTS(s)[i]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* Append a JSON array of doubles in shortest exact form. */
static void
append_float_array(StringInfo buf, const double *v, int n)
{
	char		tmp[DOUBLE_SHORTEST_DECIMAL_LEN];
	int			i;

	appendStringInfoChar(buf, '[');
	for (i = 0; i < n; i++)
	{
		if (i)
			appendStringInfoChar(buf, ',');
		double_to_shortest_decimal_buf(v[i], tmp);
		appendStringInfoString(buf, tmp);
	}
	appendStringInfoChar(buf, ']');
}

/* score_summary::jsonb */
Datum
score_summary_to_jsonb(PG_FUNCTION_ARGS)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(0);
	StringInfoData buf;
	int64		n = 0;
	int			i;

	for (i = 0; i < SS_NVALUES(s); i++)
		n += SS_COUNTS(s)[i];
	initStringInfo(&buf);
	appendStringInfo(&buf,
					 "{\"version\": %d, \"scale\": [%d, %d], \"weighted\": %s, "
					 "\"n\": " INT64_FORMAT ", \"skipped\": " INT64_FORMAT ", \"counts\": [",
					 s->version, s->scale_min, s->scale_max,
					 SS_IS_WEIGHTED(s) ? "true" : "false", n, s->skipped);
	for (i = 0; i < SS_NVALUES(s); i++)
		appendStringInfo(&buf, i ? "," INT64_FORMAT : INT64_FORMAT, SS_COUNTS(s)[i]);
	appendStringInfoChar(&buf, ']');
	if (SS_IS_WEIGHTED(s))
	{
		appendStringInfoString(&buf, ", \"sum_w\": ");
		append_float_array(&buf, SS_SUMW(s), SS_NVALUES(s));
		appendStringInfoString(&buf, ", \"sum_w2\": ");
		append_float_array(&buf, SS_SUMW2(s), SS_NVALUES(s));
	}
	appendStringInfoChar(&buf, '}');
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data));
}
