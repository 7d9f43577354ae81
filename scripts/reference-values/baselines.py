#!/usr/bin/env python3
"""Reference values for `src/baselines/` from statsmodels 0.13.5 (and scipy for the synthetic control).

Run from the repository root with the system Python, which has statsmodels 0.13.5 and pandas 1.5.3:

    /usr/bin/python3 scripts/reference-values/baselines.py

Writes JSON fixtures into tests/fixtures/reference/baselines-*.json. Inputs:

* REAL: Eurostat Comext monthly EU27_2020 exports (total goods, EUR) to AM, GE, KG, KZ, RU, UZ, 2019-01..2024-08,
  from ../shared/data/raw/eurostat_comext_marylev/DERIVED_monthly_total_goods_by_member_state.csv
  (reporter_code EU27_2020, flow EXPORT). The values are copied into baselines-input.json so tests never read
  outside the repository.
* CLASSIC: statsmodels' co2 dataset (Mauna Loa weekly CO2, resampled to monthly means, forward-filled),
  1990-01..1999-12, for STL.
* SYNTHETIC (labelled so): a seasonal series with trend and AR(1) noise drawn with numpy seed 20240901.

Every fixture records the statsmodels version and the exact call that produced it.
"""

import json
import os
import warnings

import numpy as np
import pandas as pd
import scipy
import statsmodels
import statsmodels.api as sm
from scipy.optimize import minimize
from statsmodels.datasets import co2
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.holtwinters import ExponentialSmoothing
from statsmodels.tsa.seasonal import STL

# The raw data sit beside the repository, at ../shared/data/raw (see its PROVENANCE.md).
RAW_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data", "raw")
RAW = os.path.join(RAW_DIR, "eurostat_comext_marylev", "DERIVED_monthly_total_goods_by_member_state.csv")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fixtures", "reference")
PARTNERS = ["AM", "GE", "KG", "KZ", "RU", "UZ"]
VERSIONS = {"statsmodels": statsmodels.__version__, "scipy": scipy.__version__, "numpy": np.__version__,
            "pandas": pd.__version__}


def month_range(start, n):
    return [str(p) for p in pd.period_range(start, periods=n, freq="M")]


def write(name, payload):
    payload = {"generatedBy": "scripts/reference-values/baselines.py", "versions": VERSIONS, **payload}
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(payload, f, indent=1, allow_nan=False)
        f.write("\n")


def floats(a):
    return [float(x) for x in np.asarray(a, dtype=float)]


# ---------------------------------------------------------------- inputs
raw = pd.read_csv(RAW)
eu = raw[(raw.reporter_code == "EU27_2020") & (raw.flow == "EXPORT")]
real = {}
for p in PARTNERS:
    s = eu[eu.partner_iso2 == p].set_index("period").value_eur.sort_index()
    assert list(s.index) == month_range("2019-01", 68), p
    real[p] = s.astype(float)
PERIODS = month_range("2019-01", 68)

rng = np.random.default_rng(20240901)
n_syn = 96
t = np.arange(n_syn)
ar = np.zeros(n_syn)
eps = rng.normal(0.0, 0.06, n_syn)
for i in range(n_syn):
    ar[i] = (0.4 * ar[i - 1] if i else 0.0) + eps[i]
synthetic = 2.0e7 * np.exp(0.004 * t + 0.18 * np.sin(2 * np.pi * t / 12) + 0.07 * np.cos(4 * np.pi * t / 12) + ar)
SYN_PERIODS = month_range("2015-01", n_syn)

co2_monthly = co2.load().data.resample("M").mean().ffill()["co2"]
co2_monthly = co2_monthly["1990-01":"1999-12"]
assert len(co2_monthly) == 120
CO2_PERIODS = month_range("1990-01", 120)

write("baselines-input.json", {
    "description": "Inputs of the baseline reference values. REAL: Eurostat Comext, EU27_2020 total-goods exports "
                   "in EUR (flow EXPORT), from DERIVED_monthly_total_goods_by_member_state.csv in "
                   "../shared/data/raw/eurostat_comext_marylev (see its PROVENANCE.md). SYNTHETIC: generated "
                   "with numpy seed 20240901 (trend 0.4%/month, seasonal sine, AR(1) noise), not real data. "
                   "CLASSIC: statsmodels co2 dataset, monthly means 1990-01..1999-12.",
    "real": {"reporter": "EU27_2020", "flow": "export", "currency": "EUR", "start": "2019-01",
             "values": {p: floats(real[p]) for p in PARTNERS}},
    "synthetic": {"label": "SYNTHETIC seasonal series (numpy seed 20240901)", "start": "2015-01",
                  "values": floats(synthetic)},
    "co2": {"label": "statsmodels co2 (Mauna Loa), monthly mean ppm", "start": "1990-01",
            "values": floats(co2_monthly.values)},
})

FIT_END = PERIODS.index("2022-01")  # inclusive
FIT = slice(0, FIT_END + 1)


# ---------------------------------------------------------------- OLS (logLinearTrend, seasonalTrend)
def design(periods, fit_start, seasonal):
    idx = np.array([int(p[:4]) * 12 + int(p[5:7]) - 1 for p in periods])
    t0 = int(fit_start[:4]) * 12 + int(fit_start[5:7]) - 1
    cols = [np.ones(len(periods)), (idx - t0).astype(float)]
    names = ["const", "t"]
    if seasonal:
        month = idx % 12 + 1
        for m in range(2, 13):
            cols.append((month == m).astype(float))
            names.append(f"month{m}")
    return np.column_stack(cols), names


ols_cases = []
for label, values, periods, fit_from, fit_to in [
    ("KG", real["KG"].values, PERIODS, "2019-01", "2022-01"),
    ("KZ", real["KZ"].values, PERIODS, "2019-01", "2022-01"),
    ("KG-placebo", real["KG"].values, PERIODS, "2019-01", "2020-12"),
    ("synthetic", synthetic, SYN_PERIODS, "2015-01", "2020-12"),
]:
    i0, i1 = periods.index(fit_from), periods.index(fit_to)
    for model, seasonal in [("logLinearTrend", False), ("seasonalTrend", True)]:
        X, names = design(periods, fit_from, seasonal)
        y = np.log(values)
        res = sm.OLS(y[i0:i1 + 1], X[i0:i1 + 1]).fit()
        frame = res.get_prediction(X).summary_frame(alpha=0.05)
        ols_cases.append({
            "series": label, "model": model, "fit": [fit_from, fit_to], "periods": periods,
            "call": "sm.OLS(log(y)[fit], X[fit]).fit().get_prediction(X).summary_frame(alpha=0.05); "
                    "X = [const, t = months since fit start" + (", Feb..Dec dummies" if seasonal else "") + "]",
            "paramNames": names, "params": floats(res.params), "bse": floats(res.bse),
            "scale": float(res.scale), "dfResid": float(res.df_resid),
            "mean": floats(frame["mean"]), "obsLower": floats(frame["obs_ci_lower"]),
            "obsUpper": floats(frame["obs_ci_upper"]),
        })
write("baselines-ols.json", {"level": 0.95, "cases": ols_cases})


# ---------------------------------------------------------------- STL
stl_cases = []
for label, values, periods in [
    ("log KG 2019-01..2022-01", np.log(real["KG"].values[FIT]), PERIODS[FIT]),
    ("log KZ 2019-01..2022-01", np.log(real["KZ"].values[FIT]), PERIODS[FIT]),
    ("synthetic", synthetic, SYN_PERIODS),
    ("co2 1990-1999", co2_monthly.values, CO2_PERIODS),
]:
    for robust in (False, True):
        stl = STL(np.asarray(values, dtype=float), period=12, robust=robust)
        res = stl.fit()
        stl_cases.append({
            "series": label, "robust": robust, "start": periods[0], "config": {k: v for k, v in stl.config.items()},
            "call": f"STL(values, period=12, robust={robust}).fit()  (seasonal=7, trend/low_pass defaults)",
            "values": floats(values), "trend": floats(res.trend), "seasonal": floats(res.seasonal),
            "resid": floats(res.resid), "weights": floats(res.weights),
        })
write("baselines-stl.json", {"cases": stl_cases})


# ---------------------------------------------------------------- Holt-Winters
def es_fixed(y, trend, seasonal, damped, alpha, beta, gamma, phi, init):
    kw = dict(trend=trend, seasonal=seasonal, seasonal_periods=12, damped_trend=damped)
    if init == "heuristic":
        mod = ExponentialSmoothing(y, initialization_method="heuristic", **kw)
    else:
        mod = ExponentialSmoothing(y, initialization_method="known", initial_level=init["level"],
                                   initial_trend=init["trend"] if trend else None,
                                   initial_seasonal=init["seasonal"], **kw)
    fit_kw = dict(smoothing_level=alpha, smoothing_seasonal=gamma, optimized=False)
    if trend:
        fit_kw["smoothing_trend"] = beta
    if damped:
        fit_kw["damping_trend"] = phi
    return mod, mod.fit(**fit_kw)


def ets_mean(y, trend, seasonal, damped, alpha, beta, gamma, phi, l0, b0, s0, h):
    """ETSModel point forecasts with the same smoothing parameters (beta_ETS = alpha * beta_HW)."""
    idx = pd.date_range("2000-01-01", periods=len(y), freq="MS")
    kw = dict(error="add", trend=trend, seasonal=seasonal, seasonal_periods=12, damped_trend=damped,
              initialization_method="known", initial_level=l0, initial_seasonal=list(s0))
    if trend:
        kw["initial_trend"] = b0
    mod = ETSModel(pd.Series(y, index=idx), **kw)
    fixed = {"smoothing_level": alpha, "smoothing_seasonal": gamma}
    if trend:
        fixed["smoothing_trend"] = alpha * beta
    if damped:
        fixed["damping_trend"] = phi
    with mod.fix_params(fixed):
        res = mod.fit(disp=False)
    return res, res.forecast(h)


H = len(PERIODS) - (FIT_END + 1)
hw_fixed = []
kz_fit = real["KZ"].values[FIT]
kg_fit = real["KG"].values[FIT]
for label, y, trend, seasonal, damped, alpha, beta, gamma, phi in [
    ("KZ add-add", kz_fit, "add", "add", False, 0.3, 0.1, 0.2, None),
    ("KZ add-add damped", kz_fit, "add", "add", True, 0.25, 0.15, 0.3, 0.9),
    ("KG add-mul", kg_fit, "add", "mul", False, 0.35, 0.05, 0.15, None),
    ("KG none-mul", kg_fit, None, "mul", False, 0.4, None, 0.2, None),
    ("synthetic add-mul damped", synthetic[:72], "add", "mul", True, 0.2, 0.1, 0.25, 0.95),
]:
    for init_kind in ("known", "heuristic"):
        if init_kind == "known":
            mean12 = float(np.mean(y[:12]))
            init = {"level": mean12, "trend": float((np.mean(y[12:24]) - mean12) / 12) if trend else None,
                    "seasonal": (list(y[:12] - mean12) if seasonal == "add" else list(y[:12] / mean12))}
        else:
            init = "heuristic"
        mod, res = es_fixed(y, trend, seasonal, damped, alpha, beta, gamma, phi, init)
        l0 = float(res.params["initial_level"])
        b0 = float(res.params["initial_trend"]) if trend else None
        s0 = floats(res.params["initial_seasons"])
        ets_fc = None
        if seasonal == "add":
            _, ets_fc = ets_mean(y, trend, seasonal, damped, alpha, beta, gamma, phi, l0, b0, s0, H)
        hw_fixed.append({
            "case": label, "init": init_kind, "trend": trend, "seasonal": seasonal, "damped": damped,
            "alpha": alpha, "beta": beta, "gamma": gamma, "phi": phi,
            "call": "ExponentialSmoothing(y, trend, seasonal, seasonal_periods=12, damped_trend, "
                    f"initialization_method='{init_kind}').fit(smoothing_*, optimized=False)",
            "values": floats(y), "initialLevel": l0, "initialTrend": b0, "initialSeasonal": s0,
            "fitted": floats(res.fittedvalues), "sse": float(res.sse),
            "forecastHW": floats(res.forecast(H)),
            "forecastETS": None if ets_fc is None else floats(ets_fc),
            "note": "statsmodels 0.13.5 ExponentialSmoothing.forecast uses a stale seasonal at horizons that are "
                    "multiples of 12 (h = 12, 24); for additive seasonality ETSModel's forecast with the same "
                    "parameters and initial states is the textbook one and is the reference for those horizons. "
                    "ETSModel(error='add', seasonal='mul') runs a different recursion from ExponentialSmoothing's "
                    "multiplicative one, so forecastETS is null there.",
        })

hw_opt = []
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for label, y, trend, seasonal, damped in [
        ("KZ add-add", kz_fit, "add", "add", False),
        ("KG add-add", kg_fit, "add", "add", False),
        ("KG add-mul", kg_fit, "add", "mul", False),
        ("KZ add-mul", kz_fit, "add", "mul", False),
        ("synthetic add-add", synthetic[:72], "add", "add", False),
        ("synthetic add-mul", synthetic[:72], "add", "mul", False),
        ("synthetic add-add damped", synthetic[:72], "add", "add", True),
    ]:
        res = ExponentialSmoothing(y, trend=trend, seasonal=seasonal, seasonal_periods=12, damped_trend=damped,
                                   initialization_method="estimated").fit()
        hw_opt.append({
            "case": label, "trend": trend, "seasonal": seasonal, "damped": damped, "values": floats(y),
            "call": "ExponentialSmoothing(y, trend, seasonal, seasonal_periods=12, damped_trend, "
                    "initialization_method='estimated').fit()  (SLSQP, smoothing and initial states estimated)",
            "sse": float(res.sse), "alpha": float(res.params["smoothing_level"]),
            "beta": float(res.params["smoothing_trend"]) if trend else None,
            "gamma": float(res.params["smoothing_seasonal"]),
            "phi": float(res.params["damping_trend"]) if damped else None,
        })
write("baselines-hw.json", {"fixed": hw_fixed, "optimized": hw_opt})


# ---------------------------------------------------------------- ETSModel prediction intervals (additive)
ets_cases = []
for label, y, damped, alpha, beta_hw, gamma, phi in [
    ("KZ (EUR millions) A,A,A", kz_fit / 1e6, False, 0.3, 0.1, 0.2, None),
    ("KZ (EUR millions) A,Ad,A", kz_fit / 1e6, True, 0.25, 0.15, 0.3, 0.9),
]:
    mean12 = float(np.mean(y[:12]))
    l0, b0 = mean12, float((np.mean(y[12:24]) - mean12) / 12)
    s0 = list(y[:12] - mean12)
    res, _ = ets_mean(y, "add", "add", damped, alpha, beta_hw, gamma, phi, l0, b0, s0, H)
    frame = res.get_prediction(start=len(y), end=len(y) + 23).summary_frame(alpha=0.05)
    ets_cases.append({
        "case": label, "damped": damped, "alpha": alpha, "betaHW": beta_hw, "gamma": gamma, "phi": phi,
        "call": "ETSModel(y, error='add', trend='add', seasonal='add', seasonal_periods=12, damped_trend, "
                "initialization_method='known', ...) with fix_params(smoothing_trend = alpha * betaHW); "
                "get_prediction(n, n+23).summary_frame(alpha=0.05)",
        "values": floats(y), "initialLevel": l0, "initialTrend": b0, "initialSeasonal": floats(s0),
        "sigma2": float(res.mse), "mean": floats(frame["mean"]), "lower": floats(frame["pi_lower"]),
        "upper": floats(frame["pi_upper"]),
    })
write("baselines-ets.json", {"level": 0.95, "cases": ets_cases})


# ---------------------------------------------------------------- synthetic control weights (scipy SLSQP)
def simplex_ls(Y, D):
    k = D.shape[1]
    obj = lambda w: 0.5 * np.sum((Y - D @ w) ** 2)
    grad = lambda w: D.T @ (D @ w - Y)
    res = minimize(obj, np.full(k, 1.0 / k), jac=grad, method="SLSQP", bounds=[(0.0, 1.0)] * k,
                   constraints=[{"type": "eq", "fun": lambda w: np.sum(w) - 1.0, "jac": lambda w: np.ones(k)}],
                   options={"ftol": 1e-15, "maxiter": 1000})
    return res.x, float(obj(res.x) * 2)


synth_cases = []
for target, donors in [("KG", ["AM", "GE", "KZ", "UZ"]), ("KZ", ["AM", "GE", "KG", "UZ"]),
                       ("AM", ["GE", "KG", "KZ", "UZ", "RU"])]:
    y = real[target].values[FIT]
    Y = y / y.mean()
    D = np.column_stack([real[d].values[FIT] / real[d].values[FIT].mean() for d in donors])
    w, sse = simplex_ls(Y, D)
    synth_cases.append({
        "target": target, "donors": donors, "fit": ["2019-01", "2022-01"],
        "call": "minimize(0.5*||Y - D w||^2, SLSQP, 0<=w<=1, sum w = 1); Y and D columns divided by their "
                "fit-window means",
        "weights": floats(w), "sse": sse,
    })
write("baselines-synth.json", {"cases": synth_cases})
print("wrote", sorted(f for f in os.listdir(OUT) if f.startswith("baselines-")))
