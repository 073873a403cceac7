"""Exports: every format round-trips through io.BytesIO and files, on a
realistic graph, a hostile one and a filtered view; bad destinations fail
with ExportError."""

from __future__ import annotations

import collections
import csv
import io
import json
import os
import xml.etree.ElementTree as ET
import zipfile

import networkx as nx
import pytest
from test_graph_fixtures import LONG, hostile, realistic

import graph.export as export_module
from graph.build import build_graph
from graph.export import (
    EXPORTERS,
    ExportError,
    export,
    export_bytes,
    write_csv,
    write_events_jsonl,
    write_gexf,
    write_graphml,
    write_json,
)
from graph.query import Filter, filter_graph

GEXF = "{http://gexf.net/1.3}"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


def graphs():
    ev, docs = realistic()
    hev, hdocs = hostile()
    G = build_graph(ev, docs, name="realistic “test” graph")
    return {
        "realistic": G,
        "hostile": build_graph(hev, hdocs, name="<hostile> & \x00"),
        "filtered": filter_graph(G, Filter(actors=("RUS",), date_from="2014")),
        "no-documents": build_graph(ev),
    }


GRAPHS = graphs()


@pytest.fixture(params=sorted(GRAPHS))
def G(request):
    return GRAPHS[request.param]


def nodes(G):
    return {n: dict(d) for n, d in G.nodes(data=True)}


def multiedges(G):
    return sorted((u, v, k, tuple(sorted(d.items()))) for u, v, k, d in G.edges(keys=True, data=True))


def role_edges(G):
    return collections.Counter((u, v, d["role"]) for u, v, d in G.edges(data=True))


def via_all_destinations(writer, G, tmp_path, name):
    """The bytes written to a BytesIO, to a path, and to an open binary file -- all equal."""
    buf = io.BytesIO()
    writer(G, buf)
    path = tmp_path / name
    writer(G, path)
    with open(tmp_path / ("fh-" + name), "wb") as fh:
        writer(G, fh)
    data = buf.getvalue()
    assert path.read_bytes() == data
    assert (tmp_path / ("fh-" + name)).read_bytes() == data
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".part")]
    return data


# ------------------------------------------------------------------ GraphML


def test_graphml_round_trip_networkx(G, tmp_path):
    data = via_all_destinations(write_graphml, G, tmp_path, "g.graphml")
    H = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    assert isinstance(H, nx.MultiDiGraph)
    assert list(H) == list(G)
    assert nodes(H) == nodes(G)
    # Edge keys come back as the unique GraphML edge ids; the role is data.
    assert sorted(k for *_, k in H.edges(keys=True)) == sorted(f"e{i}" for i in range(G.number_of_edges()))
    assert sorted((u, v, tuple(sorted(d.items()))) for u, v, d in H.edges(data=True)) == sorted(
        (u, v, tuple(sorted(d.items()))) for u, v, d in G.edges(data=True))
    assert all(d["role"] == k for *_, k, d in G.edges(keys=True, data=True))
    for k, v in G.graph.items():
        assert H.graph[k] == v, (k, H.graph.get(k), v)


def test_graphml_keys_are_typed_once(G):
    root = ET.fromstring(export_bytes(G, "graphml"))
    keys = [(k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in root.iter(GRAPHML + "key")]
    per_name = collections.Counter((f, n) for f, n, _ in keys)
    assert all(c == 1 for c in per_name.values()), per_name
    types = {(f, n): t for f, n, t in keys}
    want = {int: "long", float: "double", bool: "boolean", str: "string"}  # networkx's names
    for _, d in G.nodes(data=True):
        for k, v in d.items():
            assert types[("node", k)] == want[type(v)], (k, v)


def test_graphml_read_by_igraph_with_types(G, tmp_path):
    igraph = pytest.importorskip("igraph")
    path = tmp_path / "g.graphml"
    write_graphml(G, path)
    g = igraph.Graph.Read_GraphML(str(path))
    assert g.is_directed() and g.vcount() == G.number_of_nodes()
    assert g.ecount() == G.number_of_edges()
    # igraph 0.11/1.0 (libxml2 SAX) reports "&" inside XML *attributes* (node
    # ids) as "&#38;"; element text (all our data values) is read exactly.
    by_id = {v["id"].replace("&#38;", "&"): v.attributes() for v in g.vs}
    assert set(by_id) == set(G.nodes)
    for n, d in G.nodes(data=True):
        got = by_id[n]
        for k, v in d.items():
            if isinstance(v, bool):
                assert got[k] is v, (n, k, got[k])
            elif isinstance(v, (int, float)):
                assert isinstance(got[k], (int, float)) and got[k] == pytest.approx(v), (n, k)
            else:
                assert got[k] == v, (n, k, repr(got[k])[:120], repr(v)[:120])
    ids = [v["id"].replace("&#38;", "&") for v in g.vs]
    pairs = collections.Counter((ids[e.source], ids[e.target], e["role"]) for e in g.es)
    assert pairs == role_edges(G)


# --------------------------------------------------------------------- GEXF


def test_gexf_is_dynamic_gexf_13(G, tmp_path):
    data = via_all_destinations(write_gexf, G, tmp_path, "g.gexf")
    root = ET.fromstring(data)
    assert root.tag == GEXF + "gexf" and root.get("version") == "1.3"
    graph = root.find(GEXF + "graph")
    assert graph.get("defaultedgetype") == "directed"
    dated = {n: d for n, d in G.nodes(data=True) if d.get("start")}
    if dated:
        assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    declared = {}
    for attrs in graph.findall(GEXF + "attributes"):
        for a in attrs.findall(GEXF + "attribute"):
            declared[(attrs.get("class"), a.get("id"))] = a.get("type")
    assert set(declared.values()) <= {"string", "long", "double", "boolean"}
    xml_nodes = graph.find(GEXF + "nodes").findall(GEXF + "node")
    assert [x.get("id") for x in xml_nodes] == list(G.nodes)
    for x in xml_nodes:
        d = G.nodes[x.get("id")]
        assert x.get("label") == d["label"]
        assert (x.get("start"), x.get("end")) == ((d["start"], d["end"]) if d.get("start") else (None, None))
        for av in x.iter(GEXF + "attvalue"):
            assert ("node", av.get("for")) in declared, av.attrib
    xml_edges = graph.find(GEXF + "edges").findall(GEXF + "edge")
    assert len({e.get("id") for e in xml_edges}) == len(xml_edges) == G.number_of_edges()
    assert collections.Counter((e.get("source"), e.get("target"), e.get("kind")) for e in xml_edges) == role_edges(G)
    assert {e.get("label") == e.get("kind") for e in xml_edges} <= {True}


def test_gexf_read_back_by_networkx(G):
    H = nx.read_gexf(io.BytesIO(export_bytes(G, "gexf")))
    assert set(H) == set(G)
    for n, d in G.nodes(data=True):
        want = {k: v for k, v in d.items() if not (k in ("start", "end") and v == "")}
        assert H.nodes[n] == want, (n, sorted(set(H.nodes[n].items()) ^ set(want.items()))[:4])
    got = collections.Counter((u, v, d["role"]) for u, v, d in H.edges(data=True))
    assert got == role_edges(G)
    assert all(d["weight"] == 1.0 and d["label"] == d["role"] for *_, d in H.edges(data=True))


# ---------------------------------------------------------------------- CSV


def cell(v):
    """What a CSV cell holds for v: booleans spelled out, text that a spreadsheet would
    run as a formula behind a "'"."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return str(v)


def check_csv_tables(G, nodes_csv: bytes, edges_csv: bytes):
    rows = list(csv.DictReader(io.StringIO(nodes_csv.decode("utf-8"), newline="")))
    header = next(csv.reader(io.StringIO(nodes_csv.decode("utf-8"), newline="")))
    assert header[:3] == ["Id", "Label", "kind"], header
    assert [r["Id"] for r in rows] == [cell(n) for n in G.nodes]
    for r, n in zip(rows, G.nodes, strict=True):
        d = G.nodes[n]
        assert r["Label"] == cell(d["label"])
        for col in header[2:]:
            assert r[col] == (cell(d[col]) if col in d else ""), (r["Id"], col)
    erows = list(csv.DictReader(io.StringIO(edges_csv.decode("utf-8"), newline="")))
    eheader = next(csv.reader(io.StringIO(edges_csv.decode("utf-8"), newline="")))
    assert eheader[:6] == ["Source", "Target", "Type", "Id", "Label", "Weight"], eheader
    assert {r["Type"] for r in erows} <= {"Directed"} and {r["Weight"] for r in erows} <= {"1"}
    assert len({r["Id"] for r in erows}) == len(erows) == G.number_of_edges()
    assert collections.Counter((r["Source"], r["Target"], r["Label"]) for r in erows) == role_edges(G)
    assert all(r["role"] == r["Label"] for r in erows)


def test_csv_zip_round_trip(G, tmp_path):
    data = via_all_destinations(write_csv, G, tmp_path, "g.zip")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == ["edges.csv", "nodes.csv"]
        check_csv_tables(G, zf.read("nodes.csv"), zf.read("edges.csv"))


def test_csv_read_by_pandas():
    pd = pytest.importorskip("pandas", reason="pandas is a test dependency (pip install -e '.[test]')")
    G = GRAPHS["hostile"]
    with zipfile.ZipFile(io.BytesIO(export_bytes(G, "csv"))) as zf:
        nodes_df = pd.read_csv(io.BytesIO(zf.read("nodes.csv")), dtype=str, keep_default_na=False)
        edges_df = pd.read_csv(io.BytesIO(zf.read("edges.csv")), dtype=str, keep_default_na=False)
    assert list(nodes_df["Id"]) == list(G.nodes)
    assert list(nodes_df["Label"]) == [cell(d["label"]) for _, d in G.nodes(data=True)]
    assert len(edges_df) == G.number_of_edges()


def test_csv_cells_that_a_spreadsheet_would_run_are_defused():
    """An article sentence or label starting with "=" must not become a live formula in
    Excel or LibreOffice; numbers (negative ones too) stay numbers."""
    G = nx.MultiDiGraph()
    G.add_node("event:1", kind="event", label='=HYPERLINK("http://evil.example","x")',
               evidence="+cmd|' /C calc'!A0", n_sources=-2, confidence=0.5, note="@SUM(A1)")
    G.add_node("actor:A", kind="actor", label="-Alpha", country="\tX")
    G.add_edge("actor:A", "event:1", key="source", role="source")
    with zipfile.ZipFile(io.BytesIO(export_bytes(G, "csv"))) as zf:
        rows = list(csv.DictReader(io.StringIO(zf.read("nodes.csv").decode("utf-8"))))
    event, actor = rows
    assert event["Label"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert event["evidence"] == "'+cmd|' /C calc'!A0" and event["note"] == "'@SUM(A1)"
    assert event["n_sources"] == "-2" and event["confidence"] == "0.5"
    assert actor["Label"] == "'-Alpha" and actor["country"] == "'\tX"
    assert all(not v.startswith(("=", "+", "-", "@")) for r in rows for k, v in r.items()
               if k != "n_sources")


@pytest.mark.parametrize("existing", [True, False])
def test_csv_into_a_directory(tmp_path, existing):
    G = GRAPHS["hostile"]
    folder = tmp_path / "tables"
    if existing:
        folder.mkdir()
        write_csv(G, folder)
    else:
        write_csv(G, str(folder) + os.sep)
    assert sorted(os.listdir(folder)) == ["edges.csv", "nodes.csv"]
    check_csv_tables(G, (folder / "nodes.csv").read_bytes(), (folder / "edges.csv").read_bytes())


# --------------------------------------------------------------------- JSON


def test_json_node_link_round_trip(G, tmp_path):
    data = via_all_destinations(write_json, G, tmp_path, "g.json")
    payload = json.loads(data.decode("utf-8"))
    assert "edges" in payload and payload["multigraph"] is True
    H = nx.node_link_graph(payload, edges="edges")
    assert nodes(H) == nodes(G)
    assert multiedges(H) == multiedges(G)
    assert H.graph == dict(G.graph)


def test_json_keeps_non_ascii_readable():
    data = export_bytes(GRAPHS["realistic"], "json")
    assert "Москва и Пекин".encode() in data and "“no limits”".encode() in data


def test_events_jsonl_round_trip(tmp_path):
    ev, _ = hostile()
    rev, _ = realistic()
    records = ev + rev
    buf = io.BytesIO()
    write_events_jsonl(records, buf)
    lines = buf.getvalue().decode("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == records  # lone surrogate kept, escaped
    write_events_jsonl(records, tmp_path / "ev.jsonl")
    assert (tmp_path / "ev.jsonl").read_bytes() == buf.getvalue()


@pytest.mark.parametrize("events, message", [
    ("nope", "must be a list"), ([1], "event #0 is a int"), ([{"x": object()}], "cannot be written"),
])
def test_events_jsonl_bad_input(events, message):
    with pytest.raises(ExportError, match=message):
        write_events_jsonl(events, io.BytesIO())


# ------------------------------------------------------------ hostile + misc


def test_hostile_content_survives_every_format():
    G = GRAPHS["hostile"]
    label = G.nodes["event:h1"]["label"]
    assert "<script>" in label and "\u202e" in label and "🚀" in label
    for fmt in EXPORTERS:
        data = export_bytes(G, fmt)
        if fmt != "csv":
            data.decode("utf-8")  # valid UTF-8 (no lone surrogate left)
        if fmt == "csv":
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                rows = {r["Id"]: r for r in csv.DictReader(
                    io.StringIO(zf.read("nodes.csv").decode(), newline=""))}
            assert rows["event:h1"]["Label"] == label and LONG in rows["event:h1"]["evidence"]
        elif fmt == "json":
            text = json.loads(data)
            assert any(n.get("label") == label for n in text["nodes"])
        else:
            assert b"<script>" not in data  # escaped
            H = nx.read_graphml(io.BytesIO(data)) if fmt == "graphml" else nx.read_gexf(io.BytesIO(data))
            assert H.nodes["event:h1"]["label"] == label
            assert LONG in H.nodes["event:h1"]["evidence"]


def test_disputed_and_dispute_in_every_format():
    ev, docs = realistic()
    line = "status: happened (d1_beijing) vs denied (d2_moscow)"
    G = build_graph([dict(ev[0], disputed=True, dispute=line)] + ev[1:], docs)
    for fmt in EXPORTERS:
        data = export_bytes(G, fmt)
        if fmt == "csv":
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                rows = {r["Id"]: r for r in csv.DictReader(
                    io.StringIO(zf.read("nodes.csv").decode(), newline=""))}
            got = rows["event:e01"]["disputed"], rows["event:e01"]["dispute"], rows["event:e02"]["disputed"]
            assert got == ("true", line, "false"), got
        elif fmt == "json":
            n = {d["id"]: d for d in json.loads(data)["nodes"]}
            assert (n["event:e01"]["disputed"], n["event:e01"]["dispute"]) == (True, line)
            assert (n["event:e02"]["disputed"], n["event:e02"]["dispute"]) == (False, "")
        else:
            H = nx.read_graphml(io.BytesIO(data)) if fmt == "graphml" else nx.read_gexf(io.BytesIO(data))
            assert (H.nodes["event:e01"]["disputed"], H.nodes["event:e01"]["dispute"]) == (True, line)
            assert H.nodes["event:e02"]["disputed"] is False


def test_foreign_graphs_are_cleaned_on_export():
    G = nx.MultiDiGraph(name="user graph", _private={"not": "exported"})
    G.add_node(1, label="one\x00", tags=["a", "b"], score=None, n=3)
    G.add_node("two", label="two", n="three", flag=True)
    G.add_edge(1, "two", key="k", w=[1, 2])
    for fmt in EXPORTERS:
        export_bytes(G, fmt)
    H = nx.read_graphml(io.BytesIO(export_bytes(G, "graphml")), force_multigraph=True)
    assert H.nodes["1"]["label"] == "one" and H.nodes["1"]["tags"] == "a b"
    assert H.nodes["1"]["n"] == "3" and H.nodes["two"]["n"] == "three"  # mixed types -> str
    assert "_private" not in H.graph
    assert G.nodes[1]["label"] == "one\x00"  # the input is not modified


def test_exports_are_deterministic():
    for name in ("realistic", "filtered"):
        for fmt in ("graphml", "csv", "json"):
            assert export_bytes(GRAPHS[name], fmt) == export_bytes(graphs()[name], fmt), (name, fmt)


def test_exporters_registry_and_export():
    assert sorted(EXPORTERS) == ["csv", "gexf", "graphml", "json"]
    for fmt, (fn, ext, mime) in EXPORTERS.items():
        assert callable(fn) and ext.startswith(".") and "/" in mime, fmt
        buf = io.BytesIO()
        export(GRAPHS["realistic"], fmt.upper(), buf)
        assert buf.getvalue() == export_bytes(GRAPHS["realistic"], fmt) or fmt == "gexf"


@pytest.mark.parametrize("fmt", ["pdf", "", None, 3, "graphml2"])
def test_unknown_format(fmt):
    with pytest.raises(ExportError, match="unknown export format"):
        export(GRAPHS["realistic"], fmt, io.BytesIO())


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_bad_destinations(fmt, tmp_path):
    G = GRAPHS["realistic"]
    cases = [
        (tmp_path / "no" / "such" / "dir" / "out.bin", "cannot"),
        (io.StringIO(), "binary file object"),
        (42, "must be a path or a binary file object"),
    ]
    if fmt != "csv":  # csv writes two files into an existing directory
        cases.append((tmp_path, "is a directory"))
    for dest, message in cases:
        with pytest.raises(ExportError) as exc:
            export(G, fmt, dest)
        assert message in str(exc.value), (dest, str(exc.value))
    with pytest.raises(ExportError, match="expected a networkx graph"):
        export(None, fmt, io.BytesIO())
    (tmp_path / "ro.bin").write_bytes(b"")
    with open(tmp_path / "ro.bin", "rb") as fh, pytest.raises(ExportError, match="cannot write"):
        export(G, fmt, fh)


def test_failed_write_leaves_no_file(tmp_path, monkeypatch):
    def boom(H, out, keys):
        out.write("<partial")
        out.flush()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module, "_write_graphml", boom)
    target = tmp_path / "g.graphml"
    with pytest.raises(ExportError, match="No space left"):
        write_graphml(GRAPHS["realistic"], target)
    assert os.listdir(tmp_path) == []


def test_projection_and_ego_network_export():
    from graph.query import actor_projection, ego_network

    G = GRAPHS["realistic"]
    P = actor_projection(G)
    H = nx.read_graphml(io.BytesIO(export_bytes(P, "graphml")))
    assert not H.is_directed() and set(H) == set(P)
    assert {tuple(sorted(e)): d["weight"] for *e, d in H.edges(data=True)} == {
        tuple(sorted((u, v))): d["weight"] for u, v, d in P.edges(data=True)}
    J = nx.node_link_graph(json.loads(export_bytes(P, "json")), edges="edges")
    assert nx.utils.graphs_equal(J, P)
    root = ET.fromstring(export_bytes(P, "gexf"))
    assert root.find(GEXF + "graph").get("defaultedgetype") == "undirected"
    E = ego_network(G, "putin")
    R = nx.read_graphml(io.BytesIO(export_bytes(E, "graphml")), force_multigraph=True)
    assert nodes(R) == nodes(E) and role_edges(R) == role_edges(E)
