#!/usr/bin/env python3
"""Reference values for `src/numeric/ar1-gls.ts` (regression with AR(1) errors, integrated over rho).

Run from the repository root with the system Python (statsmodels 0.13.5, numpy):

    /usr/bin/python3 scripts/reference-values/ar1-gls.py

Writes tests/fixtures/reference/ar1-gls.json. For each case and each of a few fixed rho it records
* the GLS coefficients and their standard errors from `statsmodels.api.GLS(y, X, sigma=R)` with the AR(1)
  correlation matrix R_ij = rho^|t_i - t_j| built densely from the observation times (so gaps are exact), and the
  scale (`results.scale`, the GLS residual variance with n - p degrees of freedom);
* the log restricted likelihood up to a constant, computed densely with numpy:
  -1/2 log|R| - 1/2 log|X'R^-1 X| - (n - p)/2 log(RSS), RSS = e' R^-1 e at the GLS estimate.
The TypeScript code whitens instead (Prais-Winsten with gaps) and solves by its own Householder QR, so agreement
checks both the whitening and the criterion. Inputs: the real EU27_2020 -> KG and -> KZ monthly exports of
tests/fixtures/reference/baselines-input.json (Eurostat Comext, EUR), log values, a seasonal trend design
(constant, months since start / 12, 11 month dummies), fit 2019-01..2022-01, once with the COVID months 2020-03..2020-12
left out (gaps); and the SYNTHETIC series of that file.
"""

import json
import os

import numpy as np
import statsmodels
import statsmodels.api as sm

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
inp = json.load(open(os.path.join(ROOT, "tests/fixtures/reference/baselines-input.json")))


def design(times, start_month):
    rows = []
    for t in times:
        m = (start_month + t) % 12
        rows.append([1.0, t / 12.0] + [1.0 if m == k else 0.0 for k in range(1, 12)])
    return np.array(rows)


def case(name, values, start, fit_len, exclude=()):
    start_month = int(start[5:7]) - 1
    times = [t for t in range(fit_len) if values[t] is not None and t not in exclude]
    y = np.log(np.array([values[t] for t in times], dtype=float))
    X = design(times, start_month)
    t = np.array(times)
    out = {"name": name, "times": times, "y": y.tolist(), "x": X.tolist(), "fits": []}
    for rho in [0.0, 0.3, 0.55, 0.8, -0.4]:
        R = rho ** np.abs(t[:, None] - t[None, :]).astype(float)
        res = sm.GLS(y, X, sigma=R).fit()
        Ri = np.linalg.inv(R)
        e = y - X @ res.params
        rss = float(e @ Ri @ e)
        n, p = X.shape
        _, logdet_r = np.linalg.slogdet(R)
        _, logdet_x = np.linalg.slogdet(X.T @ Ri @ X)
        out["fits"].append(
            {
                "rho": rho,
                "params": res.params.tolist(),
                "bse": res.bse.tolist(),
                "scale": float(res.scale),
                "logRestricted": float(-0.5 * logdet_r - 0.5 * logdet_x - 0.5 * (n - p) * np.log(rss)),
            }
        )
    return out


real = inp["real"]
covid = set(range(14, 24))  # 2020-03..2020-12 from 2019-01
cases = [
    case("KG log, fit 2019-01..2022-01", real["values"]["KG"], real["start"], 37),
    case("KZ log, fit 2019-01..2022-01", real["values"]["KZ"], real["start"], 37),
    case("KG log, fit 2019-01..2022-01 without COVID months (gaps)", real["values"]["KG"], real["start"], 37, covid),
    case("SYNTHETIC, fit 72 months", inp["synthetic"]["values"], inp["synthetic"]["start"], 72),
]
json.dump(
    {
        "generatedBy": "scripts/reference-values/ar1-gls.py",
        "versions": {"statsmodels": statsmodels.__version__, "numpy": np.__version__},
        "cases": cases,
    },
    open(os.path.join(ROOT, "tests/fixtures/reference/ar1-gls.json"), "w"),
    indent=1,
)
print("wrote tests/fixtures/reference/ar1-gls.json:", len(cases), "cases")
