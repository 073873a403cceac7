"""``docs/scaling.png`` from the benchmark figures (matplotlib, Agg backend).

matplotlib is only needed here: ``pip install 'eventline[bench]'``.  Panels
whose figures are missing (a skipped section) say so instead of drawing.
"""

from __future__ import annotations

import re
from pathlib import Path


def _series(figures: dict, pattern: str) -> list[tuple[int, float]]:
    """Points ``(n, value)`` from keys such as ``sizes.10000.build_s`` (group 1 = n)."""
    rx = re.compile(pattern)
    pts = []
    for key, value in figures.items():
        m = rx.fullmatch(key)
        if m and isinstance(value, (int, float)):
            pts.append((int(m.group(1)), float(value)))
    return sorted(pts)


def _empty(ax, title: str, why: str) -> None:
    ax.set_title(title, fontsize=10)
    ax.text(0.5, 0.5, why, ha="center", va="center", transform=ax.transAxes, color="#777")
    ax.set_xticks([])
    ax.set_yticks([])


def write_scaling_chart(figures: dict, path: str | Path) -> Path:
    """Draw the 2x2 scaling chart from ``figures`` (the JSON of ``benchmarks.run``)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, axes = plt.subplots(2, 2, figsize=(11, 7.5))
    load = (figures.get("extract") or {}).get("load_average")
    fig.suptitle(f"eventline scaling ({figures.get('cpu_count')} cores, "
                 f"Python {figures.get('python')}{', quick run' if figures.get('quick') else ''}"
                 f"{f', load average {load}' if load else ''})", fontsize=12)

    # 1. extraction throughput against dateparser
    ax = axes[0][0]
    ex = figures.get("extract") or {}
    bars = [(label, ex.get(key)) for label, key in (
        ("dateparser\nsearch_dates", "dateparser_kb_s"),
        ("extract\n1 worker", "extract_kb_s_1"),
        (f"extract\n{ex.get('workers', 'N')} workers", "extract_kb_s_n"),
        ("extract\nDask local", "dask_kb_s"),
        ("extract, 1 w.\nper CPU-s", "extract_kb_cpu_s_1"),
    ) if isinstance(ex.get(key), (int, float))]
    if bars:
        colors = {"dateparser": "#999", "extract\n1": "#3b75af", "extract, 1": "#8fb3d9"}
        ax.bar([b[0] for b in bars], [b[1] for b in bars],
               color=[next((c for k, c in colors.items() if b[0].startswith(k)), "#1f4e79")
                      for b in bars])
        ax.set_yscale("log")
        ax.set_ylabel("KB/s (log)")
        for i, (_, v) in enumerate(bars):
            ax.text(i, v, f"{v:,.0f}", ha="center", va="bottom", fontsize=9)
        ratio = ex.get("extract_vs_dateparser")
        ax.set_title("Extraction throughput" + (f" ({ratio:.1f}x dateparser)" if ratio else ""),
                     fontsize=10)
        ax.tick_params(axis="x", labelsize=8)
    else:
        _empty(ax, "Extraction throughput", "not measured")

    # 2. cache: cold vs cached
    ax = axes[0][1]
    ca = figures.get("cache") or {}
    names = sorted({k[:-len("_cold_s")] for k in ca if k.endswith("_cold_s")})
    if names:
        xs = range(len(names))
        cold = [ca.get(f"{n}_cold_s", 0) for n in names]
        warm = [ca.get(f"{n}_cached_s", 0) for n in names]
        one = [ca.get(f"{n}_one_changed_s", 0) for n in names]
        w = 0.27
        ax.bar([x - w for x in xs], cold, w, label="cold", color="#c0504d")
        ax.bar(list(xs), one, w, label="1 file changed", color="#f0a04b")
        ax.bar([x + w for x in xs], warm, w, label="cached", color="#4f9a4f")
        ax.set_xticks(list(xs), names)
        ax.set_yscale("log")
        ax.set_ylabel("seconds (log)")
        ax.legend(fontsize=8)
        ax.set_title("Re-run with the SQLite cache", fontsize=10)
    else:
        _empty(ax, "Re-run with the SQLite cache", "not measured")

    # 3./4. graph time and memory by number of events
    gr = figures.get("graph") or {}
    time_series = {
        label: _series(gr, pat) for label, pat in (
            ("build", r"sizes\.(\d+)\.build_s"),
            ("filter (warm)", r"sizes\.(\d+)\.filter_warm_s"),
            ("filter (first)", r"sizes\.(\d+)\.filter_first_s"),
        )
    }
    ax = axes[1][0]
    if any(time_series.values()):
        for label, pts in time_series.items():
            if pts:
                ax.plot([p[0] for p in pts], [p[1] for p in pts], "o-", label=label)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("events")
        ax.set_ylabel("seconds")
        ax.legend(fontsize=8)
        ax.set_title("Graph build and filter", fontsize=10)
    else:
        _empty(ax, "Graph build and filter", "graph benchmark skipped")
    ax = axes[1][1]
    mem = _series(gr, r"sizes\.(\d+)\.build_peak_mb")
    if mem:
        ax.plot([p[0] for p in mem], [p[1] for p in mem], "o-", color="#7e57c2")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("events")
        ax.set_ylabel("peak MB")
        ax.set_title("Graph peak memory", fontsize=10)
    else:
        _empty(ax, "Graph peak memory", "graph benchmark skipped")

    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
