/*
 * score_metrics.h
 *		Metrics of a score_summary as plain C: each returns false for an empty
 *		summary (no answers or zero total weight) and raises 22023 when the
 *		metric does not apply to the summary's scale.
 */
#ifndef CX_SCORE_METRICS_H
#define CX_SCORE_METRICS_H

#include "score/score_summary.h"

extern double score_weight_between(const ScoreSummary *s, int32 lo, int32 hi);
extern double score_total_weight(const ScoreSummary *s);
extern void score_require_nps_scale(const ScoreSummary *s);
extern bool score_nps_value(const ScoreSummary *s, double *nps);
extern int32 score_default_top_box(const ScoreSummary *s);
extern bool score_csat_value(const ScoreSummary *s, int32 top_box_min, double *csat);
extern bool score_mean_value(const ScoreSummary *s, double *mean);
extern double score_total_weight2(const ScoreSummary *s);
extern double score_n_effective(const ScoreSummary *s);
extern bool score_stddev_value(const ScoreSummary *s, double *sd);

#endif							/* CX_SCORE_METRICS_H */
