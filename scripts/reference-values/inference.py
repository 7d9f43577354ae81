#!/usr/bin/python3
"""Reference values for src/inference from statsmodels 0.13.5 (run with /usr/bin/python3).

Writes tests/fixtures/reference/inference.json: each case carries its input data (so the TypeScript tests fit
exactly the same numbers) and the statsmodels results.

Real panel: EU27_2020 exports of goods (Eurostat Comext DS-045409, total goods, EUR, monthly) to KZ, AM, KG
(treated) and GE, UZ (comparison: "other neighbours", themselves suspected hubs), 2019-01..2024-08 without the
invasion month 2022-02; treatment from 2022-03. Source file:
../shared/data/raw/eurostat_comext_marylev/DERIVED_monthly_total_goods_by_member_state.csv (see PROVENANCE.md).

Synthetic panels (labelled synthetic) are drawn from numpy's PCG64 with fixed seeds and a known effect.

Conventions matched by the TypeScript code:
- OLS with explicit dummies reduced to a full-rank design (pivoted QR), so k = rank in statsmodels' CR1 factor
  G/(G-1) * (n-1)/(n-k); cov_type='cluster', use_t=True, so t(G-1) tests and intervals.
- GLM Poisson with full-rank dummies, cov_type='HC0' and cov_type='cluster' (default correction), normal inference.
- multipletests(method='fdr_bh' / 'fdr_by').
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm
from scipy.linalg import qr
from scipy import stats
from statsmodels.stats.multitest import multipletests

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'tests', 'fixtures', 'reference', 'inference.json')
# The raw data sit beside the repository, at ../shared/data/raw (see its PROVENANCE.md).
RAW_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data", "raw")
RAW = os.path.join(RAW_DIR, "eurostat_comext_marylev", "DERIVED_monthly_total_goods_by_member_state.csv")
RUIMPEKS = os.path.join(RAW_DIR, "eurostat_comext_ruimpeks") + os.sep
PARTNER_LABELS = {'Armenia': 'AM', 'Georgia': 'GE', 'Kyrgyzstan': 'KG', 'Kazakhstan': 'KZ', 'Uzbekistan': 'UZ'}


def dummies(labels, prefix):
    """All dummy columns of a factor (full set; rank reduction happens later)."""
    d = pd.get_dummies(pd.Series(labels, dtype='str'), prefix=prefix, prefix_sep='=').astype(float)
    return d


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


def ols_cluster(y, X, groups, terms):
    model = sm.OLS(np.asarray(y, float), X)
    codes = pd.factorize(pd.Series(groups))[0]
    res = model.fit(cov_type='cluster', cov_kwds={'groups': codes}, use_t=True)
    ci = res.conf_int(alpha=0.05)
    out = {}
    for t in terms:
        i = list(X.columns).index(t)
        out[t] = {
            'estimate': float(res.params.iloc[i]),
            'se': float(res.bse.iloc[i]),
            'statistic': float(res.tvalues.iloc[i]),
            'p': float(res.pvalues.iloc[i]),
            'lower': float(ci.iloc[i, 0]),
            'upper': float(ci.iloc[i, 1]),
        }
    return res, {
        'coefficients': out,
        'n': int(res.nobs),
        'k': int(X.shape[1]),
        'clusters': int(codes.max() + 1),
        'dfInference': int(res.df_resid_inference),
    }


def glm_poisson(y, X, cov_type, groups=None, terms=()):
    model = sm.GLM(np.asarray(y, float), X, family=sm.families.Poisson())
    if cov_type == 'cluster':
        codes = pd.factorize(pd.Series(groups))[0]
        res = model.fit(cov_type='cluster', cov_kwds={'groups': codes}, tol=1e-13, maxiter=200)
    else:
        res = model.fit(cov_type='HC0', tol=1e-13, maxiter=200)
    ci = res.conf_int(alpha=0.05)
    out = {}
    for t in terms:
        i = list(X.columns).index(t)
        out[t] = {
            'estimate': float(res.params.iloc[i]),
            'se': float(res.bse.iloc[i]),
            'statistic': float(res.tvalues.iloc[i]),
            'p': float(res.pvalues.iloc[i]),
            'lower': float(ci.iloc[i, 0]),
            'upper': float(ci.iloc[i, 1]),
        }
    return {'coefficients': out, 'n': int(res.nobs), 'k': int(X.shape[1]), 'deviance': float(res.deviance)}


def twfe_design(df, unit_col, period_col, regressors):
    X = pd.concat(
        [df[regressors].astype(float).reset_index(drop=True),
         pd.Series(1.0, index=range(len(df)), name='const'),
         dummies(df[unit_col].values, 'u'), dummies(df[period_col].values, 't')], axis=1)
    return full_rank(X, regressors)


# ---------------------------------------------------------------------------------------------- real panel
def real_panel():
    raw = pd.read_csv(RAW)
    d = raw[(raw.reporter_code == 'EU27_2020') & (raw.flow == 'EXPORT') & raw.partner_iso2.isin(['KZ', 'AM', 'KG', 'GE', 'UZ'])]
    d = d[(d.period >= '2019-01') & (d.period <= '2024-08')].copy()
    d = d.sort_values(['partner_iso2', 'period']).reset_index(drop=True)
    assert len(d) == 5 * 68, len(d)
    series = {p: [float(v) for v in g.value_eur] for p, g in d.groupby('partner_iso2')}
    est = d[d.period != '2022-02'].copy().reset_index(drop=True)
    est['treated'] = est.partner_iso2.isin(['KZ', 'AM', 'KG']).astype(float)
    est['post'] = (est.period >= '2022-03').astype(float)
    est['D'] = est.treated * est.post
    est['logy'] = np.log(est.value_eur)
    cases = {}
    X = twfe_design(est, 'partner_iso2', 'period', ['D'])
    _, cases['twfeLog'] = ols_cluster(est.logy, X, est.partner_iso2, ['D'])
    Xl = twfe_design(est, 'partner_iso2', 'period', ['D'])
    _, cases['twfeLevel'] = ols_cluster(est.value_eur / 1e6, Xl, est.partner_iso2, ['D'])
    X2 = pd.DataFrame({'const': 1.0, 'treated': est.treated, 'post': est.post, 'D': est.D})
    _, cases['did2x2Log'] = ols_cluster(est.logy, X2, est.partner_iso2, ['D'])
    Xp = twfe_design(est, 'partner_iso2', 'period', ['D'])
    cases['ppmlHC0'] = glm_poisson(est.value_eur / 1e6, Xp, 'HC0', terms=['D'])
    cases['ppmlCluster'] = glm_poisson(est.value_eur / 1e6, Xp, 'cluster', est.partner_iso2, terms=['D'])
    return {
        'label': 'real: EU27_2020 exports (EUR, Eurostat Comext DS-045409, total goods) to KZ, AM, KG (treated) '
                 'vs GE, UZ (other neighbours, suspected hubs themselves); 2019-01..2024-08 without 2022-02; post from 2022-03',
        'source': 'eurostat_comext_marylev/DERIVED_monthly_total_goods_by_member_state.csv',
        'start': '2019-01',
        'series': series,
        'treated': ['KZ', 'AM', 'KG'],
        'post': '2022-03',
        'exclude': ['2022-02'],
        'cases': cases,
    }


def months(start_year, start_month, n):
    out = []
    y, m = start_year, start_month
    for _ in range(n):
        out.append(f'{y:04d}-{m:02d}')
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


# ------------------------------------------------------------------------------------------ real DDD panel
def real_ddd():
    """EU27 exports of sanctioned vs other goods to KZ/AM/KG vs GE/UZ, 2020-01..2022-11 (one vintage, Jan 2023)."""
    cn = pd.read_csv(RUIMPEKS + 'DERIVED_eu27_sanctioned_products_exports_monthly_2020-01_2022-11.csv', dtype={'product_code': str})
    cn = cn[(cn.code_level == 'CN8') & cn.partner.isin(list(PARTNER_LABELS.values()))]
    # A stable basket: CN8 codes reported both before 2022 and in 2022 (the CN was revised on 2022-01-01).
    before = set(cn.product_code[cn.period < '2022-01'])
    after = set(cn.product_code[cn.period >= '2022-01'])
    stable = before & after
    all_value = float(cn.value_eur.sum())
    cn = cn[cn.product_code.isin(stable)]
    sanctioned = cn.groupby(['partner', 'period']).value_eur.sum()
    tot = pd.read_csv(RUIMPEKS + 'DERIVED_member_state_total_and_hs27_monthly_2020-01_2022-12.csv')
    tot = tot[(tot.product_code == 'TOTAL') & (tot.flow == 'EXPORT') & tot.partner_label.isin(PARTNER_LABELS)]
    tot = tot[(tot.value_eur_or_flag != ':') & (tot.period <= '2022-11')].copy()
    tot['partner'] = tot.partner_label.map(PARTNER_LABELS)
    tot['value'] = tot.value_eur_or_flag.astype(float)
    total = tot.groupby(['partner', 'period']).value.sum()
    df = pd.DataFrame({'sanctioned': sanctioned, 'total': total}).reset_index()
    assert len(df) == 5 * 35, len(df)
    df['other'] = df.total - df.sanctioned
    assert (df.other > 0).all() and (df.sanctioned > 0).all()
    rows = []
    for _, r in df.iterrows():
        if r.period == '2022-02':
            continue
        for g in ['sanctioned', 'other']:
            rows.append({'unit': r.partner, 'group': g, 'period': r.period, 'y': float(r[g]),
                         'treated': r.partner in ('KZ', 'AM', 'KG'), 'post': r.period >= '2022-03'})
    d = pd.DataFrame(rows)
    d['ly'] = np.log(d.y)
    T = d.treated.astype(float)
    S = (d.group == 'sanctioned').astype(float)
    P = d.post.astype(float)
    d['DDD'] = T * S * P
    X = pd.concat([d[['DDD']].reset_index(drop=True),
                   dummies((d.unit + '|' + d.group).values, 'ug'),
                   dummies((d.unit + '|' + d.period).values, 'ut'),
                   dummies((d.group + '|' + d.period).values, 'gt')], axis=1)
    X = full_rank(X, ['DDD'])
    _, full = ols_cluster(d.ly, X, d.unit, ['DDD'])
    Xs = pd.DataFrame({'const': 1.0, 'T': T, 'S': S, 'P': P, 'TS': T * S, 'TP': T * P, 'SP': S * P, 'DDD': T * S * P})
    _, sat = ols_cluster(d.ly, Xs, d.unit, ['DDD'])
    return {
        'label': 'real: EU27 exports (sum of member states, EUR, Eurostat DS-045409, data update 13 Jan 2023) of '
                 'sanctioned goods (CN8 list of Reg. 833/2014 as of 2022-10-07, codes present both before and in 2022) '
                 'vs other goods (total minus sanctioned) to KZ, AM, KG (treated) vs GE, UZ (other neighbours, suspected '
                 'hubs themselves); 2020-01..2022-11 without 2022-02; post from 2022-03. Values are lower bounds (":" cells omitted).',
        'source': 'eurostat_comext_ruimpeks/DERIVED_eu27_sanctioned_products_exports_monthly_2020-01_2022-11.csv + '
                  'DERIVED_member_state_total_and_hs27_monthly_2020-01_2022-12.csv',
        'stableCodes': len(stable),
        'stableShareOfSanctionedValue': float(cn.value_eur.sum()) / all_value,
        'records': rows,
        'cases': {'full': full, 'saturated': sat},
    }


# ------------------------------------------------------------------------------------------ synthetic DiD
def synthetic_did():
    rng = np.random.default_rng(20240501)
    periods = months(2020, 1, 36)
    units = [f'U{i:02d}' for i in range(20)]
    treated = set(units[:8])
    a = rng.normal(50, 10, len(units))
    b = np.cumsum(rng.normal(0.5, 1, len(periods)))
    rows = []
    for i, u in enumerate(units):
        for t, p in enumerate(periods):
            post = p >= '2021-07'
            D = (u in treated) and post
            y = 100 + a[i] + b[t] + 5.0 * D + rng.normal(0, 2)
            if rng.random() < 0.04:
                y = None  # gaps make the panel unbalanced
            rows.append({'unit': u, 'period': p, 'y': None if y is None else round(float(y), 6),
                         'treated': u in treated, 'post': bool(post)})
    df = pd.DataFrame(rows)
    est = df[df.y.notna()].reset_index(drop=True)
    est['D'] = (est.treated & est.post).astype(float)
    X = twfe_design(est, 'unit', 'period', ['D'])
    _, twfe = ols_cluster(est.y, X, est.unit, ['D'])
    X2 = pd.DataFrame({'const': 1.0, 'treated': est.treated.astype(float), 'post': est.post.astype(float), 'D': est.D})
    _, dd = ols_cluster(est.y, X2, est.unit, ['D'])
    return {'label': 'synthetic: 20 units (8 treated), 36 months, true effect +5 (level), ~4% gaps', 'trueEffect': 5.0,
            'records': rows, 'cases': {'twfeLevel': twfe, 'did2x2Level': dd}}


# ------------------------------------------------------------------------------------------ synthetic DDD
def synthetic_ddd():
    rng = np.random.default_rng(7)
    periods = months(2021, 1, 24)
    dests = [f'D{i}' for i in range(8)]
    treated = set(dests[:3])
    groups = ['sanctioned', 'other']
    dg = {(d, g): rng.normal(0, 1) for d in dests for g in groups}
    dt = {(d, p): rng.normal(0, 0.2) for d in dests for p in periods}
    gt = {(g, p): rng.normal(0, 0.2) for g in groups for p in periods}
    rows = []
    for d in dests:
        for g in groups:
            for p in periods:
                post = p >= '2022-03'
                ddd = (d in treated) and (g == 'sanctioned') and post
                ly = 10 + dg[(d, g)] + dt[(d, p)] + gt[(g, p)] + 0.3 * ddd + rng.normal(0, 0.1)
                rows.append({'unit': d, 'group': g, 'period': p, 'y': round(float(np.exp(ly)), 4),
                             'treated': d in treated, 'post': bool(post)})
    df = pd.DataFrame(rows)
    df['ly'] = np.log(df.y)
    T = df.treated.astype(float)
    S = (df.group == 'sanctioned').astype(float)
    P = df.post.astype(float)
    df['DDD'] = T * S * P
    X = pd.concat([df[['DDD']].reset_index(drop=True),
                   dummies((df.unit + '|' + df.group).values, 'ug'),
                   dummies((df.unit + '|' + df.period).values, 'ut'),
                   dummies((df.group + '|' + df.period).values, 'gt')], axis=1)
    X = full_rank(X, ['DDD'])
    _, full = ols_cluster(df.ly, X, df.unit, ['DDD'])
    Xs = pd.DataFrame({'const': 1.0, 'T': T, 'S': S, 'P': P, 'TS': T * S, 'TP': T * P, 'SP': S * P, 'DDD': T * S * P})
    _, sat = ols_cluster(df.ly, Xs, df.unit, ['DDD'])
    # PPML with the same three two-way fixed effects (values in thousands), clustered by destination.
    ppml = glm_poisson(df.y / 1e3, X, 'cluster', df.unit, terms=['DDD'])
    return {'label': 'synthetic: 8 destinations (3 treated) x 2 groups x 24 months, true effect 0.3 log points',
            'trueEffect': 0.3, 'records': rows, 'cases': {'full': full, 'saturated': sat, 'ppmlCluster': ppml}}


# ------------------------------------------------------------------------------------ synthetic event study
def synthetic_event():
    rng = np.random.default_rng(99)
    periods = months(2021, 1, 30)
    cohorts = {}
    units = [f'E{i:02d}' for i in range(30)]
    for i, u in enumerate(units):
        cohorts[u] = None if i < 10 else ('2022-03' if i < 20 else '2022-09')
    pidx = {p: i for i, p in enumerate(periods)}
    a = rng.normal(20, 3, len(units))
    b = rng.normal(0, 1, len(periods)).cumsum()
    rows = []
    for i, u in enumerate(units):
        c = cohorts[u]
        for p in periods:
            rel = None if c is None else pidx[p] - pidx[c]
            eff = 0.0
            if rel is not None and rel >= 0:
                eff = (1 + 0.1 * rel) if c == '2022-03' else (2 + 0.05 * rel)
            y = a[i] + b[pidx[p]] + eff + rng.normal(0, 0.5)
            rows.append({'unit': u, 'period': p, 'y': round(float(y), 6), 'treated': c is not None,
                         'post': bool(c is not None and p >= c) or (c is None and p >= '2022-03'), 'cohort': c})
    df = pd.DataFrame(rows)
    df['rel'] = [None if c is None else pidx[p] - pidx[c] for p, c in zip(df.period, df.cohort)]
    leads, lags = 4, 6
    # Sun & Abraham: cohort x relative-time dummies (all relative times except -1), never-treated controls.
    cols = {}
    for c in ['2022-03', '2022-09']:
        rels = sorted(set(df.rel[df.cohort == c]))
        for r in rels:
            if r == -1:
                continue
            cols[f'c{c}_r{int(r)}'] = ((df.cohort == c) & (df.rel == r)).astype(float).values
    C = pd.DataFrame(cols)
    X = pd.concat([C, pd.Series(1.0, index=range(len(df)), name='const'), dummies(df.unit.values, 'u'), dummies(df.period.values, 't')], axis=1)
    X = full_rank(X, list(C.columns))
    res, _ = ols_cluster(df.y, X, df.unit, [])
    names = list(X.columns)
    V = np.asarray(res.cov_params())
    beta = np.asarray(res.params)
    G = df.unit.nunique()
    rels = [r for r in range(-leads, lags + 1) if r != -1]
    W = np.zeros((len(rels), len(names)))
    counts = []
    for k, r in enumerate(rels):
        cnt = {c: int(((df.cohort == c) & (df.rel == r)).sum()) for c in ['2022-03', '2022-09']}
        tot = sum(cnt.values())
        counts.append(tot)
        for c, m in cnt.items():
            if m > 0:
                W[k, names.index(f'c{c}_r{r}')] = m / tot
    iw = W @ beta
    iwV = W @ V @ W.T
    tq = stats.t.ppf(0.975, G - 1)
    coefs = []
    for k, r in enumerate(rels):
        se = float(np.sqrt(iwV[k, k]))
        coefs.append({'relativeTime': r, 'estimate': float(iw[k]), 'se': se,
                      'p': float(2 * stats.t.sf(abs(iw[k] / se), G - 1)),
                      'lower': float(iw[k] - tq * se), 'upper': float(iw[k] + tq * se), 'n': counts[k]})
    pre = [k for k, r in enumerate(rels) if r < -1]
    b = iw[pre]
    Vp = iwV[np.ix_(pre, pre)]
    F = float(b @ np.linalg.solve(Vp, b) / len(pre))
    post = [k for k, r in enumerate(rels) if r >= 0]
    wavg = np.zeros(len(rels))
    wavg[post] = 1 / len(post)
    avg = float(wavg @ iw)
    avg_se = float(np.sqrt(wavg @ iwV @ wavg))
    sa = {'coefficients': coefs, 'preTrend': {'statistic': F, 'df1': len(pre), 'df2': G - 1,
                                              'p': float(stats.f.sf(F, len(pre), G - 1))},
          'average': {'estimate': avg, 'se': avg_se}, 'n': int(res.nobs), 'clusters': G}
    # True IW effects for the synthetic design (equal cohort sizes, balanced): average of the two cohorts' paths.
    truth = {}
    for r in range(0, lags + 1):
        vals = []
        for c in ['2022-03', '2022-09']:
            if ((df.cohort == c) & (df.rel == r)).any():
                vals.append((1 + 0.1 * r) if c == '2022-03' else (2 + 0.05 * r))
        truth[str(r)] = float(np.mean(vals))
    # TWFE event study with binned endpoints (the biased benchmark under staggered timing).
    cols = {}
    relb = df.rel.copy()
    for r in rels:
        if r == -leads:
            ind = df.rel.notna() & (df.rel <= -leads)
        elif r == lags:
            ind = df.rel.notna() & (df.rel >= lags)
        else:
            ind = df.rel == r
        cols[f'r{r}'] = ind.astype(float).values
    C2 = pd.DataFrame(cols)
    X2 = pd.concat([C2, pd.Series(1.0, index=range(len(df)), name='const'), dummies(df.unit.values, 'u'), dummies(df.period.values, 't')], axis=1)
    X2 = full_rank(X2, list(C2.columns))
    res2, tw = ols_cluster(df.y, X2, df.unit, list(C2.columns))
    R = np.zeros((len(pre), X2.shape[1]))
    for j, k in enumerate(pre):
        R[j, list(X2.columns).index(f'r{rels[k]}')] = 1
    b2 = R @ np.asarray(res2.params)
    F2 = float(b2 @ np.linalg.solve(R @ np.asarray(res2.cov_params()) @ R.T, b2) / len(pre))
    tw['preTrend'] = {'statistic': F2, 'df1': len(pre), 'df2': G - 1, 'p': float(stats.f.sf(F2, len(pre), G - 1))}
    return {'label': 'synthetic: staggered adoption, 10 never-treated, cohorts 2022-03 and 2022-09 (10 units each), '
                     '30 months; effects 1+0.1l and 2+0.05l', 'leads': leads, 'lags': lags, 'records': rows,
            'truth': truth, 'cases': {'sunAbraham': sa, 'twfe': tw}}


# ------------------------------------------------------------------------------------------ synthetic PPML
def synthetic_ppml():
    rng = np.random.default_rng(314)
    periods = months(2021, 1, 24)
    units = [f'P{i:02d}' for i in range(25)]
    treated = set(units[:10])
    a = rng.normal(0.5, 1.0, len(units))
    b = rng.normal(0, 0.3, len(periods))
    rows = []
    for i, u in enumerate(units):
        for t, p in enumerate(periods):
            post = p >= '2022-01'
            D = float((u in treated) and post)
            x = round(float(rng.normal(0, 1)), 6)
            mu = np.exp(a[i] + b[t] + 0.4 * D + 0.2 * x)
            y = float(rng.poisson(mu))
            if u == 'P24':
                y = 0.0  # an all-zero unit: separated, must be dropped
            rows.append({'unit': u, 'period': p, 'y': y, 'D': D, 'x': x})
    df = pd.DataFrame(rows)
    kept = df[df.unit != 'P24'].reset_index(drop=True)
    X = twfe_design(kept, 'unit', 'period', ['D', 'x'])
    hc0 = glm_poisson(kept.y, X, 'HC0', terms=['D', 'x'])
    clu = glm_poisson(kept.y, X, 'cluster', kept.unit, terms=['D', 'x'])
    return {'label': 'synthetic: Poisson counts, 25 units (10 treated; P24 all zero), 24 months, true D effect 0.4, x effect 0.2',
            'trueEffect': 0.4, 'zeros': int((df.y == 0).sum()), 'records': rows, 'cases': {'HC0': hc0, 'cluster': clu}}


def fdr_cases():
    p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216, 0.222, 0.251, 0.269, 0.275, 0.34,
         0.341, 0.384, 0.569, 0.594, 0.696, 0.762, 0.94, 0.942, 0.975, 0.986, 0.04, 0.04, 0.5, 1.0, 0.0]
    out = {'p': p}
    for m, name in [('fdr_bh', 'bh'), ('fdr_by', 'by')]:
        rej, adj, _, _ = multipletests(p, alpha=0.05, method=m)
        out[name] = {'adjusted': [float(x) for x in adj], 'rejected': [bool(x) for x in rej]}
    return out


def main():
    out = {
        'generator': 'scripts/reference-values/inference.py',
        'statsmodels': statsmodels.__version__,
        'pandas': pd.__version__,
        'numpy': np.__version__,
        'python': sys.version.split()[0],
        'real': real_panel(),
        'realDdd': real_ddd(),
        'did': synthetic_did(),
        'ddd': synthetic_ddd(),
        'eventStudy': synthetic_event(),
        'ppml': synthetic_ppml(),
        'fdr': fdr_cases(),
    }
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
