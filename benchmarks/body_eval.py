"""Article-body extraction from saved news pages: trafilatura (``events.readers``) against
the plain tag stripper (``events.corpus.html_to_text``), in the same run.

    python benchmarks/body_eval.py [--pages DIR] [--details]

The pages (``tests/data/pages/*.html``, built by ``tests/data/pages/build.py``) imitate
real news sites -- navigation, cookie banners, bylines, related links, comments, live
blogs, table layouts, a legacy encoding -- and each has its true article body beside it
(``STEM.txt``) and its metadata in ``truth.json``.

Measures, per extractor: shingle precision, recall and F1 of the extracted text against the
true body (word 4-grams, lower-cased, counted with multiplicity, summed over all pages);
the page's publication day against the true one (pages that have one); and the events
``events.extract`` finds in each text, with how many of them come from sentences outside
the article (menus, related links, comments). The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):  # python benchmarks/body_eval.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests" / "data" / "pages"
K = 4
_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = K) -> Counter:
    """Word k-grams of ``text``, lower-cased, with their counts.

    >>> sorted(shingles("A b c d e", 4))
    [('a', 'b', 'c', 'd'), ('b', 'c', 'd', 'e')]
    """
    words = _WORD.findall(text.casefold())
    return Counter(tuple(words[i:i + k]) for i in range(max(0, len(words) - k + 1)))


def overlap(pred: str, true: str) -> tuple[int, int, int]:
    """(shared, predicted, true) shingle counts."""
    p, t = shingles(pred), shingles(true)
    return sum((p & t).values()), sum(p.values()), sum(t.values())


def prf(shared: int, npred: int, ntrue: int) -> dict:
    p = shared / npred if npred else 0.0
    r = shared / ntrue if ntrue else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _events(text: str, day: str | None, truth: str) -> tuple[int, int]:
    """(events found, of which from sentences outside the true article body)."""
    from events.extract import extract_document
    from events.model import Document

    records = extract_document(Document(id="page", text=text, published=day))
    body = _norm(truth)
    outside = sum(1 for r in records
                  if any(_norm(m.get("sentence") or "") not in body for m in r["mentions"]))
    return len(records), outside


def evaluate(pages: Path = PAGES, details: bool = False) -> dict:
    from events.corpus import html_to_text
    from events.readers import decode_html, read_bytes

    truth = json.loads((pages / "truth.json").read_text(encoding="utf-8"))
    extractors = {
        "trafilatura": lambda data, name: read_bytes(data, name).text,
        "tag_stripper": lambda data, name: html_to_text(decode_html(data, name)),
    }
    totals = {k: [0, 0, 0] for k in extractors}
    seconds = dict.fromkeys(extractors, 0.0)
    events = {k: [0, 0] for k in extractors}
    dated = right = 0
    wrong_dates, rows = [], []
    for name, meta in sorted(truth.items()):
        data = (pages / name).read_bytes()
        true_text = (pages / name).with_suffix(".txt").read_text(encoding="utf-8")
        reading = read_bytes(data, name)
        if meta.get("published"):
            dated += 1
            if reading.published == meta["published"]:
                right += 1
            else:
                wrong_dates.append(f"{name}: page date {reading.published}, true {meta['published']}")
        elif reading.published:
            wrong_dates.append(f"{name}: has no date, read {reading.published}")
        row = [name]
        for key, fn in extractors.items():
            t0 = time.perf_counter()
            text = fn(data, name)
            seconds[key] += time.perf_counter() - t0
            counts = overlap(text, true_text)
            for i, c in enumerate(counts):
                totals[key][i] += c
            n, outside = _events(text, meta.get("published"), true_text)
            events[key][0] += n
            events[key][1] += outside
            row.append(f"{key} F1 {prf(*counts)['f1']:.3f} events {n} ({outside} outside)")
        rows.append("  ".join(row))
    out = {"pages": len(truth), "shingle_k": K}
    for key in extractors:
        out[key] = {**prf(*totals[key]), "events": events[key][0],
                    "events_outside_article": events[key][1],
                    "ms_per_page": round(1000 * seconds[key] / max(1, len(truth)), 2)}
    out["page_date"] = {"pages_with_date": dated, "correct_day": right,
                        "wrong": wrong_dates}
    out["notes"] = rows if details else []
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=Path, default=PAGES, help="folder of pages with truth.json")
    ap.add_argument("--details", action="store_true", help="one line per page")
    ap.add_argument("--quick", action="store_true", help="the same (the pages are few)")
    args = ap.parse_args(argv)
    out = evaluate(args.pages, details=args.details)
    print(f"{'extractor':<14} {'P':>7} {'R':>7} {'F1':>7} {'events':>7} {'outside':>8}")
    for key in ("trafilatura", "tag_stripper"):
        r = out[key]
        print(f"{key:<14} {r['precision']:7.3f} {r['recall']:7.3f} {r['f1']:7.3f} "
              f"{r['events']:7d} {r['events_outside_article']:8d}")
    d = out["page_date"]
    print(f"page date: {d['correct_day']}/{d['pages_with_date']} correct day; "
          + ("; ".join(d["wrong"]) or "no wrong dates"))
    for line in out["notes"]:
        print(line)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
