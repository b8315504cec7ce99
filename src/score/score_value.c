/*
 * score_value.c
 *		Answers of any numeric type as points of an integer scale; formatting
 *		of floats for messages; the weight check shared by weighted aggregates.
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "common/shortest_dec.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "score/score_value.h"

StaticAssertDecl(SCORE_FLOAT_TEXT_LEN >= DOUBLE_SHORTEST_DECIMAL_LEN,
				 "SCORE_FLOAT_TEXT_LEN too small");

/*
 * A double precision answer as a point of lo..hi.  A value that is not an
 * integer (NaN included) is reported as such even when it is also outside the
 * scale, so the message does not depend on the answer's type.
 */
ScoreValueStatus
score_value_float8(double v, int32 lo, int32 hi, int32 *point)
{
	if (isinf(v))
		return SCORE_VALUE_OUT_OF_RANGE;
	if (isnan(v) || v != floor(v))
		return SCORE_VALUE_NOT_INTEGRAL;
	if (v < lo || v > hi)
		return SCORE_VALUE_OUT_OF_RANGE;
	*point = (int32) v;
	return SCORE_VALUE_OK;
}

/* A numeric answer as a point of lo..hi, with an exact integrality check. */
ScoreValueStatus
score_value_numeric(Numeric num, int32 lo, int32 hi, int32 *point)
{
	double		d;
	int32		v;

	if (numeric_is_nan(num))
		return SCORE_VALUE_NOT_INTEGRAL;
	if (numeric_is_inf(num))
		return SCORE_VALUE_OUT_OF_RANGE;
	d = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
										   NumericGetDatum(num)));
	if (!(d >= lo && d <= hi))
		return d == floor(d) ? SCORE_VALUE_OUT_OF_RANGE : SCORE_VALUE_NOT_INTEGRAL;
	v = (int32) rint(d);
	/* exact: 9.0 is 9, 9.0000000000000000001 is not */
	if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(num),
										  NumericGetDatum(int64_to_numeric(v)))) != 0)
		return SCORE_VALUE_NOT_INTEGRAL;
	*point = v;
	return SCORE_VALUE_OK;
}

/* Format a double for a message: shortest exact decimal, NaN or [-]Infinity. */
void
score_format_float(double v, char *buf)
{
	if (isnan(v))
		strcpy(buf, "NaN");
	else if (isinf(v))
		strcpy(buf, v > 0 ? "Infinity" : "-Infinity");
	else
		double_to_shortest_decimal_buf(v, buf);
}

/* Raise 22023 for a weight that is not finite and >= 0. */
void
score_weight_error(double w)
{
	char		buf[SCORE_FLOAT_TEXT_LEN];

	score_format_float(w, buf);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("weight %s is invalid", buf),
			 errdetail("Weights must be finite and greater than or equal to zero."),
			 errhint("To skip such rows, add FILTER (WHERE weight >= 0 AND weight < 'Infinity') to the aggregate call.")));
}
