/*
 * score_summary.h
 *		The score_summary value: an exact, mergeable summary of answers to one
 *		survey question on an integer scale.
 *
 * Layout (varlena, double-aligned, version 1):
 *
 *		int32	vl_len_
 *		uint8	version		SCORE_SUMMARY_VERSION
 *		uint8	flags		SS_WEIGHTED when built from weighted answers
 *		uint16	reserved	always 0
 *		int32	scale_min, scale_max	inclusive, scale_min < scale_max
 *		int64	skipped		answers that were NULL ("not answered")
 *		int64	counts[nvalues]			answers per scale value, nvalues = max - min + 1
 *		float8	sum_w[nvalues]			weighted only: sum of weights per value
 *		float8	sum_w2[nvalues]			weighted only: sum of squared weights per value
 *
 * Every way in (text input, binary receive) goes through score_summary_validate();
 * aggregates build and update summaries in place only inside an aggregate context.
 * Metrics are never stored: they are computed from the counts when asked for, so
 * summaries merge exactly.
 */
#ifndef CX_SCORE_SUMMARY_H
#define CX_SCORE_SUMMARY_H

#include "fmgr.h"

#define SCORE_SUMMARY_VERSION	1
#define SS_WEIGHTED				0x01
#define SS_KNOWN_FLAGS			(SS_WEIGHTED)

/* A scale has at most this many points (e.g. 0..1000); keeps a summary small. */
#define SCORE_MAX_POINTS		1001
/* Scale bounds are limited so that value arithmetic never overflows. */
#define SCORE_MIN_BOUND			(-1000000)
#define SCORE_MAX_BOUND			1000000

typedef struct ScoreSummary
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;
	uint8		flags;
	uint16		reserved;
	int32		scale_min;
	int32		scale_max;
	int64		skipped;
	int64		data[FLEXIBLE_ARRAY_MEMBER];
} ScoreSummary;

#define SS_HEADER_SIZE			offsetof(ScoreSummary, data)
#define SS_NVALUES(s)			((int) ((s)->scale_max - (s)->scale_min + 1))
#define SS_IS_WEIGHTED(s)		(((s)->flags & SS_WEIGHTED) != 0)
#define SS_COUNTS(s)			((s)->data)
#define SS_SUMW(s)				((double *) ((s)->data + SS_NVALUES(s)))
#define SS_SUMW2(s)				((double *) ((s)->data + 2 * SS_NVALUES(s)))

#define DatumGetScoreSummaryP(X)	((ScoreSummary *) PG_DETOAST_DATUM(X))
#define PG_GETARG_SCORE_SUMMARY_P(n)	DatumGetScoreSummaryP(PG_GETARG_DATUM(n))

/* Size in bytes of a summary with this scale. */
static inline Size
score_summary_size(int32 scale_min, int32 scale_max, bool weighted)
{
	Size		nvalues = (Size) ((int64) scale_max - scale_min + 1);

	return SS_HEADER_SIZE + nvalues * sizeof(int64) * (weighted ? 3 : 1);
}

/* score_summary.c */
extern void score_check_scale(int64 scale_min, int64 scale_max);
extern ScoreSummary *score_summary_new(int32 scale_min, int32 scale_max, bool weighted);
extern ScoreSummary *score_summary_copy(const ScoreSummary *s);
extern bool score_summary_validate(const ScoreSummary *s, Size size, const char **why);
extern void score_summary_check_mergeable(const ScoreSummary *a, const ScoreSummary *b);
extern void score_summary_merge(ScoreSummary *into, const ScoreSummary *from);
extern int64 score_summary_count(const ScoreSummary *s);

#ifdef USE_ASSERT_CHECKING
#define SS_ASSERT_VALID(s) \
	do { const char *why_; \
		 Assert(score_summary_validate((s), VARSIZE(s), &why_)); } while (0)
#else
#define SS_ASSERT_VALID(s)	((void) 0)
#endif

#endif							/* CX_SCORE_SUMMARY_H */
