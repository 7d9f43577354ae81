#!/usr/bin/python3
"""Reference values for `ppml` and `feols` (src/inference/ppml.ts, fe-ols.ts) from statsmodels 0.13.5.

Run with /usr/bin/python3. Writes tests/fixtures/reference/hdfe.json: each case carries its input rows (so the
TypeScript tests fit exactly the same numbers) and the statsmodels results.

All panels are SYNTHETIC (numpy PCG64, fixed seeds, known effects): products x destinations x months, the shape of
a product-level sanctions panel, small enough for explicit dummies.

Conventions matched by the TypeScript code:
- Fixed effects as explicit dummies, reduced to a full-rank design by pivoted QR, so k = rank in the corrections.
- GLM Poisson (ppml): cov_type='HC0'; cov_type='cluster' one-way (groups = 1-D) and two-way (groups = 2 columns,
  statsmodels' cov_cluster_2groups: V_a + V_b - V_ab, each with its own G/(G-1)*(n-1)/(n-k), G_ab = non-empty
  cells); normal inference.
- OLS (feols, log outcome): cov_type='HC1' and 'cluster' (one- and two-way), use_t=True, so t(n-k) for HC1 and
  t(min(G)-1) when clustered.
- The two-way matrix is also rebuilt here from statsmodels' one-way pieces (cov_cluster on a, b and the a x b
  cells) and checked against statsmodels' own two-way result; the "min" variant (fixest cluster.df = "min")
  rescales each piece to min(G_a, G_b).
- A non-PSD two-way case: negative eigenvalues set to 0 with numpy (fixest's vcov_fix), statsmodels' raw matrix
  stored beside it.
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm
from scipy.linalg import qr
from statsmodels.stats.sandwich_covariance import cov_cluster, combine_indices

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'tests', 'fixtures', 'reference', 'hdfe.json')


def dummies(labels, prefix):
    return pd.get_dummies(pd.Series(labels, dtype='str'), prefix=prefix, prefix_sep='=').astype(float)


def full_rank(X, protect):
    """Drop linearly dependent columns (pivoted QR), never the protected ones (they come first)."""
    Xv = X.values
    _, r, piv = qr(Xv, mode='economic', pivoting=True)
    diag = np.abs(np.diag(r))
    rank = int((diag > diag[0] * max(Xv.shape) * 1e-12).sum())
    keep = sorted(piv[:rank])
    names = [X.columns[i] for i in keep]
    for p in protect:
        assert p in names, f'{p} was dropped as collinear'
    return X[names]


def design(df, regressors, fes):
    parts = [df[regressors].astype(float).reset_index(drop=True), pd.Series(1.0, index=range(len(df)), name='const')]
    for j, fe in enumerate(fes):
        labels = df[fe].astype(str).agg('|'.join, axis=1) if isinstance(fe, list) else df[fe].astype(str)
        parts.append(dummies(labels.values, f'fe{j}'))
    return full_rank(pd.concat(parts, axis=1), regressors)


def codes(s):
    return pd.factorize(pd.Series(s).astype(str))[0]


def coefs(res, X, terms, cov=None, df=None):
    """Coefficient records; with `cov` given, se/p/interval from it (normal, or t(df))."""
    from scipy import stats
    out = {}
    names = list(X.columns)
    for t in terms:
        i = names.index(t)
        est = float(res.params.iloc[i])
        if cov is None:
            ci = res.conf_int(alpha=0.05)
            out[t] = {'estimate': est, 'se': float(res.bse.iloc[i]), 'statistic': float(res.tvalues.iloc[i]),
                      'p': float(res.pvalues.iloc[i]), 'lower': float(ci.iloc[i, 0]), 'upper': float(ci.iloc[i, 1])}
        else:
            se = float(np.sqrt(cov[i, i]))
            z = est / se
            dist = stats.norm if df is None else stats.t(df)
            crit = float(dist.ppf(0.975))
            out[t] = {'estimate': est, 'se': se, 'statistic': z, 'p': float(2 * dist.sf(abs(z))),
                      'lower': est - crit * se, 'upper': est + crit * se}
    return out


def two_way_pieces(res, ga, gb):
    """statsmodels' one-way CR1 pieces on a, b and the a x b cells, and their counts."""
    gab = combine_indices((ga, gb))[0]
    va = cov_cluster(res, ga)
    vb = cov_cluster(res, gb)
    vab = cov_cluster(res, gab)
    return va, vb, vab, (len(np.unique(ga)), len(np.unique(gb)), len(np.unique(gab)))


def min_variant(va, vb, vab, G):
    """Rescale each piece from its own G/(G-1) to min(G_a, G_b)/(min - 1) (fixest cluster.df = 'min')."""
    m = min(G[0], G[1])
    f = lambda g: (m / (m - 1)) / (g / (g - 1))
    return f(G[0]) * va + f(G[1]) * vb - f(G[2]) * vab


def fit_summary(res, X, terms, extra=None):
    out = {'coefficients': coefs(res, X, terms), 'n': int(res.nobs), 'k': int(X.shape[1])}
    if extra:
        out.update(extra)
    return out


# ---------------------------------------------------------------------------------------------- the panel
def panel(seed, n_products, dests, n_months, zero_block):
    rng = np.random.default_rng(seed)
    products = [f'P{i:02d}' for i in range(n_products)]
    months = [f'2022-{m:02d}' for m in range(1, n_months + 1)]
    treated = set(dests[:3])
    pd_eff = {(p, d): rng.normal(0, 1) for p in products for d in dests}
    pm_eff = {(p, m): rng.normal(0, 0.3) for p in products for m in months}
    dest_shock = {(d, m): rng.normal(0, 0.15) for d in dests for m in months}
    rows = []
    for p in products:
        for d in dests:
            for t, m in enumerate(months):
                D = float(d in treated and t >= n_months // 2)
                x = round(float(rng.normal(0, 1)), 6)
                eta = 2.0 + pd_eff[(p, d)] + pm_eff[(p, m)] + dest_shock[(d, m)] + 0.3 * D + 0.1 * x
                y = float(rng.poisson(np.exp(eta)))
                if (p, d) == zero_block:
                    y = 0.0
                rows.append({'product': p, 'dest': d, 'month': m, 'D': D, 'x': x, 'y': y})
    return pd.DataFrame(rows)


def ppml_cases():
    df = panel(2718, 12, ['KZ', 'AM', 'KG', 'GE', 'UZ', 'TR', 'AE'], 8, ('P03', 'GE'))
    kept = df[~((df['product'] == 'P03') & (df.dest == 'GE'))].reset_index(drop=True)
    fes = [['product', 'dest'], ['product', 'month']]
    X = design(kept, ['D', 'x'], fes)
    model = sm.GLM(kept.y.values, X, family=sm.families.Poisson())
    terms = ['D', 'x']
    hc0 = model.fit(cov_type='HC0', tol=1e-13, maxiter=200)
    ga, gb = codes(kept.dest), codes(kept['product'])
    one = model.fit(cov_type='cluster', cov_kwds={'groups': ga}, tol=1e-13, maxiter=200)
    two = model.fit(cov_type='cluster', cov_kwds={'groups': np.column_stack([ga, gb])}, tol=1e-13, maxiter=200)
    va, vb, vab, G = two_way_pieces(two, ga, gb)
    rebuilt = va + vb - vab
    assert np.allclose(rebuilt, two.cov_params().values, rtol=1e-12, atol=0), 'CGM pieces != statsmodels two-way'
    vmin = min_variant(va, vb, vab, G)
    return {
        'label': 'SYNTHETIC: Poisson counts, 12 products x 7 destinations (KZ, AM, KG treated from month 5) x 8 '
                 'months; P03 to GE all zero (separated, 8 rows); true D effect 0.3, x effect 0.1',
        'separated': 8,
        'records': df.to_dict('records'),
        'cases': {
            'HC0': fit_summary(hc0, X, terms, {'deviance': float(hc0.deviance)}),
            'clusterDest': fit_summary(one, X, terms, {'clusters': G[0]}),
            'twoWay': fit_summary(two, X, terms, {'clusters': [G[0], G[1], G[2]]}),
            'twoWayMin': {'coefficients': coefs(two, X, terms, vmin), 'n': int(two.nobs), 'k': int(X.shape[1])},
        },
    }


def ols_cases():
    df = panel(1618, 10, ['KZ', 'AM', 'KG', 'GE', 'UZ', 'TR'], 8, ('P07', 'UZ'))
    # Singletons: product S1 seen three times -> (S1, AM, 2022-01) and (S1, KZ, 2022-02) are singletons in
    # product x dest or product x month; dropping them in one pass leaves (S1, KZ, 2022-01), itself now a singleton
    # (kept: fixest does not recurse).
    extra = [
        {'product': 'S1', 'dest': 'KZ', 'month': '2022-01', 'D': 0.0, 'x': 0.5, 'y': 40.0},
        {'product': 'S1', 'dest': 'KZ', 'month': '2022-02', 'D': 0.0, 'x': -0.25, 'y': 55.0},
        {'product': 'S1', 'dest': 'AM', 'month': '2022-01', 'D': 0.0, 'x': 1.25, 'y': 30.0},
    ]
    df = pd.concat([df, pd.DataFrame(extra)], ignore_index=True)
    pos = df[df.y > 0].reset_index(drop=True)
    non_positive = int((df.y <= 0).sum())
    fes = [['product', 'dest'], ['product', 'month']]
    terms = ['D', 'x']
    out = {
        'label': 'SYNTHETIC: the Poisson panel logged: 10 products x 6 destinations (KZ, AM, KG treated from month 5) '
                 'x 8 months, P07 to UZ all zero, plus 3 rows of product S1 (2 singletons); zeros dropped for the log',
        'nonPositive': non_positive,
        'records': df.to_dict('records'),
        'cases': {},
    }
    for name, sample in [('keep', pos), ('drop', None)]:
        if sample is None:
            # fixest fixef.rm = "singleton": one pass, counts on the positive sample.
            lab = [pos[fe].astype(str).agg('|'.join, axis=1) for fe in fes]
            single = np.zeros(len(pos), bool)
            for l in lab:
                single |= l.map(l.value_counts()).values == 1
            out['singletonsDropped'] = int(single.sum())
            sample = pos[~single].reset_index(drop=True)
        X = design(sample, terms, fes)
        y = np.log(sample.y.values)
        model = sm.OLS(y, X)
        hc1 = model.fit(cov_type='HC1', use_t=True)
        ga, gb = codes(sample.dest), codes(sample['product'])
        one = model.fit(cov_type='cluster', cov_kwds={'groups': ga}, use_t=True)
        two = model.fit(cov_type='cluster', cov_kwds={'groups': np.column_stack([ga, gb])}, use_t=True)
        va, vb, vab, G = two_way_pieces(two, ga, gb)
        assert np.allclose(va + vb - vab, two.cov_params().values, rtol=1e-12, atol=0)
        vmin = min_variant(va, vb, vab, G)
        out['cases'][name] = {
            'HC1': fit_summary(hc1, X, terms, {'dfInference': int(hc1.df_resid)}),
            'clusterDest': fit_summary(one, X, terms, {'clusters': G[0], 'dfInference': int(one.df_resid_inference)}),
            'twoWay': fit_summary(two, X, terms,
                                  {'clusters': [G[0], G[1], G[2]], 'dfInference': int(two.df_resid_inference)}),
            'twoWayMin': {'coefficients': coefs(two, X, terms, vmin, min(G[0], G[1]) - 1), 'n': int(two.nobs),
                          'k': int(X.shape[1])},
        }
    return out


def non_psd_case():
    """A small two-way clustered OLS whose CGM matrix has a negative eigenvalue: the fix by eigenvalue clipping."""
    for seed in range(1, 500):
        rng = np.random.default_rng(seed)
        rows = []
        for a in range(3):
            for b in range(3):
                for r in range(2):
                    rows.append({'a': f'A{a}', 'b': f'B{b}', 'fe': f'F{r}', 'x1': round(float(rng.normal()), 6),
                                 'x2': round(float(rng.normal()), 6), 'y': round(float(rng.normal()), 6)})
        df = pd.DataFrame(rows)
        X = design(df, ['x1', 'x2'], ['fe'])
        res = sm.OLS(df.y.values, X).fit(cov_type='cluster',
                                         cov_kwds={'groups': np.column_stack([codes(df.a), codes(df.b)])}, use_t=True)
        V = res.cov_params().values[:2, :2]
        names = list(X.columns)
        ix = [names.index('x1'), names.index('x2')]
        V = res.cov_params().values[np.ix_(ix, ix)]
        w, Q = np.linalg.eigh(V)
        if w.min() < -1e-6 * abs(w).max():
            fixed = (Q * np.maximum(w, 0)) @ Q.T
            return {
                'label': f'SYNTHETIC: 3 x 3 two-way clusters x 2 rows, seed {seed}; N(0,1) draws',
                'records': rows,
                'raw': V.tolist(),
                'eigenvalues': w.tolist(),
                'fixed': fixed.tolist(),
                'estimates': [float(res.params.iloc[i]) for i in ix],
            }
    raise RuntimeError('no non-PSD case found')


def main():
    out = {
        'generator': 'scripts/reference-values/hdfe.py',
        'statsmodels': statsmodels.__version__,
        'pandas': pd.__version__,
        'numpy': np.__version__,
        'python': sys.version.split()[0],
        'ppml': ppml_cases(),
        'ols': ols_cases(),
        'nonPsd': non_psd_case(),
    }
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
