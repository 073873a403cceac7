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

What the reports of one event disagree on is kept (:mod:`events.disputes`):
``disputed``, ``dispute`` (one line) and ``disputes`` (both mentions and what each
says).  For a date dispute to be seen at all, two events that are one happening
reported on different days (at most ``DATE_WINDOW_DAYS`` apart, same type and
trigger family, a shared quotation, name or three words, no document in common: see
:func:`_join_date_conflicts`) are joined after the merge.  A
status contradiction (happened / denied) stays one disputed event, never a confident
"happened": its status is the contradicting report's and its confidence at most
:data:`DISPUTED_CONFIDENCE` (:func:`_mark_disputes`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from events.disputes import dispute_text, find_disputes, load_rules
from events.extract import TRIGGER_FAMILIES  # the FAMILY column of events/data/triggers.tsv
from events.model import COMPATIBLE_TYPES

#: The highest confidence of an event whose reports disagree.
DISPUTED_CONFIDENCE = 0.5
#: merge_events reports its progress every this many events.
PROGRESS_EVERY = 500
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
    """Actor ids of an event, with the state of each person, group or organisation of a
    state added (Xi Jinping ~ China, "Iraqi police" ~ Iraq)."""
    keys = set()
    for a in ev.get("actors", []):
        keys.add(a["id"])
        if a.get("kind") != "state" and a.get("country"):
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


def _combined_head(into: dict, other: dict) -> dict:
    """The fields of ``into`` + ``other`` that one merge decides anew (see the module
    docstring): id, label, type, status, trigger, confidence, date and actors."""
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
    return {
        "id": min(into["id"], other["id"]),
        "label": best["label"],
        "type": best["type"],
        "status": status,
        "trigger": best.get("trigger"),
        "confidence": round(min(1.0, max(into.get("confidence", 0), other.get("confidence", 0)) + 0.05), 2),
        "date": best["date"],
        "date_basis": best.get("date_basis", "text"),
        "actors": sorted(actors.values(), key=lambda a: (_ROLE_RANK[a["role"]], a["label"])),
    }


def _mention_key(m: dict) -> tuple:
    return m["doc_id"], m["start"]


def _combine(into: dict, other: dict, reason: str) -> dict:
    """``other`` merged into ``into``, as a new record (neither is changed)."""
    return {
        **into,
        **_combined_head(into, other),
        "sources": sorted(set(into["sources"]) | set(other["sources"])),
        "mentions": sorted(into["mentions"] + other["mentions"], key=_mention_key),
        "merge_reasons": into.get("merge_reasons", []) + other.get("merge_reasons", []) + [
            f"{other['id']} into {into['id']}: {reason}"],
    }


class _Grown:
    """A cluster that merge_events has merged into, grown in place: its mentions kept in
    order by bisection, its sources as a set, its reasons appended, so that each merge
    costs the new mentions' work, not the whole cluster's (:func:`_combine` rebuilds and
    re-sorts them; :meth:`record` gives the same record as a chain of ``_combine``)."""

    __slots__ = ("head", "mentions", "sources", "reasons")

    def __init__(self, cluster: dict) -> None:
        self.head = cluster
        self.mentions = sorted(cluster["mentions"], key=_mention_key)
        self.sources = set(cluster["sources"])
        self.reasons = list(cluster.get("merge_reasons", []))

    def absorb(self, other: dict, reason: str) -> None:
        into = self.head
        self.reasons.extend(other.get("merge_reasons", []))
        self.reasons.append(f"{other['id']} into {into['id']}: {reason}")
        into.update(_combined_head(into, other))
        self.sources.update(other["sources"])
        for m in sorted(other["mentions"], key=_mention_key):
            bisect.insort_right(self.mentions, m, key=_mention_key)

    def record(self) -> dict:
        self.head.update(sources=sorted(self.sources), mentions=self.mentions,
                         merge_reasons=self.reasons)
        return self.head


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


def _family(ev: dict) -> str | None:
    return TRIGGER_FAMILIES.get(ev.get("trigger"), ev.get("trigger"))


def _date_facts(ctype: str, iv: tuple[str, str], value: str | None, fine: bool,
                family: str | None) -> tuple:
    """What a cluster is indexed as in a block, besides its words: its type, where its
    interval lies (one day, within one month, longer) and its value and trigger family
    when the date is at month precision or finer."""
    facts: list[tuple] = [("type", ctype)]
    if iv[0][:7] == iv[1][:7]:
        facts.append(("month", iv[0][:7]))
        facts.append(("day", iv[0]) if iv[0] == iv[1] else ("part of month", iv[0][:7]))
    else:
        facts.append(("longer",))
    if fine:
        facts += [("value", value), ("value+family", value, family)]
    return tuple(facts)


@lru_cache(maxsize=4096)
def _year_months(year: int) -> tuple[str, ...]:
    return tuple(f"{year:04d}-{month:02d}" for month in range(1, 13))


class _Block:
    """The clusters of one (actor key, calendar year) block, in the order they joined it
    (``members``), and for each fact and each word of their signatures, a bitmask of their
    positions: bit i stands for ``members[i]``."""

    __slots__ = ("members", "facts", "quotes", "names", "words")

    def __init__(self) -> None:
        self.members: list[int] = []
        self.facts: dict[tuple, int] = {}
        self.quotes: dict[str, int] = {}
        self.names: dict[str, int] = {}
        self.words: dict[str, int] = {}

    def set_features(self, bit: int, sig: tuple[set, set, set]) -> None:
        for masks, features in zip((self.quotes, self.names, self.words), sig, strict=True):
            for f in features:
                masks[f] = masks.get(f, 0) | bit

    def date_mask(self, year: int, iv: tuple[str, str]) -> int:
        """The clusters whose interval may contain or lie within ``iv`` (a superset)."""
        f = self.facts
        longer = f.get(("longer",), 0)
        if iv[0] == iv[1]:
            return f.get(("day", iv[0]), 0) | f.get(("part of month", iv[0][:7]), 0) | longer
        if iv[0][:7] == iv[1][:7]:
            return f.get(("month", iv[0][:7]), 0) | longer
        first, last = iv[0][:7], iv[1][:7]
        for ym in _year_months(year):
            if first <= ym <= last:
                longer |= f.get(("month", ym), 0)
        return longer

    def content_mask(self, same: int, q: _Query) -> int:
        """The clusters among ``same`` (and for quotes, names and the trigger family, all
        clusters) that pass one of :func:`_happening`'s tests with the event ``q``."""
        found = 0
        for quote in q.quotes:
            found |= self.quotes.get(quote, 0)
        for name in q.names:
            found |= self.names.get(name, 0)
        if q.fine:
            found |= self.facts.get(("value+family", q.value, q.family), 0)
        if same and len(q.words) >= 2:
            ones = twos = threes = 0
            for w in q.words:
                m = self.words.get(w, 0) & same
                if m:
                    threes |= twos & m
                    twos |= ones & m
                    ones |= m
            found |= threes
            if q.fine:
                found |= twos & self.facts.get(("value", q.value), 0)
        return found

    def candidates(self, year: int, q: _Query):
        """Clusters of this block that may take the event ``q``, in the order they joined."""
        f = self.facts
        types = 0
        for t in q.types:
            types |= f.get(("type", t), 0)
        cand = types & self.date_mask(year, q.iv) if types else 0
        if cand:
            cand &= self.content_mask(cand & f.get(("type", q.type), 0), q)
        members = self.members
        while cand:
            low = cand & -cand
            cand ^= low
            yield members[low.bit_length() - 1]


class _Query(NamedTuple):
    """What the index looks at of an event that looks for its cluster."""

    type: str
    types: tuple[str, ...]
    iv: tuple[str, str]
    fine: bool
    value: str | None
    family: str | None
    quotes: set[str]
    names: set[str]
    words: set[str]


class _Index:
    """Clusters by actor key and calendar year, as merge_events visits them: the
    candidates for an event are found with bitmasks of each block's clusters by type, date,
    trigger family and signature words, so that an event looks only at the clusters that
    one of :func:`_happening`'s tests can accept, in the order they joined the block.  The
    first that :func:`merge_reason` accepts is the same as when visiting every cluster of
    every block in order (tests/test_merge.py compares the two)."""

    def __init__(self) -> None:
        self.blocks: dict[tuple[str, int], _Block] = {}
        self.placed: dict[int, dict[tuple[str, int], tuple[_Block, int]]] = {}
        self.facts: dict[int, tuple] = {}
        self.shape: dict[int, tuple[set[str], range]] = {}  # the keys and years placed in

    def place(self, idx: int, keys: set[str], years: range, facts: tuple,
              sig: tuple[set, set, set], grown: tuple[set, set, set] | None) -> None:
        """Index cluster ``idx`` (again, after a merge) in the blocks of its actor ``keys``
        and ``years`` with its ``facts`` and signature ``sig``; ``grown`` is what the
        signature gained since it was last placed."""
        placed = self.placed.setdefault(idx, {})
        where = () if self.shape.get(idx) == (keys, years) else [
            (k, y) for k in keys for y in years]
        self.shape[idx] = (set(keys), years)
        old = self.facts.get(idx)
        if old != facts:
            self.facts[idx] = facts
            for block, bit in placed.values():
                for k in old:
                    block.facts[k] &= ~bit
                for k in facts:
                    block.facts[k] = block.facts.get(k, 0) | bit
        if grown and any(grown):
            for block, bit in placed.values():
                block.set_features(bit, grown)
        for where_key in where:
            if where_key in placed:
                continue
            block = self.blocks.get(where_key)
            if block is None:
                block = self.blocks[where_key] = _Block()
            bit = 1 << len(block.members)
            block.members.append(idx)
            placed[where_key] = (block, bit)
            for k in facts:
                block.facts[k] = block.facts.get(k, 0) | bit
            block.set_features(bit, sig)

    def candidates(self, key: str, year: int, q: _Query):
        block = self.blocks.get((key, year))
        return block.candidates(year, q) if block is not None else ()


def merge_events(events: list[dict], progress: Callable[[int, int], None] | None = None
                 ) -> list[dict]:
    """Merge the mentions of one happening into one event (see the module docstring).

    Deterministic: the result does not depend on the order of ``events``.
    Events are taken finest date first; candidates for an event are the clusters that
    share an actor and a calendar year with it (two compatible dates always share a year),
    visited in the order they joined that (actor, year) block; the first that
    :func:`merge_reason` accepts takes the event.  Clusters that no test can accept are
    not visited at all (see :class:`_Index`), and a cluster grows in place
    (:class:`_Grown`), so the work is about linear in the number of mentions.

    ``progress``, if given, is called as ``progress(done, total)`` every
    :data:`PROGRESS_EVERY` events and at the end.
    """
    order = sorted(events, key=lambda e: (
        _GRAN_RANK.get((e.get("date") or {}).get("granularity"), 9), e["id"]))
    clusters: list[dict] = []
    members: list[list[dict]] = []  # per cluster: the records that went into it
    state: list[_Cluster] = []
    grown: dict[int, _Grown] = {}
    index = _Index()
    for done, ev in enumerate(order, 1):
        ev = dict(ev, merge_reasons=list(ev.get("merge_reasons", [])))
        sig = signature(ev)
        ekeys, esents = actor_keys(ev), _sentences(ev)
        target, reason = _find_cluster(ev, sig, ekeys, esents, clusters, state, index)
        if target is None:
            clusters.append(ev)
            state.append(_Cluster(sig, ekeys, esents))
            members.append([dict(ev)])  # as reported (the cluster's own dict will change)
            idx, new_features = len(clusters) - 1, None
        else:
            idx = target
            members[idx].append(ev)
            if idx not in grown:
                grown[idx] = _Grown(clusters[idx])
            grown[idx].absorb(ev, reason)
            new_features = state[idx].absorb(clusters[idx], sig, esents)
        cluster, iv = clusters[idx], _interval(clusters[idx])
        if iv:
            value, fine = _value_fine(cluster)
            index.place(idx, state[idx].keys, _years(cluster),
                        _date_facts(cluster["type"], iv, value, fine, _family(cluster)),
                        state[idx].sig, new_features)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(order)):
            progress(done, len(order))
    for g in grown.values():
        g.record()
    return finish(clusters, [s.sig for s in state], members)


def finish(clusters: list[dict], sigs: list[tuple], members: list[list[dict]]) -> list[dict]:
    """The last steps of a merge: join reports of one happening whose days disagree
    (:func:`_join_date_conflicts`), mark each event's disputes (:func:`_mark_disputes`)
    and sort the events by date, then id.  ``members[i]`` are the records as reported
    that went into ``clusters[i]``; ``sigs[i]`` its signature."""
    alive = _join_date_conflicts(clusters, sigs, members)
    alive = _join_told_again(clusters, sigs, members, alive)
    for i in alive:
        _mark_disputes(clusters[i], members[i])
    return sorted((clusters[i] for i in alive),
                  key=lambda e: ((e["date"].get("start") or "9999"), e["id"]))


def _day(ev: dict) -> int | None:
    """The proleptic ordinal of an event's date when it is one day, else None."""
    iv = _interval(ev)
    if iv is None or iv[0] != iv[1] or _GRAN_RANK.get(ev["date"].get("granularity"), 9) > 1:
        return None
    try:
        return dt.date.fromisoformat(iv[0]).toordinal()
    except ValueError:
        return None


def _join_date_conflicts(clusters: list[dict], sigs: list[tuple], members: list[list[dict]]
                         ) -> list[int]:
    """Join two events that are one happening reported on different days: same type and
    trigger family, a shared actor, days at most ``DATE_WINDOW_DAYS`` apart
    (``events/data/disputes.tsv``), no document in common, and a shared quotation, name
    or three content words.  The merged event is disputed on its date.  Returns the
    indexes of the clusters left, in date order."""
    window = int(load_rules().settings.get("DATE_WINDOW_DAYS", 0))
    order = sorted(range(len(clusters)), key=lambda i: (
        clusters[i]["date"].get("start") or "9999", clusters[i]["id"]))
    recent: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    gone: set[int] = set()
    for i in order:
        c, day = clusters[i], _day(clusters[i])
        if day is None or not window:
            continue
        target = why = None
        for key in sorted(actor_keys(c)):
            for start, j in reversed(recent[(key, c["type"], _family(c))]):
                if day - start > window or target is not None:
                    break
                other = clusters[j]
                if j in gone or _day(other) in (None, day) or abs(_day(other) - day) > window:
                    continue
                if set(other["sources"]) & set(c["sources"]):
                    continue
                why = _shared_content(sigs[j], sigs[i])
                if why:
                    target = j
        if target is None:
            for key in actor_keys(c):
                recent[(key, c["type"], _family(c))].append((day, i))
            continue
        other = clusters[target]
        clusters[target] = _combine(other, c, f"same {_family(c)!r}, reported on different "
                                    f"days {other['date']['value']} / {c['date']['value']}; {why}")
        sigs[target] = tuple(a | b for a, b in zip(sigs[target], sigs[i], strict=True))
        members[target] = members[target] + members[i]
        gone.add(i)
    return [i for i in order if i not in gone]


def _doers(ev: dict) -> set[str]:
    """Actor keys of an event's sources (its participants when it has no source)."""
    acts = [a for a in ev.get("actors", []) if a.get("role") == "source"] or \
        [a for a in ev.get("actors", []) if a.get("role") == "participant"]
    return actor_keys({"actors": acts})


_PAST_FORM = re.compile(r"(?:ed|en|wn|ung|id|met|sent|held|made|struck|left|led|fought|won|lost|"
                        r"took|gave|began|broke|spoke|saw|told)$", re.IGNORECASE)


def _targets(ev: dict) -> set[str]:
    return {a["id"] for a in ev.get("actors", []) if a.get("role") == "target"}


class _Dated:
    """The clusters with a date of their own by (trigger family, actor key), each block in
    order of start day (then of ``alive``), so that :func:`_told_again_target` looks only at
    the clusters that share an actor and whose dates can fit, not at a whole family."""

    def __init__(self, clusters: list[dict], alive: list[int]) -> None:
        self.clusters = clusters
        self.pos = {i: n for n, i in enumerate(alive)}
        self.blocks: dict[tuple, list[tuple[str, int, int]]] = defaultdict(list)
        for i in alive:
            if clusters[i].get("date_basis") == "text":
                self.add(i, actor_keys(clusters[i]))

    def add(self, i: int, keys: set[str]) -> None:
        """File cluster ``i`` under its family and each of ``keys``."""
        c = self.clusters[i]
        for k in keys:
            bisect.insort(self.blocks[(_family(c), k)], (c["date"]["start"], self.pos[i], i))

    def up_to(self, family: str, key: str, day: str):
        """Clusters of the block starting on or before ``day``, latest first."""
        block = self.blocks.get((family, key), [])
        for n in range(bisect.bisect_right(block, (day, len(self.pos), 0)) - 1, -1, -1):
            yield block[n]

    def within(self, family: str, key: str, lo: str, hi: str) -> list[int]:
        """Clusters of the block starting in [lo, hi]."""
        block = self.blocks.get((family, key), [])
        return [i for _s, _p, i in block[bisect.bisect_left(block, (lo, -1, -1)):
                                         bisect.bisect_right(block, (hi, len(self.pos), 0))]]


def _told_again_target(c: dict, dated: _Dated) -> tuple[int | None, str]:
    """The event that ``c`` tells again (see :func:`_join_told_again`), and why."""
    publication = c.get("date_basis") == "publication"
    rank = _GRAN_RANK.get(c["date"].get("granularity"), 9)
    family, iv = _family(c), _interval(c)
    if not family or iv is None or not (publication or (
            c.get("date_basis") == "text" and rank in _COARSE)):
        return None, ""
    keys, doers, clusters = actor_keys(c), _doers(c), dated.clusters
    if not keys:
        return None, ""
    if publication:
        # the latest earlier event of the family with a date of its own, whose actors
        # include all of this report's; a report that names no target ("Russia has invaded
        # its neighbour") only an event of its own trigger word by the very same doers
        targets = _targets(c)
        ids = {a["id"] for a in c.get("actors", []) if a.get("role") != "target"}
        # (told as done, "has invaded", not as a state: "is willing to ...")
        told_past = all(_PAST_FORM.search((m.get("trigger") or {}).get("text", ""))
                        for m in c.get("mentions", []))
        best = None
        for start, _pos, j in dated.up_to(family, min(keys), iv[1]):
            if best is not None and start < best[0]:
                break  # (the latest start wins; among equals, the first in date order)
            d = clusters[j]
            if d.get("date_basis") == "text" and d["date"].get("end") and \
                    d["date"]["end"] <= iv[1] and keys <= actor_keys(d) and \
                    doers <= _doers(d) and targets <= _targets(d) and (targets or (
                        told_past and d.get("trigger") == c.get("trigger") and ids == {
                            a["id"] for a in d.get("actors", []) if a.get("role") != "target"})):
                best = (start, j) if best is None else best
        return (best[1], f"a report dated by its publication tells the {family!r} of "
                f"{clusters[best[1]]['date']['value']} again") if best else (None, "")
    # a week, a month or a year: the one event of the family (or, without one, of the
    # trigger word) by the same doer dated more finely within it
    inside = {j for k in doers for j in dated.within(family, k, iv[0], iv[1])
              if clusters[j] is not c and _GRAN_RANK.get(clusters[j]["date"].get("granularity"), 9) < rank
              and clusters[j]["date"]["end"] <= iv[1] and doers & _doers(clusters[j])}
    if len(inside) != 1:
        return None, ""
    (only,) = inside
    return only, (f"the {family!r} of {c['date']['value']} is the one of "
                  f"{clusters[only]['date']['value']}")


#: The granularities (ranks of _GRAN_RANK: week, month, year) whose event may be the one
#: event dated more finely within it (see _join_told_again).
_COARSE = (2, 3, 6)


def _join_told_again(clusters: list[dict], sigs: list[tuple], members: list[list[dict]],
                     alive: list[int]) -> list[int]:
    """Join the mentions that tell again an event dated more finely elsewhere, into it:

    * a report dated only by its publication ("Russia has invaded Ukraine", in a 2025
      article) into the latest earlier event of the same trigger FAMILY (triggers.tsv) with
      a date of its own whose sources and targets include all of the report's (the invasion
      of 2022): "on or before publication". A report without a target joins only an event
      of its own trigger word by the very same doers ("Russia has invaded its neighbour";
      not "a Chinese envoy has visited several countries" into Xi's visit);
    * a visit, a summit or any happening told at week, month or year precision ("Xi will
      travel to Moscow in May") into the one event of its trigger FAMILY (or, without one,
      its trigger word) by the same doer dated more finely within it (the visit for the
      9 May parade); with two such events, into neither.

    The joined event keeps the finer date; its status is "happened" once a report says so
    (see the module docstring). Returns the indexes left, in the order of ``alive``."""
    dated = _Dated(clusters, alive)
    gone: set[int] = set()
    for i in alive:
        c = clusters[i]
        target, why = _told_again_target(c, dated)
        if target is None or target == i or target in gone or \
                _sentences(clusters[target]) & _sentences(c):
            continue
        before = actor_keys(clusters[target])
        clusters[target] = _combine(clusters[target], c, why)
        dated.add(target, actor_keys(clusters[target]) - before)  # (its actors may grow)
        sigs[target] = tuple(a | b for a, b in zip(sigs[target], sigs[i], strict=True))
        members[target] = members[target] + members[i]
        gone.add(i)
    return [i for i in alive if i not in gone]


def _shared_content(sig_a: tuple, sig_b: tuple) -> str | None:
    (qa, na, wa), (qb, nb, wb) = sig_a, sig_b
    if qa & qb:
        return "shared quotation " + ", ".join(f"\u201c{q}\u201d" for q in sorted(qa & qb)[:2])
    if na & nb:
        return "shared name " + ", ".join(sorted(na & nb)[:2])
    if len(wa & wb) >= 3:
        return "shared words " + ", ".join(sorted(wa & wb)[:3])
    return None


def _mark_disputes(event: dict, records: list[dict]) -> None:
    """Set ``disputed``, ``dispute`` (one line) and ``disputes`` (each with both mentions
    and what each says; see :mod:`events.disputes`).  A status dispute keeps the event
    one event, but never a confident "happened": its status is the contradicting
    report's ("denied", or "planned" in a report written after the date) and its
    confidence at most :data:`DISPUTED_CONFIDENCE`."""
    disputes = find_disputes(records) if len(records) > 1 else []
    event["disputed"] = bool(disputes)
    event["dispute"] = dispute_text(disputes)
    event["disputes"] = disputes
    status = next((d for d in disputes if d["kind"] == "status"), None)
    if status is not None:
        event["status"] = status["b"]["says"].split(" ")[0]
    if disputes:
        event["confidence"] = min(event.get("confidence", 0), DISPUTED_CONFIDENCE)


class _Cluster:
    """What merge_events keeps of a cluster to judge candidates: its signature, actor
    keys and sentences, grown in place as events join it."""

    __slots__ = ("sig", "keys", "sents")

    def __init__(self, sig: tuple[set, set, set], keys: set[str], sents: set) -> None:
        self.sig, self.keys, self.sents = sig, keys, sents

    def absorb(self, cluster: dict, sig: tuple[set, set, set], sents: set
               ) -> tuple[set, set, set]:
        """Take an event's signature and sentences (after ``cluster`` took the event);
        returns what the signature gained."""
        gained = tuple(new - old for new, old in zip(sig, self.sig, strict=True))
        for old, new in zip(self.sig, gained, strict=True):
            old |= new
        self.keys = actor_keys(cluster)
        self.sents |= sents
        return gained


def _find_cluster(ev: dict, sig: tuple, ekeys: set[str], esents: set, clusters: list[dict],
                  state: list[_Cluster], index: _Index) -> tuple[int | None, str | None]:
    """The first cluster, in block order, that takes ``ev``, and why (see merge_events)."""
    iv = _interval(ev)
    if not iv:
        return None, None
    etype = ev["type"]
    compatible = _COMPATIBLE_WITH.get(etype, frozenset())
    evalue, efine = _value_fine(ev)
    eq, en, ew = sig
    q = _Query(etype, tuple(sorted({etype} | compatible)), iv, efine, evalue, _family(ev),
               eq, en, ew)
    seen: set[int] = set()
    for key in sorted(ekeys):
        for year in _years(ev):
            for idx in index.candidates(key, year, q):
                if idx in seen:
                    continue
                seen.add(idx)
                cluster, st = clusters[idx], state[idx]
                ctype = cluster["type"]
                if ctype != etype and ctype not in compatible:
                    continue
                c0, c1 = _interval(cluster)
                if not ((c0 <= iv[0] and iv[1] <= c1) or (iv[0] <= c0 and c1 <= iv[1])):
                    continue  # one date must contain the other
                if st.sents & esents:
                    continue  # two triggers of one sentence are two events
                why = _happening(cluster, ev, st.sig, sig, st.keys, ekeys)
                if why:
                    return idx, why
    return None, None


def split_event(event: dict, mention_ids: set[str]) -> tuple[dict, dict]:
    """Undo a merge: move the mentions whose ids are in ``mention_ids`` into an event of their own.

    Both parts keep the other fields of ``event``; sources are recomputed, the
    split is recorded in ``merge_reasons``, and each part keeps only the disputes
    whose two mentions it still holds (``disputed`` and ``dispute`` follow).
    """
    keep = [m for m in event["mentions"] if m.get("id") not in mention_ids]
    move = [m for m in event["mentions"] if m.get("id") in mention_ids]
    if not keep or not move:
        raise ValueError("a split needs mentions on both sides")

    def part(mentions: list[dict]) -> dict:
        out = {**event, "id": min(m["id"] for m in mentions), "mentions": mentions,
               "sources": sorted({m["doc_id"] for m in mentions}),
               "merge_reasons": event.get("merge_reasons", []) + [
                   "split: " + ", ".join(sorted(m["id"] for m in mentions))]}
        if "disputes" in event:
            ids = {m.get("id") for m in mentions}
            kept = [d for d in event["disputes"]
                    if d["a"]["mention"] in ids and d["b"]["mention"] in ids]
            out.update(disputed=bool(kept), dispute=dispute_text(kept), disputes=kept)
        return out

    return part(keep), part(move)
