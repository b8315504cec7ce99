/*
 * nps_category.c
 *		nps_category(score): the enum value detractor (0-6), passive (7-8) or
 *		promoter (9-10) of an NPS answer.
 *
 * The enum type is created by the install script; its label OIDs are looked
 * up once per call site (from the function's declared result type, so no
 * search_path is involved) and cached in fn_extra.  NULL in, NULL out; a
 * score that is not an integer from 0 to 10 raises 22003.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_enum.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/numeric.h"
#include "utils/syscache.h"

#include "score/score_value.h"

PG_FUNCTION_INFO_V1(nps_category_int4);
PG_FUNCTION_INFO_V1(nps_category_int8);
PG_FUNCTION_INFO_V1(nps_category_numeric);
PG_FUNCTION_INFO_V1(nps_category_float8);

static const char *const nps_category_labels[3] = {"detractor", "passive", "promoter"};

/* Enum OIDs of the three labels, cached per call site. */
static Oid *
nps_category_oids(FunctionCallInfo fcinfo)
{
	Oid		   *oids = (Oid *) fcinfo->flinfo->fn_extra;

	if (oids == NULL)
	{
		Oid			enumtype = get_fn_expr_rettype(fcinfo->flinfo);
		int			i;

		if (!OidIsValid(enumtype))
			elog(ERROR, "could not determine the result type of nps_category");
		oids = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, 3 * sizeof(Oid));
		for (i = 0; i < 3; i++)
		{
			HeapTuple	tup = SearchSysCache2(ENUMTYPOIDNAME,
											  ObjectIdGetDatum(enumtype),
											  CStringGetDatum(nps_category_labels[i]));

			if (!HeapTupleIsValid(tup))
				elog(ERROR, "enum label \"%s\" of nps_category is missing",
					 nps_category_labels[i]);
			oids[i] = ((Form_pg_enum) GETSTRUCT(tup))->oid;
			ReleaseSysCache(tup);
		}
		fcinfo->flinfo->fn_extra = oids;
	}
	return oids;
}

/* Raise the error for a score that is not an integer from 0 to 10. */
static void
nps_category_error(const char *value, bool integral)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 integral ? errmsg("NPS score %s is out of range", value) :
			 errmsg("NPS score %s is not an integer", value),
			 errdetail("NPS scores must be integers from 0 to 10."),
			 errhint("Use a WHERE or FILTER clause such as score BETWEEN 0 AND 10 to skip them.")));
}

/* The category of an integer score. */
static Datum
nps_category_of(FunctionCallInfo fcinfo, int64 v)
{
	Oid		   *oids = nps_category_oids(fcinfo);

	if (v < 0 || v > 10)
	{
		char		buf[32];

		snprintf(buf, sizeof(buf), INT64_FORMAT, v);
		nps_category_error(buf, true);
	}
	return ObjectIdGetDatum(oids[v <= 6 ? 0 : v <= 8 ? 1 : 2]);
}

/* nps_category(integer) */
Datum
nps_category_int4(PG_FUNCTION_ARGS)
{
	return nps_category_of(fcinfo, PG_GETARG_INT32(0));
}

/* nps_category(bigint) */
Datum
nps_category_int8(PG_FUNCTION_ARGS)
{
	return nps_category_of(fcinfo, PG_GETARG_INT64(0));
}

/* nps_category(numeric): exact integrality check. */
Datum
nps_category_numeric(PG_FUNCTION_ARGS)
{
	Numeric		num = PG_GETARG_NUMERIC(0);
	int32		v = 0;
	ScoreValueStatus st = score_value_numeric(num, 0, 10, &v);

	if (st != SCORE_VALUE_OK)
		nps_category_error(numeric_normalize(num), st == SCORE_VALUE_OUT_OF_RANGE);
	return nps_category_of(fcinfo, v);
}

/* nps_category(double precision) */
Datum
nps_category_float8(PG_FUNCTION_ARGS)
{
	double		d = PG_GETARG_FLOAT8(0);
	int32		v = 0;
	ScoreValueStatus st = score_value_float8(d, 0, 10, &v);

	if (st != SCORE_VALUE_OK)
	{
		char		buf[SCORE_FLOAT_TEXT_LEN];

		score_format_float(d, buf);
		nps_category_error(buf, st == SCORE_VALUE_OUT_OF_RANGE);
	}
	return nps_category_of(fcinfo, v);
}
