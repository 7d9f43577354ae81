#!/usr/bin/python3
"""Reference values for src/measures/ (chowTest, supF, zScore, robustZ, growthZScore, mirrorGap).

Run with the system Python, which has statsmodels 0.13.5 and pandas 1.5.3:

    /usr/bin/python3 scripts/reference-values/measures.py

Reads the real data in ../shared/data/raw (Eurostat Comext, the Kyrgyz NSC and ECB rates; see PROVENANCE.md there)
and writes tests/fixtures/reference/measures.json, which holds the input extracts too, so the tests need no access
to the raw files. Every statistic is computed here with statsmodels / numpy, independently of the TypeScript code:

* Chow F at a known break (2022-03) on EU27_2020 exports to KG, monthly 2019-01..2024-08, for the seasonalTrend
  design (log value on constant, trend, 11 month dummies) with all coefficients breaking, with constant and trend
  breaking, and for the trend design. Restricted and unrestricted SSR from statsmodels OLS, F and p from
  OLSResults.compare_f_test (which uses the rank-based residual degrees of freedom).
* The F statistic at every candidate break for the Quandt-Andrews sup-F (15% trimming: each regime keeps at
  least ceil(0.15 n) observations); candidates whose unrestricted design is rank deficient are marked null.
* z-score (numpy, ddof=1), robust z with statsmodels.robust.scale.mad (MAD / 0.6745 about the median).
* growthZScore: year-on-year growth of annual sums of EU27_2020 exports to KZ and KG.
* substitutionRatio: EU27_2020 exports to RU against exports to KZ + KG + AM, Mar-Dec 2021 vs Mar-Dec 2022.
* mirrorGap: EU27_2020 exports to KG (annual sums of Comext months, EUR) against Kyrgyz imports from "The EU"
  (thousand USD), converted with ECB annual average USD per EUR rates.
"""

import json
import math
import os

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.robust.scale import mad

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
RAW = os.path.abspath(os.path.join(REPO, "..", "shared", "data", "raw"))
OUT = os.path.join(REPO, "tests", "fixtures", "reference", "measures.json")

monthly = pd.read_csv(os.path.join(RAW, "eurostat_comext_marylev", "DERIVED_monthly_total_goods_by_member_state.csv"))


def eu_exports(partner):
    s = monthly[(monthly.reporter_code == "EU27_2020") & (monthly.partner_iso2 == partner) & (monthly.flow == "EXPORT")]
    s = s.sort_values("period")
    periods = list(s.period)
    # The extract must be a regular monthly series without calendar gaps.
    expected = pd.period_range(periods[0], periods[-1], freq="M").strftime("%Y-%m").tolist()
    assert periods == expected, partner
    return periods, [float(v) for v in s.value_eur]


def design(periods, kind):
    n = len(periods)
    cols = [np.ones(n)]
    names = ["const"]
    if kind in ("seasonalTrend", "trend"):
        cols.append(np.arange(n, dtype=float))
        names.append("trend")
    if kind == "seasonalTrend":
        months = np.array([int(p[5:7]) for p in periods])
        for m in range(2, 13):
            cols.append((months == m).astype(float))
            names.append("month%02d" % m)
    return np.column_stack(cols), names


def break_f(y, X, break_cols, b):
    """F for a break before row b: restricted X vs X plus breaking columns times the post-break dummy."""
    n = len(y)
    d = (np.arange(n) >= b).astype(float)
    Xu = np.column_stack([X] + [X[:, c] * d for c in break_cols])
    r = sm.OLS(y, X).fit()
    u = sm.OLS(y, Xu).fit()
    rank_r = np.linalg.matrix_rank(X)
    rank_u = np.linalg.matrix_rank(Xu)
    F, p, df_diff = u.compare_f_test(r)
    return {
        "F": float(F),
        "p": float(p),
        "df1": int(round(df_diff)),
        "df2": int(round(u.df_resid)),
        "ssrRestricted": float(r.ssr),
        "ssrUnrestricted": float(u.ssr),
        "rankRestricted": int(rank_r),
        "rankUnrestricted": int(rank_u),
        "n1": int(b),
        "n2": int(n - b),
    }


def chow_and_supf(periods, values, kind, break_in, break_at, trim=0.15):
    y = np.log(np.array(values))
    X, names = design(periods, kind)
    if break_in == "all":
        break_cols = list(range(X.shape[1]))
    elif break_in == "levelTrend":
        break_cols = [0, 1]
    else:
        break_cols = [0]
    q = len(break_cols)
    n = len(y)
    chow = break_f(y, X, break_cols, periods.index(break_at))
    m = max(1, math.ceil(trim * n))
    cands = []
    for b in range(m, n - m + 1):
        f = break_f(y, X, break_cols, b)
        identified = f["rankUnrestricted"] - f["rankRestricted"] == q
        cands.append({"period": periods[b], "index": b, "F": f["F"] if identified else None})
    defined = [c for c in cands if c["F"] is not None]
    best = max(defined, key=lambda c: c["F"])
    return {
        "design": kind,
        "breakIn": break_in,
        "columns": names,
        "q": q,
        "breakAt": break_at,
        "chow": chow,
        "supF": {"trim": trim, "candidates": cands, "supF": best["F"], "breakAt": best["period"]},
    }


def annual_sums(periods, values):
    out = {}
    for p, v in zip(periods, values):
        out.setdefault(p[:4], []).append(v)
    return {y: float(sum(vs)) for y, vs in out.items() if len(vs) == 12}


def zscores(value, reference):
    ref = np.array(reference, dtype=float)
    med = float(np.median(ref))
    mad_scaled = float(mad(ref))  # median(|x - median|) / 0.6745
    return {
        "value": float(value),
        "reference": [float(x) for x in reference],
        "mean": float(ref.mean()),
        "sd": float(ref.std(ddof=1)),
        "z": float((value - ref.mean()) / ref.std(ddof=1)),
        "median": med,
        "madScaled": mad_scaled,
        "mad": float(np.median(np.abs(ref - med))),
        "robustZ": float((value - med) / mad_scaled),
    }


def main():
    kg_periods, kg_values = eu_exports("KG")
    kz_periods, kz_values = eu_exports("KZ")
    am_periods, am_values = eu_exports("AM")
    ru_periods, ru_values = eu_exports("RU")

    breaks = [
        chow_and_supf(kg_periods, kg_values, "seasonalTrend", "all", "2022-03"),
        chow_and_supf(kg_periods, kg_values, "seasonalTrend", "levelTrend", "2022-03"),
        chow_and_supf(kg_periods, kg_values, "trend", "all", "2022-03"),
    ]

    # Robust and classical z: December 2022 against the 36 months 2019-01..2021-12 (EU27_2020 -> KG), and one
    # month of Armenia against its pre-war months.
    kg_ref = [v for p, v in zip(kg_periods, kg_values) if p <= "2021-12"]
    kg_dec22 = kg_values[kg_periods.index("2022-12")]
    am_ref = [v for p, v in zip(am_periods, am_values) if p <= "2021-12"]
    am_jun22 = am_values[am_periods.index("2022-06")]
    z_cases = {"kg_2022_12": zscores(kg_dec22, kg_ref), "am_2022_06": zscores(am_jun22, am_ref)}

    # growthZScore, calendar year 2022 and window 2023-03..2023-12, EU27_2020 -> KZ.
    def growth_case(periods, values, start, end):
        idx = {p: i for i, p in enumerate(periods)}
        s = lambda f, t: sum(values[idx[f]:idx[t] + 1])  # noqa: E731
        shift = lambda p, k: "%04d-%s" % (int(p[:4]) - k, p[5:])  # noqa: E731
        windows = []
        k = 0
        while shift(start, k) >= periods[0]:
            windows.append(s(shift(start, k), shift(end, k)))
            k += 1
        growths = [windows[j] / windows[j + 1] - 1 for j in range(len(windows) - 1)]
        g, hist = growths[0], growths[1:]
        out = {"from": start, "to": end, "growth": g, "history": hist}
        if len(hist) >= 2:
            out.update({k2: v for k2, v in zscores(g, hist).items() if k2 not in ("value", "reference")})
        return out

    growth_cases = {
        "kz_2022": growth_case(kz_periods, kz_values, "2022-01", "2022-12"),
        "kz_2023_03_12": growth_case(kz_periods, kz_values, "2023-03", "2023-12"),
        "kg_2023": growth_case(kg_periods, kg_values, "2023-01", "2023-12"),
    }

    # Mirror gap, annual: EU27_2020 exports to KG vs KG imports from "The EU" (which includes the UK before 2020).
    kg_nsc = pd.read_csv(os.path.join(RAW, "national_stats_marylev", "kyrgyzstan_data", "DERIVED_kg_trade_by_partner_annual.csv"))
    eu_rows = kg_nsc[(kg_nsc.flow == "import") & (kg_nsc.partner_label_en == "The EU") & (kg_nsc.year >= 2019)]
    kg_imports_usd = {str(int(r.year)): float(r.value_thousand_usd) * 1000 for r in eu_rows.itertuples()}
    ecb = pd.read_csv(os.path.join(RAW, "ecb_eurofxref", "DERIVED_ecb_annual_average_rates.csv"))
    usd_per_eur = {str(int(r.year)): float(r.USD_per_EUR) for r in ecb.itertuples() if 2019 <= r.year <= 2023}
    eu_kg_annual = annual_sums(kg_periods, kg_values)
    cif = 0.05
    mirror_rows = []
    for year in sorted(kg_imports_usd):
        if year not in eu_kg_annual:
            continue
        imp_eur = kg_imports_usd[year] / usd_per_eur[year]
        exp_eur = eu_kg_annual[year]
        mirror_rows.append(
            {
                "period": year,
                "exporter": exp_eur,
                "importerUsd": kg_imports_usd[year],
                "importer": imp_eur,
                "logRatio": math.log(imp_eur / (exp_eur * (1 + cif))),
                "gap": imp_eur - exp_eur * (1 + cif),
                "gapPct": imp_eur / (exp_eur * (1 + cif)) - 1,
            }
        )

    # Substitution ratio: EU27_2020 exports to RU (direct) and to KZ + KG + AM (intermediaries), March-December
    # 2021 against March-December 2022.
    def window_sum(periods, values, f, t):
        return float(sum(v for p, v in zip(periods, values) if f <= p <= t))

    before, after = ("2021-03", "2021-12"), ("2022-03", "2022-12")
    direct_b = window_sum(ru_periods, ru_values, *before)
    direct_a = window_sum(ru_periods, ru_values, *after)
    inter = [(kz_periods, kz_values), (kg_periods, kg_values), (am_periods, am_values)]
    inter_b = sum(window_sum(p, v, *before) for p, v in inter)
    inter_a = sum(window_sum(p, v, *after) for p, v in inter)
    substitution = {
        "before": list(before),
        "after": list(after),
        "directBefore": direct_b,
        "directAfter": direct_a,
        "intermediariesBefore": inter_b,
        "intermediariesAfter": inter_a,
        "ratio": (inter_a - inter_b) / (direct_b - direct_a),
    }

    out = {
        "generated_by": "scripts/reference-values/measures.py",
        "software": {"statsmodels": sm.__version__, "pandas": pd.__version__, "numpy": np.__version__},
        "sources": {
            "comext": "eurostat_comext_marylev/DERIVED_monthly_total_goods_by_member_state.csv",
            "kg_nsc": "national_stats_marylev/kyrgyzstan_data/DERIVED_kg_trade_by_partner_annual.csv",
            "ecb": "ecb_eurofxref/DERIVED_ecb_annual_average_rates.csv",
        },
        "series": {
            "EU27_2020_KG_export": {"start": kg_periods[0], "values": kg_values},
            "EU27_2020_KZ_export": {"start": kz_periods[0], "values": kz_values},
            "EU27_2020_AM_export": {"start": am_periods[0], "values": am_values},
            "EU27_2020_RU_export": {"start": ru_periods[0], "values": ru_values},
        },
        "breaks": breaks,
        "zscores": z_cases,
        "growthZScore": growth_cases,
        "substitution": substitution,
        "mirror": {
            "cifFob": cif,
            "usdPerEur": usd_per_eur,
            "kgImportsFromEuUsd": kg_imports_usd,
            "rows": mirror_rows,
        },
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", OUT)
    for b in breaks:
        c = b["chow"]
        print(b["design"], b["breakIn"], "F=%.4f p=%.3g df=(%d,%d)" % (c["F"], c["p"], c["df1"], c["df2"]),
              "supF=%.3f at %s" % (b["supF"]["supF"], b["supF"]["breakAt"]))


if __name__ == "__main__":
    main()
