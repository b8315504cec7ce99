/*
 * score_value.h
 *		Converting answers of any numeric type to points of an integer scale,
 *		and formatting values for error messages.  A value is a point of the
 *		scale lo..hi when it is an integer (exactly: 9.0 is, 9.0000000001 is not)
 *		within lo..hi; NaN is never one.
 */
#ifndef CX_SCORE_VALUE_H
#define CX_SCORE_VALUE_H

#include "utils/numeric.h"

typedef enum ScoreValueStatus
{
	SCORE_VALUE_OK,
	SCORE_VALUE_OUT_OF_RANGE,
	SCORE_VALUE_NOT_INTEGRAL
} ScoreValueStatus;

/* Buffer size for score_format_float(). */
#define SCORE_FLOAT_TEXT_LEN	32

extern ScoreValueStatus score_value_float8(double v, int32 lo, int32 hi, int32 *point);
extern ScoreValueStatus score_value_numeric(Numeric num, int32 lo, int32 hi, int32 *point);
extern void score_format_float(double v, char *buf);
#if PG_VERSION_NUM >= 180000
/* 18 replaced the postfix pg_attribute_noreturn() with the prefix pg_noreturn */
pg_noreturn extern pg_noinline void score_weight_error(double w);
#else
extern pg_noinline void score_weight_error(double w) pg_attribute_noreturn();
#endif

/* Raise 22023 unless a weight is finite and >= 0 (inline: on the per-row path). */
static inline void
score_check_weight(double w)
{
	if (unlikely(!(w >= 0 && w <= 1.7976931348623157e308)))
		score_weight_error(w);
}

#endif							/* CX_SCORE_VALUE_H */
