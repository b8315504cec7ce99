#!/usr/bin/python3
"""Independent reference values for src/stats, computed with mpmath at 40 digits.

Run with Debian's python (package python3-mpmath):

    /usr/bin/python3 test/stats/reference.py > test/stats/reference.tsv   # regenerate
    /usr/bin/python3 test/stats/reference.py --check test/stats/reference.tsv
    /usr/bin/python3 test/stats/reference.py --check-series src/stats/quantile.c
    /usr/bin/python3 test/stats/reference.py --series                        # print g_k

Nothing here shares code or algorithms with the C module: the normal
distribution comes from mpmath's ncdf/erfinv, the t distribution from the
regularized incomplete beta (the 2F1 representation, cross-checked by
quadrature of the density), quantiles from root finding, and the intervals
from their textbook formulas evaluated in 40-digit arithmetic.

Output format (read by test/stats/stats_test.c), one case per line:

    func <TAB> inputs (space separated) <TAB> expected outputs (space separated)

Inputs are Python reprs of doubles (they round-trip exactly through strtod);
reference values are computed for those exact binary inputs and printed
with 21 significant digits.  Lines starting with '#' are comments.
Per function:

    norm_cdf       x                    | Phi(x)  cond
    norm_quantile  p                    | x  cond
    t_cdf          t df                 | F  cond
    t_quantile     p df                 | t  cond
    kish           sum_w sum_w2         | n_eff
    nps            method P A D level   | estimate std_error low high
    wilson         x n level            | estimate std_error low high
    wilson_z       x n z                | estimate std_error low high
    mean_t         mean sd n level      | estimate std_error low high
    nps_test       method pa aa da pb ab db level
                                        | difference std_error statistic p ci_low ci_high df
    prop_test      xa na xb nb level    | (same seven)
    mean_test      ma sda na mb sdb nb level | (same seven)

cond is the relative condition number of the value (|x f(x) / F(x)| for a
CDF, the inverse for a quantile); the C test scales its tolerance by
max(1, cond), since an error of one ulp in an intermediate becomes cond
ulps in the result.  method: 0 = Wald, 1 = adjusted Wald.
"""

import sys
from fractions import Fraction
from math import comb, factorial

try:
    import mpmath
    from mpmath import mp, mpf
except ImportError:  # pragma: no cover - reported by the suite script
    sys.stderr.write("reference.py: python3-mpmath is missing "
                     "(apt-get install -y python3-mpmath)\n")
    sys.exit(3)

mp.dps = 40
DIGITS = 21
HALF = mpf(1) / 2
INF = float("inf")


# ---------------------------------------------------------------- normal

def norm_cdf(x):
    return mpmath.ncdf(mpf(x))


def norm_pdf(x):
    return mpmath.npdf(mpf(x))


def norm_quantile(p):
    p = mpf(p)
    if p == HALF:
        return mpf(0)
    if p > HALF:
        return -norm_quantile(1 - p)
    if p > mpf("1e-8"):
        return mpmath.sqrt(2) * mpmath.erfinv(2 * p - 1)
    # deep tail: erfinv(2p - 1) would need p's digits after the 1; solve
    # log Phi(x) = log p instead, bracketed
    lp = mpmath.log(p)
    f = lambda x: mpmath.log(mpmath.ncdf(x)) - lp
    x0 = -mpmath.sqrt(-2 * lp)
    lo, hi = x0 - 1, x0 + 1
    while f(lo) > 0:
        lo -= 1
    while f(hi) < 0:
        hi += 1
    return mpmath.findroot(f, (lo, hi), solver="anderson", tol=mpf(10) ** -36)


# ---------------------------------------------------------------- Student t

def t_lower(s, nu):
    """P(T <= -s), s >= 0: I_x(nu/2, 1/2) / 2 with x = nu / (nu + s^2),
    through I_x(a, b) = x^a (1-x)^b / (a B(a, b)) 2F1(a+b, 1; a+1; x)."""
    s, nu = mpf(s), mpf(nu)
    if s == 0:
        return HALF
    # 40 extra digits: 1 - x is tiny for small s / sqrt(nu)
    with mp.workdps(mp.dps + 40):
        a, b = nu / 2, HALF
        x = nu / (nu + s * s)
        y = s * s / (nu + s * s)
        pref = mpmath.exp(a * mpmath.log(x) + b * mpmath.log(y) - mpmath.log(a)
                          - mpmath.log(mpmath.beta(a, b)))
        v = pref * mpmath.hyp2f1(a + b, 1, a + 1, x, maxterms=10 ** 6) / 2
    return +v


def t_pdf(s, nu):
    s, nu = mpf(s), mpf(nu)
    return mpmath.exp(mpmath.loggamma((nu + 1) / 2) - mpmath.loggamma(nu / 2)
                      - mpmath.log(nu * mpmath.pi) / 2
                      - (nu + 1) / 2 * mpmath.log1p(s * s / nu))


def t_lower_quad(s, nu):
    """The same tail by quadrature of the density (cross-check only)."""
    s, nu = mpf(s), mpf(nu)
    lam = s * (nu + 1) / (nu + s * s) + 1 / (1 + s)
    l0 = mpmath.log(t_pdf(s, nu))
    pts = [mpf(0)] + [mpf(2) ** k / lam for k in range(-3, 60)] + [mpmath.inf]
    v = mpmath.quad(lambda u: mpmath.exp(mpmath.log(t_pdf(s + u, nu)) - l0), pts)
    return v * mpmath.exp(l0)


def t_cdf(t, nu):
    t = mpf(t)
    lo = t_lower(abs(t), nu)
    return lo if t <= 0 else 1 - lo


def t_quantile(p, nu):
    p, nu = mpf(p), mpf(nu)
    if p == HALF:
        return mpf(0)
    q = p if p < HALF else 1 - p
    lq = mpmath.log(q)
    f = lambda u: mpmath.log(t_lower(mpmath.exp(u), nu)) - lq
    z = -norm_quantile(q)
    u0 = mpmath.log(z * (1 + (z * z + 1) / (4 * nu))) if nu >= 30 else mpf(0)
    lo, hi, step = u0 - mpf("0.01"), u0 + mpf("0.01"), mpf("0.01")
    while f(lo) < 0:
        step *= 2
        lo -= step
    step = mpf("0.01")
    while f(hi) > 0:
        step *= 2
        hi += step
    # bisection into the basin, then Newton on log F in log s
    for _ in range(30):
        mid = (lo + hi) / 2
        if f(mid) > 0:
            lo = mid
        else:
            hi = mid
    u = (lo + hi) / 2
    for _ in range(60):
        s = mpmath.exp(u)
        F = t_lower(s, nu)
        du = (mpmath.log(F) - lq) * F / (s * t_pdf(s, nu))
        u += du
        if abs(du) < mpf(10) ** -38 * max(1, abs(u)):
            break
    else:
        raise ArithmeticError("t_quantile(%r, %r) did not converge" % (p, nu))
    s = mpmath.exp(u)
    return -s if p < HALF else s


# ---------------------------------------------------------------- intervals

def z_of(level):
    return -norm_quantile((1 - mpf(level)) / 2)


def t_of(level, df):
    return -t_quantile((1 - mpf(level)) / 2, df)


def clamp(x, lo, hi):
    return max(mpf(lo), min(mpf(hi), x))


def nps_parts(P, A, D, method):
    P, A, D = mpf(P), mpf(A), mpf(D)
    if method == 1:
        P, A, D = P + mpf(3) / 4, A + mpf(3) / 2, D + mpf(3) / 4
    n = P + A + D
    pp, pd = P / n, D / n
    var = pp + pd - (pp - pd) ** 2
    return pp - pd, var / n


def nps(method, P, A, D, level):
    est = (mpf(P) - mpf(D)) / (mpf(P) + mpf(A) + mpf(D))
    centre, v = nps_parts(P, A, D, method)
    se = mpmath.sqrt(v)
    z = z_of(level)
    return [est, se, clamp(centre - z * se, -1, 1), clamp(centre + z * se, -1, 1)]


def wilson_z(x, n, z):
    x, n, z = mpf(x), mpf(n), mpf(z)
    p = x / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * mpmath.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return [p, mpmath.sqrt(p * (1 - p) / n),
            clamp(centre - half, 0, 1), clamp(centre + half, 0, 1)]


def wilson(x, n, level):
    return wilson_z(x, n, z_of(level))


def mean_t(mean, sd, n, level):
    mean, sd, n = mpf(mean), mpf(sd), mpf(n)
    se = sd / mpmath.sqrt(n)
    if se == 0:
        return [mean, se, mean, mean]
    t = t_of(level, n - 1)
    return [mean, se, mean - t * se, mean + t * se]


def finish(diff, centre, se_ci, num, se_stat, crit, df, rng):
    if se_stat > 0:
        stat = num / se_stat
        if df == INF:
            pv = 2 * mpmath.ncdf(-abs(stat))
        else:
            pv = 2 * t_lower(abs(stat), df)
    elif num != 0:
        stat, pv = (mpmath.inf if num > 0 else -mpmath.inf), mpf(0)
    else:
        stat, pv = mpmath.nan, mpf(1)
    lo, hi = centre - crit * se_ci, centre + crit * se_ci
    if rng:
        lo, hi = clamp(lo, -rng, rng), clamp(hi, -rng, rng)
    return [diff, se_ci, stat, pv, lo, hi, df]


def nps_test(method, pa, aa, da, pb, ab, db, level):
    raw = ((mpf(pa) - mpf(da)) / (mpf(pa) + mpf(aa) + mpf(da))
           - (mpf(pb) - mpf(db)) / (mpf(pb) + mpf(ab) + mpf(db)))
    ca, va = nps_parts(pa, aa, da, method)
    cb, vb = nps_parts(pb, ab, db, method)
    se = mpmath.sqrt(va + vb)
    return finish(raw, ca - cb, se, ca - cb, se, z_of(level), INF, 2)


def prop_test(xa, na, xb, nb, level):
    xa, na, xb, nb = mpf(xa), mpf(na), mpf(xb), mpf(nb)
    pa, pb = xa / na, xb / nb
    pool = (xa + xb) / (na + nb)
    se0 = mpmath.sqrt(pool * (1 - pool) * (1 / na + 1 / nb))
    se = mpmath.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    return finish(pa - pb, pa - pb, se, pa - pb, se0, z_of(level), INF, 1)


def mean_test(ma, sda, na, mb, sdb, nb, level):
    ma, sda, na, mb, sdb, nb = map(mpf, (ma, sda, na, mb, sdb, nb))
    va, vb = sda ** 2 / na, sdb ** 2 / nb
    se = mpmath.sqrt(va + vb)
    if se > 0:
        df = (va + vb) ** 2 / (va ** 2 / (na - 1) + vb ** 2 / (nb - 1))
        crit = t_of(level, df)
    else:
        df, crit = na + nb - 2, mpf(0)
    return finish(ma - mb, ma - mb, se, ma - mb, se, crit, df, 0)


# ---------------------------------------------------------------- cases

NORM_CDF_X = [-38.0, -37.5, -30.0, -20.0, -10.0, -5.0, -3.0, -1.959963984540054,
              -1.0, -0.5, -1e-3, -1e-10, 0.0, 1e-10, 0.5, 1.0, 3.0, 5.0, 8.0]
NORM_Q_P = [1e-300, 1e-200, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.02425, 0.025,
            0.3, 0.5, 0.7, 0.975, 0.999, 0.999999, 1 - 1e-10]
T_Q_DF = [1.0, 2.0, 3.0, 4.5, 10.0, 30.0, 100.0, 1e6]
T_Q_P = [0.0005, 0.025, 0.5, 0.9, 0.995]
# extra t quantiles: tiny and huge df, extreme tails, near the centre
T_Q_EXTRA = [(0.3, 0.025), (0.3, 0.9), (0.5, 0.0005), (0.5, 0.3), (1.5, 0.025),
             (2.5, 1e-20), (3.0, 1e-300), (4.5, 1e-300), (10.0, 1e-20),
             (7.0, 0.49), (7.0, 0.4999999), (29.0, 0.25), (31.0, 0.2499999),
             (1e3, 0.025), (1e4, 0.995), (1e5, 0.0005), (1e8, 0.025),
             (1e12, 0.975), (1e6, 1e-300), (1.0, 1e-300), (2.0, 1e-300),
             (0.09, 0.45), (0.5, 0.4), (0.9, 0.6)]
T_CDF = [(-1e6, 1.0), (-636.6192487687196, 1.0), (-1.0, 1.0), (0.5, 1.0),
         (-3.0, 2.0), (-100.0, 3.0), (-2.0, 4.5), (-1e-8, 4.5), (-2.5, 10.0),
         (1.5, 10.0), (-10.0, 10.0), (-40.0, 10.0), (-3.3, 30.0), (-0.3, 30.0),
         (-5.0, 1000.0), (-40.0, 1000.0), (-2.0, 1e5), (-3.3, 1e6), (3.3, 1e6),
         (-10.0, 1e7), (-1.0, 0.5), (-1e10, 0.3), (-2.0, 29.5), (-2.0, 30.5),
         (-1.5, 19.5), (-1.5, 20.5), (-6.0, 20.0), (-0.9, 21.0)]
KISH = [(150.0, 250.0), (24000.0, 144e6), (10.0, 10.0), (3.5, 0.0), (0.0, 0.0)]
NPS = [  # method P A D level
    (0, 50, 30, 20, 0.95), (1, 50, 30, 20, 0.95),
    (0, 50, 30, 20, 0.90), (1, 50, 30, 20, 0.99),
    (0, 250, 675, 75, 0.95), (1, 250, 675, 75, 0.90),
    (0, 0, 0, 5, 0.95), (1, 0, 0, 5, 0.95),                 # all detractors
    (0, 10, 0, 0, 0.95), (1, 10, 0, 0, 0.99),               # all promoters
    (0, 1, 0, 0, 0.95), (1, 1, 0, 0, 0.95), (1, 0, 1, 0, 0.90),  # n = 1
    (0, 2.0 / 3, 2.0 / 3, 8.0 / 3, 0.95),                   # weighted, n_eff 4
    (1, 12.25, 3.5, 0.75, 0.95),                            # non-integral
    (0, 1e6, 1.0, 0.0, 0.99)]                               # tiny variance
WILSON = [(10, 100, 0.95), (10, 100, 0.90), (10, 100, 0.99), (0, 1, 0.95),
          (1, 1, 0.95), (0, 10, 0.90), (10, 10, 0.99), (90, 100, 0.95),
          (74, 107, 0.95), (1, 1e9, 0.99), (2.5, 7.25, 0.90), (0.5, 1, 0.95)]
WILSON_Z = [(10, 100, 1.96), (0, 1, 1.959963984540054), (90, 100, 1.959963984540054)]
MEAN_T = [(5.2, 1.6865480854231356, 10, 0.95), (5.2, 1.6865480854231356, 10, 0.90),
          (5.2, 1.6865480854231356, 10, 0.99), (3.0, 2.0, 2, 0.95),
          (3.0, 2.0, 1.5, 0.95), (3.0, 0.0, 50, 0.95), (-1.25, 0.5, 1e7, 0.99),
          (100.0, 15.0, 31.5, 0.90)]
NPS_TEST = [(0, 50, 30, 20, 40, 30, 30, 0.95), (1, 50, 30, 20, 40, 30, 30, 0.95),
            (0, 50, 30, 20, 40, 30, 30, 0.90), (1, 50, 30, 20, 40, 30, 30, 0.99),
            (0, 5, 0, 0, 0, 0, 5, 0.95), (1, 5, 0, 0, 0, 0, 5, 0.95),
            (0, 3, 0, 0, 3, 0, 0, 0.95), (0, 250, 675, 75, 50, 30, 20, 0.99)]
PROP_TEST = [(74, 107, 60, 100, 0.95), (74, 107, 60, 100, 0.90),
             (10, 100, 25, 120, 0.99), (5, 5, 7, 7, 0.95), (0, 5, 0, 7, 0.95),
             (0, 50, 50, 50, 0.95), (1, 2, 1, 2, 0.90)]
MEAN_TEST = [(5.2, 1.6865, 10, 4.1, 2.3, 12, 0.95), (5.2, 1.6865, 10, 4.1, 2.3, 12, 0.90),
             (5.2, 1.6865, 10, 4.1, 2.3, 12, 0.99), (3.0, 0.0, 5, 3.0, 0.0, 8, 0.95),
             (3.0, 0.0, 5, 2.0, 0.0, 8, 0.95), (2.0, 0.0, 5, 3.0, 0.0, 8, 0.95),
             (3.0, 0.0, 5, 2.0, 1.5, 8, 0.95), (0.1, 1.0, 1.5, 0.0, 1.0, 1e6, 0.95),
             (10.0, 3.0, 1e6, 10.001, 3.0, 1e6, 0.99)]


def fmt(v):
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, int):
        return repr(float(v))
    if mpmath.isnan(v):
        return "nan"
    if mpmath.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "0"
    return mpmath.nstr(v, DIGITS, min_fixed=1, max_fixed=0, strip_zeros=False)


def row(func, inputs, outputs):
    return "%s\t%s\t%s" % (func, " ".join(fmt(v) for v in inputs),
                           " ".join(fmt(v) for v in outputs))


def generate():
    rows = []
    for x in NORM_CDF_X:
        F = norm_cdf(x)
        rows.append(row("norm_cdf", [x], [F, abs(x * norm_pdf(x) / F)]))
    for p in NORM_Q_P:
        x = norm_quantile(p)
        cond = abs(mpf(min(p, 1 - p)) / (x * norm_pdf(x))) if x != 0 else mpf(0)
        rows.append(row("norm_quantile", [p], [x, cond]))
    for t, nu in T_CDF:
        F = t_cdf(t, nu)
        if mpf(nu) >= 1:
            alt = t_lower_quad(abs(t), nu)
            alt = alt if t <= 0 else 1 - alt
            assert abs(alt - F) <= mpf(10) ** -30 * F, ("t_cdf cross-check", t, nu)
        rows.append(row("t_cdf", [t, nu], [F, abs(t * t_pdf(t, nu) / F)]))
    tq = [(nu, p) for nu in T_Q_DF for p in T_Q_P] + T_Q_EXTRA
    for nu, p in tq:
        t = t_quantile(p, nu)
        q = mpf(min(p, 1 - p))
        if t == 0:
            cond = mpf(0)
        else:
            s = abs(t)
            # the C solver works on P(T <= -s) for q < 1/4, else on 1/2 - q
            v = q if q < mpf(1) / 4 else HALF - q
            cond = v / (s * t_pdf(s, nu))
            resid = t_lower(s, nu)
            assert abs(resid - q) <= mpf(10) ** -32 * q, ("t_quantile", nu, p)
        rows.append(row("t_quantile", [p, nu], [t, cond]))
    for sw, sw2 in KISH:
        val = mpf(sw) ** 2 / mpf(sw2) if sw2 > 0 else mpmath.nan
        rows.append(row("kish", [sw, sw2], [val]))
    for c in NPS:
        rows.append(row("nps", c, nps(*c)))
    for c in WILSON:
        rows.append(row("wilson", c, wilson(*c)))
    for c in WILSON_Z:
        rows.append(row("wilson_z", c, wilson_z(*c)))
    for c in MEAN_T:
        rows.append(row("mean_t", c, mean_t(*c)))
    for c in NPS_TEST:
        rows.append(row("nps_test", c, nps_test(*c)))
    for c in PROP_TEST:
        rows.append(row("prop_test", c, prop_test(*c)))
    for c in MEAN_TEST:
        rows.append(row("mean_test", c, mean_test(*c)))
    head = ["# test/stats/reference.tsv: generated by test/stats/reference.py "
            "(mpmath %s, %d digits); do not edit." % (mpmath.__version__, mp.dps),
            "# func\tinputs\texpected (see reference.py for the columns)"]
    return head + rows


# ---------------------------------------------------------------- series

def series_coefficients(n):
    """Exact Taylor coefficients of G(k) = e^k sqrt(k / (e^k - 1))."""
    B = [Fraction(0)] * (n + 1)
    B[0] = Fraction(1)
    for m in range(1, n + 1):
        B[m] = -sum(comb(m + 1, k) * B[k] for k in range(m)) / Fraction(m + 1)
    b = [B[i] / factorial(i) for i in range(n)]          # k / (e^k - 1)
    s = [Fraction(0)] * n
    s[0] = Fraction(1)
    for i in range(1, n):                                 # its square root
        s[i] = (b[i] - sum(s[j] * s[i - j] for j in range(1, i))) / 2
    return [sum(Fraction(1, factorial(j)) * s[i - j] for j in range(i + 1))
            for i in range(n)]


def check_series(path):
    import re
    src = open(path).read()
    m = re.search(r"cx_t_series_g\[[A-Z_]+\]\s*=\s*\{(.*?)\};", src, re.S)
    if not m:
        print("check-series: array cx_t_series_g not found in %s" % path)
        return 1
    vals = [float(v) for v in m.group(1).replace("\n", " ").split(",") if v.strip()]
    exact = series_coefficients(len(vals))
    bad = 0
    for i, (v, e) in enumerate(zip(vals, exact)):
        if v != float(e):
            print("check-series: g_%d is %r, expected %r" % (i, v, float(e)))
            bad += 1
    print("check-series: %d coefficients, %d wrong" % (len(vals), bad))
    return 1 if bad else 0


def check(path):
    """Compare a committed table with a fresh one: same cases, values equal
    to 1e-17 relative (so a change of mpmath version does not matter)."""
    fresh = [r for r in generate() if not r.startswith("#")]
    old = [r for r in open(path).read().splitlines() if r and not r.startswith("#")]
    bad = 0
    if len(fresh) != len(old):
        print("check: %s has %d cases, reference.py makes %d" % (path, len(old), len(fresh)))
        bad += 1
    for a, b in zip(old, fresh):
        fa, fb = a.split("\t"), b.split("\t")
        if fa[:2] != fb[:2]:
            print("check: case differs:\n  %s\n  %s" % (a, b))
            bad += 1
            continue
        for x, y in zip(fa[2].split(), fb[2].split()):
            X, Y = mpf(x), mpf(y)
            same = (mpmath.isnan(X) and mpmath.isnan(Y)) or X == Y or \
                abs(X - Y) <= mpf(10) ** -17 * abs(Y)
            if not same:
                print("check: value differs for %s %s: %s vs %s" % (fa[0], fa[1], x, y))
                bad += 1
    print("check: %d cases compared, %d differences" % (len(fresh), bad))
    return 1 if bad else 0


def main(argv):
    if len(argv) > 1 and argv[1] == "--check":
        return check(argv[2])
    if len(argv) > 1 and argv[1] == "--check-series":
        return check_series(argv[2])
    if len(argv) > 1 and argv[1] == "--series":
        for i, g in enumerate(series_coefficients(44)):
            print("%2d  %-40s %.21g" % (i, g, float(g)))
        return 0
    sys.stdout.write("\n".join(generate()) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
