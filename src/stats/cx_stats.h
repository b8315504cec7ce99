/*-------------------------------------------------------------------------
 *
 * cx_stats.h
 *	  Statistics for cx_metrics: normal and Student t distribution functions,
 *	  confidence intervals for NPS, proportions and means, two-sample tests
 *	  and the Kish effective sample size.
 *
 * Contract:
 *	- Plain C99 and libm.  No PostgreSQL types or headers, no global state,
 *	  no allocation, no I/O: every function is reentrant and thread-safe.
 *	  All external symbols start with "cx_".
 *	- Everything is a double on its natural scale: NPS in -1..1, shares in
 *	  0..1.  The SQL layer multiplies NPS by 100.
 *	- Counts may be non-integral (weighted sums, Kish effective n).
 *	- Distribution functions never fail: they return NaN for a NaN or
 *	  out-of-domain argument (df <= 0) and +-INFINITY at the ends.  Like the
 *	  libm calls inside them they may set errno (ERANGE on underflow).
 *	- Interval and test functions return a CxStatsStatus and write *out
 *	  only on CX_STATS_OK; on any other status *out is left untouched.
 *	  Checks run in this order:
 *		CX_STATS_BAD_LEVEL	level is not finite with 0 < level < 1
 *		CX_STATS_BAD_INPUT	out is NULL; a count, n or sd is NaN, infinite or
 *							negative; successes > n; a mean is not finite;
 *							a sum of counts or a difference of means
 *							overflows; an unknown CxNpsMethod
 *		CX_STATS_TOO_FEW	n == 0 (NPS, Wilson, proportions) or n <= 1
 *							(t interval, Welch test)
 *	- Intervals are estimate-style: low <= high, clamped to the range of the
 *	  quantity (NPS [-1, 1], difference of NPS [-2, 2], share [0, 1],
 *	  difference of shares [-1, 1]); a mean is not clamped.
 *	- A standard error of 0 makes a Wald or t interval collapse to its centre.
 *	  In a test it makes the statistic +-INFINITY (p_value 0) when the
 *	  difference is not 0, and NaN (p_value 1) when it is 0.
 *
 * src/stats/cx_stats.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef CX_STATS_H
#define CX_STATS_H

typedef enum
{
	CX_STATS_OK = 0,
	CX_STATS_BAD_LEVEL,
	CX_STATS_TOO_FEW,
	CX_STATS_BAD_INPUT
} CxStatsStatus;

typedef enum
{
	CX_NPS_WALD,
	CX_NPS_ADJUSTED_WALD
} CxNpsMethod;

typedef struct
{
	double		estimate;
	double		std_error;
	double		low;
	double		high;
} CxInterval;

typedef struct
{
	double		difference;		/* estimate a - estimate b */
	double		std_error;		/* standard error of the difference */
	double		statistic;		/* z or t */
	double		p_value;		/* two-sided */
	double		ci_low;
	double		ci_high;
	double		df;				/* INFINITY for z tests */
} CxTest;

/* ---- distributions (quantile.c) ---- */

/*
 * Standard normal CDF Phi(x), accurate to a few ulps over the whole range,
 * tails included (Phi(-37.5) ~ 4.6e-308; below about -38.5 the result is 0).
 */
extern double cx_norm_cdf(double x);

/*
 * Inverse of Phi (Wichura, AS 241, PPND16; relative error ~1e-16).
 * p <= 0 gives -INFINITY, p >= 1 gives +INFINITY, NaN gives NaN.
 */
extern double cx_norm_quantile(double p);

/*
 * Student t CDF with df > 0 degrees of freedom (df need not be an integer;
 * df = INFINITY gives Phi), through the regularized incomplete beta.  Full
 * relative precision in both tails: a few ulps times the condition number
 * |t f(t) / F(t)| of the result (for df < 0.1 the small centre part
 * P(-|t| < T <= 0) that cx_t_quantile inverts for p near 1/2 is good to
 * ~1e-13 only).  df <= 0 or NaN: NaN.
 */
extern double cx_t_cdf(double t, double df);

/*
 * Inverse of cx_t_cdf: closed forms for df = 1 and df = 2, otherwise Hill's
 * (1970) approximation refined by Newton steps on the CDF to full precision
 * (relative error ~1e-15 for df >= 1).  Exactly antisymmetric: quantile(p) =
 * -quantile(1 - p) whenever 1 - p is exact.  p <= 0 gives -INFINITY, p >= 1
 * +INFINITY; df <= 0 or NaN gives NaN.  For tiny df the true quantile may
 * exceed DBL_MAX and comes out as +-INFINITY.
 */
extern double cx_t_quantile(double p, double df);

/*
 * Kish effective sample size (sum w)^2 / sum w^2.  NaN when sum_w2 <= 0,
 * sum_w < 0 or either argument is not finite.
 */
extern double cx_kish_neff(double sum_w, double sum_w2);

/* ---- intervals (intervals.c) ---- */

/*
 * NPS interval from category counts (promoters, passives, detractors).
 * estimate = (prom - det) / n with n = prom + pass + det (always the raw
 * counts); variance per respondent pP + pD - (pP - pD)^2.
 *	CX_NPS_WALD: centre = estimate, std_error = sqrt(var / n).
 *	CX_NPS_ADJUSTED_WALD (Rocks 2016): 0.75 is added to promoters and
 *	detractors and 1.5 to passives (n + 3); centre and std_error are those
 *	of the adjusted counts.
 * low/high = centre -+ z * std_error, z = Phi^-1((1 + level) / 2), clamped
 * to [-1, 1].  n == 0: CX_STATS_TOO_FEW.  When every answer is in one
 * category (n == 1 included) the Wald std_error is 0 and the interval is
 * the point estimate; adjusted Wald stays informative (e.g. 5 detractors:
 * centre -0.625, 95% interval [-1, -0.1749]).
 */
extern CxStatsStatus cx_nps_interval(double prom, double pass, double det,
									 double level, CxNpsMethod method,
									 CxInterval *out);

/*
 * Wilson score interval for successes out of n, clamped to [0, 1];
 * estimate = successes / n, std_error = sqrt(p (1 - p) / n).  n == 0:
 * CX_STATS_TOO_FEW; successes > n: CX_STATS_BAD_INPUT.  The interval never
 * collapses: 0 successes give [0, z^2 / (n + z^2)], n successes
 * [n / (n + z^2), 1] (n == 1 at 95%: [0, 0.7935] or [0.2065, 1]), with a
 * std_error of 0.
 */
extern CxStatsStatus cx_wilson_interval(double successes, double n,
										double level, CxInterval *out);

/*
 * cx_wilson_interval with the critical value z given directly (finite and
 * >= 0, else CX_STATS_BAD_LEVEL; 0 gives the point estimate), for published
 * tables that use z = 1.96.
 */
extern CxStatsStatus cx_wilson_interval_z(double successes, double n,
										  double z, CxInterval *out);

/*
 * Student t interval for a mean: mean -+ t(df = n - 1) * sd / sqrt(n), sd
 * the sample standard deviation, n possibly non-integral (effective n).
 * n <= 1: CX_STATS_TOO_FEW.  sd == 0 collapses the interval to the mean;
 * for n barely above 1 the bounds may be +-INFINITY.
 */
extern CxStatsStatus cx_mean_t_interval(double mean, double sd, double n,
										double level, CxInterval *out);

/* ---- two-sample tests (intervals.c); difference = a - b, p two-sided ---- */

/*
 * Independent-samples z test for NPS a (pa, aa, da) against NPS b.
 * difference is the raw NPS difference.  CX_NPS_WALD: std_error is the
 * root of the summed Wald variances, statistic = difference / std_error and
 * the interval is difference -+ z * std_error.  CX_NPS_ADJUSTED_WALD (as
 * MeasuringU and R's NPS package): both samples are adjusted first; the
 * centre is the adjusted difference and statistic = centre / std_error, so
 * that p_value < 1 - level exactly when the interval excludes 0 (for
 * (50,30,20) vs (40,30,30): centre 0.19417, std_error 0.11209, z 1.7323,
 * p 0.0832).  Interval clamped to [-2, 2].  Either n == 0: TOO_FEW.
 */
extern CxStatsStatus cx_nps_test(double pa, double aa, double da,
								 double pb, double ab, double db,
								 double level, CxNpsMethod method,
								 CxTest *out);

/*
 * Two-proportion z test of xa/na against xb/nb.  statistic and p_value use
 * the pooled standard error sqrt(p (1 - p) (1/na + 1/nb)) (the null
 * hypothesis of equal shares); std_error and the interval use the unpooled
 * sqrt(pa qa / na + pb qb / nb), so statistic need not equal
 * difference / std_error.  Interval clamped to [-1, 1].
 */
extern CxStatsStatus cx_prop_test(double xa, double na, double xb, double nb,
								  double level, CxTest *out);

/*
 * Welch t test of means (ma, sda, na) against (mb, sdb, nb), sd the sample
 * standard deviations; df from Welch-Satterthwaite.  na or nb <= 1:
 * TOO_FEW.  If both sd are 0 the standard error is 0 (see the rule above)
 * and df is reported as na + nb - 2.
 */
extern CxStatsStatus cx_mean_test(double ma, double sda, double na,
								  double mb, double sdb, double nb,
								  double level, CxTest *out);

#endif							/* CX_STATS_H */
