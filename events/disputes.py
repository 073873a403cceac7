"""What the reports of one happening disagree on (issue 17, items 1-2).

The merge (:mod:`events.merge`) joins the mentions of one happening across documents.
This module compares the single-mention records that went into one merged event and
names their disagreements, one kind at a time (the rules are in
``events/data/disputes.tsv``):

* **date**: compatible when one contains the other (2022 ⊇ 2022-02 ⊇ 2022-02-04); in
  conflict when the two intervals are disjoint;
* **status**: "happened" against "denied"; "happened" against "planned" in a report
  written after the end of the planned date (a plan reported before the day and the
  happening after it is the event's report history, not a dispute);
* **source** / **target**: an actor named in that role by one report and a different one
  by another (a person counts as the state they act for; events without direction, such
  as talks and agreements, are not compared);
* **number**: the count or the amount of money attached to the trigger ("killed 12" /
  "killed 30", "$8bn" / "$9bn"), hedges read as ranges ("at least 12" agrees with 14).

Each dispute keeps both mentions and what each says::

    {"kind": "date", "a": {"mention": "event:…", "doc": "wsj-…", "says": "2022-02-04"},
                     "b": {"mention": "event:…", "doc": "ps-…", "says": "2022-02-05"}}

and :func:`dispute_text` writes them as one short line
(``date: 2022-02-04 (wsj-…) vs 2022-02-05 (ps-…)``).  All functions are pure.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "disputes.tsv"
KINDS = ("date", "status", "source", "target", "number")


@dataclass(frozen=True)
class Rules:
    status: dict[tuple[str, str], str]  # (status a, status b) -> "always" | "after-date"
    symmetric: frozenset[str]
    hedges: tuple[tuple[str, str], ...]  # (lower-case phrase, range kind), longest first
    scales: dict[str, float]
    currencies: dict[str, str]  # lower-case sign or word -> its canonical form
    counted: frozenset[str]
    number_words: dict[str, float]
    settings: dict[str, float]
    number: re.Pattern


class RulesError(ValueError):
    """A line of disputes.tsv that cannot be read (the message names file and line)."""


@lru_cache(maxsize=4)
def load_rules(path: str | Path = DATA) -> Rules:
    """Read ``events/data/disputes.tsv`` (see its header for the format)."""
    status, symmetric, hedges, scales, currencies, counted = {}, set(), [], {}, {}, set()
    words: dict[str, float] = {}
    settings: dict[str, float] = {}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t")
        try:
            kind = f[0]
            if kind == "STATUS":
                status[(f[1], f[2])] = status[(f[2], f[1])] = f[3]
            elif kind == "SYMMETRIC":
                symmetric.add(f[1])
            elif kind == "HEDGE":
                hedges += [(w.strip().lower(), f[2]) for w in f[1].split("|")]
            elif kind == "SCALE":
                scales[f[1].lower()] = float(f[2])
            elif kind == "CURRENCY":
                currencies[f[1].lower()] = {"us$": "$", "dollars": "$", "euros": "€",
                                            "pounds": "£"}.get(f[1].lower(), f[1].lower())
            elif kind == "COUNTED":
                counted.add(f[1].lower())
            elif kind == "SETTING":
                settings[f[1]] = float(f[2])
            elif kind == "NUMBERWORDS":
                items = f[1].split()
                words.update({w: float(v) for w, v in zip(items[::2], items[1::2], strict=True)})
            else:
                raise ValueError(f"unknown rule kind {kind!r}")
        except (IndexError, ValueError) as exc:
            raise RulesError(f"{path}:{n}: {exc}: {line!r}") from exc
    hedges.sort(key=lambda h: -len(h[0]))
    signs = sorted((c for c in currencies if not c.isalpha()), key=len, reverse=True)
    unit_words = sorted(list(scales) + [c for c in currencies if c.isalpha()], key=len, reverse=True)
    number = re.compile(
        r"(?<![\w$€£¥.-])(?P<cur>" + "|".join(map(re.escape, signs)) + r")?\s?"
        r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
        + "|".join(sorted(words, key=len, reverse=True)) + r")"
        r"(?:\s?(?P<unit>(?:" + "|".join(map(re.escape, unit_words)) + r")\b(?:\s(?:dollars|euros|pounds|yuan|roubles|rubles))?))?"
        r"(?:\s(?P<noun>[a-z]+))?", re.IGNORECASE)
    return Rules(status, frozenset(symmetric), tuple(hedges), scales, currencies,
                 frozenset(counted), words, settings, number)


# ----------------------------------------------------------------------------- claims


def _keys(actors: list[dict], role: str) -> frozenset[str]:
    keys = set()
    for a in actors:
        if a.get("role") == role:
            keys.add(a["id"])
            if a.get("kind") == "person" and a.get("country"):
                keys.add(a["country"])
    return frozenset(keys)


def _labels(actors: list[dict], role: str) -> str:
    return ", ".join(a.get("label", a["id"]) for a in actors if a.get("role") == role)


def _range(value: float, hedge: str | None, slack: float) -> tuple[float, float]:
    if hedge in ("at-least", "more-than"):
        return value, math.inf
    if hedge == "at-most":
        return 0.0, value
    if hedge == "about":
        return value * (1 - slack), value * (1 + slack)
    return value, value


def numbers(sentence: str, trigger_start: int, trigger_end: int, skip: list[tuple[int, int]],
            rules: Rules | None = None) -> dict[str, tuple[float, float, str]]:
    """The count and the amount of money attached to the trigger of ``sentence``: the first
    number of each kind in the few words after the trigger (in its clause), or a count
    right before a passive trigger ("12 people were killed").  ``skip``: spans (sentence
    offsets) that are no numbers of the event (its date).  Returns kind -> (low, high,
    text), the kind being "count" or "money <currency>".

    >>> numbers("Missiles killed at least 12 people on Monday.", 9, 15, [])
    {'count': (12.0, inf, 'at least 12 people')}
    >>> numbers("China signed a $8bn deal with Russia.", 6, 12, [])['money $']
    (8000000000.0, 8000000000.0, '$8bn')
    """
    rules = rules or load_rules()
    window = int(rules.settings.get("NUMBER_WINDOW", 8))
    slack = rules.settings.get("ABOUT_SLACK", 0.1)
    after = sentence[trigger_end:]
    clause = re.split(r"[;:()\u2014]|,\s(?:said|says|according|while|but|which|who)\b", after)[0]
    words = clause.split()
    limit = trigger_end + len(" ".join(words[:window])) + (len(clause) - len(clause.lstrip()))
    found: dict[str, tuple[float, float, str]] = {}
    for m in rules.number.finditer(sentence, trigger_end, limit + 1):
        claim = _claim(m, sentence, skip, rules, slack)
        if claim and claim[0] not in found:
            found[claim[0]] = claim[1]
    before = re.search(r"(\S+)\s+(\S+)\s+(?:were|was|have been|had been|are|is)\s+$",
                       sentence[max(0, trigger_start - 60):trigger_start])
    if "count" not in found and before:
        m = rules.number.fullmatch(before.group(1) + " " + before.group(2))
        if m and m.group("noun") and m.group("noun").lower() in rules.counted:
            value = _value(m, rules)
            if value is not None:
                found["count"] = (value, value, m.group(0))
    return found


def _value(m: re.Match, rules: Rules) -> float | None:
    raw = m.group("num").replace(",", "")
    value = rules.number_words.get(raw.lower()) if raw.isalpha() else float(raw)
    if value is None:
        return None
    unit = (m.group("unit") or "").lower().split()
    if unit and unit[0] in rules.scales:
        value *= rules.scales[unit[0]]
    return value


def _claim(m: re.Match, sentence: str, skip, rules: Rules, slack: float):
    if any(s <= m.start("num") < e for s, e in skip):
        return None
    value = _value(m, rules)
    if value is None:
        return None
    unit_words = (m.group("unit") or "").lower().split()
    noun = (m.group("noun") or "").lower()
    cur = (m.group("cur") or "").lower() or next(
        (rules.currencies[w] for w in unit_words + [noun] if w in rules.currencies), "")
    if cur:
        kind = "money " + rules.currencies.get(cur, cur)
    elif noun in rules.counted or (unit_words and noun in rules.counted):
        kind = "count"
    else:
        return None  # a number that names no count or amount ("resolution 2231", a year)
    head = sentence[max(0, m.start() - 24):m.start()].lower().rstrip()
    hedge = next((h for phrase, h in rules.hedges if head.endswith(" " + phrase) or head == phrase),
                 None)
    end = m.end("unit") if m.group("unit") else m.end("num")
    if noun and (noun in rules.counted or noun in rules.currencies):
        end = m.end("noun")
    text = sentence[m.start():end].strip()
    if hedge:
        phrase = next(p for p, h in rules.hedges
                      if h == hedge and (head.endswith(" " + p) or head == p))
        text = f"{phrase} {text}"
    lo, hi = _range(value, hedge, slack)
    return kind, (lo, hi, text)


@dataclass(frozen=True)
class Claims:
    """What one single-mention record says, kind by kind."""

    mention: str
    doc: str
    date: tuple[str, str, str] | None  # value, start, end
    status: str
    written: str | None  # the report's publication date (its DCT)
    sources: frozenset[str]
    targets: frozenset[str]
    source_text: str
    target_text: str
    directed: bool
    numbers: dict[str, tuple[float, float, str]]
    trigger: str


def claims(record: dict, rules: Rules | None = None) -> Claims:
    """The claims of one extracted (single-mention) event record."""
    rules = rules or load_rules()
    m = (record.get("mentions") or [{}])[0]
    d = record.get("date") or {}
    # a report dated by its publication says no date of its own ("on or before" it)
    date = (d.get("value"), d.get("start"), d.get("end")) if d.get("start") and d.get("end") \
        and record.get("date_basis") != "publication" else None
    sentence, base = m.get("sentence", ""), m.get("start", 0) or 0
    trig = m.get("trigger") or {}
    found: dict = {}
    if trig.get("end") is not None and sentence:
        timex = m.get("timex") or {}
        skip = [(timex["start"] - base, timex["end"] - base)] if timex.get("start") is not None else []
        found = numbers(sentence, trig["start"] - base, trig["end"] - base, skip, rules)
    actors = record.get("actors", [])
    return Claims(
        mention=m.get("id") or record.get("id", ""), doc=m.get("doc_id", ""), date=date,
        status=record.get("status", ""), written=m.get("dct"),
        sources=_keys(actors, "source"), targets=_keys(actors, "target"),
        source_text=_labels(actors, "source"), target_text=_labels(actors, "target"),
        directed=record.get("type") not in rules.symmetric, numbers=found,
        trigger=trig.get("text") or record.get("trigger") or "")


# ----------------------------------------------------------------------------- conflicts


def _dates_conflict(a: Claims, b: Claims) -> bool:
    return bool(a.date and b.date and (a.date[2] < b.date[1] or b.date[2] < a.date[1]))


def _status_conflict(a: Claims, b: Claims, rules: Rules) -> bool:
    when = rules.status.get((a.status, b.status))
    if when == "always":
        return True
    if when == "after-date":
        plan = a if a.status == "planned" else b
        return bool(plan.written and plan.date and len(plan.written) >= 10
                    and plan.written > plan.date[2])
    return False


def _numbers_conflict(a: Claims, b: Claims, kind: str) -> bool:
    lo_a, hi_a, _ = a.numbers[kind]
    lo_b, hi_b, _ = b.numbers[kind]
    return hi_a < lo_b or hi_b < lo_a


def _side(c: Claims, kind: str, number_kind: str = "") -> str:
    if kind == "date":
        return c.date[0]
    if kind == "status":
        return c.status + (f" (written {c.written})" if c.status == "planned" and c.written else "")
    if kind == "source":
        return c.source_text
    if kind == "target":
        return c.target_text
    return f"{c.trigger} {c.numbers[number_kind][2]}"


def _pairs(items: list[Claims], key, limit: int):
    """The first record of each distinct ``key`` value (at most ``limit`` values), as pairs."""
    firsts: dict = {}
    for c in items:
        k = key(c)
        if k is not None and k not in firsts and len(firsts) < limit:
            firsts[k] = c
    values = list(firsts.values())
    for i, a in enumerate(values):
        for b in values[i + 1:]:
            yield a, b


def find_disputes(records: list[dict], rules: Rules | None = None) -> list[dict]:
    """The disagreements among the single-mention ``records`` of one merged event.

    Records are compared in (document, offset) order; for each kind, the first record of
    each distinct claim is compared with the others, and each conflicting pair of claims
    is reported once, with the two mentions and what each says.
    """
    rules = rules or load_rules()
    limit = int(rules.settings.get("MAX_CLAIMS", 12))
    ordered = sorted(records, key=lambda r: ((r.get("mentions") or [{}])[0].get("doc_id") or "",
                                             (r.get("mentions") or [{}])[0].get("start") or 0,
                                             r.get("id", "")))
    cs = [claims(r, rules) for r in ordered]
    out: list[dict] = []

    def add(kind: str, a: Claims, b: Claims, number_kind: str = "") -> None:
        if a.doc == b.doc:
            return  # one document saying two things is two events of it, not a dispute
        out.append({"kind": kind if kind != "number" else "number",
                    "a": {"mention": a.mention, "doc": a.doc, "says": _side(a, kind, number_kind)},
                    "b": {"mention": b.mention, "doc": b.doc, "says": _side(b, kind, number_kind)}})

    for a, b in _pairs(cs, lambda c: c.date[1:] if c.date else None, limit):
        if _dates_conflict(a, b):
            add("date", *((a, b) if a.date[1] <= b.date[1] else (b, a)))  # earlier first
    for a, b in _pairs(cs, lambda c: (c.status, c.written if c.status == "planned" else None), limit):
        if _status_conflict(a, b, rules):
            add("status", *((a, b) if a.status == "happened" else (b, a)))
    for role in ("source", "target"):
        def role_key(c: Claims, role=role):
            keys = c.sources if role == "source" else c.targets
            return keys if keys and c.directed else None
        for a, b in _pairs(cs, role_key, limit):
            if not (role_key(a) & role_key(b)):
                add(role, a, b)
    for number_kind in sorted({k for c in cs for k in c.numbers}):
        for a, b in _pairs(cs, lambda c, k=number_kind: c.numbers[k][:2] if k in c.numbers else None,
                           limit):
            if _numbers_conflict(a, b, number_kind):
                add("number", a, b, number_kind)
    return out


def _short(doc: str) -> str:
    return doc if len(doc) <= 12 else doc[:11] + "\u2026"


def dispute_text(disputes: list[dict], limit: int = 3) -> str:
    """One short line: ``date: 2022-02-04 (wsj-…) vs 2022-02-05 (ps-…); …``.

    >>> dispute_text([{"kind": "date", "a": {"doc": "wsj-2022-02-06", "says": "2022-02-04"},
    ...                "b": {"doc": "ps-0206", "says": "2022-02-05"}}])
    'date: 2022-02-04 (wsj-2022-02\u2026) vs 2022-02-05 (ps-0206)'
    """
    parts = [f"{d['kind']}: {d['a']['says']} ({_short(d['a']['doc'])}) vs "
             f"{d['b']['says']} ({_short(d['b']['doc'])})" for d in disputes[:limit]]
    if len(disputes) > limit:
        parts.append(f"and {len(disputes) - limit} more")
    return "; ".join(parts)
