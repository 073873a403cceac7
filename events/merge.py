"""One event per real-world happening: merging mentions across documents.

Two event records are merged when all of these hold (:func:`merge_reason`):

* **dates compatible at their granularity**: the intervals overlap and one
  contains the other (``2022`` and ``2022-02-04``; never two different days);
* **actors overlap**: at least one shared actor, where a person also counts as
  the state they act for (Xi Jinping ~ China);
* **types agree** (equal, or both in one group of :data:`COMPATIBLE_TYPES`);
* **the same happening**: the dates are equal at day or month precision and the
  trigger words agree, or the two sentences share a distinctive phrase (a
  quotation, a capitalised name that is not an actor, or two or more content
  words beyond the actors and the date).

Who wins when mentions combine: the finest date among the mentions (a day beats
a month beats a year); the label of the mention with that date (ties: the highest
confidence); the status "happened" once any source reports it as past, else
the most common status; actors united with their strongest role (source >
target > participant). Every merge keeps its reason in ``merge_reasons``; the
original single-mention records stay recoverable from ``mentions`` (each has its
own ``id``), which is how a merge is undone (:func:`split_event`).
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import Counter, defaultdict
from functools import lru_cache

#: Event types that may describe one happening (a summit reported as talks or a statement).
COMPATIBLE_TYPES = (
    frozenset({"AGREE", "STATEMENT", "COOPERATE"}),
    frozenset({"CONSULT", "COOPERATE"}),
    frozenset({"ASSAULT", "COERCE", "MOBILIZE"}),
    frozenset({"ACCUSE", "STATEMENT"}),
    frozenset({"REJECT", "STATEMENT"}),
)
#: Trigger lemmas that name one kind of happening ("visited" ~ "will travel to").
TRIGGER_FAMILIES = {"visit": "visit", "travel": "visit", "attend": "visit", "host": "visit",
                    "meet": "meet", "meeting": "meet", "hold talks": "meet", "speak": "meet",
                    "sign": "sign", "treaty": "sign", "agreement": "sign", "agree": "sign",
                    "joint statement": "statement", "issue statement": "statement",
                    "declare": "statement", "announce": "statement"}
_GRAN_RANK = {"time": 0, "day": 1, "week": 2, "month": 3, "season": 4, "quarter": 4, "half": 5,
              "year": 6, "decade": 7, "century": 8}
_ROLE_RANK = {"source": 0, "target": 1, "participant": 2}
_STOP = frozenset("""a an the of in on at to for from by with and or but as that this these those
it its their his her they he she we our is are was were be been being has have had will would
could should may might can not no than then there here which who whom what when where while
said says say also more most very into over after before about against between during since
until last next first year years month months week weeks day days ago today""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_QUOTE = re.compile(r"[\"\u201c\u201d\u2018\u2019']([^\"\u201c\u201d]{3,60}?)[\"\u201c\u201d\u2019']")
_NAME_PARTS = re.compile(r"[\s-]")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?:[\s-][A-Z][a-z]+)+)")


#: For each type, the other types it is compatible with (from COMPATIBLE_TYPES).
_COMPATIBLE_WITH = {t: frozenset().union(*(g for g in COMPATIBLE_TYPES if t in g)) - {t}
                    for g in COMPATIBLE_TYPES for t in g}


def _types_ok(a: str, b: str) -> bool:
    return a == b or any(a in g and b in g for g in COMPATIBLE_TYPES)


def _interval(ev: dict) -> tuple[str, str] | None:
    """The days an event's date may be. A date taken from the publication (``date_basis``
    "publication": the sentence gives none) means "on or before publication"; for merging,
    from the start of the publication's year (so that blocking by year still holds: a
    report does not merge with a happening of an earlier year)."""
    d = ev.get("date") or {}
    if ev.get("date_basis") == "publication" and d.get("end"):
        return d["end"][:4] + "-01-01", d["end"]
    if d.get("start") and d.get("end"):
        return d["start"], d["end"]
    return None


def dates_compatible(a: dict, b: dict) -> bool:
    """Intervals overlap and one contains the other; two different days never match.
    A date taken from the publication is "on or before publication" (see _interval)."""
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None:
        return False
    if ia[1] < ib[0] or ib[1] < ia[0]:
        return False
    return (ia[0] <= ib[0] and ib[1] <= ia[1]) or (ib[0] <= ia[0] and ia[1] <= ib[1])


def actor_keys(ev: dict) -> set[str]:
    """Actor ids of an event, with each person's state added (Xi Jinping ~ China)."""
    keys = set()
    for a in ev.get("actors", []):
        keys.add(a["id"])
        if a.get("kind") == "person" and a.get("country"):
            keys.add(a["country"])
    return keys


@lru_cache(maxsize=65536)
def _lower_words(text: str) -> frozenset[str]:
    """The lower-cased words of a short text (actor labels and names repeat a lot)."""
    return frozenset(w.lower() for w in _WORD.findall(text))


def _actor_words(ev: dict) -> set[str]:
    words: set[str] = set()
    for a in ev.get("actors", []):
        words |= _lower_words(a.get("label", ""))
    for m in ev.get("mentions", []):
        for am in m.get("actors", []):
            words |= _lower_words(am.get("text", ""))
        words |= _lower_words((m.get("timex") or {}).get("text", ""))
    return words


def signature(ev: dict) -> tuple[set[str], set[str], set[str]]:
    """Distinctive content of an event's sentences: quotes, names, content words."""
    quotes, names, words = set(), set(), set()
    skip = _actor_words(ev)
    for m in ev.get("mentions", []):
        s = m.get("sentence", "")
        quotes.update(q.strip().strip(".,;:!?").lower() for q in _QUOTE.findall(s)
                      if len(q.split()) <= 8)
        for n in _NAME.findall(s):
            if not set(w.lower() for w in _NAME_PARTS.split(n)) <= skip:
                names.add(n.lower())
        for w in _WORD.findall(s):
            lw = w.lower()
            if len(lw) > 3 and lw not in _STOP and lw not in skip:
                words.add(lw[:6])
    return quotes, names, words


def _sentences(ev: dict) -> set[tuple[str, int]]:
    return {(m.get("doc_id"), m.get("start")) for m in ev.get("mentions", [])}


def merge_reason(a: dict, b: dict, sig_a=None, sig_b=None) -> str | None:
    """Why ``a`` and ``b`` are one happening, or None when they are not."""
    if not _types_ok(a["type"], b["type"]):
        return None
    if _sentences(a) & _sentences(b):  # two triggers of one sentence are two events
        return None
    if not dates_compatible(a, b):
        return None
    keys_a, keys_b = actor_keys(a), actor_keys(b)
    if not keys_a & keys_b:
        return None
    return _happening(a, b, sig_a or signature(a), sig_b or signature(b), keys_a, keys_b)


def _value_fine(ev: dict) -> tuple[str | None, bool]:
    """An event's date value and whether it is at month precision or finer."""
    d = ev.get("date") or {}
    return d.get("value"), _GRAN_RANK.get(d.get("granularity"), 9) <= 3


def _happening(a: dict, b: dict, sig_a, sig_b, keys_a: set, keys_b: set) -> str | None:
    """The content tests of :func:`merge_reason` (types, dates and actors already agree)."""
    da, db = a["date"], b["date"]
    qa, na, wa = sig_a
    qb, nb, wb = sig_b
    why = None
    fine = _GRAN_RANK.get(da.get("granularity"), 9) <= 3 and _GRAN_RANK.get(db.get("granularity"), 9) <= 3
    family_a = TRIGGER_FAMILIES.get(a.get("trigger"), a.get("trigger"))
    if da["value"] == db["value"] and fine and family_a == TRIGGER_FAMILIES.get(
            b.get("trigger"), b.get("trigger")):
        why = f"same {family_a!r} on {da['value']}"
    elif qa & qb:
        why = "shared quotation " + ", ".join(f"\u201c{q}\u201d" for q in sorted(qa & qb)[:2])
    elif na & nb:
        why = "shared name " + ", ".join(sorted(na & nb)[:2])
    elif da["value"] == db["value"] and fine and a["type"] == b["type"] and len(wa & wb) >= 2:
        why = "shared words " + ", ".join(sorted(wa & wb)[:3])
    elif len(wa & wb) >= 3 and a["type"] == b["type"]:
        why = "shared words " + ", ".join(sorted(wa & wb)[:3])
    if why is None:
        return None
    return (f"{why}; types {a['type']}/{b['type']}; dates {da['value']} ~ {db['value']}; "
            f"shared actors {', '.join(sorted(keys_a & keys_b))}")


def _combine(into: dict, other: dict, reason: str) -> dict:
    mentions = into["mentions"] + other["mentions"]
    ranked = sorted((into, other), key=lambda e: (  # a date the text gives first
        e.get("date_basis") == "publication", _GRAN_RANK.get(e["date"].get("granularity"), 9),
        ": " in e["label"],
        -e.get("confidence", 0)))
    best = ranked[0]
    actors: dict[str, dict] = {}
    for a in into["actors"] + other["actors"]:
        cur = actors.get(a["id"])
        if cur is None or _ROLE_RANK[a["role"]] < _ROLE_RANK[cur["role"]]:
            actors[a["id"]] = dict(a)
    statuses = [into["status"], other["status"]]
    status = "happened" if "happened" in statuses else Counter(statuses).most_common(1)[0][0]
    type_ = best["type"]
    return {
        **into,
        "id": min(into["id"], other["id"]),
        "label": best["label"],
        "type": type_,
        "status": status,
        "trigger": best.get("trigger"),
        "confidence": round(min(1.0, max(into.get("confidence", 0), other.get("confidence", 0)) + 0.05), 2),
        "date": best["date"],
        "date_basis": best.get("date_basis", "text"),
        "actors": sorted(actors.values(), key=lambda a: (_ROLE_RANK[a["role"]], a["label"])),
        "sources": sorted(set(into["sources"]) | set(other["sources"])),
        "mentions": sorted(mentions, key=lambda m: (m["doc_id"], m["start"])),
        "merge_reasons": into.get("merge_reasons", []) + other.get("merge_reasons", []) + [
            f"{other['id']} into {into['id']}: {reason}"],
    }


def _years(ev: dict) -> range:
    """The calendar years an event's interval touches (at most a century), for blocking."""
    iv = _interval(ev)
    if iv is None:
        return range(0)
    try:
        y0, y1 = int(iv[0][:4]), int(iv[1][:4])
    except ValueError:
        return range(0)
    return range(y0, min(y1, y0 + 99) + 1)


class _Index:
    """Clusters by actor key and calendar year, as merge_events visits them: each
    (key, year, cluster) has a sequence number, and candidates are always visited in that
    order.  Lists per event type, and per day and per month for clusters that lie within
    one, let an event skip the clusters that its type or date rule out without looking at
    them; the answer is the same as visiting the whole (key, year) block in order."""

    def __init__(self) -> None:
        self.seq: dict[tuple[str, int, int], int] = {}
        self.state: dict[tuple[str, int, int], tuple] = {}  # what each one is indexed as
        self.by_type: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
        self.by_day: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
        self.by_month: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
        self.longer_than_day: Counter = Counter()    # (key, year) -> clusters
        self.longer_than_month: Counter = Counter()

    def add(self, key: str, year: int, idx: int, ctype: str, iv: tuple[str, str]) -> None:
        """Index (or re-index, after a merge changed its type or date) one cluster."""
        where = (key, year, idx)
        if self.state.get(where) == (ctype, iv):
            return
        self.state[where] = (ctype, iv)
        seq = self.seq.setdefault(where, len(self.seq))
        entry = (seq, idx)
        _insort(self.by_type[(key, year, ctype)], entry)
        if iv[0] == iv[1]:
            _insort(self.by_day[(key, ctype, iv[0])], entry)
        else:
            self.longer_than_day[(key, year)] += 1
        if iv[0][:7] == iv[1][:7]:
            _insort(self.by_month[(key, ctype, iv[0][:7])], entry)
        else:
            self.longer_than_month[(key, year)] += 1

    def candidates(self, key: str, year: int, types, iv: tuple[str, str]):
        """(seq, cluster) pairs of the block that may hold iv's type and date, in order."""
        if iv[0] == iv[1] and not self.longer_than_day[(key, year)]:
            lists = [self.by_day.get((key, t, iv[0])) for t in types]
        elif iv[0][:7] == iv[1][:7] and not self.longer_than_month[(key, year)]:
            lists = [self.by_month.get((key, t, iv[0][:7])) for t in types]
        else:
            lists = [self.by_type.get((key, year, t)) for t in types]
        lists = [x for x in lists if x]
        if len(lists) == 1:
            return lists[0]
        return heapq.merge(*lists)


def _insort(entries: list[tuple[int, int]], entry: tuple[int, int]) -> None:
    if not entries or entries[-1] < entry:
        entries.append(entry)
    else:
        i = bisect.bisect_left(entries, entry)
        if i == len(entries) or entries[i] != entry:
            entries.insert(i, entry)


def merge_events(events: list[dict]) -> list[dict]:
    """Merge the mentions of one happening into one event (see the module docstring).

    Deterministic: the result does not depend on the order of ``events``.
    Events are taken finest date first; candidates for an event are the clusters that
    share an actor and a calendar year with it (two compatible dates always share a year),
    visited in the order they joined that (actor, year) block; the first that
    :func:`merge_reason` accepts takes the event.  Clusters whose type or date rules them
    out are not visited at all (see :class:`_Index`), so a day's event looks only at that
    day's clusters of its actors.
    """
    order = sorted(events, key=lambda e: (
        _GRAN_RANK.get((e.get("date") or {}).get("granularity"), 9), e["id"]))
    clusters: list[dict] = []
    sigs: list[tuple] = []
    quick: list[tuple[str, str, str]] = []  # per cluster: type, interval
    keys: list[set[str]] = []  # per cluster: actor keys
    sents: list[set] = []  # per cluster: its sentences
    values: list[str] = []  # per cluster: date value
    fine: list[bool] = []  # per cluster: date at month precision or finer
    index = _Index()
    for ev in order:
        ev = dict(ev, merge_reasons=list(ev.get("merge_reasons", [])))
        sig = signature(ev)
        ekeys, esents = actor_keys(ev), _sentences(ev)
        eq, en, ew = sig
        evalue, efine = _value_fine(ev)
        target, reason = None, None
        iv = _interval(ev)
        etype = ev["type"]
        compatible = _COMPATIBLE_WITH.get(etype, frozenset())
        types = sorted({etype} | compatible)
        seen: set[int] = set()
        for key in sorted(ekeys) if iv else ():
            for year in _years(ev):
                for _seq, idx in index.candidates(key, year, types, iv):
                    if idx in seen:
                        continue
                    seen.add(idx)
                    ctype, c0, c1 = quick[idx]
                    if ctype != etype and ctype not in compatible:
                        continue  # (a list of its former type)
                    if not ((c0 <= iv[0] and iv[1] <= c1) or (iv[0] <= c0 and c1 <= iv[1])):
                        continue  # one date must contain the other
                    if sents[idx] & esents:
                        continue  # two triggers of one sentence are two events
                    cq, cn, cw = sigs[idx]
                    if not ((efine and fine[idx] and evalue == values[idx]) or eq & cq
                            or en & cn or (ctype == etype and len(ew & cw) >= 3)):
                        continue  # none of _happening's tests can pass
                    why = _happening(clusters[idx], ev, sigs[idx], sig, keys[idx], ekeys)
                    if why:
                        target, reason = idx, why
                        break
                if target is not None:
                    break
            if target is not None:
                break
        before = None
        if target is None:
            clusters.append(ev)
            sigs.append(sig)
            quick.append((etype, *(iv or ("", ""))))
            keys.append(ekeys)
            sents.append(esents)
            values.append(evalue)
            fine.append(efine)
            idx = len(clusters) - 1
        else:
            idx = target
            before = (quick[idx], keys[idx])
            clusters[idx] = _combine(clusters[idx], ev, reason)
            a, b, c = sigs[idx]
            sigs[idx] = (a | sig[0], b | sig[1], c | sig[2])
            quick[idx] = (clusters[idx]["type"], *(_interval(clusters[idx]) or ("", "")))
            keys[idx] = actor_keys(clusters[idx])
            sents[idx] = sents[idx] | esents
            values[idx], fine[idx] = _value_fine(clusters[idx])
        ctype, c0, c1 = quick[idx]
        if c0 and before != (quick[idx], keys[idx]):  # new, or its type, date or actors changed
            for key in keys[idx]:
                for year in _years(clusters[idx]):
                    index.add(key, year, idx, ctype, (c0, c1))
    return sorted(clusters, key=lambda e: ((e["date"].get("start") or "9999"), e["id"]))


def split_event(event: dict, mention_ids: set[str]) -> tuple[dict, dict]:
    """Undo a merge: move the mentions whose ids are in ``mention_ids`` into an event of their own.

    Both parts keep the other fields of ``event``; sources are recomputed and the
    split is recorded in ``merge_reasons``.
    """
    keep = [m for m in event["mentions"] if m.get("id") not in mention_ids]
    move = [m for m in event["mentions"] if m.get("id") in mention_ids]
    if not keep or not move:
        raise ValueError("a split needs mentions on both sides")

    def part(mentions: list[dict]) -> dict:
        return {**event, "id": min(m["id"] for m in mentions), "mentions": mentions,
                "sources": sorted({m["doc_id"] for m in mentions}),
                "merge_reasons": event.get("merge_reasons", []) + [
                    "split: " + ", ".join(sorted(m["id"] for m in mentions))]}

    return part(keep), part(move)
