/*-------------------------------------------------------------------------
 *
 * intervals.c
 *	  Confidence intervals, two-sample tests and the Kish effective sample
 *	  size for cx_metrics.
 *
 * Pure C99 + libm, no state, no allocation (see cx_stats.h for the
 * contract and the status codes).  Every function validates its arguments
 * first and writes *out only on success.  Critical values come from
 * quantile.c at full double precision: z = Phi^-1((1 + level) / 2),
 * computed as -Phi^-1((1 - level) / 2) so that levels near 1 keep their
 * digits.
 *
 * Variances are formed from category shares as sums of non-negative terms
 * (for NPS: pA (pP + pD) + 4 pP pD, which equals pP + pD - (pP - pD)^2),
 * so they never cancel to a small negative number.
 *
 * src/stats/intervals.c
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stddef.h>

#include "cx_stats.h"

/* Adjusted Wald (Rocks 2016): pseudo-counts per category */
#define CX_NPS_ADJ_EDGE		0.75	/* promoters and detractors */
#define CX_NPS_ADJ_MIDDLE	1.5		/* passives */

static int	cx_level_ok(double level);
static int	cx_count_ok(double x);
static double cx_z_for_level(double level);
static double cx_clamp(double x, double lo, double hi);
static double cx_nps_variance(double prom, double pass, double det, double n);
static void cx_nps_adjust(double *prom, double *pass, double *det,
						  CxNpsMethod method);
static void cx_test_finish(CxTest *out, double difference, double centre,
						   double se_ci, double statistic_num, double se_stat,
						   double crit, double df, double range);

/* True when level is a usable confidence level: finite, 0 < level < 1. */
static int
cx_level_ok(double level)
{
	return isfinite(level) && level > 0.0 && level < 1.0;
}

/* True for a count (or n, or sd): finite and >= 0. */
static int
cx_count_ok(double x)
{
	return isfinite(x) && x >= 0.0;
}

/* Two-sided standard normal critical value for a confidence level. */
static double
cx_z_for_level(double level)
{
	return -cx_norm_quantile(0.5 * (1.0 - level));
}

/* x limited to [lo, hi]. */
static double
cx_clamp(double x, double lo, double hi)
{
	return (x < lo) ? lo : (x > hi) ? hi : x;
}

/*
 * Per-respondent NPS variance pP + pD - (pP - pD)^2 from counts (n > 0),
 * in the cancellation-free form pA (pP + pD) + 4 pP pD.
 */
static double
cx_nps_variance(double prom, double pass, double det, double n)
{
	double		pp = prom / n;
	double		pa = pass / n;
	double		pd = det / n;

	return pa * (pp + pd) + 4.0 * pp * pd;
}

/* Apply the adjusted-Wald pseudo-counts when method asks for them. */
static void
cx_nps_adjust(double *prom, double *pass, double *det, CxNpsMethod method)
{
	if (method == CX_NPS_ADJUSTED_WALD)
	{
		*prom += CX_NPS_ADJ_EDGE;
		*pass += CX_NPS_ADJ_MIDDLE;
		*det += CX_NPS_ADJ_EDGE;
	}
}

/* Kish effective sample size (sum w)^2 / sum w^2. */
double
cx_kish_neff(double sum_w, double sum_w2)
{
	double		sq;

	if (!isfinite(sum_w) || !isfinite(sum_w2) || sum_w < 0.0 || sum_w2 <= 0.0)
		return NAN;
	sq = sum_w * sum_w;
	if (isinf(sq))
		return (sum_w / sum_w2) * sum_w;
	return sq / sum_w2;
}

/* NPS (-1..1) with a Wald or adjusted-Wald interval. */
CxStatsStatus
cx_nps_interval(double prom, double pass, double det, double level,
				CxNpsMethod method, CxInterval *out)
{
	double		n;
	double		z;
	double		centre;
	double		se;

	if (!cx_level_ok(level))
		return CX_STATS_BAD_LEVEL;
	if (out == NULL || !cx_count_ok(prom) || !cx_count_ok(pass) ||
		!cx_count_ok(det) ||
		(method != CX_NPS_WALD && method != CX_NPS_ADJUSTED_WALD))
		return CX_STATS_BAD_INPUT;
	n = prom + pass + det;
	if (!isfinite(n))
		return CX_STATS_BAD_INPUT;
	if (n <= 0.0)
		return CX_STATS_TOO_FEW;

	z = cx_z_for_level(level);
	out->estimate = (prom - det) / n;

	cx_nps_adjust(&prom, &pass, &det, method);
	n = prom + pass + det;
	centre = (prom - det) / n;
	se = sqrt(cx_nps_variance(prom, pass, det, n) / n);

	out->std_error = se;
	out->low = cx_clamp(centre - z * se, -1.0, 1.0);
	out->high = cx_clamp(centre + z * se, -1.0, 1.0);
	return CX_STATS_OK;
}

/* Wilson score interval with the critical value z given directly. */
CxStatsStatus
cx_wilson_interval_z(double successes, double n, double z, CxInterval *out)
{
	double		p;
	double		q;
	double		s;
	double		r;
	double		z2n;
	double		denom;
	double		hi;
	double		lo;

	if (!(isfinite(z * z) && z >= 0.0))
		return CX_STATS_BAD_LEVEL;
	if (out == NULL || !cx_count_ok(successes) || !cx_count_ok(n) ||
		successes > n)
		return CX_STATS_BAD_INPUT;
	if (n <= 0.0)
		return CX_STATS_TOO_FEW;

	p = successes / n;
	q = (n - successes) / n;
	z2n = z * z / n;
	denom = 1.0 + z2n;

	/*
	 * The bounds are the roots of (p - x)^2 = z^2 x (1 - x) / n; their
	 * product is p^2 / denom (and that of 1 - bound is q^2 / denom).  Take
	 * the root away from 0 or 1 directly and the near one from the product,
	 * so a bound at 0 or 1 comes out exact and tiny bounds keep their
	 * digits.
	 */
	s = (p <= q) ? p : q;
	r = (p <= q) ? q : p;
	hi = (s + 0.5 * z2n + z * sqrt(s * r / n + 0.25 * z2n / n)) / denom;
	lo = (hi > 0.0) ? (s * s / denom) / hi : 0.0;
	if (p <= q)
	{
		out->low = cx_clamp(lo, 0.0, 1.0);
		out->high = cx_clamp(hi, 0.0, 1.0);
	}
	else
	{
		out->low = cx_clamp(1.0 - hi, 0.0, 1.0);
		out->high = cx_clamp(1.0 - lo, 0.0, 1.0);
	}
	out->estimate = p;
	out->std_error = sqrt(p * q / n);
	return CX_STATS_OK;
}

/* Wilson score interval for a share at a confidence level. */
CxStatsStatus
cx_wilson_interval(double successes, double n, double level, CxInterval *out)
{
	if (!cx_level_ok(level))
		return CX_STATS_BAD_LEVEL;
	return cx_wilson_interval_z(successes, n, cx_z_for_level(level), out);
}

/* Student t interval for a mean with df = n - 1. */
CxStatsStatus
cx_mean_t_interval(double mean, double sd, double n, double level,
				   CxInterval *out)
{
	double		se;
	double		t;

	if (!cx_level_ok(level))
		return CX_STATS_BAD_LEVEL;
	if (out == NULL || !isfinite(mean) || !cx_count_ok(sd) || !cx_count_ok(n))
		return CX_STATS_BAD_INPUT;
	if (n <= 1.0)
		return CX_STATS_TOO_FEW;

	se = sd / sqrt(n);
	out->estimate = mean;
	out->std_error = se;
	if (se == 0.0)
	{
		out->low = mean;
		out->high = mean;
	}
	else
	{
		t = -cx_t_quantile(0.5 * (1.0 - level), n - 1.0);
		out->low = mean - t * se;
		out->high = mean + t * se;
	}
	return CX_STATS_OK;
}

/*
 * Fill a CxTest: interval centre -+ crit * se_ci clamped to [-range, range]
 * (range 0: no clamp), statistic = statistic_num / se_stat with the zero-SE
 * rule of cx_stats.h, two-sided p-value from N(0,1) (df infinite) or t(df).
 */
static void
cx_test_finish(CxTest *out, double difference, double centre, double se_ci,
			   double statistic_num, double se_stat, double crit,
			   double df, double range)
{
	double		low;
	double		high;

	out->difference = difference;
	out->std_error = se_ci;
	out->df = df;

	if (se_stat > 0.0)
	{
		double		a;

		out->statistic = statistic_num / se_stat;
		a = -fabs(out->statistic);
		out->p_value = 2.0 * (isinf(df) ? cx_norm_cdf(a) : cx_t_cdf(a, df));
		if (out->p_value > 1.0)
			out->p_value = 1.0;
	}
	else if (statistic_num != 0.0)
	{
		out->statistic = (statistic_num > 0.0) ? INFINITY : -INFINITY;
		out->p_value = 0.0;
	}
	else
	{
		out->statistic = NAN;
		out->p_value = 1.0;
	}

	if (se_ci > 0.0)
	{
		low = centre - crit * se_ci;
		high = centre + crit * se_ci;
	}
	else
	{
		low = centre;
		high = centre;
	}
	if (range > 0.0)
	{
		low = cx_clamp(low, -range, range);
		high = cx_clamp(high, -range, range);
	}
	out->ci_low = low;
	out->ci_high = high;
}

/* Two-sample z test for NPS a - b (Wald or adjusted Wald). */
CxStatsStatus
cx_nps_test(double pa, double aa, double da, double pb, double ab, double db,
			double level, CxNpsMethod method, CxTest *out)
{
	double		na;
	double		nb;
	double		difference;
	double		centre;
	double		se;

	if (!cx_level_ok(level))
		return CX_STATS_BAD_LEVEL;
	if (out == NULL ||
		!cx_count_ok(pa) || !cx_count_ok(aa) || !cx_count_ok(da) ||
		!cx_count_ok(pb) || !cx_count_ok(ab) || !cx_count_ok(db) ||
		(method != CX_NPS_WALD && method != CX_NPS_ADJUSTED_WALD))
		return CX_STATS_BAD_INPUT;
	na = pa + aa + da;
	nb = pb + ab + db;
	if (!isfinite(na) || !isfinite(nb))
		return CX_STATS_BAD_INPUT;
	if (na <= 0.0 || nb <= 0.0)
		return CX_STATS_TOO_FEW;

	difference = (pa - da) / na - (pb - db) / nb;

	cx_nps_adjust(&pa, &aa, &da, method);
	cx_nps_adjust(&pb, &ab, &db, method);
	na = pa + aa + da;
	nb = pb + ab + db;
	centre = (pa - da) / na - (pb - db) / nb;
	se = sqrt(cx_nps_variance(pa, aa, da, na) / na +
			  cx_nps_variance(pb, ab, db, nb) / nb);

	cx_test_finish(out, difference, centre, se, centre, se,
				   cx_z_for_level(level), INFINITY, 2.0);
	return CX_STATS_OK;
}

/* Two-proportion z test (pooled SE for the test, unpooled for the CI). */
CxStatsStatus
cx_prop_test(double xa, double na, double xb, double nb, double level,
			 CxTest *out)
{
	double		pa;
	double		pb;
	double		qa;
	double		qb;
	double		pool;
	double		se_pool;
	double		se;

	if (!cx_level_ok(level))
		return CX_STATS_BAD_LEVEL;
	if (out == NULL || !cx_count_ok(xa) || !cx_count_ok(na) ||
		!cx_count_ok(xb) || !cx_count_ok(nb) || xa > na || xb > nb)
		return CX_STATS_BAD_INPUT;
	if (na <= 0.0 || nb <= 0.0)
		return CX_STATS_TOO_FEW;
	if (!isfinite(na + nb))
		return CX_STATS_BAD_INPUT;

	pa = xa / na;
	qa = (na - xa) / na;
	pb = xb / nb;
	qb = (nb - xb) / nb;
	pool = (xa + xb) / (na + nb);
	se_pool = sqrt(pool * (((na - xa) + (nb - xb)) / (na + nb)) *
				   (1.0 / na + 1.0 / nb));
	se = sqrt(pa * qa / na + pb * qb / nb);

	cx_test_finish(out, pa - pb, pa - pb, se, pa - pb, se_pool,
				   cx_z_for_level(level), INFINITY, 1.0);
	return CX_STATS_OK;
}

/* Welch two-sample t test of means. */
CxStatsStatus
cx_mean_test(double ma, double sda, double na, double mb, double sdb,
			 double nb, double level, CxTest *out)
{
	double		difference;
	double		va;
	double		vb;
	double		v;
	double		df;
	double		se;
	double		crit;

	if (!cx_level_ok(level))
		return CX_STATS_BAD_LEVEL;
	if (out == NULL || !isfinite(ma) || !isfinite(mb) ||
		!cx_count_ok(sda) || !cx_count_ok(na) ||
		!cx_count_ok(sdb) || !cx_count_ok(nb))
		return CX_STATS_BAD_INPUT;
	if (na <= 1.0 || nb <= 1.0)
		return CX_STATS_TOO_FEW;

	difference = ma - mb;
	va = sda * sda / na;
	vb = sdb * sdb / nb;
	v = va + vb;
	se = sqrt(v);
	if (!isfinite(difference) || !isfinite(v))
		return CX_STATS_BAD_INPUT;
	if (v > 0.0)
	{
		/* Welch-Satterthwaite, in shares of v so nothing overflows */
		double		ra = va / v;
		double		rb = vb / v;

		df = 1.0 / (ra * ra / (na - 1.0) + rb * rb / (nb - 1.0));
	}
	else
		df = na + nb - 2.0;

	crit = (se > 0.0) ? -cx_t_quantile(0.5 * (1.0 - level), df) : 0.0;
	cx_test_finish(out, difference, difference, se, difference, se, crit,
				   df, 0.0);
	return CX_STATS_OK;
}
