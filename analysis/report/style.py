"""The house style for figures: one place for sizes, fonts and colours."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

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
