/*
 * score_summary.c
 *		The score_summary type: construction, validation, merging, text and
 *		binary I/O, and the merge used as combine function and `+` operator.
 *
 * Text form (version 1), one line a person can read:
 *
 *		v1 scale=0..10 skipped=2 n=3,0,0,0,0,1,0,0,0,10,4
 *		v1 scale=1..5 weighted skipped=0 n=1,0,0,2,1 w=2.5,0,0,3,1 w2=6.25,0,0,5,1
 *
 * n lists the answer count of every scale value from scale_min up; w and w2 the
 * sums of weights and squared weights, printed as shortest exact decimals so
 * that text round-trips bit for bit.  Binary form: version byte, flags byte,
 * scale_min, scale_max (int4), skipped (int8), counts (int8 each), then for
 * weighted summaries sum_w and sum_w2 (float8 each).
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "common/hashfn.h"
#include "common/int.h"
#include "common/shortest_dec.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

#include "score/score_summary.h"

PG_FUNCTION_INFO_V1(score_summary_in);
PG_FUNCTION_INFO_V1(score_summary_out);
PG_FUNCTION_INFO_V1(score_summary_recv);
PG_FUNCTION_INFO_V1(score_summary_send);
PG_FUNCTION_INFO_V1(score_summary_combine);
PG_FUNCTION_INFO_V1(score_summary_add);

/* Raise 22023 unless scale_min..scale_max is a usable scale. */
void
score_check_scale(int64 scale_min, int64 scale_max)
{
	if (scale_min < SCORE_MIN_BOUND || scale_max > SCORE_MAX_BOUND ||
		scale_min >= scale_max || scale_max - scale_min + 1 > SCORE_MAX_POINTS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("scale %lld..%lld is invalid",
						(long long) scale_min, (long long) scale_max),
				 errdetail("A scale runs from a minimum to a greater maximum, with at most %d points between %d and %d.",
						   SCORE_MAX_POINTS, SCORE_MIN_BOUND, SCORE_MAX_BOUND)));
}

/* A new, empty summary in the current memory context. */
ScoreSummary *
score_summary_new(int32 scale_min, int32 scale_max, bool weighted)
{
	Size		size;
	ScoreSummary *s;

	score_check_scale(scale_min, scale_max);
	size = score_summary_size(scale_min, scale_max, weighted);
	s = (ScoreSummary *) palloc0(size);
	SET_VARSIZE(s, size);
	s->version = SCORE_SUMMARY_VERSION;
	s->flags = weighted ? SS_WEIGHTED : 0;
	s->scale_min = scale_min;
	s->scale_max = scale_max;
	return s;
}

/* A copy of a summary in the current memory context. */
ScoreSummary *
score_summary_copy(const ScoreSummary *s)
{
	ScoreSummary *c = (ScoreSummary *) palloc(VARSIZE(s));

	memcpy(c, s, VARSIZE(s));
	return c;
}

/*
 * Check every field of a summary of `size` bytes; on failure return false and
 * set *why to a sentence for errdetail.  Used by input, receive and assertions.
 */
bool
score_summary_validate(const ScoreSummary *s, Size size, const char **why)
{
	int			nvalues,
				i;
	int64		total;

	if (size < SS_HEADER_SIZE)
	{
		*why = "The value is shorter than a summary header.";
		return false;
	}
	if (s->version != SCORE_SUMMARY_VERSION)
	{
		*why = "The summary format version is not supported.";
		return false;
	}
	if ((s->flags & ~SS_KNOWN_FLAGS) != 0 || s->reserved != 0)
	{
		*why = "The summary has unknown flags set.";
		return false;
	}
	if (s->scale_min < SCORE_MIN_BOUND || s->scale_max > SCORE_MAX_BOUND ||
		s->scale_min >= s->scale_max ||
		(int64) s->scale_max - s->scale_min + 1 > SCORE_MAX_POINTS)
	{
		*why = "The scale is not a valid scale.";
		return false;
	}
	if (size != score_summary_size(s->scale_min, s->scale_max, SS_IS_WEIGHTED(s)))
	{
		*why = "The length does not match the scale.";
		return false;
	}
	if (s->skipped < 0)
	{
		*why = "The skipped count is negative.";
		return false;
	}
	nvalues = SS_NVALUES(s);
	total = s->skipped;
	for (i = 0; i < nvalues; i++)
	{
		if (SS_COUNTS(s)[i] < 0)
		{
			*why = "A count is negative.";
			return false;
		}
		if (pg_add_s64_overflow(total, SS_COUNTS(s)[i], &total))
		{
			*why = "The counts add up to more than a bigint can hold.";
			return false;
		}
	}
	if (SS_IS_WEIGHTED(s))
	{
		for (i = 0; i < nvalues; i++)
		{
			double		w = SS_SUMW(s)[i],
						w2 = SS_SUMW2(s)[i];

			if (!(w >= 0 && w <= DBL_MAX) || !(w2 >= 0 && w2 <= DBL_MAX))
			{
				*why = "A weight sum is negative or not finite.";
				return false;
			}
			/* w2 may underflow to 0 for tiny weights; w = 0 with w2 > 0 cannot happen */
			if ((SS_COUNTS(s)[i] == 0 && (w != 0 || w2 != 0)) ||
				(w == 0 && w2 != 0))
			{
				*why = "The weight sums do not agree with the counts.";
				return false;
			}
		}
	}
	return true;
}

/* Raise 22023 unless two summaries can be merged: same scale, same weighting. */
void
score_summary_check_mergeable(const ScoreSummary *a, const ScoreSummary *b)
{
	if (a->scale_min != b->scale_min || a->scale_max != b->scale_max)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge score summaries of scales %d..%d and %d..%d",
						a->scale_min, a->scale_max, b->scale_min, b->scale_max),
				 errdetail("Summaries merge only when they are on the same scale.")));
	if (SS_IS_WEIGHTED(a) != SS_IS_WEIGHTED(b))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge a weighted score summary with an unweighted one"),
				 errdetail("Weighted summaries merge only with weighted summaries.")));
}

/* Add `from` into `into` (same scale and weighting, checked by the caller). */
void
score_summary_merge(ScoreSummary *into, const ScoreSummary *from)
{
	int			nvalues = SS_NVALUES(into),
				i;
	bool		overflow = false;

	overflow |= pg_add_s64_overflow(into->skipped, from->skipped, &into->skipped);
	for (i = 0; i < nvalues; i++)
		overflow |= pg_add_s64_overflow(SS_COUNTS(into)[i], SS_COUNTS(from)[i],
										&SS_COUNTS(into)[i]);
	if (SS_IS_WEIGHTED(into))
	{
		for (i = 0; i < nvalues; i++)
		{
			SS_SUMW(into)[i] += SS_SUMW(from)[i];
			SS_SUMW2(into)[i] += SS_SUMW2(from)[i];
			if (isinf(SS_SUMW(into)[i]) || isinf(SS_SUMW2(into)[i]))
				overflow = true;
		}
	}
	if (overflow)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("score summary counts or weights out of range")));
	SS_ASSERT_VALID(into);
}

/* Number of answers (skipped ones excluded). */
int64
score_summary_count(const ScoreSummary *s)
{
	int64		n = 0;
	int			i;

	for (i = 0; i < SS_NVALUES(s); i++)
		n += SS_COUNTS(s)[i];
	return n;
}

/* ---------- text I/O ---------- */

/* Raise the 22P02 error of text input. */
static void
ss_syntax_error(const char *input, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type score_summary: \"%s\"", input),
			 errdetail("%s", detail),
			 errhint("A summary reads like \"v1 scale=0..10 skipped=0 n=0,0,0,0,0,0,0,0,0,0,0\".")));
}

/* Expect the literal `word` at *p; advance past it. */
static bool
ss_expect(const char **p, const char *word)
{
	size_t		len = strlen(word);

	if (strncmp(*p, word, len) != 0)
		return false;
	*p += len;
	return true;
}

/* Parse a decimal int64 at *p (no sign allowed unless allow_sign). */
static bool
ss_parse_int64(const char **p, int64 *out, bool allow_sign)
{
	const char *s = *p;
	bool		neg = false;
	uint64		v = 0;

	if (allow_sign && (*s == '-' || *s == '+'))
		neg = (*s++ == '-');
	if (*s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9')
	{
		if (v > (PG_UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (*s++ - '0');
	}
	if (neg ? v > (uint64) PG_INT64_MAX + 1 : v > (uint64) PG_INT64_MAX)
		return false;
	*out = neg ? (int64) (0 - v) : (int64) v;
	*p = s;
	return true;
}

/* Parse a finite float8 at *p with strtod; advance past it. */
static bool
ss_parse_float(const char **p, double *out)
{
	char	   *end;
	double		v;

	if (!((**p >= '0' && **p <= '9') || **p == '-' || **p == '.'))
		return false;
	errno = 0;
	v = strtod(*p, &end);
	if (end == *p || !isfinite(v))
		return false;
	/* ERANGE: accept subnormals (they round-trip), reject underflow to 0 */
	if (errno == ERANGE && v == 0)
		return false;
	*out = v;
	*p = end;
	return true;
}

/* Text input: see the file header for the format. */
Datum
score_summary_in(PG_FUNCTION_ARGS)
{
	const char *input = PG_GETARG_CSTRING(0);
	const char *p = input;
	int64		lo,
				hi,
				skipped;
	bool		weighted = false;
	ScoreSummary *s;
	int			nvalues,
				i;
	const char *why;

	while (*p == ' ')
		p++;
	if (!ss_expect(&p, "v"))
		ss_syntax_error(input, "The value must start with a format version such as \"v1\".");
	if (!ss_parse_int64(&p, &lo, false) || lo != SCORE_SUMMARY_VERSION)
		ss_syntax_error(input, "The format version is not supported.");
	if (!ss_expect(&p, " scale=") || !ss_parse_int64(&p, &lo, true) ||
		!ss_expect(&p, "..") || !ss_parse_int64(&p, &hi, true))
		ss_syntax_error(input, "Expected \"scale=MIN..MAX\".");
	if (lo < SCORE_MIN_BOUND || hi > SCORE_MAX_BOUND || lo >= hi ||
		hi - lo + 1 > SCORE_MAX_POINTS)
		ss_syntax_error(input, "The scale is not a valid scale.");
	if (ss_expect(&p, " weighted"))
		weighted = true;
	if (!ss_expect(&p, " skipped=") || !ss_parse_int64(&p, &skipped, false))
		ss_syntax_error(input, "Expected \"skipped=COUNT\".");

	s = score_summary_new((int32) lo, (int32) hi, weighted);
	s->skipped = skipped;
	nvalues = SS_NVALUES(s);

	if (!ss_expect(&p, " n="))
		ss_syntax_error(input, "Expected \"n=\" and one count per scale value.");
	for (i = 0; i < nvalues; i++)
	{
		if ((i > 0 && !ss_expect(&p, ",")) || !ss_parse_int64(&p, &SS_COUNTS(s)[i], false))
			ss_syntax_error(input, "Expected one count per scale value after \"n=\".");
	}
	if (weighted)
	{
		if (!ss_expect(&p, " w="))
			ss_syntax_error(input, "Expected \"w=\" and one weight sum per scale value.");
		for (i = 0; i < nvalues; i++)
			if ((i > 0 && !ss_expect(&p, ",")) || !ss_parse_float(&p, &SS_SUMW(s)[i]))
				ss_syntax_error(input, "Expected one finite weight sum per scale value after \"w=\".");
		if (!ss_expect(&p, " w2="))
			ss_syntax_error(input, "Expected \"w2=\" and one squared-weight sum per scale value.");
		for (i = 0; i < nvalues; i++)
			if ((i > 0 && !ss_expect(&p, ",")) || !ss_parse_float(&p, &SS_SUMW2(s)[i]))
				ss_syntax_error(input, "Expected one finite squared-weight sum per scale value after \"w2=\".");
	}
	while (*p == ' ')
		p++;
	if (*p != '\0')
		ss_syntax_error(input, "There is text after the last value.");
	if (!score_summary_validate(s, VARSIZE(s), &why))
		ss_syntax_error(input, why);
	PG_RETURN_POINTER(s);
}

/* Append a float8 as its shortest exact decimal. */
static void
ss_append_float(StringInfo buf, double v)
{
	char		tmp[DOUBLE_SHORTEST_DECIMAL_LEN];

	double_to_shortest_decimal_buf(v, tmp);
	appendStringInfoString(buf, tmp);
}

/* Text output: see the file header for the format. */
Datum
score_summary_out(PG_FUNCTION_ARGS)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(0);
	StringInfoData buf;
	int			nvalues = SS_NVALUES(s),
				i;

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d scale=%d..%d%s skipped=" INT64_FORMAT " n=",
					 s->version, s->scale_min, s->scale_max,
					 SS_IS_WEIGHTED(s) ? " weighted" : "", s->skipped);
	for (i = 0; i < nvalues; i++)
		appendStringInfo(&buf, i ? "," INT64_FORMAT : INT64_FORMAT, SS_COUNTS(s)[i]);
	if (SS_IS_WEIGHTED(s))
	{
		appendStringInfoString(&buf, " w=");
		for (i = 0; i < nvalues; i++)
		{
			if (i)
				appendStringInfoChar(&buf, ',');
			ss_append_float(&buf, SS_SUMW(s)[i]);
		}
		appendStringInfoString(&buf, " w2=");
		for (i = 0; i < nvalues; i++)
		{
			if (i)
				appendStringInfoChar(&buf, ',');
			ss_append_float(&buf, SS_SUMW2(s)[i]);
		}
	}
	PG_RETURN_CSTRING(buf.data);
}

/* ---------- binary I/O ---------- */

/* Raise the 22P03 error of binary input. */
static void
ss_binary_error(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary score_summary"),
			 errdetail("%s", detail)));
}

/* Binary receive: validates exactly as text input does. */
Datum
score_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version,
				flags,
				nvalues,
				i;
	int32		lo,
				hi;
	ScoreSummary *s;
	const char *why;

	if (buf->len - buf->cursor < 2 + 4 + 4 + 8)
		ss_binary_error("The value is shorter than a summary header.");
	version = pq_getmsgbyte(buf);
	flags = pq_getmsgbyte(buf);
	lo = pq_getmsgint(buf, 4);
	hi = pq_getmsgint(buf, 4);
	if (version != SCORE_SUMMARY_VERSION)
		ss_binary_error("The summary format version is not supported.");
	if ((flags & ~SS_KNOWN_FLAGS) != 0)
		ss_binary_error("The summary has unknown flags set.");
	if (lo < SCORE_MIN_BOUND || hi > SCORE_MAX_BOUND || lo >= hi ||
		(int64) hi - lo + 1 > SCORE_MAX_POINTS)
		ss_binary_error("The scale is not a valid scale.");
	nvalues = hi - lo + 1;
	if (buf->len - buf->cursor != 8 + (int64) nvalues * 8 * ((flags & SS_WEIGHTED) ? 3 : 1))
		ss_binary_error("The length does not match the scale.");
	s = score_summary_new(lo, hi, (flags & SS_WEIGHTED) != 0);
	s->skipped = pq_getmsgint64(buf);
	for (i = 0; i < nvalues; i++)
		SS_COUNTS(s)[i] = pq_getmsgint64(buf);
	if (SS_IS_WEIGHTED(s))
	{
		for (i = 0; i < nvalues; i++)
			SS_SUMW(s)[i] = pq_getmsgfloat8(buf);
		for (i = 0; i < nvalues; i++)
			SS_SUMW2(s)[i] = pq_getmsgfloat8(buf);
	}
	if (!score_summary_validate(s, VARSIZE(s), &why))
		ss_binary_error(why);
	PG_RETURN_POINTER(s);
}

/* Binary send. */
Datum
score_summary_send(PG_FUNCTION_ARGS)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(0);
	StringInfoData buf;
	int			nvalues = SS_NVALUES(s),
				i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, s->version);
	pq_sendbyte(&buf, s->flags);
	pq_sendint32(&buf, s->scale_min);
	pq_sendint32(&buf, s->scale_max);
	pq_sendint64(&buf, s->skipped);
	for (i = 0; i < nvalues; i++)
		pq_sendint64(&buf, SS_COUNTS(s)[i]);
	if (SS_IS_WEIGHTED(s))
	{
		for (i = 0; i < nvalues; i++)
			pq_sendfloat8(&buf, SS_SUMW(s)[i]);
		for (i = 0; i < nvalues; i++)
			pq_sendfloat8(&buf, SS_SUMW2(s)[i]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---------- merging ---------- */

/*
 * Space for a summary that arrives with a 1-byte (short) varlena header: every
 * unweighted summary of up to 13 points is stored that way, and copying it to
 * the stack is cheaper than the palloc'd copy PG_DETOAST_DATUM would make.
 */
typedef union ScoreSummaryBuf
{
	ScoreSummary s;
	int64		align;
	char		bytes[VARHDRSZ + 127];
} ScoreSummaryBuf;

/* A read-only, aligned view of a summary argument (see ScoreSummaryBuf). */
static inline const ScoreSummary *
score_summary_view(Datum d, ScoreSummaryBuf *buf)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);

	/* a TOAST pointer has a 1-byte header too: only inline short values are copied */
	if (VARATT_IS_SHORT(v) && !VARATT_IS_EXTERNAL(v))
	{
		Size		len = VARSIZE_SHORT(v) - VARHDRSZ_SHORT;

		memcpy(buf->bytes + VARHDRSZ, VARDATA_SHORT(v), len);
		SET_VARSIZE(&buf->s, len + VARHDRSZ);
		return &buf->s;
	}
	return DatumGetScoreSummaryP(d);
}

/*
 * Combine function of every summary aggregate, and the transition function of
 * rollup(): merge the second summary into the first.  NULL is the empty
 * state.  Updates the first argument in place, which is allowed only because
 * it is the aggregate's own transition state.
 */
Datum
score_summary_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	ScoreSummary *state;
	const ScoreSummary *other;
	ScoreSummaryBuf buf;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "score_summary_combine called in non-aggregate context");
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	other = score_summary_view(PG_GETARG_DATUM(1), &buf);
	if (PG_ARGISNULL(0))
	{
		MemoryContext old = MemoryContextSwitchTo(aggcontext);

		state = score_summary_copy(other);
		MemoryContextSwitchTo(old);
		PG_RETURN_POINTER(state);
	}
	state = (ScoreSummary *) PG_GETARG_POINTER(0);
	score_summary_check_mergeable(state, other);
	score_summary_merge(state, other);
	PG_RETURN_POINTER(state);
}

/* a + b: a new summary holding both. */
Datum
score_summary_add(PG_FUNCTION_ARGS)
{
	ScoreSummary *a = PG_GETARG_SCORE_SUMMARY_P(0);
	ScoreSummary *b = PG_GETARG_SCORE_SUMMARY_P(1);
	ScoreSummary *r;

	score_summary_check_mergeable(a, b);
	r = score_summary_copy(a);
	score_summary_merge(r, b);
	PG_RETURN_POINTER(r);
}

PG_FUNCTION_INFO_V1(score_summary_combine_inv);

/*
 * Inverse of rollup()'s transition for moving window frames: take a summary
 * back out.  Counts subtract exactly; weighted sums do not, so for weighted
 * summaries return NULL, which makes PostgreSQL recompute the frame.
 */
Datum
score_summary_combine_inv(PG_FUNCTION_ARGS)
{
	ScoreSummary *state;
	const ScoreSummary *other;
	ScoreSummaryBuf buf;
	int			nvalues,
				i;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "score_summary_combine_inv called in non-aggregate context");
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(0))
		elog(ERROR, "rollup state is unexpectedly NULL in an inverse transition");
	state = (ScoreSummary *) PG_GETARG_POINTER(0);
	other = score_summary_view(PG_GETARG_DATUM(1), &buf);
	score_summary_check_mergeable(state, other);
	if (SS_IS_WEIGHTED(state))
		PG_RETURN_NULL();
	nvalues = SS_NVALUES(state);
	state->skipped -= other->skipped;
	for (i = 0; i < nvalues; i++)
		SS_COUNTS(state)[i] -= SS_COUNTS(other)[i];
	SS_ASSERT_VALID(state);
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(score_summary_eq);
PG_FUNCTION_INFO_V1(score_summary_ne);

/* Two summaries are equal when every field is (same scale, counts, sums). */
static bool
score_summary_equal(FunctionCallInfo fcinfo)
{
	ScoreSummary *a = PG_GETARG_SCORE_SUMMARY_P(0);
	ScoreSummary *b = PG_GETARG_SCORE_SUMMARY_P(1);

	return VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0;
}

/* a = b */
Datum
score_summary_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(score_summary_equal(fcinfo));
}

/* a <> b */
Datum
score_summary_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!score_summary_equal(fcinfo));
}

PG_FUNCTION_INFO_V1(score_summary_hash);
PG_FUNCTION_INFO_V1(score_summary_hash_extended);

/* Hash of every field, consistent with =. */
Datum
score_summary_hash(PG_FUNCTION_ARGS)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(0);

	return hash_any((unsigned char *) s + VARHDRSZ, VARSIZE(s) - VARHDRSZ);
}

/* 64-bit seeded hash of every field, consistent with =. */
Datum
score_summary_hash_extended(PG_FUNCTION_ARGS)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(0);

	return hash_any_extended((unsigned char *) s + VARHDRSZ, VARSIZE(s) - VARHDRSZ,
							 PG_GETARG_INT64(1));
}
