"""Run every benchmark in one process: ``python -m benchmarks [--quick]``.

Sections (each skipped with a note when its module is missing or fails):

* ``extract`` -- extraction KB/s and docs/s, 1 worker and all workers, and
  dateparser ``search_dates`` on the same texts (ratio; target >= 20x);
* ``cache``   -- cold vs cached re-run on the seeds (target cached < 1 s) and on
  a synthetic corpus, and a re-run after one file changed;
* ``graph``   -- graph build + filter time and peak memory at 1k/10k/100k
  events (``benchmarks/graph_bench.py``);
* ``ui``      -- the explorer at 100k events (``benchmarks/ui_bench.py``);
* ``body``    -- article-body extraction from saved news pages, trafilatura against the
  plain tag stripper: shingle P/R/F1, page dates, events each yields
  (``benchmarks/body_eval.py``; target F1 >= 0.95, precision >= 0.93).
* ``merge``   -- one dense document at 0.4/0.8/1.6/3.2 MB: CPU seconds per MB of
  extraction + merge, of the merge, and of the merge with every mention on one day,
  and their growth per doubling (target <= 1.3; ``benchmarks/merge_bench.py``);
* ``disputes`` -- disagreements between reports on written article pairs: precision and
  recall per kind (targets >= 90% / >= 80%; ``benchmarks/dispute_eval.py``).
* ``plover``  -- event extraction scored on the hand-coded PLOVER records in
  ``../shared/plover-dev/``, a keyword coder in the same run (``benchmarks/plover_eval.py``).

Prints a table, writes ``docs/scaling.png`` on full runs (``--plot`` to choose
the file, ``--no-plot`` to skip), and ends with ONE line of JSON holding every
figure, for scripts and CI to parse.  ``--quick`` stays under a minute.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import os
import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path

if __package__ in (None, ""):  # python benchmarks/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.extract_bench import Section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("extract", "engines", "cache", "graph", "ui", "body", "load", "merge", "disputes",
            "plover")


# ---------------------------------------------------------------------------
# adapters: one function per section, each returns a Section
# ---------------------------------------------------------------------------

def _extract(args, tmp: Path) -> Section:
    from benchmarks.extract_bench import bench_throughput
    return bench_throughput(quick=args.quick, workers=args.workers, tmp=tmp)


def _engines(args, tmp: Path) -> Section:
    from benchmarks.extract_bench import bench_engines
    return bench_engines(quick=args.quick, tmp=tmp)


def _cache(args, tmp: Path) -> Section:
    from benchmarks.extract_bench import bench_cache
    return bench_cache(quick=args.quick, tmp=tmp)


def _from_module(name: str, title: str, args, cli_args: tuple[list[str], list[str]] = ([], [])
                 ) -> Section:
    """Run ``benchmarks/<name>.py`` in this process and turn its answer into a Section.

    ``main(argv)`` is called with ``cli_args[0]`` (quick) or ``cli_args[1]``
    (full), exactly as from the command line; the last line it prints must be
    one JSON object and its other lines become notes.  A module without
    ``main`` may offer ``run(quick=...)`` returning a Section or a ``dict``.
    """
    mod = importlib.import_module(f"benchmarks.{name}")
    printed: list[str] = []
    if not hasattr(mod, "main") and hasattr(mod, "run"):
        out = mod.run(quick=args.quick)
    elif hasattr(mod, "main"):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            code = mod.main(list(cli_args[0] if args.quick else cli_args[1]))
        lines = [ln for ln in buf.getvalue().splitlines() if ln.strip()]
        if code not in (0, None) or not lines:
            raise RuntimeError(f"benchmarks/{name}.py main() returned {code!r}; output: {lines[-3:]}")
        try:
            out = json.loads(lines[-1])
        except json.JSONDecodeError as exc:
            raise RuntimeError(f"benchmarks/{name}.py: last line is not JSON: {lines[-1][:200]!r}") from exc
        printed = lines[:-1]
    else:
        raise AttributeError(f"benchmarks/{name}.py has neither run(quick=...) nor main(argv)")
    if isinstance(out, Section):
        out.name = title
        return out
    sec = Section(title)
    figures = getattr(out, "figures", out)
    if not isinstance(figures, dict):
        raise TypeError(f"benchmarks/{name}.py returned {type(out).__name__}, not a dict")
    for key, value in _flatten(figures).items():
        if "." in key and printed:  # nested detail: in the JSON; the printed lines explain it
            sec.figures[key] = value
        else:
            sec.add(key, key, value)
    for note in [*(getattr(out, "notes", None) or figures.get("notes") or []), *printed]:
        sec.notes.append(str(note))
    return sec


def _flatten(d: dict, prefix: str = "") -> dict:
    flat = {}
    for k, v in d.items():
        if k == "notes":
            continue
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            flat.update(_flatten(v, key + "."))
        elif isinstance(v, (int, float, str, bool)) or v is None:
            flat[key] = v
    return flat


def _graph(args, tmp: Path) -> Section:
    # quick: 1k and 10k events; full: 1k, 10k, 100k
    sec = _from_module("graph_bench", "graph build / filter / memory", args, (["--quick"], []))
    shown = (("build_s", "build", "s", "build_speedup_vs_naive", "naive add_node/add_edge / ours"),
             ("filter_warm_s", "filter, warm", "s", "filter_speedup_vs_scan", "full scan / ours"),
             ("build_peak_mb", "build peak memory", "MB", None, "tracemalloc"))
    sizes = sorted({int(k.split(".")[1]) for k in sec.figures if k.startswith("sizes.")})
    for n in sizes:
        for key, label, unit, ratio_key, what in shown:
            value = sec.figures.get(f"sizes.{n}.{key}")
            if value is None:
                continue
            ratio = sec.figures.get(f"sizes.{n}.{ratio_key}") if ratio_key else None
            note = f"{what}: {ratio:.1f}x" if isinstance(ratio, (int, float)) else what
            sec.rows.append((f"{label} @ {n:,} events", round(value, 4), unit, note))
    return sec


def _ui(args, tmp: Path) -> Section:
    # quick: 20k events, one repeat (~6 s); full: the 100k-event target, 5 repeats
    return _from_module("ui_bench", "explorer (UI)", args,
                        (["--events", "20000", "--repeat", "1"], ["--events", "100000"]))


def _body(args, tmp: Path) -> Section:
    sec = Section("article body (saved pages)")
    from benchmarks.body_eval import evaluate

    out = evaluate()
    sec.figures.update({k: v for k, v in out.items() if k != "notes"})
    for key, label in (("trafilatura", "trafilatura"), ("tag_stripper", "tag stripper")):
        r = out[key]
        for m in ("precision", "recall", "f1"):
            sec.rows.append((f"{label} {m} ({out['pages']} pages)", r[m], "",
                             "shingles" if m != "f1" else "target >= 0.95 (P >= 0.93)"))
        sec.rows.append((f"{label} events", r["events"], "",
                         f"{r['events_outside_article']} from outside the article"))
    d = out["page_date"]
    sec.rows.append(("page date, correct day", d["correct_day"], f"of {d['pages_with_date']}",
                     "; ".join(d["wrong"]) or "pages that have one"))
    return sec


def _load(args, tmp: Path) -> Section:
    # quick: 5 users on 5k events for 10 s; full: the 20 users on 20k events for
    # 60 s, after a ramp that finds where p95 passes 1 s
    return _from_module("load_bench", "shared server (load)", args,
                        (["--users", "5", "--events", "5000", "--seconds", "10"],
                         ["--users", "20", "--events", "20000", "--seconds", "60",
                          "--ramp", "5,10,20,30,40"]))




def _merge(args, tmp: Path) -> Section:
    # quick: 0.1/0.2/0.4 MB, one run each; full: 0.4/0.8/1.6/3.2 MB, best of two
    from benchmarks.merge_bench import bench_merge
    return bench_merge(quick=args.quick)


def _disputes(args, tmp: Path) -> Section:
    # the same in quick and full runs (about a second)
    from benchmarks.dispute_eval import TARGET_PRECISION, TARGET_RECALL, evaluate
    res = evaluate()
    sec = Section("disputes between reports")
    for kind, v in res["per_kind"].items():
        ok = v["precision"] >= TARGET_PRECISION and v["recall"] >= TARGET_RECALL
        sec.add(f"{kind}_precision", f"{kind}: precision", v["precision"], "",
                f"tp {v['tp']}, fp {v['fp']}")
        sec.add(f"{kind}_recall", f"{kind}: recall", v["recall"], "",
                f"fn {v['fn']}; {'ok' if ok else 'BELOW TARGET'} (>= 0.9 / >= 0.8)")
    sec.add("agreeing_flagged", "agreeing pairs flagged", res["agreeing_flagged"], "pairs",
            f"of {res['agreeing_pairs']}; {res['granularity_flagged']} for granularity")
    sec.add("merged_pairs", "pairs merged into one event", res["merged_pairs"], "pairs",
            f"of {res['pairs']}")
    sec.notes.extend(res["notes"])
    return sec


def _plover(args, tmp: Path) -> Section:
    # the same 163 records in quick and full runs (a few seconds)
    return _from_module("plover_eval", "PLOVER records (event quality)", args)


RUNNERS = {"extract": _extract, "engines": _engines, "cache": _cache, "graph": _graph, "ui": _ui,
           "body": _body, "load": _load, "merge": _merge, "disputes": _disputes,
           "plover": _plover}


# ---------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------

def _fmt(value) -> str:
    if isinstance(value, float):
        if value == 0:
            return "0"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 1:
            return f"{value:.2f}"
        return f"{value:.4f}"
    return str(value)


def print_table(sections: list[Section], out=None) -> None:
    out = out or sys.stdout
    rows = [(s.name, label, _fmt(v), unit, note) for s in sections for label, v, unit, note in s.rows]
    if not rows:
        return
    w = [max(len(r[i]) for r in rows) for i in range(4)]
    head = ("section", "metric", "value", "unit")
    w = [max(w[i], len(head[i])) for i in range(4)]
    print(f"{head[0]:<{w[0]}}  {head[1]:<{w[1]}}  {head[2]:>{w[2]}}  {head[3]:<{w[3]}}  note", file=out)
    print("-" * (sum(w) + 14), file=out)
    last = None
    for sec, label, value, unit, note in rows:
        shown = sec if sec != last else ""
        last = sec
        print(f"{shown:<{w[0]}}  {label:<{w[1]}}  {value:>{w[2]}}  {unit:<{w[3]}}  {note}", file=out)
    for s in sections:
        for note in s.notes:
            print(f"note [{s.name}]: {note}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, under a minute")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, metavar="SECTION",
                        help=f"run only these sections ({', '.join(SECTIONS)})")
    parser.add_argument("--workers", type=int, default=None,
                        help="workers for the parallel run (default: all cores)")
    parser.add_argument("--plot", type=Path, default=None,
                        help="write the scaling chart here (default docs/scaling.png on full runs)")
    parser.add_argument("--no-plot", action="store_true", help="do not write a chart")
    args = parser.parse_args(argv)
    if args.workers is not None and args.workers < 1:
        parser.error("--workers must be >= 1")

    started = time.perf_counter()
    sections: list[Section] = []
    skipped: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="eventline-bench-") as tmpdir:
        for name in args.only or SECTIONS:
            print(f"[benchmarks] {name} ...", file=sys.stderr, flush=True)
            t = time.perf_counter()
            try:
                sec = RUNNERS[name](args, Path(tmpdir))
            except ModuleNotFoundError as exc:
                skipped[name] = f"module missing: {exc.name}"
                print(f"[benchmarks] {name}: skipped ({skipped[name]})", file=sys.stderr)
                continue
            except Exception as exc:  # noqa: BLE001 - one broken section must not stop the rest
                skipped[name] = f"{type(exc).__name__}: {exc}"
                print(f"[benchmarks] {name}: FAILED\n{traceback.format_exc()}", file=sys.stderr)
                continue
            sec.figures["section_seconds"] = round(time.perf_counter() - t, 3)
            sections.append(sec)

    print_table(sections)
    for name, why in skipped.items():
        print(f"skipped [{name}]: {why}")

    figures = {
        "benchmark": "eventline",
        "quick": args.quick,
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "seconds": round(time.perf_counter() - started, 2),
        **{name: sec.figures for name, sec in zip(
            [n for n in (args.only or SECTIONS) if n not in skipped], sections, strict=True)},
        "skipped": skipped,
    }
    plot_path = None if args.no_plot else (args.plot or (None if args.quick else ROOT / "docs" / "scaling.png"))
    if plot_path is not None:
        try:
            from benchmarks.plot import write_scaling_chart
            figures["plot"] = str(write_scaling_chart(figures, plot_path))
        except Exception as exc:  # noqa: BLE001 - the figures still matter without a chart
            figures["plot"] = None
            print(f"[benchmarks] chart not written: {type(exc).__name__}: {exc}", file=sys.stderr)
    print(json.dumps(figures, sort_keys=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
