/*-------------------------------------------------------------------------
 *
 * quantile.c
 *	  Normal and Student t distribution functions for cx_metrics.
 *
 * Pure C99 + libm, no state, no allocation (see cx_stats.h for the
 * contract).  Accuracy is checked against 40-digit mpmath values by
 * test/stats/stats_test.c (reference values from test/stats/reference.py).
 *
 *	- cx_norm_cdf: 0.5 * erfc(-x / sqrt 2), with the rounding error of
 *	  x / sqrt 2 carried and corrected for, so the tails keep full relative
 *	  precision.
 *	- cx_norm_quantile: Wichura's AS 241 (PPND16).
 *	- cx_t_cdf: P(T <= -s) = I_x(df/2, 1/2) / 2 and P(-s < T <= 0) =
 *	  I_y(1/2, df/2) / 2 (x = df / (df + s^2), y = 1 - x), the smaller one
 *	  computed directly.  Near the centre I_y by Lentz's continued fraction;
 *	  in the tails I_x by the continued fraction for df < 20, and for
 *	  df >= 20 by a convergent series in the normalising variable
 *	  w = sqrt((df + 1) log(1 + s^2/df)), because the continued fraction in
 *	  x ~ 1 loses about df/2 ulps.  Prefactors are s times the t density,
 *	  whose constant Gamma(a + 1/2) / Gamma(a) comes from Stirling's series
 *	  (lgamma differences would lose digits for large df, and lgamma is not
 *	  thread-safe).
 *	- cx_t_quantile: closed forms for df 1 and 2; otherwise Hill's (1970)
 *	  start and bracketed Newton steps on the lower tail in log |t| (tails)
 *	  or on P(-s < T <= 0) in s (centre), to the last bit the CDF supports.
 *
 * src/stats/quantile.c
 *
 *-------------------------------------------------------------------------
 */
#include <float.h>
#include <math.h>

#include "cx_stats.h"

#define CX_PI			3.14159265358979323846264338327950288
#define CX_SQRT1_2_HI	0.70710678118654752440084436210484904	/* rounds to the double nearest 1/sqrt(2) */
#define CX_SQRT1_2_LO	(-4.8336466567264565186e-17)	/* 1/sqrt(2) - CX_SQRT1_2_HI */
#define CX_2_SQRTPI		1.12837916709551257389615890312154517	/* 2/sqrt(pi) */
#define CX_SQRT2PI		2.50662827463100050241576528481104525	/* sqrt(2 pi) */
#define CX_1_SQRT2PI	0.398942280401432677939946059934381868	/* 1/sqrt(2 pi) */

/*
 * The t tail uses the series in w for df >= this and log(1 + t^2/df) <= 2.
 * The series is asymptotic in 1/df and still exact to double precision
 * down to df ~ 13; the continued fraction loses ~df/2 ulps near the centre.
 */
#define CX_T_SERIES_MIN_DF	20.0

/* iteration caps; never reached for sane input (see stats_test.c) */
#define CX_BETA_CF_MAXIT	1000	/* at most ~30 (~900 in the df < 1 series) */
#define CX_T_NEWTON_MAXIT	100	/* at most ~12 used */

/*
 * Taylor coefficients g_k of G(k) = e^k sqrt(k / (e^k - 1)), radius 2 pi:
 * exact rationals (1, 3/4, 25/96, 7/128, 79/10240, ...) rounded to 21
 * digits; test/stats/reference.py --series recomputes them.
 */
#define CX_T_SERIES_TERMS 44
static const double cx_t_series_g[CX_T_SERIES_TERMS] = {
	1.0, 7.5e-1, 2.60416666666666666667e-1,
	5.46875e-2, 7.71484375e-3, 8.056640625e-4,
	7.45177899718915343915e-5, 6.84223477802579365079e-6, 4.36478401197537753527e-7,
	8.38880185727719907407e-10, 3.83817788326379024621e-10, 5.87284220933570146217e-10,
	1.9196866406662006554e-11, -1.24834404996124233179e-11, -3.37666058523825422572e-13,
	3.00656280615842139858e-13, 7.15160107092833329683e-15, -7.20998716695063328378e-15,
	-1.5251077444111929898e-16, 1.73736013286159245331e-16, 3.30737061721293309942e-18,
	-4.20280907869654438049e-18, -7.27094085810184622982e-20, 1.02022864472461700094e-19,
	1.61714940617708203955e-21, -2.48418221805430628159e-21, -3.63278592995286654346e-23,
	6.06511930835158422958e-23, 8.23135262011892908663e-25, -1.48432431108712347236e-24,
	-1.87915127104853613423e-26, 3.64028178838837677137e-26, 4.31829797441453737534e-28,
	-8.94454131572106691195e-28, -9.9814014726644991914e-30, 2.20146834165436998418e-29,
	2.3190993503539479609e-31, -5.42655918204356214913e-31, -5.41327029429687802282e-33,
	1.3394633821808552718e-32, 1.2688518020084896e-34, -3.31036768895370817517e-34,
	-2.98537978690228310872e-36, 8.19054238071668354222e-36
};

static double cx_stirling_delta(double z);
static double cx_t_gamma_ratio(double a);
static double cx_beta_cf(double x, double a, double b);
static double cx_t_central_series(double y, double x, double a, double k);
static double cx_t_lower_series(double df, double lz, double cnorm);
static void cx_t_halves(double s, double df, double *lower, double *central,
						double *sdens);
static double cx_t_start(double q, double df);
static double cx_t_solve(double q, double df, double s);

/* Phi(x), with the rounding of x / sqrt(2) compensated in the tails. */
double
cx_norm_cdf(double x)
{
	double		y;
	double		dy;
	double		r;

	if (isnan(x))
		return x;

	/* y + dy = -x / sqrt(2) to about twice double precision */
	y = -x * CX_SQRT1_2_HI;
	dy = fma(-x, CX_SQRT1_2_HI, -y) + (-x) * CX_SQRT1_2_LO;

	/* erfc(y + dy) = erfc(y) - dy * 2/sqrt(pi) * exp(-y^2) + O(dy^2) */
	r = erfc(y);
	if (y > 0.5 && isfinite(y))
		r -= dy * CX_2_SQRTPI * exp(-y * y);
	return 0.5 * r;
}

/* Inverse of Phi: Wichura (1988), Applied Statistics 37(3), AS 241 PPND16. */
double
cx_norm_quantile(double p)
{
	double		q;
	double		r;
	double		val;

	if (isnan(p))
		return p;
	if (p <= 0.0)
		return -INFINITY;
	if (p >= 1.0)
		return INFINITY;

	q = p - 0.5;
	if (fabs(q) <= 0.425)
	{
		r = 0.180625 - q * q;
		return q * (((((((2509.0809287301226727 * r +
						  33430.575583588128105) * r +
						 67265.770927008700853) * r +
						45921.953931549871457) * r +
					   13731.693765509461125) * r +
					  1971.5909503065514427) * r +
					 133.14166789178437745) * r +
					3.387132872796366608)
			/ (((((((5226.495278852854561 * r +
					 28729.085735721942674) * r +
					39307.89580009271061) * r +
				   21213.794301586595867) * r +
				  5394.1960214247511077) * r +
				 687.1870074920579083) * r +
				42.313330701600911252) * r + 1.0);
	}

	/* r = sqrt(-log(min(p, 1 - p))); 1 - p is exact for p >= 0.5 */
	r = sqrt(-log(q < 0.0 ? p : 1.0 - p));
	if (r <= 5.0)
	{
		r -= 1.6;
		val = (((((((7.7454501427834140764e-4 * r +
					 0.0227238449892691845833) * r +
					0.24178072517745061177) * r +
				   1.27045825245236838258) * r +
				  3.64784832476320460504) * r +
				 5.7694972214606914055) * r +
				4.6303378461565452959) * r +
			   1.42343711074968357734)
			/ (((((((1.05075007164441684324e-9 * r +
					 5.475938084995344946e-4) * r +
					0.0151986665636164571966) * r +
				   0.14810397642748007459) * r +
				  0.68976733498510000455) * r +
				 1.6763848301838038494) * r +
				2.05319162663775882187) * r + 1.0);
	}
	else
	{
		r -= 5.0;
		val = (((((((2.01033439929228813265e-7 * r +
					 2.71155556874348757815e-5) * r +
					0.0012426609473880784386) * r +
				   0.026532189526576123093) * r +
				  0.29656057182850489123) * r +
				 1.7848265399172913358) * r +
				5.4637849111641143699) * r +
			   6.6579046435011037772)
			/ (((((((2.04426310338993978564e-15 * r +
					 1.4215117583164458887e-7) * r +
					1.8463183175100546818e-5) * r +
				   7.868691311456132591e-4) * r +
				  0.0148753612908506148525) * r +
				 0.13692988092273580531) * r +
				0.59983220655588793769) * r + 1.0);
	}
	return q < 0.0 ? -val : val;
}

/*
 * Stirling remainder lgamma(z) - ((z - 1/2) log z - z + log(2 pi) / 2),
 * for z >= 10 (the omitted terms are below 1e-17 there).
 */
static double
cx_stirling_delta(double z)
{
	double		z2 = 1.0 / (z * z);

	return (1.0 / 12.0 - z2 * (1.0 / 360.0 - z2 * (1.0 / 1260.0 - z2 *
			(1.0 / 1680.0 - z2 * (1.0 / 1188.0 - z2 * (691.0 / 360360.0 -
			z2 * (1.0 / 156.0 - z2 * (3617.0 / 122400.0)))))))) / z;
}

/* Gamma(a + 1/2) / (Gamma(a) sqrt(a)) for a > 0, to a few ulps. */
static double
cx_t_gamma_ratio(double a)
{
	double		a0 = a;
	double		prod = 1.0;
	double		r;

	/*
	 * R(a) = Gamma(a + 1/2) / Gamma(a) satisfies R(a) = R(a + 1) a / (a +
	 * 1/2); step up to a >= 10 where Stirling's series is exact to double
	 * precision: R(a) = sqrt(a) exp(a log1p(1/(2a)) - 1/2 + delta(a + 1/2) -
	 * delta(a)).
	 */
	while (a < 10.0)
	{
		prod *= a / (a + 0.5);
		a += 1.0;
	}
	r = exp(a * log1p(0.5 / a) - 0.5 +
			cx_stirling_delta(a + 0.5) - cx_stirling_delta(a));
	/* sqrt(a) / sqrt(a0) */
	return prod * r * sqrt(a / a0);
}

/*
 * Continued fraction of the regularized incomplete beta I_x(a, b) without
 * its prefactor x^a (1-x)^b / (a B(a, b)): modified Lentz, converging fast
 * for x < (a + 1) / (a + b + 2).
 */
static double
cx_beta_cf(double x, double a, double b)
{
	const double tiny = 1e-300;
	double		c = 1.0;
	double		d;
	double		h;
	double		num;
	double		del;
	int			m;

	d = 1.0 - (a + b) * x / (a + 1.0);
	if (fabs(d) < tiny)
		d = tiny;
	d = 1.0 / d;
	h = d;
	for (m = 1; m <= CX_BETA_CF_MAXIT; m++)
	{
		double		m2 = 2.0 * m;

		/* even step: m (b - m) x / ((a + 2m - 1)(a + 2m)) */
		num = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
		d = 1.0 + num * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1.0 + num / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		h *= d * c;

		/* odd step: -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)) */
		num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
		d = 1.0 + num * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1.0 + num / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1.0) <= DBL_EPSILON)
			break;
	}
	return h;
}

/*
 * Power series of the centre part for df < 1 away from the centre:
 *	P(-s < T <= 0) = I_y(1/2, a) / 2
 *		= k / (2 x^a) * sum_n (1 - a)_n y^n / (n! (n + 1/2))
 * (k = s * density, x = 1 - y).  For a < 1 every term is positive, so the
 * sum keeps full relative precision where 1/2 - P(T <= -s) would cancel;
 * it is used for y <= 0.95 (at most ~900 terms).
 */
static double
cx_t_central_series(double y, double x, double a, double k)
{
	double		c = 1.0;
	double		sum = 2.0;
	int			n;

	for (n = 0; n < CX_BETA_CF_MAXIT; n++)
	{
		double		term;

		c *= (n + 1.0 - a) / (n + 1.0) * y;
		term = c / (n + 1.5);
		sum += term;
		if (term <= 0.25 * DBL_EPSILON * (1.0 - y) * sum)
			break;
	}
	return 0.5 * k * pow(x, -a) * sum;
}

/*
 * P(T <= -s) for larger df.  With w^2 = (df + 1) log(1 + s^2/df) =: (df + 1) L
 * the tail integral becomes
 *	C sqrt(df / (df + 1)) * integral_w^inf exp(-u^2/2) G(u^2 / (df + 1)) du
 * (C the density constant, G as above); integrating G term by term gives
 *	sum_k g_k N_k,  N_0 = sqrt(2 pi) Phi(-w),
 *	N_k = w^(2k-1) exp(-w^2/2) / (df + 1)^k + (2k - 1) / (df + 1) N_(k-1),
 * whose terms shrink like (L / 2 pi)^k and (2k / (2 pi (df + 1)))^k.
 * Unlike the continued fraction in x = 1 / (1 + s^2/df), which cancels to
 * about df/2 ulps when x is near 1, every term here is computed in
 * full relative precision.
 */
static double
cx_t_lower_series(double df, double lz, double cnorm)
{
	double		inv = 1.0 / (df + 1.0);
	double		w2 = (df + 1.0) * lz;
	double		w = sqrt(w2);
	double		e = exp(-0.5 * w2) * w * inv;	/* w^(2k-1) e^(-w^2/2) / (df+1)^k, k = 1 */
	double		n = CX_SQRT2PI * cx_norm_cdf(-w);
	double		sum = n;
	double		prev = INFINITY;
	int			k;

	for (k = 1; k < CX_T_SERIES_TERMS; k++)
	{
		double		term;

		n = e + (2 * k - 1) * inv * n;
		e *= lz;
		term = cx_t_series_g[k] * n;
		sum += term;
		/* the g_k alternate between small and large: wait for two small terms */
		if (fabs(term) + fabs(prev) <= 0.25 * DBL_EPSILON * sum)
			break;
		prev = term;
	}
	return cnorm * sqrt(df * inv) * sum;
}

/*
 * Both halves of the t distribution at s >= 0 (finite df > 0):
 *	*lower = P(T <= -s), *central = P(-s < T <= 0) = 1/2 - *lower,
 * each with full relative precision (the smaller one is computed directly,
 * the other by subtraction from 1/2), and *sdens = s times the density at
 * s.  With z = s^2 / df, x = 1/(1+z), y = z/(1+z), a = df/2:
 *	P(T <= -s) = I_x(a, 1/2) / 2,	P(-s < T <= 0) = I_y(1/2, a) / 2
 * and the prefactors of both continued fractions are multiples of
 * k = s * density(s) = s * C (1 + z)^-(a + 1/2).  For z > 1, k is formed
 * with pow() from z^-a, so it stays accurate (and does not underflow early)
 * far out in heavy tails.
 */
static void
cx_t_halves(double s, double df, double *lower, double *central, double *sdens)
{
	double		a = 0.5 * df;
	double		z;
	double		lz;
	double		x;
	double		y;
	double		cnorm;
	double		k;
	int			series;

	cnorm = cx_t_gamma_ratio(a) * CX_1_SQRT2PI;
	if (s == 0.0)
	{
		*lower = 0.5;
		*central = 0.0;
		*sdens = 0.0;
		return;
	}

	z = (s / df) * s;
	if (z <= 1.0)
	{
		lz = log1p(z);
		x = 1.0 / (1.0 + z);
		y = z / (1.0 + z);
		k = s * cnorm * exp(-(a + 0.5) * lz);
	}
	else
	{
		double		iz = (df / s) / s;	/* 1/z, may underflow to 0 */
		double		pz;

		if (isfinite(z))
		{
			lz = log1p(z);
			pz = pow(z, -a);
		}
		else
		{
			lz = 2.0 * log(s) - log(df);
			pz = pow(s, -df) * pow(df, a);
		}
		x = iz / (1.0 + iz);
		y = 1.0 / (1.0 + iz);
		/* s C z^-(a+1/2) (1 + 1/z)^-(a+1/2), and s z^-(1/2) = sqrt(df) */
		k = cnorm * sqrt(df) * pz * exp(-(a + 0.5) * log1p(iz));
	}
	*sdens = k;

	series = (df >= CX_T_SERIES_MIN_DF && lz <= 2.0);
	if (y * (a + 2.5) <= 1.5)
	{
		/*
		 * Near the centre, x >= (a + 1) / (a + 2.5): I_y(1/2, a) converges
		 * fast (the test is on y, which unlike x does not round to 1 for huge
		 * a).  When the tail is small enough that 1/2 - central would cancel
		 * digits and the series is available, take the tail from it.  (The
		 * other continued fraction would cancel worse there, x being near 1.)
		 */
		*central = k * cx_beta_cf(y, 0.5, a);
		if (series && *central > 0.3)
			*lower = cx_t_lower_series(df, lz, cnorm);
		else
			*lower = 0.5 - *central;
	}
	else
	{
		if (series)
			*lower = cx_t_lower_series(df, lz, cnorm);
		else
			*lower = 0.5 * (k / a) * cx_beta_cf(x, a, 0.5);
		/* heavy tails (df < 1) leave a small centre part at large y */
		if (df < 1.0 && y <= 0.95 && *lower > 0.3)
			*central = cx_t_central_series(y, x, a, k);
		else
			*central = 0.5 - *lower;
	}
}

/* Student t CDF, any real df > 0. */
double
cx_t_cdf(double t, double df)
{
	double		lower;
	double		central;
	double		sdens;

	if (isnan(t) || isnan(df) || df <= 0.0)
		return NAN;
	if (isinf(df))
		return cx_norm_cdf(t);
	if (isinf(t))
		return t < 0.0 ? 0.0 : 1.0;

	cx_t_halves(fabs(t), df, &lower, &central, &sdens);
	return t <= 0.0 ? lower : 0.5 + central;
}

/*
 * Starting value s > 0 with P(T <= -s) ~ q (q < 1/2): Hill (1970), CACM
 * Algorithm 396, for df >= 1; the power-law tail for smaller df.
 */
static double
cx_t_start(double q, double df)
{
	double		a;
	double		b;
	double		c;
	double		d;
	double		x;
	double		y;
	double		p2 = 2.0 * q;	/* two-sided probability */

	/* far tail (and df < 1): P(T <= -s) ~ C df^((df-1)/2) s^-df / ... */
	if (df < 1.0 || q < 1e-30)
	{
		double		ls;

		ls = (log(cx_t_gamma_ratio(0.5 * df) * CX_1_SQRT2PI) +
			  0.5 * (df - 1.0) * log(df) - log(q)) / df;
		if (df < 1.0 || ls > log(1e10))
			return (ls < 709.0) ? exp(ls) : DBL_MAX;
	}

	a = 1.0 / (df - 0.5);
	b = 48.0 / (a * a);
	c = ((20700.0 * a / b - 98.0) * a - 16.0) * a + 96.36;
	d = ((94.5 / (b + c) - 3.0) / b + 1.0) * sqrt(a * CX_PI / 2.0) * df;
	x = d * p2;
	y = pow(x, 2.0 / df);
	if (y > 0.05 + a)
	{
		/* asymptotic inverse expansion about the normal deviate */
		x = cx_norm_quantile(q);
		y = x * x;
		if (df < 5.0)
			c += 0.3 * (df - 4.5) * (x + 0.6);
		c = (((0.05 * d * x - 5.0) * x - 7.0) * x - 2.0) * x + b + c;
		y = (((((0.4 * y + 6.3) * y + 36.0) * y + 94.5) / c - y - 3.0) / b + 1.0) * x;
		y = a * y * y;
		y = (y > 0.002) ? expm1(y) : 0.5 * y * y + y;
	}
	else
	{
		y = ((1.0 / (((df + 6.0) / (df * y) - 0.089 * d - 0.822) *
					 (df + 2.0) * 3.0) + 0.5 / (df + 4.0)) * y - 1.0) *
			(df + 1.0) / (df + 2.0) + 1.0 / y;
	}
	return sqrt(df * y);
}

/*
 * Solve P(T <= -s) = q for s > 0 (q < 1/2), starting at s.  For q >= 1/4
 * the equation is P(-s < T <= 0) = 1/2 - q (exact by Sterbenz), solved by
 * Newton in s: that function is concave, and working on it keeps the
 * small quantile near the centre accurate.  For q < 1/4 Newton runs on
 * log P(T <= -s) against log s, nearly linear in heavy and light tails.
 * A bracket [lo, hi] catches any step that leaves it (geometric bisection).
 */
static double
cx_t_solve(double q, double df, double s)
{
	int			central = (q >= 0.25);
	double		target = central ? 0.5 - q : q;
	double		lo = 0.0;
	double		hi = INFINITY;
	int			it;

	if (!(s > 0.0))
		s = 1.0;
	if (s > DBL_MAX)
		s = DBL_MAX;
	for (it = 0; it < CX_T_NEWTON_MAXIT; it++)
	{
		double		lower;
		double		cent;
		double		sdens;
		double		v;
		double		snew;

		cx_t_halves(s, df, &lower, &cent, &sdens);
		v = central ? cent : lower;
		if (v == target)
			break;
		if (central ? (v < target) : (v > target))
		{
			/* s too small; beyond DBL_MAX only for tiny df */
			if (s >= DBL_MAX)
				return INFINITY;
			lo = s;
		}
		else
			hi = s;

		if (central)
			snew = s + (target - v) * s / sdens;
		else
			snew = s * exp(log1p((v - target) / target) * v / sdens);

		/* converged: the correction is at the rounding level of s */
		if (fabs(snew - s) <= 2.0 * DBL_EPSILON * s)
		{
			if (snew > lo && snew < hi)
				s = snew;
			break;
		}
		if (!(snew > lo && snew < hi))
		{
			/* Newton left the bracket: bisect it, geometrically */
			if (lo > 0.0 && hi < INFINITY)
			{
				if (hi - lo <= 4.0 * DBL_EPSILON * lo)
					break;
				snew = sqrt(lo) * sqrt(hi);
			}
			else if (hi < INFINITY)
				snew = (hi > 4.0) ? sqrt(hi) : 0.25 * hi;
			else if (lo < 1e150 && snew < INFINITY)
				snew = fmax(4.0 * lo, lo * lo);
			else
				snew = DBL_MAX;
		}
		s = snew;
	}
	return s;
}

/* Student t quantile, any real df > 0. */
double
cx_t_quantile(double p, double df)
{
	double		q;
	double		s;

	if (isnan(p) || isnan(df) || df <= 0.0)
		return NAN;
	if (p <= 0.0)
		return -INFINITY;
	if (p >= 1.0)
		return INFINITY;
	if (p == 0.5)
		return 0.0;
	if (isinf(df))
		return cx_norm_quantile(p);

	/* lower tail: s = |t| with P(T <= -s) = q; 1 - p is exact for p >= 1/2 */
	q = (p < 0.5) ? p : 1.0 - p;

	if (df == 1.0)
	{
		/* Cauchy: s = cot(pi q) = tan(pi (1/2 - q)) */
		s = (q < 0.25) ? 1.0 / tan(CX_PI * q) : tan(CX_PI * (0.5 - q));
	}
	else if (df == 2.0)
	{
		/* P(T <= -s) = (1 - s / sqrt(2 + s^2)) / 2 */
		s = (1.0 - 2.0 * q) / sqrt(2.0 * q * (1.0 - q));
	}
	else
		s = cx_t_solve(q, df, cx_t_start(q, df));
	return (p < 0.5) ? -s : s;
}
