"""The one boundary where values become graph attributes.

Every attribute the graph layer writes goes through :func:`clean_value`, so
that every exporter (GraphML, GEXF, CSV, JSON) can write the graph as it is:

* values are only ``str``, ``int``, ``float`` or ``bool`` -- ``None`` becomes
  ``""`` (or the attribute's numeric default), lists and tuples are joined;
* strings lose the characters XML 1.0 forbids: C0 controls other than tab,
  newline and carriage return, lone surrogates (U+D800..U+DFFF) and the
  non-characters U+FFFE / U+FFFF.  Nothing else is changed: markup such as
  ``<script>`` stays as literal text (every writer escapes it), very long
  strings are kept whole.

Notes
-----
Removing rather than replacing forbidden characters is deliberate: a NUL or a
lone surrogate carries no meaning in a news sentence and a replacement
character would make the exported label differ from the source more than
dropping it does.  The sentence offsets in the event *records* still refer to
the original text; only the graph attributes are cleaned.

Examples
--------
>>> clean_text("a\\x00b\\ud800c\\ufffe")
'abc'
>>> clean_value(None), clean_value(["x", "y"], sep="; "), clean_value(3)
('', 'x; y', 3)
"""

from __future__ import annotations

import math
import re

__all__ = ["XML_FORBIDDEN", "clean_text", "clean_value", "graph_problems", "clean_graph"]

#: Characters that may not appear in an XML 1.0 document.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_search = XML_FORBIDDEN.search
_sub = XML_FORBIDDEN.sub


def clean_text(value: str) -> str:
    """Return ``value`` without the characters XML 1.0 forbids."""
    if _search(value) is None:
        return value
    return _sub("", value)


def clean_value(value, sep: str = " ", default=""):
    """Return ``value`` as one exportable scalar (str, int, float or bool).

    ``None`` becomes ``default``; lists, tuples and sets are joined with
    ``sep`` after cleaning each item; non-finite floats become ``default``
    when it is a float, else their ``repr``; anything else becomes ``str``.
    """
    if value is None:
        return default
    t = type(value)
    if t is str:
        return value if _search(value) is None else _sub("", value)
    if t is bool or t is int:
        return value
    if t is float:
        if math.isfinite(value):
            return value
        return default if isinstance(default, float) else repr(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return sep.join(clean_text(str(v)) for v in items if v is not None)
    if isinstance(value, (bool, int, float, str)):  # subclasses, e.g. numpy scalars
        return clean_value(_plain(value), sep, default)
    return clean_text(str(value))


def _plain(value):
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


_SCALARS = (str, int, float, bool)


def graph_problems(G, limit: int = 20) -> list[str]:
    """List (up to ``limit``) reasons why ``G`` cannot be exported as it is.

    Checks node ids, graph, node and edge attributes for non-scalar values,
    XML-forbidden characters, and attributes whose value type differs
    between two nodes (or two edges).
    """
    problems: list[str] = []
    types: dict[tuple[str, str], type] = {}

    def check(scope: str, where, key, value) -> None:
        if len(problems) >= limit:
            return
        t = type(value)
        if t not in _SCALARS:
            problems.append(f"{scope} {where!r}: attribute {key!r} has type {t.__name__}")
            return
        if t is str and _search(value) is not None:
            problems.append(f"{scope} {where!r}: attribute {key!r} has XML-forbidden characters")
        seen = types.setdefault((scope, key), t)
        if seen is not t:
            problems.append(
                f"{scope} {where!r}: attribute {key!r} is {t.__name__} here but "
                f"{seen.__name__} elsewhere"
            )

    for k, v in G.graph.items():
        check("graph", "", k, v)
    for n, data in G.nodes(data=True):
        if type(n) is not str or _search(n) is not None:
            check("node", n, "<id>", n)
        for k, v in data.items():
            check("node", n, k, v)
        if len(problems) >= limit:
            return problems
    for u, v, data in G.edges(data=True):
        for k, val in data.items():
            check("edge", (u, v), k, val)
        if len(problems) >= limit:
            break
    return problems


def clean_graph(G):
    """Return ``G`` itself when it is exportable, else a cleaned copy.

    The copy has cleaned string node ids and scalar, XML-safe attributes; an
    attribute whose type differs across nodes (or edges) becomes ``str``
    everywhere.  Graph attributes whose names start with ``_`` are dropped.
    """
    if not graph_problems(G, limit=1) and not any(str(k).startswith("_") for k in G.graph):
        return G
    H = G.__class__()
    H.graph.update(
        {clean_text(str(k)): clean_value(v) for k, v in G.graph.items() if not str(k).startswith("_")}
    )

    def nid(n):
        return clean_text(n if type(n) is str else str(n))

    nodes = [(nid(n), {str(k): clean_value(v) for k, v in d.items()}) for n, d in G.nodes(data=True)]
    if G.is_multigraph():
        edges = [
            (nid(u), nid(v), clean_value(k), {str(a): clean_value(b) for a, b in d.items()})
            for u, v, k, d in G.edges(keys=True, data=True)
        ]
    else:
        edges = [
            (nid(u), nid(v), {str(a): clean_value(b) for a, b in d.items()})
            for u, v, d in G.edges(data=True)
        ]
    for items in ([d for _, d in nodes], [e[-1] for e in edges]):
        kinds: dict[str, set] = {}
        for d in items:
            for k, v in d.items():
                kinds.setdefault(k, set()).add(type(v))
        mixed = {k for k, ts in kinds.items() if len(ts) > 1}
        if mixed:
            for d in items:
                for k in mixed & d.keys():
                    d[k] = str(d[k]).lower() if type(d[k]) is bool else str(d[k])
    H.add_nodes_from(nodes)
    H.add_edges_from(edges)
    return H
