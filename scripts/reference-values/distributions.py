#!/usr/bin/python3
"""Reference values for src/inference/distributions.ts from mpmath at 30 significant digits (run with
/usr/bin/python3, which has Debian's python3-mpmath; scipy is printed alongside as a cross-check).

Writes tests/fixtures/reference/distributions.json: for each function, rows of [arguments..., value] with the
value as a decimal string of 20 significant digits (JSON numbers would round before the test reads them).

- normal_cdf(x)          P(Z <= x), Z ~ N(0, 1)            mpmath.ncdf
- normal_quantile(p)     x with P(Z <= x) = p                mpmath.findroot on ncdf, started from scipy
- t_cdf(t, df)           P(T <= t), Student t               0.5 * betainc(df/2, 1/2, 0, df/(df+t^2)) for t <= 0
- t_quantile(p, df)      t with P(T <= t) = p               mpmath.findroot on the above
- f_cdf(x, d1, d2)       P(F <= x)                           betainc(d1/2, d2/2, 0, d1 x/(d1 x + d2))
- f_upper(x, d1, d2)     P(F >= x)                           betainc(d2/2, d1/2, 0, d2/(d1 x + d2))
- chisq_cdf(x, k)        P(X <= x)                           gammainc(k/2, 0, x/2, regularized)
- chisq_upper(x, k)      P(X >= x)                           gammainc(k/2, x/2, inf, regularized)
- log_gamma(x)           ln Gamma(x)                         mpmath.loggamma
"""
import json
import os

import mpmath as mp
import scipy
from scipy import stats

mp.mp.dps = 30
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'tests', 'fixtures', 'reference', 'distributions.json')


def s(x):
    return mp.nstr(mp.mpf(x), 20, strip_zeros=False) if x != 0 else '0'


def t_cdf(t, df):
    t, df = mp.mpf(t), mp.mpf(df)
    lower = mp.betainc(df / 2, mp.mpf(1) / 2, 0, df / (df + t * t), regularized=True) / 2
    return lower if t <= 0 else 1 - lower


def lower_root(cdf, q, start):
    """The x < 0 with cdf(x) = q < 1/2, solved for u = ln(-x) on ln cdf (well scaled from 1e-300 to 1/2)."""
    u = mp.findroot(lambda u: mp.log(cdf(-mp.exp(u))) - mp.log(q), mp.log(-mp.mpf(start)))
    return -mp.exp(u)


def quantile(cdf, p, start):
    """Solve by symmetry in the lower tail: 1 - p is exact in 30 digits for a double p."""
    p = mp.mpf(p)
    if p == mp.mpf(1) / 2:
        return mp.mpf(0)
    return lower_root(cdf, p, start) if p < 0.5 else -lower_root(cdf, 1 - p, -start)


def normal_quantile(p):
    return quantile(mp.ncdf, p, stats.norm.ppf(p))


def t_quantile(p, df):
    return quantile(lambda x: t_cdf(x, df), p, stats.t.ppf(p, df))


def f_cdf(x, d1, d2):
    x, d1, d2 = mp.mpf(x), mp.mpf(d1), mp.mpf(d2)
    return mp.betainc(d1 / 2, d2 / 2, 0, d1 * x / (d1 * x + d2), regularized=True)


def f_upper(x, d1, d2):
    x, d1, d2 = mp.mpf(x), mp.mpf(d1), mp.mpf(d2)
    return mp.betainc(d2 / 2, d1 / 2, 0, d2 / (d1 * x + d2), regularized=True)


def chisq_cdf(x, k):
    return mp.gammainc(mp.mpf(k) / 2, 0, mp.mpf(x) / 2, regularized=True)


def chisq_upper(x, k):
    return mp.gammainc(mp.mpf(k) / 2, mp.mpf(x) / 2, mp.inf, regularized=True)


XS = [-38, -20, -10, -5, -3, -1.959963984540054, -1, -0.3, -1e-8, 0, 1e-8, 0.5, 1, 2.5, 5, 8]
PS = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.05, 0.2, 0.4, 0.4999, 0.5001, 0.6, 0.9, 0.95, 0.975,
      0.995, 0.999999]
DFS = [1, 2, 3, 4.5, 5, 10, 24, 30, 100, 1000, 1e6]
TS = [-1e6, -50, -10, -4, -2.0638985616280205, -1, -0.1, 0, 0.3, 1.5, 3, 12]
F_CASES = [(x, d1, d2) for x in [0.01, 0.5, 1, 2.5, 10, 50, 500] for (d1, d2) in
           [(1, 1), (2, 20), (3, 100), (5, 7), (10, 1000), (1, 1e5), (40, 60)]]
CHI_CASES = [(x, k) for x in [1e-4, 0.5, 1, 3.841458820694124, 10, 50, 200, 1000] for k in [1, 2, 3, 7.5, 20, 100]]
LGAMMA = [1e-10, 0.001, 0.5, 1, 1.5, 2, 3.7, 9.99, 10, 10.01, 55.5, 1e3, 1e6, 1e12]

out = {
    'generator': f'scripts/reference-values/distributions.py (mpmath {mp.__version__}, {mp.mp.dps} digits; '
                 f'scipy {scipy.__version__} starting values)',
    'normal_cdf': [[x, s(mp.ncdf(x))] for x in XS],
    'normal_quantile': [[p, s(normal_quantile(p))] for p in PS],
    't_cdf': [[t, df, s(t_cdf(t, df))] for df in DFS for t in TS],
    't_quantile': [[p, df, s(t_quantile(p, df))] for df in DFS for p in PS
                   # df = 1 and 2 below 1e-100 leave the double range (|t| > 1e100); the closed forms cover them.
                   if not (df <= 2 and p < 1e-20)],
    'f_cdf': [[x, d1, d2, s(f_cdf(x, d1, d2))] for (x, d1, d2) in F_CASES],
    'f_upper': [[x, d1, d2, s(f_upper(x, d1, d2))] for (x, d1, d2) in F_CASES],
    'chisq_cdf': [[x, k, s(chisq_cdf(x, k))] for (x, k) in CHI_CASES],
    'chisq_upper': [[x, k, s(chisq_upper(x, k))] for (x, k) in CHI_CASES],
    'log_gamma': [[x, s(mp.loggamma(x))] for x in LGAMMA],
}

# Cross-check against scipy where it is accurate, so a slip in the mpmath formulas above would show.
for t, df, v in out['t_cdf']:
    ref = stats.t.cdf(t, df)
    if ref > 1e-250:
        assert abs(ref - float(v)) <= 1e-9 * abs(ref) + 1e-300, (t, df, ref, v)
for x, d1, d2, v in out['f_upper']:
    ref = stats.f.sf(x, d1, d2)
    assert abs(ref - float(v)) <= 1e-8 * abs(ref) + 1e-300, (x, d1, d2, ref, v)

with open(OUT, 'w') as fh:
    # One row per line: reviewable diffs when a case is added.
    fh.write('{\n  "generator": ' + json.dumps(out.pop('generator')))
    for key, rows in out.items():
        fh.write(',\n  ' + json.dumps(key) + ': [\n    ' + ',\n    '.join(json.dumps(r) for r in rows) + '\n  ]')
    fh.write('\n}\n')
print(f'wrote {os.path.relpath(OUT)}: ' + ', '.join(f'{k} {len(v)}' for k, v in out.items()))
