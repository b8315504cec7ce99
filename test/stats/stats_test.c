/*-------------------------------------------------------------------------
 *
 * stats_test.c
 *	  Unit test of src/stats (plain C, no PostgreSQL).
 *
 * Build and run from the repository root (test/suites/stats_unit.sh does):
 *	cc -std=c99 -O2 -Wall -Wextra -Werror -I src/stats \
 *		test/stats/stats_test.c src/stats/quantile.c src/stats/intervals.c -lm
 *	./a.out [-v] [test/stats/reference.tsv]
 *
 * Three groups of checks:
 *	1. every case of reference.tsv (40-digit mpmath values written by
 *	   reference.py), with tolerances per function;
 *	2. the published values of DESIGN.md section 2.3 and the reference
 *	   notes, at the precision they are published with;
 *	3. contract checks: status codes and their precedence, *out untouched
 *	   on error, NaN/INFINITY conventions, symmetry, monotonicity and
 *	   quantile/CDF round trips on grids.
 * Prints one line per failure and a summary with the worst relative errors;
 * exits 0 when everything passes.
 *
 * test/stats/stats_test.c
 *
 *-------------------------------------------------------------------------
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_stats.h"

#define MAX_FIELDS 16

/* tolerances (relative unless stated) */
#define TOL_NORM_CDF		1e-14	/* normal-range results */
#define TOL_NORM_Q			1e-14
#define TOL_NORM_Q_TAIL		1e-13	/* p < 1e-100 */
#define TOL_T_CDF			1e-14	/* times max(1, condition number) */
#define TOL_T_Q				1e-13	/* times max(1, condition number) */
#define TOL_INTERVAL		1e-12	/* intervals and tests, plus TOL_ABS */
#define TOL_ABS				1e-15

typedef struct
{
	const char *name;
	double		worst;			/* worst relative error seen */
	double		worst_scaled;	/* worst error / tolerance */
	int			count;
} Worst;

static int	n_checks = 0;
static int	n_failed = 0;
static int	verbose = 0;		/* -v: print every reference comparison */
static Worst worst[] = {
	{"norm_cdf", 0, 0, 0},
	{"norm_quantile", 0, 0, 0},
	{"t_cdf", 0, 0, 0},
	{"t_quantile", 0, 0, 0},
	{"intervals+tests", 0, 0, 0},
};

enum
{
	W_NORM_CDF, W_NORM_Q, W_T_CDF, W_T_Q, W_INTERVAL
};

/* Relative error of got against want (absolute when want is 0). */
static double
rel_err(double got, double want)
{
	if (isnan(want))
		return isnan(got) ? 0.0 : INFINITY;
	if (isinf(want))
		return (got == want) ? 0.0 : INFINITY;
	if (want == 0.0)
		return fabs(got);
	return fabs(got - want) / fabs(want);
}

/* Record one comparison with an explicit relative tolerance. */
static void
check_rel(int w, const char *what, double got, double want, double tol)
{
	double		e = rel_err(got, want);

	n_checks++;
	if (w >= 0)
	{
		worst[w].count++;
		if (e > worst[w].worst)
			worst[w].worst = e;
		if (e / tol > worst[w].worst_scaled)
			worst[w].worst_scaled = e / tol;
	}
	if (!(e <= tol))
	{
		n_failed++;
		printf("FAIL %s: got %.17g, want %.17g (rel err %.3g > %.3g)\n",
			   what, got, want, e, tol);
	}
	else if (verbose && w >= 0)
		printf("ok   %s: rel err %.3g (tolerance %.3g)\n", what, e, tol);
}

/* Interval/test values: relative TOL_INTERVAL plus absolute TOL_ABS. */
static void
check_val(const char *what, double got, double want)
{
	double		tol = TOL_INTERVAL;

	if (isfinite(want) && want != 0.0)
		tol += TOL_ABS / fabs(want);
	else if (want == 0.0)
		tol = TOL_ABS;
	check_rel(W_INTERVAL, what, got, want, tol);
}

/* Published value, correct to +- halfulp in its last printed digit. */
static void
check_pub(const char *what, double got, double want, double halfulp)
{
	n_checks++;
	if (!(fabs(got - want) <= halfulp))
	{
		n_failed++;
		printf("FAIL %s: got %.10g, published %.10g (+- %g)\n",
			   what, got, want, halfulp);
	}
}

/* A boolean expectation. */
static void
check_true(const char *what, int ok)
{
	n_checks++;
	if (!ok)
	{
		n_failed++;
		printf("FAIL %s\n", what);
	}
}

/* Split s at whitespace into at most max doubles; returns the count. */
static int
parse_numbers(char *s, double *v, int max)
{
	int			n = 0;
	char	   *tok;

	for (tok = strtok(s, " "); tok != NULL && n < max; tok = strtok(NULL, " "))
		v[n++] = strtod(tok, NULL);
	return n;
}

/* Compare an interval with 4 expected values (estimate, se, low, high). */
static void
check_interval(const char *label, CxStatsStatus st, const CxInterval *iv,
			   const double *want)
{
	char		what[256];

	snprintf(what, sizeof(what), "%s status", label);
	check_true(what, st == CX_STATS_OK);
	if (st != CX_STATS_OK)
		return;
	snprintf(what, sizeof(what), "%s estimate", label);
	check_val(what, iv->estimate, want[0]);
	snprintf(what, sizeof(what), "%s std_error", label);
	check_val(what, iv->std_error, want[1]);
	snprintf(what, sizeof(what), "%s low", label);
	check_val(what, iv->low, want[2]);
	snprintf(what, sizeof(what), "%s high", label);
	check_val(what, iv->high, want[3]);
}

/* Compare a test with 7 expected values. */
static void
check_test(const char *label, CxStatsStatus st, const CxTest *t,
		   const double *want)
{
	static const char *const names[] = {
		"difference", "std_error", "statistic", "p_value", "ci_low",
		"ci_high", "df"
	};
	double		got[7];
	char		what[256];
	int			i;

	snprintf(what, sizeof(what), "%s status", label);
	check_true(what, st == CX_STATS_OK);
	if (st != CX_STATS_OK)
		return;
	got[0] = t->difference;
	got[1] = t->std_error;
	got[2] = t->statistic;
	got[3] = t->p_value;
	got[4] = t->ci_low;
	got[5] = t->ci_high;
	got[6] = t->df;
	for (i = 0; i < 7; i++)
	{
		snprintf(what, sizeof(what), "%s %s", label, names[i]);
		check_val(what, got[i], want[i]);
	}
}

/* Run one line of reference.tsv; returns 0 if the function is unknown. */
static int
run_reference_line(char *line)
{
	char	   *func = line;
	char	   *in_s;
	char	   *out_s;
	char		label[512];
	double		in[MAX_FIELDS];
	double		want[MAX_FIELDS];
	int			nin;
	int			nout;
	CxInterval	iv;
	CxTest		t;
	CxStatsStatus st;

	in_s = strchr(line, '\t');
	if (in_s == NULL)
		return 0;
	*in_s++ = '\0';
	out_s = strchr(in_s, '\t');
	if (out_s == NULL)
		return 0;
	*out_s++ = '\0';
	snprintf(label, sizeof(label), "%s(%s)", func, in_s);
	nin = parse_numbers(in_s, in, MAX_FIELDS);
	nout = parse_numbers(out_s, want, MAX_FIELDS);

	if (strcmp(func, "norm_cdf") == 0 && nin == 1 && nout == 2)
	{
		double		got = cx_norm_cdf(in[0]);

		if (want[0] != 0.0 && fabs(want[0]) < DBL_MIN)
		{
			/* subnormal result: a couple of units of 2^-1074 */
			n_checks++;
			if (!(fabs(got - want[0]) <= 2.0 * ldexp(1.0, -1074)))
			{
				n_failed++;
				printf("FAIL %s: got %.17g, want %.17g (subnormal)\n",
					   label, got, want[0]);
			}
		}
		else
			check_rel(W_NORM_CDF, label, got, want[0], TOL_NORM_CDF);
	}
	else if (strcmp(func, "norm_quantile") == 0 && nin == 1 && nout == 2)
		check_rel(W_NORM_Q, label, cx_norm_quantile(in[0]), want[0],
				  (in[0] < 1e-100 || 1.0 - in[0] < 1e-100) ?
				  TOL_NORM_Q_TAIL : TOL_NORM_Q);
	else if (strcmp(func, "t_cdf") == 0 && nin == 2 && nout == 2)
		check_rel(W_T_CDF, label, cx_t_cdf(in[0], in[1]), want[0],
				  TOL_T_CDF * fmax(1.0, want[1]));
	else if (strcmp(func, "t_quantile") == 0 && nin == 2 && nout == 2)
		check_rel(W_T_Q, label, cx_t_quantile(in[0], in[1]), want[0],
				  TOL_T_Q * fmax(1.0, want[1]));
	else if (strcmp(func, "kish") == 0 && nin == 2 && nout == 1)
		check_val(label, cx_kish_neff(in[0], in[1]), want[0]);
	else if (strcmp(func, "nps") == 0 && nin == 5 && nout == 4)
	{
		st = cx_nps_interval(in[1], in[2], in[3], in[4],
							 in[0] == 0 ? CX_NPS_WALD : CX_NPS_ADJUSTED_WALD,
							 &iv);
		check_interval(label, st, &iv, want);
	}
	else if (strcmp(func, "wilson") == 0 && nin == 3 && nout == 4)
	{
		st = cx_wilson_interval(in[0], in[1], in[2], &iv);
		check_interval(label, st, &iv, want);
	}
	else if (strcmp(func, "wilson_z") == 0 && nin == 3 && nout == 4)
	{
		st = cx_wilson_interval_z(in[0], in[1], in[2], &iv);
		check_interval(label, st, &iv, want);
	}
	else if (strcmp(func, "mean_t") == 0 && nin == 4 && nout == 4)
	{
		st = cx_mean_t_interval(in[0], in[1], in[2], in[3], &iv);
		check_interval(label, st, &iv, want);
	}
	else if (strcmp(func, "nps_test") == 0 && nin == 8 && nout == 7)
	{
		st = cx_nps_test(in[1], in[2], in[3], in[4], in[5], in[6], in[7],
						 in[0] == 0 ? CX_NPS_WALD : CX_NPS_ADJUSTED_WALD, &t);
		check_test(label, st, &t, want);
	}
	else if (strcmp(func, "prop_test") == 0 && nin == 5 && nout == 7)
	{
		st = cx_prop_test(in[0], in[1], in[2], in[3], in[4], &t);
		check_test(label, st, &t, want);
	}
	else if (strcmp(func, "mean_test") == 0 && nin == 7 && nout == 7)
	{
		st = cx_mean_test(in[0], in[1], in[2], in[3], in[4], in[5], in[6], &t);
		check_test(label, st, &t, want);
	}
	else
		return 0;
	return 1;
}

/* Group 1: the mpmath table. */
static int
run_reference(const char *path)
{
	FILE	   *f = fopen(path, "r");
	char		line[2048];
	int			lines = 0;

	if (f == NULL)
	{
		printf("FAIL cannot open %s\n", path);
		n_failed++;
		return 0;
	}
	while (fgets(line, sizeof(line), f) != NULL)
	{
		size_t		len = strlen(line);

		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if (!run_reference_line(line))
		{
			printf("FAIL malformed reference line: %s\n", line);
			n_failed++;
		}
		lines++;
	}
	fclose(f);
	return lines;
}

/* Group 2: published values (DESIGN.md 2.3 and the reference notes). */
static void
run_published(void)
{
	CxInterval	iv;
	CxTest		t;

	/* P=50, A=30, D=20: NPS 30, SE 7.8102, Wald [14.692, 45.308] */
	check_true("nps 50/30/20 wald status",
			   cx_nps_interval(50, 30, 20, 0.95, CX_NPS_WALD, &iv) == CX_STATS_OK);
	check_pub("nps 50/30/20 estimate", iv.estimate, 0.30, 1e-15);
	check_pub("nps 50/30/20 SE", iv.std_error, 0.078102, 5e-7);
	check_pub("nps 50/30/20 wald low", iv.low, 0.14692, 5e-6);
	check_pub("nps 50/30/20 wald high", iv.high, 0.45308, 5e-6);

	/* adjusted Wald: NPS' 29.1262, SE' 7.6915, [14.051, 44.201] */
	check_true("nps 50/30/20 adjusted status",
			   cx_nps_interval(50, 30, 20, 0.95, CX_NPS_ADJUSTED_WALD, &iv) == CX_STATS_OK);
	check_pub("nps 50/30/20 adjusted estimate is raw", iv.estimate, 0.30, 1e-15);
	check_pub("nps 50/30/20 adjusted SE", iv.std_error, 0.076915, 5e-7);
	check_pub("nps 50/30/20 adjusted low", iv.low, 0.14051, 5e-6);
	check_pub("nps 50/30/20 adjusted high", iv.high, 0.44201, 5e-6);
	check_pub("nps 50/30/20 adjusted centre", 0.5 * (iv.low + iv.high),
			  0.291262, 5e-7);

	/* P=250, A=675, D=75: NPS 17.5, SE 1.7157, Wald [14.137, 20.863] */
	cx_nps_interval(250, 675, 75, 0.95, CX_NPS_WALD, &iv);
	check_pub("nps 250/675/75 SE", iv.std_error, 0.017157, 5e-7);
	check_pub("nps 250/675/75 low", iv.low, 0.14137, 5e-6);
	check_pub("nps 250/675/75 high", iv.high, 0.20863, 5e-6);

	/* all detractors 0/0/5: Wald width 0; adjusted [-100, -17.49] */
	cx_nps_interval(0, 0, 5, 0.95, CX_NPS_WALD, &iv);
	check_true("nps 0/0/5 wald collapses",
			   iv.estimate == -1.0 && iv.std_error == 0.0 &&
			   iv.low == -1.0 && iv.high == -1.0);
	cx_nps_interval(0, 0, 5, 0.95, CX_NPS_ADJUSTED_WALD, &iv);
	check_pub("nps 0/0/5 adjusted low (clamped)", iv.low, -1.0, 0.0);
	check_pub("nps 0/0/5 adjusted high", iv.high, -0.1749, 5e-5);

	/* weighted example: n_eff 4.0, weighted NPS -50, Kish SE 38.19 */
	check_pub("kish weighted example", cx_kish_neff(24000, 144e6), 4.0, 1e-15);
	cx_nps_interval(4.0 / 6, 4.0 / 6, 16.0 / 6, 0.95, CX_NPS_WALD, &iv);
	check_pub("weighted nps estimate", iv.estimate, -0.5, 1e-15);
	check_pub("weighted nps Kish SE", iv.std_error, 0.3819, 5e-5);

	/* (50,30,20) vs (40,30,30) Wald: diff 20, SE 11.402, z 1.7541, p 0.0794 */
	check_true("nps test wald status",
			   cx_nps_test(50, 30, 20, 40, 30, 30, 0.95, CX_NPS_WALD, &t) == CX_STATS_OK);
	check_pub("nps test wald diff", t.difference, 0.20, 1e-15);
	check_pub("nps test wald SE", t.std_error, 0.11402, 5e-6);
	check_pub("nps test wald z", t.statistic, 1.7541, 5e-5);
	check_pub("nps test wald p", t.p_value, 0.0794, 5e-5);
	check_true("nps test wald df", isinf(t.df) && t.df > 0);

	/* adjusted Wald: SE 11.209, z 1.7323, p 0.0832 (centre 19.417) */
	cx_nps_test(50, 30, 20, 40, 30, 30, 0.95, CX_NPS_ADJUSTED_WALD, &t);
	check_pub("nps test adjusted diff is raw", t.difference, 0.20, 1e-15);
	check_pub("nps test adjusted SE", t.std_error, 0.11209, 5e-6);
	check_pub("nps test adjusted z", t.statistic, 1.7323, 5e-5);
	check_pub("nps test adjusted p", t.p_value, 0.0832, 5e-5);
	check_pub("nps test adjusted centre", 0.5 * (t.ci_low + t.ci_high),
			  0.19417, 5e-6);

	/* Wilson, z = 1.96 exactly: 10/100 -> [0.0552285, 0.1743673] */
	check_true("wilson_z 10/100 status",
			   cx_wilson_interval_z(10, 100, 1.96, &iv) == CX_STATS_OK);
	check_pub("wilson_z 10/100 low", iv.low, 0.0552285, 5e-8);
	check_pub("wilson_z 10/100 high", iv.high, 0.1743673, 5e-8);
	/* at level 0.95 (z = 1.959964) the digits move by ~6e-7 */
	cx_wilson_interval(10, 100, 0.95, &iv);
	check_pub("wilson 95% 10/100 low", iv.low, 0.0552285, 1e-6);
	check_pub("wilson 95% 10/100 high", iv.high, 0.1743673, 2e-6);

	/* Wilson 95%: 0/1 -> [0, 0.79345]; 90/100 -> [0.82563, 0.94477] */
	cx_wilson_interval(0, 1, 0.95, &iv);
	check_pub("wilson 0/1 low", iv.low, 0.0, 0.0);
	check_pub("wilson 0/1 high", iv.high, 0.79345, 5e-6);
	cx_wilson_interval(90, 100, 0.95, &iv);
	check_pub("wilson 90/100 low", iv.low, 0.82563, 5e-6);
	check_pub("wilson 90/100 high", iv.high, 0.94477, 5e-6);

	/* CSAT 74/107: 69.159, Wilson95 [59.87, 77.12] */
	cx_wilson_interval(74, 107, 0.95, &iv);
	check_pub("csat 74/107 estimate", iv.estimate, 0.69159, 5e-6);
	check_pub("csat 74/107 low", iv.low, 0.5987, 5e-5);
	check_pub("csat 74/107 high", iv.high, 0.7712, 5e-5);

	/* Kish: 50 weights of 1 and 50 of 2 -> 90 */
	check_pub("kish 50x1 + 50x2", cx_kish_neff(50 * 1.0 + 50 * 2.0,
											   50 * 1.0 + 50 * 4.0), 90.0, 1e-13);

	/* textbook critical values */
	check_pub("z 97.5%", cx_norm_quantile(0.975), 1.959963984540054, 1e-15);
	check_pub("t 97.5% df 10", cx_t_quantile(0.975, 10), 2.228138851986274, 2e-15);
	check_pub("t 97.5% df 1", cx_t_quantile(0.975, 1), 12.70620473617471, 1e-13);
}

/* Fill a CxInterval / CxTest with a sentinel to detect writes. */
static void
poison(void *p, size_t n)
{
	memset(p, 0x5a, n);
}

/* True when the n bytes at p are all the sentinel. */
static int
untouched(const void *p, size_t n)
{
	const unsigned char *c = p;
	size_t		i;

	for (i = 0; i < n; i++)
		if (c[i] != 0x5a)
			return 0;
	return 1;
}

/* Group 3a: status codes, their order, and *out untouched on error. */
static void
run_status(void)
{
	CxInterval	iv;
	CxTest		t;
	const double bad_levels[] = {0.0, 1.0, -0.5, 1.5, NAN, INFINITY, -INFINITY};
	size_t		i;
	char		what[128];

#define EXPECT_IV(expr, code, label) \
	do { \
		CxStatsStatus st_; \
		poison(&iv, sizeof(iv)); \
		st_ = (expr); \
		check_true(label, st_ == (code)); \
		if ((code) != CX_STATS_OK) \
			check_true(label " leaves out untouched", untouched(&iv, sizeof(iv))); \
	} while (0)
#define EXPECT_T(expr, code, label) \
	do { \
		CxStatsStatus st_; \
		poison(&t, sizeof(t)); \
		st_ = (expr); \
		check_true(label, st_ == (code)); \
		if ((code) != CX_STATS_OK) \
			check_true(label " leaves out untouched", untouched(&t, sizeof(t))); \
	} while (0)

	for (i = 0; i < sizeof(bad_levels) / sizeof(bad_levels[0]); i++)
	{
		double		lv = bad_levels[i];

		snprintf(what, sizeof(what), "bad level %g", lv);
		poison(&iv, sizeof(iv));
		check_true(what, cx_nps_interval(5, 3, 2, lv, CX_NPS_WALD, &iv) == CX_STATS_BAD_LEVEL &&
				   cx_wilson_interval(1, 2, lv, &iv) == CX_STATS_BAD_LEVEL &&
				   cx_mean_t_interval(1, 1, 5, lv, &iv) == CX_STATS_BAD_LEVEL &&
				   untouched(&iv, sizeof(iv)));
		poison(&t, sizeof(t));
		check_true(what, cx_nps_test(5, 3, 2, 1, 1, 1, lv, CX_NPS_WALD, &t) == CX_STATS_BAD_LEVEL &&
				   cx_prop_test(1, 2, 1, 3, lv, &t) == CX_STATS_BAD_LEVEL &&
				   cx_mean_test(1, 1, 5, 2, 1, 5, lv, &t) == CX_STATS_BAD_LEVEL &&
				   untouched(&t, sizeof(t)));
	}
	/* levels just inside (0, 1) are accepted */
	EXPECT_IV(cx_wilson_interval(1, 2, DBL_MIN, &iv), CX_STATS_OK, "level DBL_MIN ok");
	EXPECT_IV(cx_wilson_interval(1, 2, 1.0 - DBL_EPSILON / 2, &iv), CX_STATS_OK, "level 1-eps ok");
	check_true("level 1-eps gives z ~ 8.3", iv.high < 1.0 && iv.low > 0.0);

	EXPECT_IV(cx_wilson_interval_z(1, 2, 0.0, &iv), CX_STATS_OK, "wilson_z z=0");
	check_true("wilson_z z=0 is the point", iv.low == 0.5 && iv.high == 0.5);
	EXPECT_IV(cx_wilson_interval_z(0, 2, 0.0, &iv), CX_STATS_OK, "wilson_z z=0 at 0");
	check_true("wilson_z z=0 at 0 is the point", iv.low == 0.0 && iv.high == 0.0);
	EXPECT_IV(cx_wilson_interval_z(1, 2, -1.96, &iv), CX_STATS_BAD_LEVEL, "wilson_z z<0");
	EXPECT_IV(cx_wilson_interval_z(1, 2, NAN, &iv), CX_STATS_BAD_LEVEL, "wilson_z z NaN");
	EXPECT_IV(cx_wilson_interval_z(1, 2, INFINITY, &iv), CX_STATS_BAD_LEVEL, "wilson_z z inf");

	/* bad input */
	EXPECT_IV(cx_nps_interval(-1, 3, 2, 0.95, CX_NPS_WALD, &iv), CX_STATS_BAD_INPUT, "nps negative count");
	EXPECT_IV(cx_nps_interval(1, NAN, 2, 0.95, CX_NPS_WALD, &iv), CX_STATS_BAD_INPUT, "nps NaN count");
	EXPECT_IV(cx_nps_interval(1, 2, INFINITY, 0.95, CX_NPS_WALD, &iv), CX_STATS_BAD_INPUT, "nps inf count");
	EXPECT_IV(cx_nps_interval(DBL_MAX, DBL_MAX, 0, 0.95, CX_NPS_WALD, &iv), CX_STATS_BAD_INPUT, "nps n overflows");
	EXPECT_IV(cx_nps_interval(1, 2, 3, 0.95, (CxNpsMethod) 7, &iv), CX_STATS_BAD_INPUT, "nps bad method");
	check_true("nps NULL out", cx_nps_interval(1, 2, 3, 0.95, CX_NPS_WALD, NULL) == CX_STATS_BAD_INPUT);
	EXPECT_IV(cx_wilson_interval(3, 2, 0.95, &iv), CX_STATS_BAD_INPUT, "wilson successes > n");
	EXPECT_IV(cx_wilson_interval(-0.5, 2, 0.95, &iv), CX_STATS_BAD_INPUT, "wilson negative successes");
	EXPECT_IV(cx_wilson_interval(1, NAN, 0.95, &iv), CX_STATS_BAD_INPUT, "wilson NaN n");
	EXPECT_IV(cx_mean_t_interval(NAN, 1, 5, 0.95, &iv), CX_STATS_BAD_INPUT, "mean NaN mean");
	EXPECT_IV(cx_mean_t_interval(1, -1, 5, 0.95, &iv), CX_STATS_BAD_INPUT, "mean negative sd");
	EXPECT_IV(cx_mean_t_interval(1, 1, INFINITY, 0.95, &iv), CX_STATS_BAD_INPUT, "mean inf n");
	EXPECT_T(cx_prop_test(3, 2, 1, 2, 0.95, &t), CX_STATS_BAD_INPUT, "prop xa > na");
	EXPECT_T(cx_prop_test(1, 2, 1, NAN, 0.95, &t), CX_STATS_BAD_INPUT, "prop NaN nb");
	EXPECT_T(cx_nps_test(1, 2, 3, 1, -2, 3, 0.95, CX_NPS_WALD, &t), CX_STATS_BAD_INPUT, "nps test negative");
	EXPECT_T(cx_mean_test(1, 1, 5, INFINITY, 1, 5, 0.95, &t), CX_STATS_BAD_INPUT, "mean test inf mean");
	EXPECT_T(cx_mean_test(1, NAN, 5, 1, 1, 5, 0.95, &t), CX_STATS_BAD_INPUT, "mean test NaN sd");
	EXPECT_T(cx_mean_test(DBL_MAX, 1, 5, -DBL_MAX, 1, 5, 0.95, &t), CX_STATS_BAD_INPUT, "mean test diff overflows");
	check_true("mean test NULL out", cx_mean_test(1, 1, 5, 2, 1, 5, 0.95, NULL) == CX_STATS_BAD_INPUT);

	/* too few */
	EXPECT_IV(cx_nps_interval(0, 0, 0, 0.95, CX_NPS_ADJUSTED_WALD, &iv), CX_STATS_TOO_FEW, "nps n=0 (even adjusted)");
	EXPECT_IV(cx_wilson_interval(0, 0, 0.95, &iv), CX_STATS_TOO_FEW, "wilson n=0");
	EXPECT_IV(cx_mean_t_interval(1, 1, 1, 0.95, &iv), CX_STATS_TOO_FEW, "mean n=1");
	EXPECT_IV(cx_mean_t_interval(1, 0, 0.5, 0.95, &iv), CX_STATS_TOO_FEW, "mean n=0.5");
	EXPECT_IV(cx_mean_t_interval(1, 1, 1.0 + DBL_EPSILON, 0.95, &iv), CX_STATS_OK, "mean n just above 1");
	check_true("mean n just above 1 has infinite bounds", isinf(iv.low) && isinf(iv.high) && iv.low < 0);
	EXPECT_T(cx_nps_test(0, 0, 0, 1, 1, 1, 0.95, CX_NPS_WALD, &t), CX_STATS_TOO_FEW, "nps test na=0");
	EXPECT_T(cx_prop_test(0, 0, 1, 2, 0.95, &t), CX_STATS_TOO_FEW, "prop test na=0");
	EXPECT_T(cx_mean_test(1, 1, 1, 2, 1, 5, 0.95, &t), CX_STATS_TOO_FEW, "mean test na=1");

	/* precedence: level before input before n */
	EXPECT_IV(cx_nps_interval(-1, 0, 0, 2.0, CX_NPS_WALD, &iv), CX_STATS_BAD_LEVEL, "bad level wins over bad input");
	EXPECT_IV(cx_wilson_interval(-1, 0, 0.95, &iv), CX_STATS_BAD_INPUT, "bad input wins over n=0");

	/* Kish */
	check_true("kish sum_w2 0 is NaN", isnan(cx_kish_neff(0, 0)));
	check_true("kish sum_w2 < 0 is NaN", isnan(cx_kish_neff(1, -1)));
	check_true("kish sum_w < 0 is NaN", isnan(cx_kish_neff(-1, 1)));
	check_true("kish NaN is NaN", isnan(cx_kish_neff(NAN, 1)) && isnan(cx_kish_neff(1, NAN)));
	check_rel(-1, "kish no overflow", cx_kish_neff(1e200, 1e300), 1e100, 1e-15);
	check_rel(-1, "kish one weight", cx_kish_neff(7.5, 56.25), 1.0, 1e-15);

#undef EXPECT_IV
#undef EXPECT_T
}

/* Group 3b: distribution conventions and grid properties. */
static void
run_properties(void)
{
	static const double dfs[] = {0.05, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 5.0,
	7.0, 10.0, 29.9, 30.0, 57.0, 100.0, 1e3, 1e4, 1e6, 1e9, 1e15, INFINITY};
	static const double ps[] = {1e-300, 1e-100, 1e-30, 1e-10, 1e-4, 0.001,
	0.01, 0.05, 0.1, 0.2, 0.249, 0.25, 0.251, 0.3, 0.4, 0.45, 0.49, 0.499999};
	double		worst_rt = 0.0;
	size_t		i;
	size_t		j;
	char		what[160];

	/* special values */
	check_true("norm_quantile(0) = -inf", cx_norm_quantile(0.0) == -INFINITY);
	check_true("norm_quantile(1) = +inf", cx_norm_quantile(1.0) == INFINITY);
	check_true("norm_quantile(-1) = -inf", cx_norm_quantile(-1.0) == -INFINITY);
	check_true("norm_quantile(NaN) = NaN", isnan(cx_norm_quantile(NAN)));
	check_true("norm_quantile(0.5) = 0", cx_norm_quantile(0.5) == 0.0);
	check_true("norm_cdf(NaN) = NaN", isnan(cx_norm_cdf(NAN)));
	check_true("norm_cdf(-inf) = 0", cx_norm_cdf(-INFINITY) == 0.0);
	check_true("norm_cdf(+inf) = 1", cx_norm_cdf(INFINITY) == 1.0);
	check_true("norm_cdf(-40) = 0", cx_norm_cdf(-40.0) == 0.0);
	check_true("t_cdf(x, 0) = NaN", isnan(cx_t_cdf(1.0, 0.0)));
	check_true("t_cdf(x, -1) = NaN", isnan(cx_t_cdf(1.0, -1.0)));
	check_true("t_cdf(NaN, 3) = NaN", isnan(cx_t_cdf(NAN, 3.0)));
	check_true("t_cdf(1, NaN) = NaN", isnan(cx_t_cdf(1.0, NAN)));
	check_true("t_cdf(-inf, 3) = 0", cx_t_cdf(-INFINITY, 3.0) == 0.0);
	check_true("t_cdf(+inf, 3) = 1", cx_t_cdf(INFINITY, 3.0) == 1.0);
	check_true("t_cdf(0, 3) = 1/2", cx_t_cdf(0.0, 3.0) == 0.5);
	check_true("t_cdf(x, inf) = Phi(x)", cx_t_cdf(-1.5, INFINITY) == cx_norm_cdf(-1.5));
	check_true("t_quantile(0, 3) = -inf", cx_t_quantile(0.0, 3.0) == -INFINITY);
	check_true("t_quantile(1, 3) = +inf", cx_t_quantile(1.0, 3.0) == INFINITY);
	check_true("t_quantile(NaN, 3) = NaN", isnan(cx_t_quantile(NAN, 3.0)));
	check_true("t_quantile(0.3, 0) = NaN", isnan(cx_t_quantile(0.3, 0.0)));
	check_true("t_quantile(0.5, 3) = 0", cx_t_quantile(0.5, 3.0) == 0.0);
	check_true("t_quantile(p, inf) = norm", cx_t_quantile(0.01, INFINITY) == cx_norm_quantile(0.01));
	check_true("t_quantile overflows to -inf for df 0.3, p 1e-300",
			   cx_t_quantile(1e-300, 0.3) == -INFINITY);
	check_true("t_quantile(1e-300, 0.01) = -inf", cx_t_quantile(1e-300, 0.01) == -INFINITY);

	/* symmetry and round trips: cdf(quantile(p)) == p to the conditioning */
	for (i = 0; i < sizeof(dfs) / sizeof(dfs[0]); i++)
	{
		double		prev = -INFINITY;

		for (j = 0; j < sizeof(ps) / sizeof(ps[0]); j++)
		{
			double		df = dfs[i];
			double		p = ps[j];
			double		t = cx_t_quantile(p, df);
			double		tu = cx_t_quantile(1.0 - p, df);
			double		back;
			double		e;

			/* q = 1 - (1 - p) is exact, so quantile(1 - q) = -quantile(q) */
			snprintf(what, sizeof(what), "t_quantile(%g, %g) symmetric", p, df);
			check_true(what, tu == -cx_t_quantile(1.0 - (1.0 - p), df) && tu > 0);
			if (isinf(t))
				continue;
			snprintf(what, sizeof(what), "t_quantile(%g, %g) increasing", p, df);
			check_true(what, t > prev);
			prev = t;
			back = cx_t_cdf(t, df);
			e = fabs(back - p) / p;
			if (e > worst_rt)
				worst_rt = e;
			/* one ulp of t moves the CDF by |t| f(t) / F(t) ulps, at most
			 * ~ 2 log(1/p) + 2 for the normal-like tails */
			snprintf(what, sizeof(what), "t_cdf(t_quantile(%g, %g))", p, df);
			check_rel(-1, what, back, p, 1e-14 * fmax(1.0, 4.0 * -log(p)));
			snprintf(what, sizeof(what), "t_cdf(%g, %g) symmetric", t, df);
			check_rel(-1, what, cx_t_cdf(-t, df), 1.0 - p, 1e-15);
		}
	}
	printf("round trip t_cdf(t_quantile(p)): worst relative error %.3g\n", worst_rt);

	/* huge df converges to the normal */
	check_rel(-1, "t_quantile(0.025, 1e20) ~ z", cx_t_quantile(0.025, 1e20),
			  cx_norm_quantile(0.025), 1e-15);
	check_rel(-1, "t_cdf(-3, 1e20) ~ Phi", cx_t_cdf(-3.0, 1e20), cx_norm_cdf(-3.0), 1e-15);

	/* continuity across the series / continued fraction switch (df 20) */
	check_rel(-1, "t_cdf continuous at df 20", cx_t_cdf(-2.0, 20.0 - 1e-9),
			  cx_t_cdf(-2.0, 20.0), 1e-10);
	/* and across log(1 + t^2/df) = 2 */
	{
		double		df = 100.0;
		double		tb = sqrt(df * expm1(2.0));

		check_rel(-1, "t_cdf continuous at L = 2",
				  cx_t_cdf(-tb * (1 - 1e-12), df), cx_t_cdf(-tb * (1 + 1e-12), df),
				  1e-9);
	}

	/* norm round trip and monotone cdf */
	{
		double		x;
		double		prevc = 0.0;

		for (x = -37.0; x <= 8.0; x += 0.25)
		{
			double		c = cx_norm_cdf(x);

			snprintf(what, sizeof(what), "norm_cdf increasing at %g", x);
			check_true(what, c > prevc);
			prevc = c;
			snprintf(what, sizeof(what), "norm_quantile(norm_cdf(%g))", x);
			if (x < 0)
				check_rel(-1, what, cx_norm_quantile(c), x, 1e-14);
		}
	}
}

/* Print the summary table and return the exit status. */
static int
report(int ref_lines)
{
	size_t		i;

	printf("reference cases: %d\n", ref_lines);
	for (i = 0; i < sizeof(worst) / sizeof(worst[0]); i++)
		printf("  %-16s %3d values, worst relative error %.3g (%.2f of tolerance)\n",
			   worst[i].name, worst[i].count, worst[i].worst,
			   worst[i].worst_scaled);
	printf("stats_test: %d checks, %d failed\n", n_checks, n_failed);
	return n_failed == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	const char *path = "test/stats/reference.tsv";
	int			lines;
	int			i;

	for (i = 1; i < argc; i++)
	{
		if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
		else
			path = argv[i];
	}

	lines = run_reference(path);
	run_published();
	run_status();
	run_properties();
	if (lines < 100)
	{
		printf("FAIL only %d reference cases read from %s\n", lines, path);
		n_failed++;
	}
	return report(lines);
}
