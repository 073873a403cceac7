"""Benchmark the graph layer: build, filter and export at 1k / 10k / 100k events.

Usage::

    python benchmarks/graph_bench.py            # 1k, 10k, 100k
    python benchmarks/graph_bench.py --quick    # 1k, 10k (under a minute)

Records come from :func:`benchmarks.synth_events.synth_events` (generated
outside every timing).  For each size it measures

* ``build``: :func:`graph.build.build_graph` with documents (as the app
  calls it) and without (median of repeats), and, as the baseline, the same
  graph built naively (``add_node`` / ``add_edge`` per item, the same
  attribute values but no cleaning, validation, aliases or extents, garbage
  collector left on); the ratio is naive / ``build_graph`` with documents;
* ``filter``: a typical browser filter -- two actors (the most frequent
  state and a person), a date range and a type -- first call (builds the
  index) and warm (median of 20), against a baseline that scans every node
  and its predecessors and returns ``G.subgraph``; the two must agree.  Also
  a broad filter (``date_from=1990``, about half the events; median of 5),
  one pass over its result, and the same filter through
  ``matching_events`` (event ids only, no subgraph);
* ``gc_after_build``: the first full ``gc.collect()`` after a build (the
  build pauses the collector; this is the deferred scan of its objects);
* ``export``: every format into ``io.BytesIO`` at sizes <= 10k;
* peak Python memory of a build (``tracemalloc``, separate untimed run);

then prints growth ratios (time per event, 10k/1k and 100k/10k) and ends with
one JSON line of all figures.  Goals: 100k build < 5 s, warm filter < 0.2 s.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import networkx as nx  # noqa: E402
from synth_events import synth_events  # noqa: E402

from graph.build import build_graph  # noqa: E402
from graph.export import EXPORTERS  # noqa: E402
from graph.query import (  # noqa: E402
    Filter,
    actor_projection,
    filter_graph,
    graph_index,
    invalidate,
    matching_events,
)


def timed(fn, repeat=1):
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def naive_build(events, documents):
    """Baseline: one add_node / add_edge call per item, same nodes and attribute values."""
    G = nx.MultiDiGraph()
    for d in documents:
        G.add_node("document:" + d["id"], kind="document", label=d["title"] or d["id"],
                   outlet=d["outlet"] or "", author=d["author"] or "",
                   published=d["published"] or "", file=d["file"] or "",
                   published_estimated=bool(d["published_estimated"]),
                   dct_inferred=bool(d["dct_inferred"]), n_events=0)
    for e in events:
        d = e.get("date") or {}
        G.add_node(e["id"], kind="event", label=e["label"], date=d.get("value") or "",
                   date_text=d.get("text") or "", start=d.get("start") or "",
                   end=d.get("end") or "", granularity=d.get("granularity") or "",
                   mod=d.get("mod") or "", type=e["type"], status=e["status"],
                   trigger=e.get("trigger") or "", confidence=float(e["confidence"]),
                   sources=" ".join(e["sources"]), n_sources=len(e["sources"]),
                   evidence="\n\n".join(dict.fromkeys(m["sentence"] for m in e["mentions"])),
                   n_mentions=len(e["mentions"]), curated=e.get("curated") is True)
        for a in e["actors"]:
            aid = "actor:" + a["id"]
            if aid not in G:
                G.add_node(aid, kind="actor", label=a["label"], actor_type=a["kind"],
                           country=a.get("country") or "", aliases="", n_events=0)
            G.nodes[aid]["n_events"] += 1
            G.add_edge(aid, e["id"], key=a["role"], role=a["role"])
        for src in e["sources"]:
            G.nodes["document:" + src]["n_events"] += 1
            G.add_edge(e["id"], "document:" + src, key="reported_by", role="reported_by")
    return G


def naive_filter(G, actors, types, lo, hi):
    """Baseline: scan every event node and its predecessors, then G.subgraph."""
    keep = set()
    for n, d in G.nodes(data=True):
        if d.get("kind") != "event" or d["type"] not in types:
            continue
        if not d["start"] or d["start"] > hi or d["end"] < lo:
            continue
        preds = list(G.predecessors(n))
        if not any(p in actors or G.nodes[p].get("country") in {a[6:] for a in actors}
                   for p in preds):
            continue
        keep.add(n)
        keep.update(preds)
        keep.update(G.successors(n))
    return G.subgraph(keep)


def typical_filter(events):
    counts: dict[tuple[str, str], int] = {}
    for e in events:
        for a in e["actors"]:
            counts[(a["id"], a["kind"])] = counts.get((a["id"], a["kind"]), 0) + 1
    state = max((k for k in counts if k[1] == "state"), key=counts.get)[0]
    person = max((k for k in counts if k[1] == "person"), key=counts.get)[0]
    return Filter(actors=(state, person), date_from="1990-06", date_to="2015", types=("CONSULT",))


def peak_memory(fn) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def bench_size(n: int, export_max: int) -> dict:
    """All figures for one size."""
    events, documents = synth_events(n, seed=0)
    row = graph_figures(n, events, documents, export_max)  # its graphs are freed on return
    gc.collect()
    row["build_peak_mb"] = peak_memory(lambda: build_graph(events, documents)) / 1e6
    return row


def graph_figures(n: int, events: list, documents: list, export_max: int) -> dict:
    repeat = 5 if n <= 1_000 else (3 if n <= 10_000 else 1)
    t_build, G = timed(lambda: build_graph(events, documents), repeat)
    t_nodocs, _ = timed(lambda: build_graph(events), repeat)
    t_naive, N = timed(lambda: naive_build(events, documents), repeat)
    assert (N.number_of_nodes(), N.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    del N
    # build_graph pauses the cyclic collector; the first collection afterwards
    # scans the new objects once.  Timed on its own so filters are not charged.
    t_gc, _ = timed(gc.collect)
    f = typical_filter(events)
    invalidate(G)
    t_index, _ = timed(lambda: graph_index(G))
    t_first = t_index + timed(lambda: filter_graph(G, f))[0]
    t_warm, H = timed(lambda: filter_graph(G, f), 20)
    broad = Filter(date_from="1990")  # about half of all events
    t_broad, HB = timed(lambda: filter_graph(G, broad), 5)
    t_broad_ids, _ = timed(lambda: matching_events(G, broad), 5)
    broad_events = sum(1 for _, d in HB.nodes(data=True) if d["kind"] == "event")
    t_iter, _ = timed(lambda h=HB: (sum(1 for _ in h.nodes(data=True)), h.number_of_edges()))
    HB = None
    t_count, _ = timed(lambda: (len(H), H.number_of_edges()))
    actors = {"actor:" + a for a in f.actors}
    lo, hi = f.day_from, f.day_to
    t_scan, B = timed(lambda: naive_filter(G, actors, set(f.types), lo, hi), 3)
    assert set(H) == set(B), "filter_graph and the baseline scan disagree"
    t_proj, _ = timed(lambda: actor_projection(H))
    row = {
        "events": n, "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
        "build_s": t_build, "build_no_documents_s": t_nodocs, "build_naive_s": t_naive,
        "build_speedup_vs_naive": t_naive / t_build,
        "build_us_per_event": 1e6 * t_build / n,
        "gc_after_build_s": t_gc,
        "index_s": t_index, "filter_first_s": t_first, "filter_warm_s": t_warm,
        "filter_broad_s": t_broad, "filter_broad_events": broad_events,
        "filter_broad_iterate_s": t_iter, "matching_events_broad_s": t_broad_ids,
        "filter_scan_baseline_s": t_scan, "filter_speedup_vs_scan": t_scan / t_warm,
        "filtered_events": sum(1 for _, d in H.nodes(data=True) if d["kind"] == "event"),
        "filtered_nodes": len(H), "count_view_s": t_count, "projection_filtered_s": t_proj,
    }
    if n <= export_max:
        for fmt, (write, _ext, _mime) in EXPORTERS.items():
            buf = io.BytesIO()
            row[f"export_{fmt}_s"] = timed(lambda w=write, b=buf: w(G, b))[0]
            row[f"export_{fmt}_mb"] = len(buf.getvalue()) / 1e6
        row["export_graphml_filtered_s"] = timed(
            lambda: EXPORTERS["graphml"].write(H, io.BytesIO()))[0]
    return row


def run(sizes, export_max=10_000):
    figures = {"sizes": {}, "cpu_count": os.cpu_count()}
    for n in sizes:
        row = figures["sizes"][str(n)] = bench_size(n, export_max)
        gc.collect()
        print(f"{n:>7} events: build {row['build_s']:.3f}s (without documents"
              f" {row['build_no_documents_s']:.3f}s; naive baseline {row['build_naive_s']:.3f}s,"
              f" x{row['build_speedup_vs_naive']:.2f}), peak {row['build_peak_mb']:.0f} MB;"
              f" index {row['index_s']:.3f}s; filter first {row['filter_first_s']:.4f}s"
              f" warm {row['filter_warm_s']:.4f}s (scan {row['filter_scan_baseline_s']:.4f}s,"
              f" x{row['filter_speedup_vs_scan']:.1f}) -> {row['filtered_events']} events;"
              f" broad filter {row['filter_broad_s']:.3f}s -> {row['filter_broad_events']} events"
              f" (iterate {row['filter_broad_iterate_s']:.3f}s; ids only"
              f" {row['matching_events_broad_s']:.3f}s); gc after build"
              f" {row['gc_after_build_s']:.3f}s", flush=True)
        if n <= export_max:
            print("         export " + ", ".join(
                f"{fmt} {row[f'export_{fmt}_s']:.3f}s/{row[f'export_{fmt}_mb']:.1f}MB"
                for fmt in EXPORTERS), flush=True)
    keys = sorted(figures["sizes"], key=int)
    growth = {}
    for a, b in zip(keys, keys[1:], strict=False):
        ra, rb = figures["sizes"][a], figures["sizes"][b]
        growth[f"build_per_event_{b}/{a}"] = rb["build_us_per_event"] / ra["build_us_per_event"]
        growth[f"filter_warm_{b}/{a}"] = rb["filter_warm_s"] / ra["filter_warm_s"]
    figures["growth"] = growth
    for k, v in growth.items():
        print(f"growth {k}: {v:.2f}")
    last = figures["sizes"][keys[-1]]
    figures["goals"] = {
        "build_100k_under_5s": last["build_s"] < 5 if keys[-1] == "100000" else None,
        "filter_under_0.2s": all(r["filter_warm_s"] < 0.2 for r in figures["sizes"].values()),
        "broad_filter_under_0.2s": all(r["filter_broad_s"] < 0.2 for r in figures["sizes"].values()),
    }
    print(json.dumps(figures, sort_keys=True))
    return figures


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="only 1k and 10k events (under a minute)")
    args = p.parse_args(argv)
    run([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
