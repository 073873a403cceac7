"""Write the actor-event graph as GraphML, GEXF 1.3, CSV (Gephi spreadsheets) or JSON.

Every writer takes the graph (or a subgraph from :mod:`graph.query`) and a
destination: a path (``str`` / ``os.PathLike``; written to a temporary file
in the same folder and renamed into place, so a failed export leaves no
half-written file) or a *binary* file object such as ``io.BytesIO``.  All
writers first pass the graph through :func:`graph.clean.clean_graph`, which
returns it unchanged when it came from :func:`graph.build.build_graph` and
otherwise makes a cleaned copy (scalar values, XML-safe strings, one type per
attribute).

Formats (:data:`EXPORTERS`, name -> ``Exporter(write, extension, mimetype)``):

``graphml``
    Streamed here (networkx's writer builds the whole tree first); one typed
    ``<key>`` per attribute (``string``/``long``/``double``/``boolean``),
    readable by ``networkx.read_graphml`` and ``igraph.Graph.Read_GraphML``.
    Edges have unique ids ``e0, e1, ...`` -- networkx would write the edge
    keys (roles), which repeat, and Gephi's importer drops edges whose id it
    has already seen.  So ``read_graphml(..., force_multigraph=True)`` gives
    edge keys ``e0, ...``; the role is in the ``role`` attribute.  A carriage
    return in a value is written ``&#13;`` so that XML parsing does not turn
    CR LF into LF.
``gexf``
    GEXF 1.3 (namespace ``http://gexf.net/1.3``) written here, a dynamic
    graph (``mode="dynamic" timeformat="date"``): an event node spans its
    date interval ``[start, end]``; an actor spans the extent of its dated
    events; documents, and events without an interval, carry no time and so
    are shown at every time.  Edges have unique ids ``e0, e1, ...``,
    ``label`` and ``kind`` = role, ``weight`` 1.0.  Node ``label`` is the
    XML ``label``; the other attributes are typed ``<attvalue>``s.
    ``networkx.read_gexf`` reads it (networkx >= 3.3 knows 1.3); it returns
    ``start``/``end`` only for nodes that have them, and edge keys are the
    edge ids (the role is in ``label`` and ``role``).
``csv``
    A zip with ``nodes.csv`` (columns ``Id``, ``Label``, ``kind``, then every
    other node attribute) and ``edges.csv`` (``Source``, ``Target``,
    ``Type`` = Directed, ``Id``, ``Label`` = role, ``Weight`` = 1, then every
    edge attribute), UTF-8 without BOM, RFC 4180 quoting -- Gephi's
    spreadsheet importer reads both.  When ``dest`` is an existing directory
    (or a path ending with a separator), the two files are written there.
    Booleans are ``true``/``false``; a node lacking an attribute has an empty
    cell.  Text cells are defused against spreadsheet formula injection (article
    text is untrusted): one that starts with ``=``, ``+``, ``-``, ``@``, a tab or
    a carriage return gets a leading ``'``, as OWASP recommends, so Excel,
    LibreOffice and Google Sheets show it as text instead of running it; numbers
    are written as they are.
``json``
    ``networkx.node_link_data(G, edges="edges")`` as UTF-8 JSON; read back
    with ``networkx.node_link_graph(data, edges="edges")``.

:func:`write_events_jsonl` writes event *records* (not the graph) as JSON
Lines, unchanged (a line with a lone surrogate is written ASCII-escaped, so
the file is valid UTF-8).

Examples
--------
>>> import io
>>> from graph.build import build_graph
>>> G = build_graph([{"id": "event:1", "label": "Talks", "type": "CONSULT",
...                   "actors": [{"id": "CHN", "label": "China", "kind": "state"}]}])
>>> buf = io.BytesIO()
>>> export(G, "graphml", buf)
>>> import networkx as nx
>>> sorted(nx.read_graphml(io.BytesIO(buf.getvalue())).nodes)
['actor:CHN', 'event:1']
>>> sorted(EXPORTERS)
['csv', 'gexf', 'graphml', 'json']
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import time
import zipfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from graph.clean import clean_graph

__all__ = [
    "EXPORTERS", "ExportError", "Exporter", "export", "export_bytes", "write_csv",
    "write_events_jsonl", "write_gexf", "write_graphml", "write_json",
]

GEXF_NS = "http://gexf.net/1.3"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


class ExportError(Exception):
    """The graph cannot be written where or how it was asked (message says why)."""


@contextmanager
def _sink(dest, what: str):
    """Yield a binary file object for ``dest`` (path or binary file object)."""
    if isinstance(dest, (str, os.PathLike)):
        path = Path(dest)
        if path.is_dir():
            raise ExportError(f"cannot write {what} to {str(path)!r}: it is a directory")
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part",
                                       dir=path.parent if str(path.parent) else ".")
        except OSError as e:
            raise ExportError(f"cannot write {what} to {str(path)!r}: {e.strerror or e}") from e
        try:
            with os.fdopen(fd, "wb") as fh:
                yield fh
            os.replace(tmp, path)
        except OSError as e:
            _unlink(tmp)
            raise ExportError(f"cannot write {what} to {str(path)!r}: {e.strerror or e}") from e
        except BaseException:
            _unlink(tmp)
            raise
    elif hasattr(dest, "write"):
        if isinstance(dest, io.TextIOBase):
            raise ExportError(
                f"{what} needs a binary file object (open(path, 'wb') or io.BytesIO), "
                "got a text stream"
            )
        try:
            yield dest
        except OSError as e:
            raise ExportError(f"cannot write {what}: {e.strerror or e}") from e
    else:
        raise ExportError(
            f"destination for {what} must be a path or a binary file object, "
            f"got {type(dest).__name__}"
        )


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _check(G) -> None:
    if not isinstance(G, nx.Graph):
        raise ExportError(f"expected a networkx graph, got {type(G).__name__}")


GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def _text(v) -> str:
    """An attribute value as XML element text (CR kept as a reference, not normalised away)."""
    return escape(_value(v)).replace("\r", "&#13;")


def write_graphml(G, dest) -> None:
    """Write ``G`` as GraphML (see the module docstring).

    Raises
    ------
    ExportError
        ``dest`` is not writable or not a binary destination.
    """
    _check(G)
    H = clean_graph(G)
    keys: dict[tuple[str, str], tuple[str, str]] = {}

    def declare(scope: str, items) -> None:
        for k, v in items:
            if (scope, k) not in keys:
                keys[(scope, k)] = (f"d{len(keys)}", _GRAPHML_TYPES.get(type(v), "string"))

    declare("graph", H.graph.items())
    for _, d in H.nodes(data=True):
        declare("node", d.items())
    for *_, d in H.edges(data=True):
        declare("edge", d.items())
    with _sink(dest, "GraphML") as fh:
        out = _Utf8Writer(fh)
        _write_graphml(H, out, keys)
        out.flush()


def _write_graphml(H, out, keys) -> None:
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n')
    w(f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="{XSI_NS}" '
      f'xsi:schemaLocation="{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd">\n')
    for (scope, name), (kid, ktype) in keys.items():
        w(f'  <key id="{kid}" for="{scope}" attr.name={quoteattr(name)} attr.type="{ktype}"/>\n')
    w(f'  <graph edgedefault="{"directed" if H.is_directed() else "undirected"}">\n')
    for k, v in H.graph.items():
        w(f'    <data key="{keys[("graph", k)][0]}">{_text(v)}</data>\n')
    node_key = {name: kid for (scope, name), (kid, _) in keys.items() if scope == "node"}
    edge_key = {name: kid for (scope, name), (kid, _) in keys.items() if scope == "edge"}
    for n, d in H.nodes(data=True):
        w(f'    <node id={quoteattr(str(n))}>')
        for k, v in d.items():
            w(f'<data key="{node_key[k]}">{_text(v)}</data>')
        w('</node>\n')
    for i, (u, v, d) in enumerate(H.edges(data=True)):
        w(f'    <edge id="e{i}" source={quoteattr(str(u))} target={quoteattr(str(v))}>')
        for k, x in d.items():
            w(f'<data key="{edge_key[k]}">{_text(x)}</data>')
        w('</edge>\n')
    w('  </graph>\n</graphml>\n')


def _gexf_type(v) -> str:
    """GEXF and GraphML name their attribute types alike."""
    return _GRAPHML_TYPES.get(type(v), "string")


def _value(v) -> str:
    if type(v) is bool:
        return "true" if v else "false"
    if type(v) is float:
        return repr(v)
    return str(v)


_NODE_XML_ATTRS = ("label", "start", "end")


def write_gexf(G, dest) -> None:
    """Write ``G`` as a dynamic GEXF 1.3 graph (see the module docstring).

    Raises
    ------
    ExportError
        ``dest`` is not writable or not a binary destination.
    """
    _check(G)
    H = clean_graph(G)
    node_types: dict[str, str] = {}
    for _, d in H.nodes(data=True):
        for k, v in d.items():
            if k not in _NODE_XML_ATTRS and k not in node_types:
                node_types[k] = _gexf_type(v)
    edge_types: dict[str, str] = {}
    for *_, d in H.edges(data=True):
        for k, v in d.items():
            if k not in edge_types and k not in ("weight", "label", "id"):
                edge_types[k] = _gexf_type(v)
    has_time = any(d.get("start") for _, d in H.nodes(data=True))
    with _sink(dest, "GEXF") as fh:
        out = _Utf8Writer(fh)
        _write_gexf(H, out, node_types, edge_types, has_time)
        out.flush()


class _Utf8Writer:
    """Collect str pieces and write them to a binary file as UTF-8, ~1 MB at a time."""

    def __init__(self, fh, limit: int = 1 << 20) -> None:
        self.fh, self.limit, self.parts, self.size = fh, limit, [], 0

    def write(self, s: str) -> None:
        self.parts.append(s)
        self.size += len(s)
        if self.size >= self.limit:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.fh.write("".join(self.parts).encode("utf-8"))
            self.parts, self.size = [], 0


def _write_gexf(H, out, node_types, edge_types, has_time) -> None:
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n')
    w(f'<gexf xmlns="{GEXF_NS}" xmlns:xsi="{XSI_NS}" '
      f'xsi:schemaLocation="{GEXF_NS} {GEXF_NS}/gexf.xsd" version="1.3">\n')
    w(f'  <meta lastmodifieddate="{time.strftime("%Y-%m-%d")}">\n'
      f'    <creator>eventline (networkx {escape(nx.__version__)})</creator>\n'
      f'    <description>{escape(str(H.graph.get("name", "")))}</description>\n'
      '  </meta>\n')
    mode = ' mode="dynamic" timeformat="date" timerepresentation="interval"' if has_time else ' mode="static"'
    edgetype = "directed" if H.is_directed() else "undirected"
    w(f'  <graph defaultedgetype="{edgetype}"{mode}>\n')
    for cls, types in (("node", node_types), ("edge", edge_types)):
        if not types:
            continue
        w(f'    <attributes class="{cls}" mode="static">\n')
        for k, t in types.items():
            w(f'      <attribute id={quoteattr(k)} title={quoteattr(k)} type="{t}"/>\n')
        w('    </attributes>\n')
    w('    <nodes>\n')
    for n, d in H.nodes(data=True):
        head = f'      <node id={quoteattr(str(n))} label={quoteattr(str(d.get("label", n)))}'
        if d.get("start"):
            head += f' start={quoteattr(d["start"])} end={quoteattr(d.get("end") or d["start"])}'
        vals = [(k, v) for k, v in d.items() if k not in _NODE_XML_ATTRS]
        if not vals:
            w(head + '/>\n')
            continue
        w(head + '>\n        <attvalues>\n')
        for k, v in vals:
            w(f'          <attvalue for={quoteattr(k)} value={quoteattr(_value(v))}/>\n')
        w('        </attvalues>\n      </node>\n')
    w('    </nodes>\n    <edges>\n')
    items = H.edges(keys=True, data=True) if H.is_multigraph() else (
        (u, v, None, d) for u, v, d in H.edges(data=True))
    for i, (u, v, key, d) in enumerate(items):
        label = d.get("label", d.get("role", key))
        head = f'      <edge id="e{i}" source={quoteattr(str(u))} target={quoteattr(str(v))}'
        if label is not None:
            head += f' label={quoteattr(str(label))} kind={quoteattr(str(label))}'
        weight = d.get("weight", 1.0)
        head += f' weight="{_value(float(weight)) if type(weight) in (int, float) else "1.0"}"'
        vals = [(k, x) for k, x in d.items() if k in edge_types]
        if not vals:
            w(head + '/>\n')
            continue
        w(head + '>\n        <attvalues>\n')
        for k, x in vals:
            w(f'          <attvalue for={quoteattr(k)} value={quoteattr(_value(x))}/>\n')
        w('        </attvalues>\n      </edge>\n')
    w('    </edges>\n  </graph>\n</gexf>\n')


def _columns(rows: Iterable[dict], first: tuple[str, ...]) -> list[str]:
    seen: dict[str, None] = dict.fromkeys(first)
    for d in rows:
        for k in d:
            if k not in seen:
                seen[k] = None
    return list(seen)


#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(v) -> str:
    if v is None:
        return ""
    if type(v) is bool:
        return "true" if v else "false"
    if isinstance(v, str):
        return "'" + v if v.startswith(FORMULA_STARTS) else v
    return str(v)


#: The CSV text of one cell, defused against formula injection (the explorer's
#: table download writes its cells with it too).
csv_cell = _cell


def _csv_tables(H) -> tuple[bytes, bytes]:
    node_cols = [c for c in _columns((d for _, d in H.nodes(data=True)), ("kind",)) if c != "label"]
    buf = io.StringIO(newline="")
    cw = csv.writer(buf, lineterminator="\r\n")
    cw.writerow(["Id", "Label", *node_cols])
    for n, d in H.nodes(data=True):
        cw.writerow([_cell(n), _cell(d.get("label", n)), *(_cell(d.get(c)) for c in node_cols)])
    nodes_csv = buf.getvalue().encode("utf-8")

    edge_cols = [c for c in _columns((e[-1] for e in H.edges(data=True)), ("role",))
                 if c not in ("weight", "label", "id")]
    buf = io.StringIO(newline="")
    cw = csv.writer(buf, lineterminator="\r\n")
    cw.writerow(["Source", "Target", "Type", "Id", "Label", "Weight", *edge_cols])
    etype = "Directed" if H.is_directed() else "Undirected"
    items = H.edges(keys=True, data=True) if H.is_multigraph() else (
        (u, v, None, d) for u, v, d in H.edges(data=True))
    for i, (u, v, key, d) in enumerate(items):
        label = d.get("label", d.get("role", key))
        cw.writerow([_cell(u), _cell(v), etype, f"e{i}", _cell(label), _cell(d.get("weight", 1)),
                     *(_cell(d.get(c)) for c in edge_cols)])
    return nodes_csv, buf.getvalue().encode("utf-8")


def write_csv(G, dest) -> None:
    """Write ``nodes.csv`` and ``edges.csv`` into a zip, or into a directory.

    ``dest`` is a directory when it exists as one or is a path ending with
    ``/`` (created if missing); otherwise it is the zip's path or a binary
    file object.

    Raises
    ------
    ExportError
        ``dest`` is not writable or not a binary destination.
    """
    _check(G)
    H = clean_graph(G)
    nodes_csv, edges_csv = _csv_tables(H)
    if isinstance(dest, (str, os.PathLike)) and (
        Path(dest).is_dir() or str(dest).endswith(("/", os.sep))
    ):
        folder = Path(dest)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ExportError(f"cannot create folder {str(folder)!r}: {e.strerror or e}") from e
        for name, data in (("nodes.csv", nodes_csv), ("edges.csv", edges_csv)):
            with _sink(folder / name, "CSV") as fh:
                fh.write(data)
        return
    with _sink(dest, "CSV zip") as fh:
        with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("nodes.csv", nodes_csv)
            zf.writestr("edges.csv", edges_csv)


def write_json(G, dest) -> None:
    """Write ``networkx.node_link_data(G, edges="edges")`` as UTF-8 JSON.

    Raises
    ------
    ExportError
        ``dest`` is not writable or not a binary destination.
    """
    _check(G)
    H = clean_graph(G)
    data = nx.node_link_data(H, edges="edges")
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with _sink(dest, "JSON") as fh:
        fh.write(payload)


def write_events_jsonl(events: Iterable[dict], dest) -> None:
    """Write event records, one JSON object a line, as given.

    Raises
    ------
    ExportError
        A record is not a JSON-able dict, or ``dest`` is not writable.
    """
    if isinstance(events, (str, bytes, dict)) or not isinstance(events, Iterable):
        raise ExportError(f"events must be a list of records, got {type(events).__name__}")
    lines = []
    for i, rec in enumerate(events):
        if not isinstance(rec, dict):
            raise ExportError(f"event #{i} is a {type(rec).__name__}, not a dict record")
        try:
            line = json.dumps(rec, ensure_ascii=False)
            data = line.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: keep them, escaped
            data = json.dumps(rec, ensure_ascii=True).encode("ascii")
        except (TypeError, ValueError) as e:
            raise ExportError(f"event #{i} cannot be written as JSON: {e}") from e
        lines.append(data)
    with _sink(dest, "JSON Lines") as fh:
        for data in lines:
            fh.write(data + b"\n")


class Exporter(NamedTuple):
    write: object
    extension: str
    mimetype: str


#: Format name -> (writer, file extension, MIME type), for the CLI, app and tests.
EXPORTERS: dict[str, Exporter] = {
    "graphml": Exporter(write_graphml, ".graphml", "application/graphml+xml"),
    "gexf": Exporter(write_gexf, ".gexf", "application/gexf+xml"),
    "csv": Exporter(write_csv, ".zip", "application/zip"),
    "json": Exporter(write_json, ".json", "application/json"),
}


def _exporter(fmt) -> Exporter:
    key = fmt.lower().strip().lstrip(".") if isinstance(fmt, str) else None
    if key not in EXPORTERS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORTERS)}")
    return EXPORTERS[key]


def export(G, fmt: str, dest) -> None:
    """Write ``G`` in format ``fmt`` (a key of :data:`EXPORTERS`) to ``dest``.

    Raises
    ------
    ExportError
        Unknown format, or ``dest`` not writable.
    """
    _exporter(fmt).write(G, dest)


def export_bytes(G, fmt: str) -> bytes:
    """The bytes :func:`export` would write (e.g. for ``dcc.send_bytes``)."""
    buf = io.BytesIO()
    _exporter(fmt).write(G, buf)
    return buf.getvalue()
