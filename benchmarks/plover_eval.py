"""Event extraction scored on hand-coded PLOVER records, with a keyword coder in the same run.

``python benchmarks/plover_eval.py [--records FILE] [--misses N]``; also a section of
``python -m benchmarks``.  The records (``../shared/plover-dev/records.jsonl`` beside the
checkout; see its README) are one-sentence news reports, each coded with one event: a PLOVER
category, source and target actors.  Each record is one document published 2000-01-01.

Measures (the README's), over records:

* ``event_recall``: records that give at least one event;
* ``type_accuracy``: records with an event of the gold category;
* ``source_recall`` / ``target_recall``: gold *state* source (target) codes found as the
  country of an actor of an event of the record, over all such gold codes;
* ``full_match``: records with one event of the gold category whose actors include every
  gold state source and target;
* ``events_per_record``: how many events a record gives (the gold has one).

The baseline is a plain keyword coder: the first keyword of the sentence (a short list per
category, in this file) gives the category; the gazetteer's actors before it are sources,
those after it targets.  The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):  # python benchmarks/plover_eval.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT.parent / "shared" / "plover-dev" / "records.jsonl"
PUBLISHED = "2000-01-01"

#: The keyword coder's list: a few common words per category, from PLOVER's definitions.
KEYWORDS = {
    "AGREE": "agree agreed agreement signed sign accord deal",
    "CONSULT": "met meet meeting talks visit visited visits discussed consult",
    "SUPPORT": "support supported backed praised welcomed endorsed",
    "CONCEDE": "conceded concede released eased lifted apologized",
    "COOPERATE": "cooperate cooperation cooperated",
    "AID": "aid assistance donated relief",
    "RETREAT": "withdrew withdraw withdrawal retreat",
    "REQUEST": "urged asked called demanded appealed request requested",
    "ACCUSE": "accused accuse criticized condemned blamed denounced",
    "REJECT": "rejected refused reject denied vetoed",
    "THREATEN": "threatened threaten warned threat",
    "PROTEST": "protest protested demonstrators demonstration strike",
    "SANCTION": "sanctions sanctioned embargo expelled suspended",
    "MOBILIZE": "mobilized troops deployed alert",
    "COERCE": "arrested detained seized blockade",
    "ASSAULT": "attacked attack killed bombed fighting clashes shelling",
}
_KEYWORD_RX = re.compile(r"\b(" + "|".join(sorted({w for ws in KEYWORDS.values() for w in ws.split()},
                                                  key=len, reverse=True)) + r")\b", re.IGNORECASE)
_KEYWORD_TYPE = {w: t for t, ws in KEYWORDS.items() for w in ws.split()}


def load_records(path: Path = RECORDS) -> list[dict]:
    """The records of a JSON Lines file; a clear error when the file is absent."""
    if not path.is_file():
        raise FileNotFoundError(
            f"PLOVER records not found at {path}: this benchmark needs ../shared/plover-dev/ "
            f"beside the checkout (see its README), or --records FILE")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _states(actors: list[dict]) -> set[str]:
    return {a["code_iso"] for a in actors if a.get("state") and a.get("code_iso")}


def _country(actor: dict) -> str | None:
    return actor.get("country") or (actor["id"] if actor.get("kind") == "state" else None)


def eventline_events(text: str, doc_id: str) -> list[dict]:
    """The project's events of one record (one document, merged)."""
    from events.extract import extract_document
    from events.merge import merge_events
    from events.model import Document
    return merge_events(extract_document(Document(id=doc_id, text=text, published=PUBLISHED)))


def keyword_events(text: str, doc_id: str) -> list[dict]:
    """The keyword coder: one event from the sentence's first keyword, or none."""
    from events.actors import get_gazetteer
    m = _KEYWORD_RX.search(text)
    if m is None:
        return []
    actors = []
    for a in get_gazetteer().find(text, when=PUBLISHED):
        role = "source" if a.end <= m.start() else "target"
        actors.append({"id": a.actor_id, "kind": a.kind, "country": a.country, "role": role})
    return [{"type": _KEYWORD_TYPE[m.group(1).lower()], "actors": actors, "trigger": m.group(1)}]


def score(records: list[dict], events_of) -> tuple[dict, list[dict]]:
    """The measures of one coder (``events_of(text, id) -> events``), and its misses."""
    n = len(records)
    got = Counter()
    misses = []
    for rec in records:
        events = events_of(rec["text"], rec["id"])
        gold_src, gold_tgt = _states(rec["source"]), _states(rec["target"])
        countries = {_country(a) for ev in events for a in ev["actors"]}
        typed = [ev for ev in events if ev["type"] == rec["event"]]
        got["events"] += len(events)
        got["event"] += bool(events)
        got["type"] += bool(typed)
        got["src_gold"] += len(gold_src)
        got["src"] += len(gold_src & countries)
        got["tgt_gold"] += len(gold_tgt)
        got["tgt"] += len(gold_tgt & countries)
        full = any(gold_src | gold_tgt <= {_country(a) for a in ev["actors"]} for ev in typed)
        got["full"] += full
        if not full:
            misses.append({"id": rec["id"], "gold": rec["event"], "text": rec["text"],
                           "got": [(ev["type"], ev.get("trigger"),
                                    sorted(filter(None, {_country(a) for a in ev["actors"]})))
                                   for ev in events]})
    pct = lambda a, b: round(100.0 * a / b, 1) if b else None  # noqa: E731
    return {
        "records": n,
        "event_recall": pct(got["event"], n),
        "type_accuracy": pct(got["type"], n),
        "source_recall": pct(got["src"], got["src_gold"]),
        "target_recall": pct(got["tgt"], got["tgt_gold"]),
        "full_match": pct(got["full"], n),
        "events_per_record": round(got["events"] / n, 2) if n else None,
    }, misses


TARGETS = {"event_recall": 95, "type_accuracy": 75, "source_recall": 85, "target_recall": 70,
           "full_match": 55}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=Path, default=RECORDS, help="records.jsonl to score")
    parser.add_argument("--misses", type=int, default=0, metavar="N",
                        help="print the first N records without a full match")
    parser.add_argument("--quick", action="store_true", help="(accepted; the run is small)")
    args = parser.parse_args(argv)
    try:
        records = load_records(args.records)
    except FileNotFoundError as exc:
        print(str(exc), file=sys.stderr)
        print(json.dumps({"benchmark": "plover_eval", "error": str(exc)}))
        return 2
    t = time.perf_counter()
    ours, misses = score(records, eventline_events)
    ours["seconds"] = round(time.perf_counter() - t, 2)
    base, _ = score(records, keyword_events)
    print(f"{'measure':<18} {'eventline':>9} {'keywords':>9} {'target':>7}")
    for key in ("event_recall", "type_accuracy", "source_recall", "target_recall", "full_match",
                "events_per_record"):
        goal = TARGETS.get(key, "<= 1.6" if key == "events_per_record" else "")
        print(f"{key:<18} {ours[key]!s:>9} {base[key]!s:>9} {goal!s:>7}")
    for miss in misses[:args.misses]:
        print(f"miss {miss['id']} {miss['gold']}: {miss['text']}\n    got {miss['got']}")
    print(json.dumps({"benchmark": "plover_eval", "records_file": str(args.records),
                      "eventline": ours, "keywords": base}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
