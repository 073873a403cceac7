"""Event records to a NetworkX actor-event graph.

The graph is a :class:`networkx.MultiDiGraph` whose nodes have a string
attribute ``kind`` -- ``actor``, ``event`` or ``document`` (the same idea as
networkx's ``bipartite`` attribute) -- and kind-prefixed, run-stable ids:

``actor:<actor id>``
    ``actor:CHN``, ``actor:xi-jinping``.  Attributes: ``label``,
    ``actor_type`` (state|person|organisation|group), ``country`` (ISO
    alpha-3 or ""), ``aliases`` (other labels seen, "; "-joined),
    ``n_events`` (int), ``start``/``end`` (the extent of its dated events,
    ISO dates or "").
``event:<hash>``
    The record's ``id``; when a record has none, ``event:`` + 12 hex digits of
    the SHA-1 of ``type|date value|sorted actor ids|label`` (a record id
    without the ``event:`` prefix gets it).  Attributes: ``label``, ``date``
    (TIMEX3 value), ``date_text`` (as written), ``start``/``end`` (ISO dates
    of the value's interval, "" where it has none), ``granularity``, ``mod``
    ("" for none), ``date_basis`` ("text": the sentence gives the date;
    "publication": it gives none and the document's publication date stands
    for "on or before publication"), ``type``, ``status``, ``trigger``, ``confidence`` (float,
    0.0 when the record has none), ``sources`` (document ids, sorted,
    space-separated), ``n_sources`` (int), ``evidence`` (the distinct
    verbatim mention sentences in record order, joined with a blank line),
    ``n_mentions`` (int), ``curated`` (bool: the record's ``curated`` flag
    from :mod:`events.curation`, False when absent), ``disputed`` (bool: its
    reports disagree, see :mod:`events.disputes`; False when absent) and
    ``dispute`` (what they disagree on in one line, such as
    ``date: 2022-02-04 (wsj-…) vs 2022-02-05 (ps-…)``; "" for none).
``document:<doc id>``
    Only when ``documents`` is given (even an empty list): one node per
    document record plus one per document id that events cite but the list
    lacks.  Attributes: ``label`` (title, else the id), ``outlet``,
    ``author``, ``published`` (as written, "" if unknown), ``file``,
    ``published_estimated`` and ``dct_inferred`` (bool), ``n_events``.

Edges run actor -> event with key and attribute ``role`` (source | target |
participant); with documents, event -> document edges have key and role
``reported_by``.  Actor-event edges are the content; code that wants only
them keeps edges whose ``role`` is not ``reported_by`` (the query module does).

Persons (and organisations) are *not* linked to their state by an edge: they
carry its code in ``country`` and :mod:`graph.query` makes a filter on
``CHN`` also match actors whose ``country`` is ``CHN``.

All attribute values are str, int, float or bool, each attribute name with
one type in the whole graph, and every string has been through
:func:`graph.clean.clean_value`, so every exporter can write the graph as is.
The full records (with mentions and offsets) are not stored on the graph; see
:func:`graph.query.event_records`.

Merging: a record whose id was already seen replaces the earlier record's
event attributes (later wins, as in ``networkx.compose``); actor edges of
both are kept.  An actor's ``label``, ``actor_type`` and ``country`` come from
its first mention with a non-empty value; other labels become aliases.

Examples
--------
>>> ev = {"id": "event:1", "label": "China and Russia sign a treaty", "type": "AGREE",
...       "status": "happened", "confidence": 0.8,
...       "date": {"value": "2001-07", "granularity": "month", "start": "2001-07-01",
...                "end": "2001-07-31", "mod": None, "text": "July 2001"},
...       "actors": [{"id": "CHN", "label": "China", "kind": "state", "country": "CHN",
...                   "role": "participant"}],
...       "sources": ["doc1"], "mentions": []}
>>> G = build_graph([ev])
>>> sorted(G.nodes)
['actor:CHN', 'event:1']
>>> G.nodes["event:1"]["start"], G.edges["actor:CHN", "event:1", "participant"]["role"]
('2001-07-01', 'participant')
"""

from __future__ import annotations

import gc
import hashlib
import re
import weakref
from contextlib import contextmanager
from datetime import date as _date

import networkx as nx

from events.model import ROLES
from graph.clean import XML_FORBIDDEN, clean_text, clean_value

__all__ = ["GraphBuildError", "build_graph", "event_node_id", "gc_paused", "records_for"]

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_forbidden = XML_FORBIDDEN.search
REPORTED_BY = "reported_by"

# graph object -> {event node id: original record}; never exported.
_RECORDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class GraphBuildError(ValueError):
    """An event or document record cannot be turned into graph nodes."""


def event_node_id(record: dict) -> str:
    """The node id of an event record (see the module docstring)."""
    rid = record.get("id")
    if isinstance(rid, str) and rid.strip():
        rid = clean_text(rid.strip())
        return rid if rid.startswith("event:") else "event:" + rid
    date = record.get("date") or {}
    value = date.get("value") if isinstance(date, dict) else ""
    actors = record.get("actors") or []
    ids = sorted(str(a.get("id", "")) for a in actors if isinstance(a, dict))
    ident = "|".join([str(record.get("type") or ""), str(value or ""), ",".join(ids),
                      str(record.get("label") or "")])
    return "event:" + hashlib.sha1(ident.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def records_for(G) -> dict | None:
    """The original records of ``G`` (or of the graph it was filtered from), if known."""
    g = G
    while g is not None:
        found = _RECORDS.get(g)
        if found is not None:
            return found
        g = getattr(g, "_graph", None)
    return None


def share_records(new, old) -> None:
    """Let ``new`` (a subgraph made from ``old``) find ``old``'s original records."""
    found = records_for(old)
    if found is not None:
        _RECORDS[new] = found


def _where(i: int, record) -> str:
    rid = record.get("id") if isinstance(record, dict) else None
    return f"event #{i}" + (f" ({rid!r})" if isinstance(rid, str) else "")


def _str(v) -> str:
    if v is None:
        return ""
    if v.__class__ is str:
        return v if _forbidden(v) is None else clean_text(v)
    if isinstance(v, (list, tuple)):
        return clean_value(v, sep="; ")
    return clean_text(str(v))


def _day(i, record, date, key) -> str:
    v = date.get(key)
    if v is None or v == "":
        return ""
    if not isinstance(v, str) or not _ISO_DAY.fullmatch(v):
        raise GraphBuildError(
            f"{_where(i, record)}: date.{key} {v!r:.40} is not an ISO date YYYY-MM-DD"
        )
    try:
        _date.fromisoformat(v)
    except ValueError:
        raise GraphBuildError(
            f"{_where(i, record)}: date.{key} {v!r} is not a calendar day"
        ) from None
    return v


def _add_keyed_edges(G: nx.MultiDiGraph, edges) -> None:
    """Add distinct ``(u, v, key)`` edges, both nodes present, with ``{"role": key}``.

    Equivalent to ``G.add_edges_from((u, v, k, {"role": k}) ...)`` but fills the
    adjacency dicts directly (``G._succ[u][v]`` and ``G._pred[v][u]`` share one
    key dict, as networkx's own ``add_edge`` does): 100k events' edges go in
    about four times faster.  ``tests/test_graph_build.py`` checks the result
    equals the ``add_edges_from`` one.
    """
    succ, pred = G._succ, G._pred
    for u, v, k in edges:
        su = succ[u]
        keydict = su.get(v)
        if keydict is None:
            keydict = su[v] = {}
            pred[v][u] = keydict
        keydict[k] = {"role": k}


def build_graph(events, documents=None, *, name: str = "eventline") -> nx.MultiDiGraph:
    """Build the actor-event graph from event (and document) records.

    Parameters
    ----------
    events : list of dict
        Event records as documented in :mod:`events.model`.
    documents : list of dict, optional
        Document records; when given (even empty), document nodes and
        ``reported_by`` edges are added.
    name : str
        The graph's ``name`` attribute.

    Returns
    -------
    networkx.MultiDiGraph
        Graph attributes ``name``, ``created_by`` ("eventline"), ``n_events``,
        ``n_actors``, ``n_documents``, ``n_edges``.

    Notes
    -----
    About 3 s for 100k events with their documents on one core of a shared
    2-core machine (``benchmarks/graph_bench.py``).  The cyclic garbage
    collector is paused while building (it would only rescan the new, live
    objects); the first collection afterwards still walks them once (about
    1 s at 100k events).  A long-running app that keeps one large graph can
    call ``gc.freeze()`` after building to take it out of later collections.

    Raises
    ------
    GraphBuildError
        When ``events`` is not a list of dicts, or a record has a malformed
        field (actors not a list, an actor without id, an unknown role, a date
        that is not a dict, interval dates not ``YYYY-MM-DD`` or reversed, a
        non-numeric confidence).  The message names the record.
    """
    # Building allocates a few dicts per record and frees none: the cyclic
    # garbage collector would only rescan them (25-30 % of the time at 100k).
    with gc_paused():
        return _build(events, documents, name)


@contextmanager
def gc_paused():
    """Pause CPython's cyclic garbage collector inside the block.

    For code that allocates many long-lived containers and frees none: every
    collection triggered meanwhile would walk them (and, with a large graph
    alive, sometimes the whole heap) for nothing.  Reference counting still
    frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_lists(events, documents) -> None:
    if isinstance(events, (str, bytes, dict)) or not hasattr(events, "__iter__"):
        raise GraphBuildError(
            f"events must be a list of event records (dicts), got {type(events).__name__}"
        )
    if documents is not None and (
        isinstance(documents, (str, bytes, dict)) or not hasattr(documents, "__iter__")
    ):
        raise GraphBuildError(
            f"documents must be a list of document records, got {type(documents).__name__}"
        )


def _date_span(i, rec) -> tuple[dict, str, str]:
    """(the record's date dict, start day, end day); one end fills a missing other."""
    date = rec.get("date")
    if date is None:
        date = {}
    elif not isinstance(date, dict):
        raise GraphBuildError(f"{_where(i, rec)}: date must be a dict or null, got {date!r:.80}")
    start = _day(i, rec, date, "start")
    end = _day(i, rec, date, "end")
    if start and not end:
        end = start
    elif end and not start:
        start = end
    if start > end:
        raise GraphBuildError(f"{_where(i, rec)}: date.start {start} is after date.end {end}")
    return date, start, end


def _confidence(i, rec) -> float:
    conf = rec.get("confidence")
    if conf is None:
        conf = 0.0
    elif isinstance(conf, bool) or not isinstance(conf, (int, float)):
        raise GraphBuildError(f"{_where(i, rec)}: confidence must be a number, got {conf!r:.80}")
    return clean_value(float(conf), default=0.0)


def _mentions_and_sources(i, rec) -> tuple[list, dict[str, None], list[str]]:
    """(mentions, their distinct sentences in order, sorted source ids)."""
    mentions = rec.get("mentions") or []
    if not isinstance(mentions, list):
        raise GraphBuildError(f"{_where(i, rec)}: mentions must be a list")
    sentences: dict[str, None] = {}
    for m in mentions:
        if isinstance(m, dict):
            s = m.get("sentence")
            if isinstance(s, str) and s:
                sentences[clean_text(s)] = None
    sources = rec.get("sources")
    if sources is None:
        sources = [m.get("doc_id") for m in mentions if isinstance(m, dict)]
    elif isinstance(sources, str) or not isinstance(sources, (list, tuple)):
        raise GraphBuildError(f"{_where(i, rec)}: sources must be a list of document ids")
    sources = sorted({clean_text(str(s)) for s in sources if s not in (None, "")})
    return mentions, sentences, sources


def _add_actors(i, rec, eid, actors, alias_sets, edges) -> None:
    """The record's actors into ``actors`` (first non-empty values win,
    other labels become aliases) and their edges into ``edges``."""
    evs = rec.get("actors") or []
    if not isinstance(evs, list):
        raise GraphBuildError(f"{_where(i, rec)}: actors must be a list")
    for a in evs:
        if not isinstance(a, dict) or a.get("id") in (None, ""):
            raise GraphBuildError(f"{_where(i, rec)}: every actor needs an 'id', got {a!r:.80}")
        role = a.get("role") or "participant"
        if role not in _ROLE_SET:
            raise GraphBuildError(
                f"{_where(i, rec)}: actor {a['id']!r} has role {role!r}; "
                f"expected one of {', '.join(ROLES)}"
            )
        aid = "actor:" + clean_text(str(a["id"]))
        label = _str(a.get("label"))
        node = actors.get(aid)
        if node is None:
            node = actors[aid] = {
                "kind": "actor", "label": label or aid[6:],
                "actor_type": _str(a.get("kind")), "country": _str(a.get("country")),
                "aliases": "", "n_events": 0, "start": "", "end": "",
            }
            alias_sets[aid] = {}
        else:
            if label and label != node["label"]:
                alias_sets[aid][label] = None
            if not node["actor_type"]:
                node["actor_type"] = _str(a.get("kind"))
            if not node["country"]:
                node["country"] = _str(a.get("country"))
        extra = a.get("aliases")
        if extra:
            for al in [extra] if isinstance(extra, str) else extra:
                al = _str(al)
                if al and al != node["label"]:
                    alias_sets[aid][al] = None
        edges[(aid, eid, role)] = None


def _actor_counts(actors, alias_sets, edges, event_nodes) -> None:
    """Actor counts and extents from the final (deduplicated) edge set; aliases joined."""
    seen_pairs: set[tuple[str, str]] = set()
    for aid, eid, _role in edges:
        if (aid, eid) in seen_pairs:
            continue
        seen_pairs.add((aid, eid))
        node = actors[aid]
        node["n_events"] += 1
        ev = event_nodes[eid]
        s = ev["start"]
        if s:
            if not node["start"] or s < node["start"]:
                node["start"] = s
            if ev["end"] > node["end"]:
                node["end"] = ev["end"]
    for aid, al in alias_sets.items():
        if al:
            actors[aid]["aliases"] = "; ".join(sorted(al))


def _add_documents(G, documents, event_nodes) -> tuple[int, int]:
    """Document nodes and event -> document edges; returns (nodes, edges) added."""
    docs: dict[str, dict] = {}
    for j, d in enumerate(documents):
        if not isinstance(d, dict) or d.get("id") in (None, ""):
            raise GraphBuildError(f"document #{j} must be a dict with an 'id', got {d!r:.80}")
        did = "document:" + clean_text(str(d["id"]))
        docs[did] = {
            "kind": "document",
            "label": _str(d.get("title")) or did[9:],
            "outlet": _str(d.get("outlet")),
            "author": _str(d.get("author")),
            "published": _str(d.get("published")),
            "file": _str(d.get("file")),
            "published_estimated": bool(d.get("published_estimated")),
            "dct_inferred": bool(d.get("dct_inferred")),
            "n_events": 0,
        }
    doc_edges = []
    for eid, ev in event_nodes.items():
        for s in ev["sources"].split():
            did = "document:" + s
            node = docs.get(did)
            if node is None:
                node = docs[did] = {
                    "kind": "document", "label": s, "outlet": "", "author": "",
                    "published": "", "file": "", "published_estimated": False,
                    "dct_inferred": False, "n_events": 0,
                }
            node["n_events"] += 1
            doc_edges.append((eid, did, REPORTED_BY))
    G.add_nodes_from(docs.items())
    _add_keyed_edges(G, doc_edges)
    return len(docs), len(doc_edges)


_ROLE_SET = frozenset(ROLES)


def _build(events, documents, name) -> nx.MultiDiGraph:
    _check_lists(events, documents)

    event_nodes: dict[str, dict] = {}
    records: dict[str, dict] = {}
    edges: dict[tuple[str, str, str], None] = {}  # ordered set of (actor, event, role)
    actors: dict[str, dict] = {}
    alias_sets: dict[str, dict] = {}

    for i, rec in enumerate(events):
        if not isinstance(rec, dict):
            raise GraphBuildError(f"event #{i} is a {type(rec).__name__}, not a dict record")
        eid = event_node_id(rec)
        date, start, end = _date_span(i, rec)
        conf = _confidence(i, rec)
        mentions, sentences, sources = _mentions_and_sources(i, rec)
        _add_actors(i, rec, eid, actors, alias_sets, edges)

        event_nodes[eid] = {
            "kind": "event",
            "label": _str(rec.get("label")),
            "date": _str(date.get("value")),
            "date_text": _str(date.get("text")),
            "start": start,
            "end": end,
            "granularity": _str(date.get("granularity")),
            "mod": _str(date.get("mod")),
            "date_basis": _str(rec.get("date_basis")) or "text",
            "type": _str(rec.get("type")),
            "status": _str(rec.get("status")),
            "trigger": _str(rec.get("trigger")),
            "confidence": conf,
            "sources": " ".join(sources),
            "n_sources": len(sources),
            "evidence": "\n\n".join(sentences),
            "n_mentions": len(mentions),
            "curated": rec.get("curated") is True,
            "disputed": rec.get("disputed") is True,
            "dispute": _str(rec.get("dispute")),
        }
        records[eid] = rec

    _actor_counts(actors, alias_sets, edges, event_nodes)

    G = nx.MultiDiGraph()
    G.add_nodes_from(actors.items())
    G.add_nodes_from(event_nodes.items())
    _add_keyed_edges(G, edges)
    n_edges = len(edges)

    n_docs = 0
    if documents is not None:
        n_docs, n_doc_edges = _add_documents(G, documents, event_nodes)
        n_edges += n_doc_edges

    G.graph.update({
        "name": clean_text(str(name)),
        "created_by": "eventline",
        "n_events": len(event_nodes),
        "n_actors": len(actors),
        "n_documents": n_docs,
        "n_edges": n_edges,
    })
    _RECORDS[G] = records
    return G
