"""Benchmark case: pandas doing the same read and group-by as the library ("EU exports by partner x HS6 x month").

Run with Debian's interpreter (python3-pandas): /usr/bin/python3 bench/pandas_groupby.py <file>
Prints one JSON line: wall time of the work (read + group-by, interpreter start and imports excluded) and peak RSS.
"""
import json
import resource
import sys
import time

import pandas as pd

path = sys.argv[1]
t0 = time.perf_counter()
# Codes as strings (leading zeros kept), only the columns the question needs.
df = pd.read_csv(
    path,
    dtype=str,
    usecols=["PARTNER_ISO", "PRODUCT_NC", "FLOW", "PERIOD", "VALUE_IN_EUROS"],
    keep_default_na=False,
)
df = df[df["FLOW"] == "2"]
df = df.assign(HS6=df["PRODUCT_NC"].str.slice(0, 6), V=pd.to_numeric(df["VALUE_IN_EUROS"], errors="coerce"))
g = df.groupby(["PARTNER_ISO", "HS6", "PERIOD"], sort=False)["V"].sum()
ms = (time.perf_counter() - t0) * 1000
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"ms": ms, "rssMB": rss_mb, "cells": int(len(g)), "pandas": pd.__version__}))
