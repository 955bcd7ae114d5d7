"""Helpers shared by the notebooks: reading the documented CSV files of results/,
a colour-blind-safe palette, confidence intervals and figure saving."""
import math
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

RESULTS = os.environ.get("HYBRIDSIM_RESULTS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "results"))
FIGURES = os.environ.get("HYBRIDSIM_FIGURES", os.path.join(RESULTS, "figures"))

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
OPTIONS = ["common-vlan", "strongswan-vpn", "static-nat", "bgp-peering"]
FLOWS = ["internet-to-iks-web", "internet-to-icp-web", "iks-web-to-vcs-db", "icp-web-to-vcs-db", "enterprise-to-vcs-vm"]

plt.rcParams.update({"figure.dpi": 110, "savefig.dpi": 110, "axes.grid": True, "grid.alpha": 0.3,
                     "axes.prop_cycle": matplotlib.cycler(color=PALETTE), "font.size": 9})


def load(study, name):
    """One of the documented files (flows, summary, components, timeline) of a study."""
    path = os.path.join(RESULTS, study, f"{name}.csv")
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path} is missing: run `make results` first")
    return pd.read_csv(path)


def trace(flow, option):
    return pd.read_csv(os.path.join(RESULTS, "traces", f"{flow}.{option}.csv"))


def metrics():
    """The per-flow metrics as hybridsim declares them (`hybridsim metrics --format csv`, written
    by `make results` to results/metrics.csv): name, unit, summary, compare, doc, by name."""
    path = os.path.join(RESULTS, "metrics.csv")
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path} is missing: run `make results` first")
    return pd.read_csv(path, keep_default_na=False).set_index("name")


def label(name):
    """An axis label for a metric: its meaning and unit as declared, e.g. 'transaction_p99_ms (ms)'."""
    return f"{name} ({metrics().loc[name, 'unit']})"


def metric(summary, name):
    """Rows of summary.csv for one metric (one that hybridsim declares and summarises)."""
    declared = metrics()
    if name not in declared.index:
        raise KeyError(f"{name} is not a hybridsim metric; one of: {', '.join(declared.index)}")
    rows = summary[summary["metric"] == name].copy()
    if rows.empty:
        summarised = [n for n in declared.index if declared.loc[n, "summary"]]
        raise KeyError(f"summary.csv has no metric {name}; it summarises: {', '.join(summarised)}")
    return rows


# Two-sided 95 % Student-t quantiles t(0.975, df), df = 1...30 (larger: normal).
_T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
         2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def ci95(values):
    """Mean and half-width of the 95 % confidence interval of the mean."""
    v = [x for x in values if not math.isnan(x)]
    n = len(v)
    if n < 2:
        return (v[0] if v else float("nan")), float("nan")
    mean = sum(v) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in v) / (n - 1))
    t = _T975[n - 2] if n - 1 <= len(_T975) else 1.96
    return mean, t * sd / math.sqrt(n)


_counter = {}


def save(fig, notebook):
    """Saves `fig` as results/figures/<notebook>-<n>.png (n counts from 1 in each run)."""
    os.makedirs(FIGURES, exist_ok=True)
    _counter[notebook] = _counter.get(notebook, 0) + 1
    path = os.path.join(FIGURES, f"{notebook}-{_counter[notebook]}.png")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
