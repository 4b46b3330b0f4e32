"""The house style for figures: one place for sizes, fonts and colours."""
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter  # noqa: E402

COLORS = {"A": "#1f77b4", "B": "#d62728", "total": "#2ca02c", "theory": "0.25", "fit": "#ff7f0e"}
RC = {
    "figure.figsize": (5.0, 3.5),
    "figure.dpi": 150,
    "font.size": 9,
    "axes.labelsize": 9,
    "axes.titlesize": 9,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "errorbar.capsize": 2,
    "lines.markersize": 4,
    "savefig.bbox": "tight",
    "pdf.fonttype": 42,
}


def figure(**kw):
    with plt.rc_context(RC):
        return plt.subplots(**kw)


def save(fig, path_stem):
    """Write vector PDF and PNG next to each other; returns the two paths."""
    with plt.rc_context(RC):
        out = [f"{path_stem}.pdf", f"{path_stem}.png"]
        for p in out:
            fig.savefig(p)
    plt.close(fig)
    return out


def plain_log_ticks(ax, which="both"):
    """Log axes labelled in plain numbers (0.02, 200, 500) at ticks spaced for the axis's range
    (1-2-3-5 within a decade, 1-2-5 over two, decades beyond), without matplotlib's exponent-style
    or crowded minor labels. Call after the data are drawn."""
    for name in (("x", "y") if which == "both" else (which,)):
        axis = getattr(ax, name + "axis")
        lo, hi = sorted(getattr(ax, f"get_{name}lim")())
        decades = math.log10(hi / lo) if lo > 0 else 3.0
        subs = (1.0, 2.0, 3.0, 5.0) if decades <= 1.2 else (1.0, 2.0, 5.0) if decades <= 2.5 else (1.0,)
        axis.set_major_locator(LogLocator(base=10, subs=subs))
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        axis.set_minor_formatter(NullFormatter())
