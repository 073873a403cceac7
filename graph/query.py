"""Queries over the actor-event graph built by :func:`graph.build.build_graph`.

Everything here works on the graph, on the frozen subgraphs returned by
:func:`filter_graph` / :func:`ego_network`, or on networkx views of them, and
never mutates its input.

Per-graph lookup tables (:class:`GraphIndex`: event intervals, types,
statuses, actors per event, events per actor / country / document,
lower-cased search text) are computed on first use and kept in a
``weakref.WeakKeyDictionary`` keyed by the graph object -- not in
``G.graph``, so exports never see them.  An index is rebuilt when the graph's
node count changes; after other in-place edits call :func:`invalidate`.

Filter semantics (all given criteria must hold; an empty :class:`Filter`
keeps everything):

``actors``
    Actor ids, with or without the ``actor:`` prefix.  An id also matches the
    actors whose ``country`` is that id (so ``CHN`` matches ``xi-jinping``
    and ``CHN-foreign-ministry`` when their ``country`` is ``CHN``).  Several
    actors: events involving ANY of them; with ``all_actors=True`` events
    involving ALL of them (each counted with its country members).  Unknown
    ids match nothing.
``types`` / ``statuses``
    PLOVER types (case-insensitive) / statuses; any of them.
``date_from`` / ``date_to``
    ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``date_from`` means the first day
    of that period, ``date_to`` the last (``date_to="2014"`` is through
    2014-12-31).  An event matches when its interval ``[start, end]``
    overlaps ``[date_from, date_to]`` -- so an event dated ``2001-07`` matches
    ``2001-07-15..2001-08`` and an event in the ``197X`` decade matches
    ``date_to=1975``.  Events with no interval (``PRESENT_REF``, ``XXXX-03``)
    match only when neither bound is given.
``sources``
    Document ids (with or without ``document:``); events reported by any.
``query``
    Free text, case-insensitive; every whitespace-separated word must occur
    in the event's label, evidence, or one of its actors' labels/aliases.
``disputed``
    True: only the events whose reports disagree (the event's ``disputed``; a
    dispute a curator resolved no longer counts).
``reported_from`` / ``reported_to``
    Like the dates, for when the event was reported: one of its documents'
    ``published`` dates overlaps ``[reported_from, reported_to]``.  Needs the
    graph's document nodes; an event with no dated document fails these bounds.

The filtered graph contains the matching events, their actors and (when the
graph has document nodes) their documents, with the edges among them.

Examples
--------
>>> from graph.build import build_graph
>>> ev = [{"id": "event:a", "label": "Talks", "type": "CONSULT", "status": "happened",
...        "date": {"value": "2001-07", "start": "2001-07-01", "end": "2001-07-31"},
...        "actors": [{"id": "xi", "label": "Xi", "kind": "person", "country": "CHN"}]},
...       {"id": "event:b", "label": "Strike", "type": "ASSAULT", "status": "happened",
...        "date": {"value": "197X", "start": "1970-01-01", "end": "1979-12-31"},
...        "actors": [{"id": "RUS", "label": "Russia", "kind": "state"}]}]
>>> G = build_graph(ev)
>>> sorted(filter_graph(G, Filter(actors=("CHN",))).nodes)
['actor:xi', 'event:a']
>>> sorted(n for n in filter_graph(G, Filter(date_to="1975")) if n.startswith("event:"))
['event:b']
>>> Filter.from_params({"actor": ["CHN", "RUS"], "to": ["2014"]}).to_params()
{'actor': ['CHN', 'RUS'], 'to': ['2014']}
"""

from __future__ import annotations

import calendar
import re
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from itertools import combinations
from urllib.parse import urlencode

import networkx as nx

from events.model import EVENT_TYPES, STATUSES
from graph.build import gc_paused, records_for, share_records

__all__ = [
    "CONTROL_FIELDS", "DATE_INTERVALS", "PARAMS", "Filter", "GraphIndex", "QueryError",
    "actor_event_counts", "actor_projection", "actor_stats", "date_interval", "ego_network",
    "event_records", "filter_graph", "graph_index", "invalidate", "matching_events",
]

#: Betweenness is exact up to this many actors when (actors x projection
#: edges) <= ``BETWEENNESS_WORK``; otherwise it is estimated from
#: ``k = max(BETWEENNESS_K_MIN, BETWEENNESS_WORK // edges)`` sampled sources,
#: which bounds the cost to a few seconds (one BFS per source).
BETWEENNESS_EXACT_MAX = 2000
BETWEENNESS_WORK = 4_000_000
BETWEENNESS_K_MIN = 32

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_YES = ("1", "true", "yes", "on")


class QueryError(ValueError):
    """A filter or query argument is malformed (the message says which and why)."""


def date_interval(text: str) -> tuple[str, str]:
    """First and last ISO day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    The one date-bound parser: the filters, the browser
    (:func:`graph.views.parse_date_bound`) and the command line all read dates
    with it.  Surrounding blanks and a one-digit month or day are accepted
    (``2014-3`` is March 2014); the result is always ``YYYY-MM-DD``.  Raises
    :class:`QueryError` with a message starting "bad date".

    >>> date_interval("2014"), date_interval("2024-02"), date_interval("2001-07-15")
    (('2014-01-01', '2014-12-31'), ('2024-02-01', '2024-02-29'), ('2001-07-15', '2001-07-15'))
    >>> date_interval(" 2014-3 ")
    ('2014-03-01', '2014-03-31')
    """
    m = _DATE.fullmatch(text.strip()) if isinstance(text, str) else None
    if m is None:
        raise QueryError(f"bad date {text!r:.60}: it is not YYYY, YYYY-MM or YYYY-MM-DD")
    y, mo, d = m.groups()
    y = f"{int(y):04d}"  # ASCII digits, whatever digits were written
    if mo is None:
        return f"{y}-01-01", f"{y}-12-31"
    month = int(mo)
    if not 1 <= month <= 12:
        raise QueryError(f"bad date {text!r:.60}: month {mo} is not 01-12")
    # year 0 (1 BC) is, like 2000, the leap year of a 400-year cycle
    last = calendar.monthrange(int(y) or 2000, month)[1]
    if d is None:
        return f"{y}-{month:02d}-01", f"{y}-{month:02d}-{last:02d}"
    if not 1 <= int(d) <= last:
        raise QueryError(f"bad date {text!r:.60}: day {d} does not exist in {y}-{month:02d}")
    return f"{y}-{month:02d}-{int(d):02d}", f"{y}-{month:02d}-{int(d):02d}"


def _yes(value) -> bool:
    """A flag's value: True, a yes-word (``1``, ``true``, ``yes``, ``on``) or a list
    holding one (a browser checklist, ``["1"]``)."""
    if isinstance(value, list | tuple):
        return any(_yes(v) for v in value)
    return value is True or str(value).strip().lower() in _YES


def _inverted(lo_name: str, lo: str, hi_name: str, hi: str) -> str:
    """Why the interval ``[lo, hi]`` (valid date bounds) is empty, or "" when it is not."""
    if lo and hi and date_interval(lo)[0] > date_interval(hi)[1]:
        return f"{lo_name} {lo} is after {hi_name} {hi}"
    return ""


def _strip(value: str, prefix: str) -> str:
    return value[len(prefix):] if value.startswith(prefix) else value


class _Items(tuple):
    """Values already one per item (the browser's controls, a dropdown's choices):
    taken as they are, not split at commas -- a document id may hold one."""


def _tuple(value, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    split = not isinstance(value, _Items)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Iterable):
        raise QueryError(f"{name} must be a list of strings, got {type(value).__name__}")
    out: list[str] = []
    for v in value:
        if not isinstance(v, str):
            raise QueryError(f"{name} must be a list of strings, got item {v!r:.40}")
        out.extend(p.strip() for p in (v.split(",") if split else [v]) if p.strip())
    return tuple(dict.fromkeys(out))


def _field(default, param: str, *, control: bool = True):
    """A :class:`Filter` field: ``param`` is its URL parameter name; ``control``
    whether the browser has a control for it (see :meth:`Filter.empty_controls`)."""
    return field(default=default, metadata={"param": param, "control": control})


def _kind(f) -> str:
    """How a field is written: ``list`` (repeatable parameter, a multi-select),
    ``flag`` (``1``; a checklist ``["1"]`` in the browser) or ``text`` (one value)."""
    return {"bool": "flag", "str": "text"}.get(f.type, "list")


#: Pairs of date-bound fields: each bound is read by :func:`date_interval`, and
#: the interval they make must not end before it starts.
DATE_INTERVALS = (("date_from", "date_to"), ("reported_from", "reported_to"))


@dataclass(frozen=True)
class Filter:
    """What to keep; see the module docstring for the semantics of each field.

    The one filter vocabulary: the exports (:func:`filter_graph`), the command
    line and the browser (:meth:`graph.views.EventIndex.positions`, its URL
    and its controls) all speak it.  Each field's URL parameter name, and
    whether the browser has a control for it, is in the field's metadata
    (:data:`PARAMS`, :data:`CONTROL_FIELDS`); list fields are repeatable
    parameters, ``bool`` fields flags, ``str`` fields single values.

    Values are normalised on creation (lists become tuples, comma-separated
    strings are split, ``actor:``/``document:`` prefixes dropped, types
    upper-cased) and validated: a malformed date, an unknown type or status,
    or ``date_from`` after ``date_to`` raise :class:`QueryError`.
    """

    actors: tuple[str, ...] = _field((), "actor")
    all_actors: bool = _field(False, "all", control=False)
    types: tuple[str, ...] = _field((), "type")
    statuses: tuple[str, ...] = _field((), "status")
    date_from: str = _field("", "from")
    date_to: str = _field("", "to")
    sources: tuple[str, ...] = _field((), "source")
    query: str = _field("", "q")
    disputed: bool = _field(False, "disputed")
    reported_from: str = _field("", "reported_from")
    reported_to: str = _field("", "reported_to")

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "actors", tuple(dict.fromkeys(
            _strip(a, "actor:") for a in _tuple(self.actors, "actors"))))
        put(self, "sources", tuple(dict.fromkeys(
            _strip(s, "document:") for s in _tuple(self.sources, "sources"))))
        types = tuple(t.upper() for t in _tuple(self.types, "types"))
        bad = [t for t in types if t not in EVENT_TYPES]
        if bad:
            raise QueryError(f"unknown event type {bad[0]!r}; expected one of {', '.join(EVENT_TYPES)}")
        put(self, "types", types)
        statuses = tuple(s.lower() for s in _tuple(self.statuses, "statuses"))
        bad = [s for s in statuses if s not in STATUSES]
        if bad:
            raise QueryError(f"unknown status {bad[0]!r}; expected one of {', '.join(STATUSES)}")
        put(self, "statuses", statuses)
        for name in ("date_from", "date_to", "query", "reported_from", "reported_to"):
            v = getattr(self, name)
            if v is None:
                v = ""
            if not isinstance(v, str):
                raise QueryError(f"{name} must be a string, got {type(v).__name__}")
            put(self, name, v.strip())
        for lo, hi in DATE_INTERVALS:
            for name in (lo, hi):
                if getattr(self, name):
                    date_interval(getattr(self, name))
            why = _inverted(lo, getattr(self, lo), hi, getattr(self, hi))
            if why:
                raise QueryError(why)
        for name in ("all_actors", "disputed"):
            if not isinstance(getattr(self, name), bool):
                put(self, name, _yes(getattr(self, name)))

    @property
    def day_from(self) -> str:
        """First ISO day of ``date_from`` ("" when unbounded)."""
        return date_interval(self.date_from)[0] if self.date_from else ""

    @property
    def day_to(self) -> str:
        """Last ISO day of ``date_to`` ("" when unbounded)."""
        return date_interval(self.date_to)[1] if self.date_to else ""

    @property
    def reported_day_from(self) -> str:
        """First ISO day of ``reported_from`` ("" when unbounded)."""
        return date_interval(self.reported_from)[0] if self.reported_from else ""

    @property
    def reported_day_to(self) -> str:
        """Last ISO day of ``reported_to`` ("" when unbounded)."""
        return date_interval(self.reported_to)[1] if self.reported_to else ""

    def is_empty(self) -> bool:
        return self == Filter()

    @classmethod
    def from_params(cls, params: Mapping) -> Filter:
        """Build a filter from URL-style parameters (e.g. ``urllib.parse.parse_qs`` output).

        Keys: the :data:`PARAMS` names (``actor``, ``all``, ``type``,
        ``status``, ``from``, ``to``, ``source``, ``q``, ``disputed``,
        ``reported_from``, ``reported_to``); values are lists of strings or
        strings.  Other keys are ignored (they belong to other parts of the
        URL state).
        """
        if not isinstance(params, Mapping):
            raise QueryError(f"params must be a mapping, got {type(params).__name__}")
        kw: dict = {}
        for f in fields(cls):
            param = f.metadata["param"]
            raw = params.get(param)
            if raw is None:
                continue
            if f.name == "query":
                vals = [raw] if isinstance(raw, str) else list(raw)
                if not all(isinstance(v, str) for v in vals):
                    raise QueryError(f"{param} must be a string")
                kw[f.name] = " ".join(vals)
            elif _kind(f) == "list":
                kw[f.name] = raw
            else:
                vals = _tuple(raw, param)
                if len(vals) > 1:
                    raise QueryError(f"{param} given {len(vals)} times: {', '.join(vals)}")
                kw[f.name] = vals[0] if vals else ("" if f.type == "str" else False)
        return cls(**kw)

    def to_params(self) -> dict[str, list[str]]:
        """The inverse of :meth:`from_params`; only non-default fields."""
        out: dict[str, list[str]] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if not v:
                continue
            key = f.metadata["param"]
            out[key] = list(v) if isinstance(v, tuple) else ["1" if v is True else v]
        return out

    # -- the browser's controls: the same fields, as a form holds them

    @classmethod
    def empty_controls(cls) -> dict:
        """The browser's control values for an empty filter, keyed by field name
        (:data:`CONTROL_FIELDS`): ``[]`` for a list or a flag (a checklist whose
        value is ``["1"]`` when set), ``""`` for text."""
        return {f.name: ("" if _kind(f) == "text" else []) for f in fields(cls)
                if f.metadata["control"]}

    @classmethod
    def _control_kwargs(cls, controls: Mapping) -> dict:
        if not isinstance(controls, Mapping):
            raise QueryError(f"controls must be a mapping, got {type(controls).__name__}")
        kw: dict = {}
        for f in fields(cls):
            v = controls.get(f.name)
            if v is None:
                continue
            kind = _kind(f)
            if kind == "list":
                kw[f.name] = _Items(v) if isinstance(v, list | tuple) else v
            elif kind == "flag":
                kw[f.name] = _yes(v)
            else:
                kw[f.name] = v if isinstance(v, str) else str(v)
        return kw

    @classmethod
    def from_controls(cls, controls: Mapping) -> Filter:
        """The filter that control values (see :meth:`empty_controls`) stand for.

        Keys that are not fields are ignored; list values are taken item by
        item (not split at commas).  Strict, like the constructor: a bad date,
        an unknown type or an empty interval raises :class:`QueryError`.
        """
        return cls(**cls._control_kwargs(controls))

    @classmethod
    def lenient(cls, controls: Mapping) -> tuple[Filter, list[tuple[tuple[str, ...], str]]]:
        """Like :meth:`from_controls`, but leaves out what cannot be used
        instead of raising (the browser's way: a bad date is reported and
        ignored, the rest of the filter still applies).

        Items that are not strings, unknown types and unknown statuses are
        dropped silently; a malformed date bound, and both bounds of an
        interval that ends before it starts, are left out.  Returns the filter
        and, for each thing left out, ``(field names, why)``.

        >>> f, left_out = Filter.lenient({"types": ["agree", "BOGUS"], "date_from": "2014-13",
        ...                               "date_to": "2015", "sources": ["Reuters, 2022"]})
        >>> f == Filter(types=("AGREE",), date_to="2015", sources=_Items(["Reuters, 2022"]))
        True
        >>> left_out
        [(('date_from',), "bad date '2014-13': month 13 is not 01-12")]
        """
        kw = cls._control_kwargs(controls)
        for f in fields(cls):
            if _kind(f) == "list" and f.name in kw:
                v = kw[f.name]
                items = v if isinstance(v, list | tuple) else [v]
                kw[f.name] = _Items(x for x in items if isinstance(x, str))
        kw["types"] = _Items(t for t in kw.get("types", ()) if t.strip().upper() in EVENT_TYPES)
        kw["statuses"] = _Items(s for s in kw.get("statuses", ()) if s.strip().lower() in STATUSES)
        left_out: list[tuple[tuple[str, ...], str]] = []
        for lo, hi in DATE_INTERVALS:
            for name in (lo, hi):
                try:
                    if kw.get(name, "").strip():
                        date_interval(kw[name])
                except QueryError as exc:
                    left_out.append(((name,), str(exc)))
                    kw[name] = ""
            why = _inverted(lo, kw.get(lo, "").strip(), hi, kw.get(hi, "").strip())
            if why:
                left_out.append(((lo, hi), why))
                kw[lo] = kw[hi] = ""
        return cls(**kw), left_out

    @classmethod
    def controls_from_params(cls, params: Mapping,
                             accept: Mapping[str, Callable[[str], str | None]] | None = None) -> dict:
        """The browser's control values for URL parameters (:meth:`from_params`'s
        names), leniently: what does not fit is dropped, never an error.

        Each value of a list field goes through ``accept[field]``, which returns
        the value to keep (canonical spelling) or None to drop it; by default
        types and statuses are matched case-insensitively against the known
        ones and any actor or source is kept.  A flag is set when any of its
        values is a yes-word.  A text field keeps its first value, at most 200
        characters, unchecked: a malformed date stays in its control, to be
        reported (:meth:`lenient`).  Parameters without a control (``all``)
        are ignored.
        """
        accept = {"types": lambda t: t.upper() if t.upper() in EVENT_TYPES else None,
                  "statuses": lambda s: s.lower() if s.lower() in STATUSES else None,
                  **(accept or {})}
        out = cls.empty_controls()
        for f in fields(cls):
            if f.name not in out:
                continue
            vals = params.get(f.metadata["param"]) or []
            vals = [vals] if isinstance(vals, str) else [v for v in vals if isinstance(v, str)]
            kind = _kind(f)
            if kind == "list":
                take = accept.get(f.name) or (lambda v: v)
                out[f.name] = list(dict.fromkeys(x for x in map(take, vals) if x))
            elif kind == "flag":
                out[f.name] = ["1"] if _yes(vals) else []
            else:
                out[f.name] = vals[0][:200] if vals else ""
        return out


#: URL parameter name of each :class:`Filter` field.
PARAMS: dict[str, str] = {f.name: f.metadata["param"] for f in fields(Filter)}
#: The :class:`Filter` fields the browser has a control for, in the filter bar's order.
CONTROL_FIELDS: tuple[str, ...] = tuple(Filter.empty_controls())


class GraphIndex:
    """Lookup tables for one graph (or view); see :func:`graph_index`."""

    def __init__(self, G) -> None:
        self.n_nodes = len(G)
        nodes = G.nodes
        self.ids: list[str] = []
        self.start: list[str] = []
        self.end: list[str] = []
        self.type: list[str] = []
        self.status: list[str] = []
        self.actors: list[tuple[str, ...]] = []
        self.docs: list[tuple[str, ...]] = []
        self.sources: list[tuple[str, ...]] = []
        self.disputed: list[bool] = []
        self.reported: list[tuple[tuple[str, str], ...]] = []  # publication intervals
        self.by_actor: dict[str, list[int]] = {}
        self.by_source: dict[str, list[int]] = {}
        self.members: dict[str, set[str]] = {}  # bare id -> actor nodes it stands for
        if hasattr(G, "_graph"):  # a view: go through its filtering accessors
            pred, succ, items = G.pred, G.succ, nodes(data=True)
        else:  # a plain graph: its own dicts are several times faster to walk
            pred, succ, items = G._pred, G._succ, G._node.items()
        for n, d in items:
            kind = d.get("kind")
            if kind == "actor":
                bare = n[6:] if n.startswith("actor:") else n
                self.members.setdefault(bare, set()).add(n)
                c = d.get("country")
                if c:
                    self.members.setdefault(c, set()).add(n)
            if kind != "event":
                continue
            i = len(self.ids)
            self.ids.append(n)
            self.start.append(d.get("start", ""))
            self.end.append(d.get("end", ""))
            self.type.append(d.get("type", ""))
            self.status.append(d.get("status", ""))
            acts = tuple(dict.fromkeys(pred[n]))
            self.actors.append(acts)
            for a in acts:
                self.by_actor.setdefault(a, []).append(i)
            self.docs.append(tuple(succ[n]))
            self.disputed.append(d.get("disputed") is True)
            self.reported.append(tuple(_published(nodes[doc]) for doc in succ[n]
                                       if _published(nodes[doc]) is not None))
            srcs = tuple(d.get("sources", "").split())
            self.sources.append(srcs)
            for s in srcs:
                self.by_source.setdefault(s, []).append(i)
        self._G = weakref.ref(G)
        self._text: list[str] | None = None
        self._position: dict[str, int] | None = None
        self.order: list[str] = list(G._node if not hasattr(G, "_graph") else G)

    @property
    def position(self) -> dict[str, int]:
        """Node -> its position in the graph's node order (built on first use)."""
        if self._position is None:
            self._position = {n: i for i, n in enumerate(self.order)}
        return self._position

    @property
    def text(self) -> list[str]:
        """Lower-cased searchable text per event (built on first free-text query)."""
        if self._text is None:
            with gc_paused():
                self._text = self._build_text()
        return self._text

    def _build_text(self) -> list[str]:
        G = self._G()
        nodes = G.nodes
        labels = {}
        out = []
        for n, acts in zip(self.ids, self.actors, strict=True):
            d = nodes[n]
            parts = [d.get("label", ""), d.get("evidence", "")]
            for a in acts:
                al = labels.get(a)
                if al is None:
                    ad = nodes[a]
                    al = labels[a] = f"{ad.get('label', '')}\n{ad.get('aliases', '')}"
                parts.append(al)
            out.append("\n".join(parts).casefold())
        return out

    def events_of(self, actor: str) -> set[int]:
        """Event positions of ``actor`` (bare id or node id) and its country members."""
        bare = _strip(actor, "actor:")
        out: set[int] = set()
        for node in self.members.get(bare, ()):
            out.update(self.by_actor.get(node, ()))
        return out

    def match(self, f: Filter) -> list[int]:
        """Positions of the events that pass ``f``, in graph order."""
        cand: set[int] | None = None
        if f.actors:
            sets = [self.events_of(a) for a in f.actors]
            cand = set.intersection(*sets) if f.all_actors else set().union(*sets)
        if f.sources:
            s: set[int] = set()
            for src in f.sources:
                s.update(self.by_source.get(src, ()))
            cand = s if cand is None else cand & s
        idx = range(len(self.ids)) if cand is None else sorted(cand)
        if f.types:
            ts, typ = set(f.types), self.type
            idx = [i for i in idx if typ[i] in ts]
        if f.statuses:
            ss, st = set(f.statuses), self.status
            idx = [i for i in idx if st[i] in ss]
        if f.date_from or f.date_to:
            lo, hi = f.day_from, f.day_to or "9999-99-99"
            start, end = self.start, self.end
            idx = [i for i in idx if start[i] and start[i] <= hi and end[i] >= lo]
        if f.disputed:
            idx = [i for i in idx if self.disputed[i]]
        if f.reported_from or f.reported_to:
            lo, hi = f.reported_day_from, f.reported_day_to or "9999-99-99"
            rep = self.reported
            idx = [i for i in idx if any(s <= hi and e >= lo for s, e in rep[i])]
        if f.query:
            words = f.query.casefold().split()
            text = self.text
            idx = [i for i in idx if all(w in text[i] for w in words)]
        return list(idx)


def _published(d: dict) -> tuple[str, str] | None:
    """The days a document node's ``published`` covers, or None (not a document, undated)."""
    if d.get("kind") != "document" or not d.get("published"):
        return None
    try:
        return date_interval(str(d["published"])[:10])
    except QueryError:
        return None


_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def graph_index(G) -> GraphIndex:
    """The cached :class:`GraphIndex` of ``G`` (built on first use)."""
    ix = _INDEXES.get(G)
    if ix is None or ix.n_nodes != len(G):
        with gc_paused():  # only allocations, no garbage: skip the collector's rescans
            ix = _INDEXES[G] = GraphIndex(G)
    return ix


def invalidate(G) -> None:
    """Forget the cached index of ``G`` (call after editing ``G`` in place)."""
    _INDEXES.pop(G, None)


def _check_graph(G) -> None:
    if not isinstance(G, nx.MultiDiGraph):
        raise QueryError(f"expected the MultiDiGraph from build_graph, got {type(G).__name__}")


class _ShowNodes:
    """Node filter for ``nx.subgraph_view`` that keeps ``G``'s node order.

    networkx's ``show_nodes`` holds a set, and a small view iterates over it
    -- in an order that changes from run to run (string hashing).  Holding
    dict keys instead (set operations, ``in``, insertion order) makes views,
    and so exports of filtered graphs, deterministic.
    """

    __slots__ = ("nodes",)

    def __init__(self, ordered: Iterable[str]) -> None:
        self.nodes = dict.fromkeys(ordered).keys()

    def __call__(self, n) -> bool:
        return n in self.nodes


def _induced(G, ix: GraphIndex, keep: set[str], events: set[str] | None = None,
             selection: str = ""):
    """Frozen induced subgraph of ``G`` on ``keep``, in ``G``'s node order.

    For a plain graph this is a new frozen MultiDiGraph whose node-attribute
    and edge-key dicts *are* ``G``'s (as in a networkx view) but whose
    adjacency is materialised: iterating it runs at plain-graph speed, where a
    ``subgraph_view`` re-checks its node filter on every step (50k nodes:
    seconds instead of a fraction of one).  Views of views stay views.

    ``events``: event nodes of ``keep`` whose every neighbour is in ``keep``
    and through which every kept edge runs -- true of graphs from
    ``build_graph``, where all edges join an event to an actor or document.
    The adjacency is then assembled from those events' edges alone, instead
    of testing every neighbour of every kept actor (the hubs).

    The result gets its own ``graph`` dict: ``G``'s, with the ``n_*`` counts
    of the subgraph and ``selection`` (what was kept, URL-query style).
    """
    if 4 * len(keep) >= len(ix.order):
        ordered = [n for n in ix.order if n in keep]
    else:
        pos = ix.position
        ordered = sorted(keep, key=pos.__getitem__)
    if hasattr(G, "_graph") or type(G) is not nx.MultiDiGraph:
        return nx.subgraph_view(G, filter_node=_ShowNodes(ordered))
    node, succ, pred = G._node, G._succ, G._pred
    H = nx.MultiDiGraph()
    H.graph = G.graph
    H._node = {n: node[n] for n in ordered}
    if events is not None and G.graph.get("created_by") == "eventline":
        hs: dict = {n: {} for n in ordered}
        hp: dict = {n: {} for n in ordered}
        for e in ordered:
            if e not in events:
                continue
            ps, ss = pred[e], succ[e]
            hp[e] = ps.copy()
            hs[e] = ss.copy()
            for a, kd in ps.items():
                hs[a][e] = kd
            for d, kd in ss.items():
                hp[d][e] = kd
        H._succ, H._pred = hs, hp
    else:
        H._succ = {n: {v: kd for v, kd in succ[n].items() if v in keep} for n in ordered}
        H._pred = {n: {u: kd for u, kd in pred[n].items() if u in keep} for n in ordered}
    if "created_by" in G.graph:
        kinds: dict[str, int] = {}
        for d in H._node.values():
            k = d.get("kind")
            kinds[k] = kinds.get(k, 0) + 1
        H.graph = dict(G.graph)
        H.graph.update({
            "n_events": kinds.get("event", 0), "n_actors": kinds.get("actor", 0),
            "n_documents": kinds.get("document", 0),
            "n_edges": sum(len(kd) for nbrs in H._succ.values() for kd in nbrs.values()),
            "selection": selection,
        })
    nx.freeze(H)
    share_records(H, G)
    return H


def _whole(G):
    """A frozen graph over all of ``G`` (its very dicts, like a view), at no cost."""
    if hasattr(G, "_graph") or type(G) is not nx.MultiDiGraph:
        return nx.subgraph_view(G)
    H = nx.MultiDiGraph()
    H.graph = G.graph
    H._node, H._succ, H._pred = G._node, G._succ, G._pred
    nx.freeze(H)
    share_records(H, G)
    return H


def _subgraph(G, ix: GraphIndex, positions: list[int], selection: str = ""):
    ids, actors, docs = ix.ids, ix.actors, ix.docs
    events = {ids[i] for i in positions}
    keep: set[str] = set(events)
    for i in positions:
        keep.update(actors[i])
        keep.update(docs[i])
    # An event's neighbours are exactly its actors and documents, all kept.
    return _induced(G, ix, keep, events, selection)


def filter_graph(G, f: Filter | None = None):
    """The subgraph of the events passing ``f``, with their actors and documents.

    Returns a frozen (read-only) MultiDiGraph induced on those nodes, in
    ``G``'s node order.  Like a networkx view it shares ``G``'s ``graph``,
    node-attribute and edge dicts (do not edit them; call ``.copy()`` for an
    independent graph), but it iterates as fast as a plain graph.  Its own
    ``graph`` dict holds ``G``'s attributes with the subgraph's ``n_events``,
    ``n_actors``, ``n_documents``, ``n_edges`` and ``selection`` (the filter as
    a URL query, e.g. ``actor=CHN&from=2014``).  When ``G``
    is itself a networkx view, the result is a ``subgraph_view``.  ``f=None``
    or an empty filter keeps every event.

    Raises
    ------
    QueryError
        ``G`` is not a MultiDiGraph, or ``f`` is not a :class:`Filter`.
    """
    _check_graph(G)
    if f is None:
        f = Filter()
    if not isinstance(f, Filter):
        raise QueryError(f"expected a Filter, got {type(f).__name__}")
    if f.is_empty():
        return _whole(G)
    ix = graph_index(G)
    with gc_paused():  # many new dicts, none garbage: no collection mid-way
        return _subgraph(G, ix, ix.match(f), urlencode(f.to_params(), doseq=True))


def matching_events(G, f: Filter | None = None) -> list[str]:
    """Ids of the event nodes passing ``f``, in graph order -- no subgraph built.

    The cheap path when only the events are needed (a timeline, a count):
    tens of milliseconds at 100k events even when half of them match, where
    :func:`filter_graph` also assembles the subgraph's adjacency.
    """
    _check_graph(G)
    if f is None:
        f = Filter()
    if not isinstance(f, Filter):
        raise QueryError(f"expected a Filter, got {type(f).__name__}")
    ix = graph_index(G)
    ids = ix.ids
    return [ids[i] for i in ix.match(f)]


def _actor_node(G, actor_id: str) -> str:
    if not isinstance(actor_id, str) or not actor_id:
        raise QueryError(f"actor id must be a non-empty string, got {actor_id!r:.40}")
    node = actor_id if actor_id.startswith("actor:") else "actor:" + actor_id
    if node not in G or G.nodes[node].get("kind") != "actor":
        raise QueryError(f"no actor {actor_id!r} in this graph")
    return node


def ego_network(G, actor_id: str, radius: int = 1):
    """The neighbourhood of one actor, as a frozen subgraph of ``G`` (see :func:`filter_graph`).

    ``radius`` counts actor-to-actor steps through shared events: radius 1
    is the actor, its events and those events' other actors; radius 2 adds
    those actors' events and co-actors, and so on (bipartite distance
    ``2 * radius``).  Radius 0 is the actor and its events.  Documents of the
    included events come along when the graph has them.
    """
    _check_graph(G)
    if isinstance(radius, bool) or not isinstance(radius, int) or radius < 0:
        raise QueryError(f"radius must be an integer >= 0, got {radius!r}")
    start = _actor_node(G, actor_id)
    ix = graph_index(G)
    seen = {start}
    frontier = {start}
    events: set[int] = set(ix.by_actor.get(start, ())) if radius == 0 else set()
    for _ in range(radius):
        new_events: set[int] = set()
        for a in frontier:
            new_events.update(ix.by_actor.get(a, ()))
        new_events -= events
        events |= new_events
        frontier = {a for i in new_events for a in ix.actors[i]} - seen
        seen |= frontier
        if not frontier:
            break
    keep = set(seen)
    for i in events:
        keep.add(ix.ids[i])
        keep.update(ix.docs[i])
    # From radius 1 on, every included event has all its actors included.
    whole = {ix.ids[i] for i in events} if radius >= 1 else None
    with gc_paused():
        return _induced(G, ix, keep, whole,
                        urlencode({"ego": _strip(start, "actor:"), "radius": radius}))


def actor_event_counts(G) -> dict[str, int]:
    """Actor node id -> number of distinct events in ``G`` it takes part in."""
    _check_graph(G)
    ix = graph_index(G)
    return {a: len(v) for a, v in ix.by_actor.items()}


def actor_projection(G) -> nx.Graph:
    """Actor-actor graph: an edge for every pair of actors sharing an event.

    Edge attributes ``weight`` and ``events`` are both the number of shared
    events (int).  Nodes are every actor of ``G`` (also those sharing no
    event), with ``kind``, ``label``, ``actor_type``, ``country`` and
    ``n_events`` counted in ``G``.
    """
    _check_graph(G)
    ix = graph_index(G)
    P = nx.Graph(name=f"actor projection of {G.graph.get('name', '')}".strip(),
                 created_by="eventline")
    counts = {a: len(v) for a, v in ix.by_actor.items()}
    nodes = G.nodes
    P.add_nodes_from(
        (n, {"kind": "actor", "label": d.get("label", ""), "actor_type": d.get("actor_type", ""),
             "country": d.get("country", ""), "n_events": counts.get(n, 0)})
        for n, d in nodes(data=True) if d.get("kind") == "actor"
    )
    pairs: dict[tuple[str, str], int] = {}
    for acts in ix.actors:
        if len(acts) > 1:
            for pair in combinations(sorted(acts), 2):
                pairs[pair] = pairs.get(pair, 0) + 1
    P.add_edges_from((u, v, {"weight": w, "events": w}) for (u, v), w in pairs.items())
    return P


def actor_stats(G, *, seed: int = 0) -> list[dict]:
    """One dict per actor, most events first.

    Keys: ``id`` (node id), ``actor_id`` (without prefix), ``label``,
    ``actor_type``, ``country``, ``events`` (count in ``G``), ``degree``
    (distinct co-actors), ``strength`` (shared events summed over co-actors),
    ``betweenness`` (normalised, on the unweighted actor projection; exact
    for small projections, else estimated from sampled sources with
    ``seed``, so repeatable -- see ``BETWEENNESS_WORK``).
    """
    P = actor_projection(G)
    n, m = P.number_of_nodes(), P.number_of_edges()
    if n <= BETWEENNESS_EXACT_MAX and n * max(m, 1) <= BETWEENNESS_WORK:
        bc = nx.betweenness_centrality(P)
    else:
        k = min(n, max(BETWEENNESS_K_MIN, BETWEENNESS_WORK // max(m, 1)))
        bc = nx.betweenness_centrality(P, k=k, seed=seed)
    out = []
    for a, d in P.nodes(data=True):
        out.append({
            "id": a, "actor_id": _strip(a, "actor:"), "label": d["label"],
            "actor_type": d["actor_type"], "country": d["country"], "events": d["n_events"],
            "degree": P.degree(a), "strength": P.degree(a, weight="weight"),
            "betweenness": bc.get(a, 0.0),
        })
    out.sort(key=lambda r: (-r["events"], r["label"].casefold(), r["id"]))
    return out


def _rebuild(G, n: str) -> dict:
    d = G.nodes[n]
    actors = []
    for a, keys in G.pred[n].items():
        ad = G.nodes[a]
        for role in keys:
            actors.append({"id": _strip(a, "actor:"), "label": ad.get("label", ""),
                           "kind": ad.get("actor_type", ""), "country": ad.get("country") or None,
                           "role": role})
    evidence = d.get("evidence", "")
    return {
        "id": n, "label": d.get("label", ""), "type": d.get("type", ""),
        "status": d.get("status", ""), "trigger": d.get("trigger", ""),
        "confidence": d.get("confidence", 0.0),
        "date": {"value": d.get("date", ""), "granularity": d.get("granularity", ""),
                 "start": d.get("start") or None, "end": d.get("end") or None,
                 "mod": d.get("mod") or None, "text": d.get("date_text", "")},
        "actors": actors,
        "sources": d.get("sources", "").split(),
        "mentions": [],
        "evidence": evidence.split("\n\n") if evidence else [],
    }


def event_records(G, ids: Iterable[str] | None = None) -> list[dict]:
    """Event records for event nodes of ``G`` (all of them, in graph order, if ``ids`` is None).

    Where ``G`` (or the graph it is a view of) came from :func:`build_graph`
    in this process, the original records are returned (shared, do not
    mutate) with their mentions and offsets.  Otherwise (e.g. a graph read
    back from an export) record-like dicts are rebuilt from node attributes:
    same keys, ``mentions`` empty, plus ``evidence`` (list of sentences).

    Raises
    ------
    QueryError
        An id is not an event node of ``G``.
    """
    _check_graph(G)
    if ids is None:
        ids = graph_index(G).ids
    elif isinstance(ids, str):
        ids = [ids]
    originals = records_for(G) or {}
    out = []
    for n in ids:
        if not isinstance(n, str) or n not in G or G.nodes[n].get("kind") != "event":
            raise QueryError(f"{n!r:.80} is not an event in this graph")
        rec = originals.get(n)
        out.append(rec if rec is not None else _rebuild(G, n))
    return out

