"""Disagreements between reports, scored on written pairs of articles (issue 17, items 1-2).

``python benchmarks/dispute_eval.py`` (and the ``disputes`` section of
``python -m benchmarks``): each pair of ``benchmarks/data/dispute_pairs.json`` is two
short documents with their publication dates; both are extracted
(``events.extract.extract_document``) and merged (``events.merge.merge_events``) on
their own, and the kinds of dispute found on the events that both documents report are
compared with the pair's known kinds.  Per kind (date, status, source, target,
number): precision and recall over pairs (targets: precision >= 90%, recall >= 80%);
then how many agreeing pairs were flagged at all, and how many of those differ only in
granularity (target: none); in how many pairs the two reports were merged, and how many
of the agreeing pairs that report one happening were (an agreeing pair that was not merged
tests nothing; the 'agree-twodays' pairs are two happenings and should not be).
Every miss and every false alarm is printed with its pair.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if __package__ in (None, ""):  # python benchmarks/dispute_eval.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PAIRS = Path(__file__).resolve().parent / "data" / "dispute_pairs.json"
KINDS = ("date", "status", "source", "target", "number")
TARGET_PRECISION, TARGET_RECALL = 0.90, 0.80


def judge_pair(pair: dict) -> tuple[set[str], bool, list[str]]:
    """The dispute kinds found between the pair's two documents, whether they were merged
    into one event at all, and the dispute lines."""
    from events.extract import extract_document
    from events.merge import merge_events
    from events.model import Document

    mentions = []
    for side in ("a", "b"):
        d = pair[side]
        doc = Document(id=f"{pair['id']}-{side}", text=d["text"], published=d["published"],
                       outlet=d.get("outlet"))
        mentions += extract_document(doc)
    both = {f"{pair['id']}-a", f"{pair['id']}-b"}
    shared = [e for e in merge_events(mentions) if both <= set(e["sources"])]
    found = {d["kind"] for e in shared for d in e.get("disputes", [])}
    return found, bool(shared), [e["dispute"] for e in shared if e.get("dispute")]


def evaluate(path: Path = PAIRS) -> dict:
    pairs = json.loads(path.read_text(encoding="utf-8"))["pairs"]
    counts = {k: {"tp": 0, "fp": 0, "fn": 0} for k in KINDS}
    notes, merged, flagged_agreeing, flagged_granularity, agreeing_merged = [], 0, 0, 0, 0
    for pair in pairs:
        gold = set(pair["disputes"])
        found, joined, lines = judge_pair(pair)
        merged += joined
        agreeing_merged += joined and not gold and not pair["id"].startswith("agree-twodays")
        for k in KINDS:
            if k in gold and k in found:
                counts[k]["tp"] += 1
            elif k in found:
                counts[k]["fp"] += 1
                notes.append(f"false alarm {k}: {pair['id']}: {'; '.join(lines)}")
            elif k in gold:
                counts[k]["fn"] += 1
                notes.append(f"missed {k}: {pair['id']}"
                             + ("" if joined else " (the two reports were not merged)"))
        if not gold and found:
            flagged_agreeing += 1
            flagged_granularity += pair["id"].startswith("agree-gran")
    per_kind = {}
    for k, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        per_kind[k] = {"precision": round(p, 3), "recall": round(r, 3), **c}
    return {"pairs": len(pairs), "merged_pairs": merged,
            "agreeing_pairs": sum(1 for p in pairs if not p["disputes"]),
            "agreeing_merged": agreeing_merged, "agreeing_flagged": flagged_agreeing, "granularity_flagged": flagged_granularity,
            "per_kind": per_kind, "notes": notes}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS, help="the pairs file (JSON)")
    args = parser.parse_args(argv)
    res = evaluate(args.pairs)
    print(f"{'kind':<8} {'precision':>9} {'recall':>7}   tp  fp  fn")
    for k, v in res["per_kind"].items():
        ok = v["precision"] >= TARGET_PRECISION and v["recall"] >= TARGET_RECALL
        print(f"{k:<8} {v['precision']:>9.1%} {v['recall']:>7.1%}  {v['tp']:>3} {v['fp']:>3} "
              f"{v['fn']:>3}  {'ok' if ok else 'BELOW TARGET'}")
    print(f"{res['pairs']} pairs, {res['merged_pairs']} merged into one event; "
          f"{res['agreeing_flagged']} of {res['agreeing_pairs']} agreeing pairs flagged "
          f"({res['granularity_flagged']} for a granularity difference); "
          f"{res['agreeing_merged']} agreeing reports of one happening merged")
    for note in res["notes"]:
        print(note)
    print(json.dumps({k: v for k, v in res.items() if k != "notes"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
