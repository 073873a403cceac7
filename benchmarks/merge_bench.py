"""Extraction and merge of one long dense document as it doubles in size (issue 19, item 7).

``python benchmarks/merge_bench.py [--quick]`` (and the ``merge`` section of
``python -m benchmarks``): one document written by :func:`benchmarks.synth_corpus.generate_text`
with ``profile="dense"`` (about eight dated events per KB, one publication date) at
0.4, 0.8, 1.6 and 3.2 MB (``--quick``: 0.1, 0.2, 0.4).  For each size, the CPU seconds
of ``extract_document`` and of ``merge_events`` on its mentions, and of the merge once
more with every mention moved to the publication day (what dating reported events by
publication does to a text that gives no dates: many mentions share one date, the case
that made the merge quadratic).  Printed: seconds per MB and, between each size and the
one before, the ratio of seconds per MB (target: at most 1.3 per doubling).

CPU time (``time.process_time``, the best of ``--repeat`` runs) rather than wall time:
this runs in one process, and on a shared machine wall time mostly measures the
neighbours.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # python benchmarks/merge_bench.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.extract_bench import Section  # noqa: E402

SIZES_MB = (0.4, 0.8, 1.6, 3.2)
QUICK_SIZES_MB = (0.1, 0.2, 0.4)
DCT = "2023-06-01"
TARGET_RATIO = 1.3


def _cpu(fn, repeat: int):
    """The least CPU seconds of ``repeat`` runs of ``fn`` and its last result."""
    best, out = None, None
    for _ in range(max(1, repeat)):
        gc.collect()
        t = time.process_time()
        out = fn()
        dt = time.process_time() - t
        best = dt if best is None else min(best, dt)
    return best, out


def on_publication_day(mentions: list[dict], day: str = DCT) -> list[dict]:
    """The mentions, each dated ``day`` (a copy; the records are not changed)."""
    date = {"value": day, "type": "DATE", "granularity": "day", "start": day, "end": day,
            "mod": None, "text": day}
    return [{**m, "date": dict(date)} for m in mentions]


def measure(sizes_mb=SIZES_MB, repeat: int = 2, seed: int = 5) -> list[dict]:
    """One row per size: bytes, mentions, merged events and CPU seconds of each stage."""
    from benchmarks.synth_corpus import generate_text
    from events.extract import extract_document
    from events.merge import merge_events
    from events.model import Document

    warm = Document(id="warm", text=generate_text(20_000, seed=seed + 1, profile="dense"),
                    published=DCT)
    merge_events(extract_document(warm))  # rules, gazetteers and caches load outside timing
    rows = []
    for mb in sizes_mb:
        text = generate_text(int(mb * 1024 * 1024), seed=seed, profile="dense")
        doc = Document(id="dense", text=text, published=DCT)
        extract_s, mentions = _cpu(lambda doc=doc: extract_document(doc), repeat)
        merge_s, merged = _cpu(lambda m=mentions: merge_events(m), repeat)
        one_day = on_publication_day(mentions)
        one_day_s, merged_one_day = _cpu(lambda m=one_day: merge_events(m), repeat)
        rows.append({
            "mb": round(len(text.encode("utf-8")) / 2**20, 3), "mentions": len(mentions),
            "events": len(merged), "extract_s": round(extract_s, 3),
            "merge_s": round(merge_s, 3), "total_s": round(extract_s + merge_s, 3),
            "one_day_merge_s": round(one_day_s, 3), "one_day_events": len(merged_one_day),
        })
    return rows


def ratios(rows: list[dict], key: str) -> list[float]:
    """Seconds per MB of each row over those of the row before (one per doubling)."""
    per_mb = [r[key] / r["mb"] for r in rows]
    return [round(b / a, 2) if a else float("nan") for a, b in zip(per_mb[:-1], per_mb[1:], strict=True)]


STAGES = (("total_s", "extract + merge"), ("merge_s", "merge"),
          ("one_day_merge_s", "merge, all mentions on one day"))


def bench_merge(quick: bool = False, repeat: int | None = None) -> Section:
    sizes = QUICK_SIZES_MB if quick else SIZES_MB
    rows = measure(sizes, repeat=repeat or (1 if quick else 2))
    sec = Section("dense document: extract + merge")
    sec.figures["sizes"] = {str(mb): row for mb, row in zip(sizes, rows, strict=True)}
    worst = {}
    for key, label in STAGES:
        rs = ratios(rows, key)
        worst[key] = max(rs) if rs else None
        sec.figures[f"{key}_per_mb_ratios"] = rs
        for i, row in enumerate(rows):
            note = f"{row['mentions']:,} mentions"
            if i:
                ok = "ok" if rs[i - 1] <= TARGET_RATIO else "OVER TARGET"
                note += f"; per MB x{rs[i - 1]:.2f} vs {rows[i - 1]['mb']:.1f} MB ({ok})"
            sec.rows.append((f"{label} @ {row['mb']:.1f} MB", round(row[key] / row["mb"], 3),
                             "CPU s/MB", note))
    sec.figures["max_ratio"] = worst
    sec.notes.append(f"time per MB between doublings, target <= {TARGET_RATIO}: "
                     + "; ".join(f"{label} {worst[key]}" for key, label in STAGES))
    return sec


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="0.1, 0.2 and 0.4 MB, one run")
    parser.add_argument("--repeat", type=int, default=None, help="runs per size (best is kept)")
    args = parser.parse_args(argv)
    sec = bench_merge(quick=args.quick, repeat=args.repeat)
    for label, value, unit, note in sec.rows:
        print(f"{label:<48} {value:>8.3f} {unit:<9} {note}")
    for note in sec.notes:
        print(note)
    print(json.dumps(sec.figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
