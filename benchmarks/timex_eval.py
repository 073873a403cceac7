"""Score the temporal tagger on TimeBank and AQUAINT (TempEval-3 Task A), next to dateparser.

Usage::

    python benchmarks/timex_eval.py [--quick] [--errors] [--timeml DIR] [--no-dateparser]

For each collection it reports strict span P/R/F1, relaxed (overlap) span P/R/F1, type F1
and value F1 (attribute accuracy over relaxed matches x relaxed F1), for
``events.timex.tag`` and for dateparser's ``search_dates`` (languages=['en'],
RELATIVE_BASE = the DCT; its datetimes mapped to day values, type DATE), plus throughput
in KB/s of both on the same documents and the speed ratio (CPU time of this process,
i.e. one core, after a warm-up call, best of 3 runs (1 with --quick); the machine may
be shared).  The last line of output is
one JSON object with all figures.

Data: /work/shared/timeml (see its README), located as ``<repo>/../shared/timeml``,
overridable with ``--timeml DIR`` or the environment variable EVENTLINE_TIMEML.
The DCT timex (functionInDocument="CREATION_TIME") is used as the DCT and not scored.

Value comparison canonicalizes a few TimeBank spellings that mean the same as ours:
decade ``197`` = ``197X``, century ``19`` = ``19XX``, week ``2000-W7`` = ``2000-W07``,
``1949-XX`` / ``1994-XX-XX`` (a year with unknown month/day) = ``1949``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import time
import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from events.timex import tag  # noqa: E402

COLLECTIONS = ("TimeBank", "AQUAINT")


def default_timeml_dir() -> Path:
    env = os.environ.get("EVENTLINE_TIMEML")
    if env:
        return Path(env)
    return REPO.parent / "shared" / "timeml"


@dataclass
class Doc:
    name: str
    text: str
    dct: str | None
    gold: list = field(default_factory=list)  # (start, end, type, value)


def _walk(elem, parts, gold, pos):
    """Append elem's text content to parts; record TIMEX3 offsets.  Returns new pos."""
    start = pos
    if elem.text:
        parts.append(elem.text)
        pos += len(elem.text)
    for child in elem:
        pos = _walk(child, parts, gold, pos)
        if child.tail:
            parts.append(child.tail)
            pos += len(child.tail)
    if elem.tag == "TIMEX3":
        gold.append((start, pos, elem.get("type"), elem.get("value") or ""))
    return pos


def load_doc(path: Path) -> Doc:
    root = ET.parse(path).getroot()
    dct = None
    for t in root.iter("TIMEX3"):
        if t.get("functionInDocument") == "CREATION_TIME":
            dct = (t.get("value") or "")[:10] or None
            break
    text_el = root.find(".//TEXT")
    parts: list[str] = []
    gold: list = []
    if text_el is not None:
        if text_el.text:
            parts.append(text_el.text)
        pos = len(text_el.text or "")
        for child in text_el:
            pos = _walk(child, parts, gold, pos)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
    return Doc(path.stem, "".join(parts), dct, sorted(gold))


def load_collection(base: Path, name: str, limit: int | None = None) -> list[Doc]:
    files = sorted((base / name).glob("*.tml"))
    if limit:
        files = files[:limit]
    return [load_doc(f) for f in files]


def canon(value: str) -> str:
    """Canonical spelling of a TIMEX3 value for comparison."""
    v = (value or "").strip()
    if re.fullmatch(r"[0-9]{3}", v):
        return v + "X"
    if re.fullmatch(r"[0-9]{2}", v):
        return v + "XX"
    m = re.fullmatch(r"([0-9X]{4})-W([0-9])(?![0-9])(.*)", v)
    if m:
        v = f"{m.group(1)}-W0{m.group(2)}{m.group(3)}"
    m = re.fullmatch(r"([0-9]{4})(?:-XX)+", v)  # 1949-XX: "some month of 1949" = 1949
    if m:
        v = m.group(1)
    return v


# --------------------------------------------------------------------------- taggers


def run_ours(doc: Doc) -> list:
    return [(t.start, t.end, t.type, t.value) for t in tag(doc.text, doc.dct)]


def _dateparser_setup():
    warnings.filterwarnings("ignore")
    from dateparser.search import search_dates
    return search_dates


def run_dateparser(doc: Doc, search_dates) -> list:
    settings = {}
    if doc.dct:
        try:
            settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(doc.dct)
        except ValueError:
            pass
    try:
        found = search_dates(doc.text, languages=["en"], settings=settings) or []
    except Exception:  # dateparser raises on odd input; score it as no output
        found = []
    out, pos = [], 0
    for surface, when in found:
        i = doc.text.find(surface, pos)
        if i < 0:
            i = doc.text.find(surface)
            if i < 0:
                continue
        else:
            pos = i + len(surface)
        out.append((i, i + len(surface), "DATE", when.date().isoformat()))
    return out


# --------------------------------------------------------------------------- scoring


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, other: Counts):
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def figures(self) -> dict:
        def prf(tp):
            p = tp / self.pred if self.pred else 0.0
            r = tp / self.gold if self.gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return p, r, f

        sp, sr, sf = prf(self.strict)
        rp, rr, rf = prf(self.relaxed)
        type_acc = self.type_ok / self.relaxed if self.relaxed else 0.0
        value_acc = self.value_ok / self.relaxed if self.relaxed else 0.0
        return {"strict_p": sp, "strict_r": sr, "strict_f1": sf, "relaxed_p": rp,
                "relaxed_r": rr, "relaxed_f1": rf, "type_f1": type_acc * rf,
                "value_f1": value_acc * rf, "gold": self.gold, "pred": self.pred}


def score(gold: list, pred: list, errors: list | None = None, text: str = "") -> Counts:
    """TempEval-3 style matching: each gold timex matches at most one prediction
    (the one with the largest overlap)."""
    c = Counts(gold=len(gold), pred=len(pred))
    used = set()
    for g in gold:
        best, best_ov = None, 0
        for j, p in enumerate(pred):
            if j in used:
                continue
            ov = min(g[1], p[1]) - max(g[0], p[0])
            if ov > best_ov:
                best, best_ov = j, ov
        if best is None:
            if errors is not None:
                errors.append(("FN", text[g[0]:g[1]], g[2], g[3], "", _ctx(text, g)))
            continue
        used.add(best)
        p = pred[best]
        c.relaxed += 1
        c.strict += (p[0], p[1]) == (g[0], g[1])
        c.type_ok += p[2] == g[2]
        ok = canon(p[3]) == canon(g[3])
        c.value_ok += ok
        if errors is not None and (not ok or (p[0], p[1]) != (g[0], g[1])):
            kind = "VAL" if not ok else "SPAN"
            errors.append((kind, text[g[0]:g[1]], g[2], g[3],
                           f"{text[p[0]:p[1]]!r} {p[2]} {p[3]}", _ctx(text, g)))
    if errors is not None:
        for j, p in enumerate(pred):
            if j not in used:
                errors.append(("FP", text[p[0]:p[1]], p[2], p[3], "", _ctx(text, p)))
    return c


def _ctx(text: str, span) -> str:
    s, e = span[0], span[1]
    return " ".join((text[max(0, s - 50):s] + "[[" + text[s:e] + "]]" + text[e:e + 40]).split())


# --------------------------------------------------------------------------- main


def _timed(fn, repeats: int):
    """(result, best CPU seconds of `repeats` runs), as timeit does."""
    best, result = None, None
    for _ in range(repeats):
        t0 = time.process_time()
        result = fn()
        spent = time.process_time() - t0
        best = spent if best is None else min(best, spent)
    return result, best


def evaluate(base: Path, quick: bool = False, errors: bool = False,
             with_dateparser: bool = True, out=sys.stdout) -> dict:
    """Run both taggers over both collections; print a table; return the figures."""
    limit = 12 if quick else None
    repeats = 1 if quick else 3
    search_dates = _dateparser_setup() if with_dateparser else None
    results: dict = {}
    error_rows: list = []
    for coll in COLLECTIONS:
        docs = load_collection(base, coll, limit)
        nbytes = sum(len(d.text.encode("utf-8")) for d in docs)
        run_ours(docs[0])  # warm-up: load and compile the rules
        counts = Counts()
        preds, ours_s = _timed(lambda docs=docs: [run_ours(d) for d in docs], repeats)
        for d, p in zip(docs, preds, strict=True):
            errs = [] if errors else None
            counts.add(score(d.gold, p, errs, d.text))
            if errs:
                error_rows.extend((coll, d.name, *e) for e in errs)
        results[(coll, "eventline")] = {**counts.figures(), "kb_s": nbytes / 1024 / ours_s,
                                        "seconds": ours_s, "docs": len(docs), "kb": nbytes / 1024}
        if search_dates:
            dp_docs = docs if not quick else docs[:4]
            run_dateparser(docs[-1], search_dates)  # warm-up: language data, caches
            dp_bytes = sum(len(d.text.encode("utf-8")) for d in dp_docs)
            counts = Counts()
            dpreds, dp_s = _timed(lambda dp_docs=dp_docs: [run_dateparser(d, search_dates)
                                                           for d in dp_docs],
                                  repeats)
            for d, p in zip(dp_docs, dpreds, strict=True):
                counts.add(score(d.gold, p))
            results[(coll, "dateparser")] = {**counts.figures(), "kb_s": dp_bytes / 1024 / dp_s,
                                             "seconds": dp_s, "docs": len(dp_docs),
                                             "kb": dp_bytes / 1024}
    if errors:
        for row in error_rows:
            print("\t".join(str(x) for x in row), file=out)
    head = (f"{'collection':10} {'tagger':10} {'docs':>4} {'gold':>5} {'pred':>5} "
            f"{'strP':>5} {'strR':>5} {'strF1':>5} {'relP':>5} {'relR':>5} {'relF1':>5} "
            f"{'typF1':>5} {'valF1':>5} {'KB/s':>8}")
    print(head, file=out)
    print("-" * len(head), file=out)
    for (coll, name), f in results.items():
        print(f"{coll:10} {name:10} {f['docs']:>4} {f['gold']:>5} {f['pred']:>5} "
              + " ".join(f"{100 * f[k]:5.1f}" for k in ("strict_p", "strict_r", "strict_f1",
                                                         "relaxed_p", "relaxed_r",
                                                         "relaxed_f1", "type_f1", "value_f1"))
              + f" {f['kb_s']:8.1f}", file=out)
    summary = {f"{coll}.{name}": {k: (round(v, 4) if isinstance(v, float) else v)
                                   for k, v in f.items()} for (coll, name), f in results.items()}
    for coll in COLLECTIONS:
        if (coll, "dateparser") in results:
            ratio = results[(coll, "eventline")]["kb_s"] / results[(coll, "dateparser")]["kb_s"]
            summary[f"{coll}.speed_ratio"] = round(ratio, 1)
            print(f"{coll}: eventline is {ratio:.1f}x faster than dateparser.search_dates",
                  file=out)
    summary["quick"] = quick
    print(json.dumps(summary, sort_keys=True), file=out)
    return summary


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="12 documents per collection "
                    "(dateparser on 4): runs in well under a minute")
    ap.add_argument("--errors", action="store_true",
                    help="list false negatives (FN), false positives (FP), value (VAL) and "
                    "span (SPAN) errors of eventline, tab-separated, before the table")
    ap.add_argument("--timeml", type=Path, default=None,
                    help="folder holding TimeBank/ and AQUAINT/ (default: "
                    "$EVENTLINE_TIMEML or <repo>/../shared/timeml)")
    ap.add_argument("--no-dateparser", action="store_true", help="skip the dateparser baseline")
    args = ap.parse_args(argv)
    base = args.timeml or default_timeml_dir()
    missing = [c for c in COLLECTIONS if not (base / c).is_dir()]
    if missing:
        print(f"error: TimeML data not found: {base} lacks {', '.join(missing)}/ "
              "(use --timeml DIR or EVENTLINE_TIMEML)", file=sys.stderr)
        return 2
    evaluate(base, quick=args.quick, errors=args.errors,
             with_dateparser=not args.no_dateparser)
    return 0


if __name__ == "__main__":
    sys.exit(main())
