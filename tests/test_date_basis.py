"""Events dated by their document's publication (``date_basis``): in the graph, in every
export, on the timeline and in the filter. Texts written for these tests."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import networkx as nx

from events.extract import extract_document
from events.merge import merge_events
from events.model import Document
from graph import views
from graph.build import build_graph
from graph.export import EXPORTERS, export_bytes, write_events_jsonl

TEXT = ("Chile and Bolivia signed a border treaty in May 2019. "
        "Peru has accused Ecuador of smuggling arms.")


def _events():
    return extract_document(Document(id="d1", text=TEXT, published="2024-06-14"))


def test_events_say_how_they_are_dated():
    basis = {e["type"]: e["date_basis"] for e in _events()}
    assert basis == {"AGREE": "text", "ACCUSE": "publication"}


def test_date_basis_is_a_graph_attribute_and_in_every_export():
    G = build_graph(_events())
    got = {d["type"]: d["date_basis"] for _, d in G.nodes(data=True) if d["kind"] == "event"}
    assert got == {"AGREE": "text", "ACCUSE": "publication"}
    for fmt in EXPORTERS:
        data = export_bytes(G, fmt)
        if fmt == "graphml":
            H = nx.read_graphml(io.BytesIO(data))
        elif fmt == "gexf":
            H = nx.read_gexf(io.BytesIO(data))
        elif fmt == "json":
            doc = json.loads(data)
            H = nx.node_link_graph(doc, edges="links" if "links" in doc else "edges")
        else:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                rows = list(csv.DictReader(io.TextIOWrapper(z.open("nodes.csv"), "utf-8")))
            assert sorted(r["date_basis"] for r in rows if r["kind"] == "event") == \
                ["publication", "text"], fmt
            continue
        assert sorted(d["date_basis"] for _, d in H.nodes(data=True)
                      if d.get("kind") == "event") == ["publication", "text"], fmt
    buf = io.BytesIO()
    write_events_jsonl(_events(), buf)
    assert sorted(json.loads(x)["date_basis"] for x in buf.getvalue().splitlines()) == \
        ["publication", "text"]


def test_timeline_draws_publication_dated_events_hollow_and_a_filter_hides_them():
    index = views.build_index(_events())
    fig = views.timeline_figure(index, views.filter_positions(index, {}))
    symbols = {tr["name"]: set(tr["marker"]["symbol"]) for tr in fig["data"]
               if tr.get("meta") == "event"}
    assert symbols["AGREE"] == {views.STATUS_SYMBOLS["happened"]}
    assert symbols["ACCUSE"] == {views.PUBLICATION_SYMBOLS["happened"]}
    assert set(views.PUBLICATION_SYMBOLS.values()).isdisjoint(views.STATUS_SYMBOLS.values())
    assert all("open" in s for s in views.PUBLICATION_SYMBOLS.values())
    kept = views.filter_positions(index, {"hide_publication": True})
    assert [index.events[i]["type"] for i in kept] == ["AGREE"]
    hover = views.hover_text(index.events[int(views.filter_positions(index, {"types": ["ACCUSE"]})[0])])
    assert "on or before publication" in hover


def _ev(eid, date, basis, doc, sentence):
    start, end = (date + "-01", date + "-31") if len(date) == 7 else (date, date)
    gran = "month" if len(date) == 7 else "day"
    return {"id": eid, "label": "Chile and Bolivia sign the Lauca treaty", "type": "AGREE",
            "status": "happened", "trigger": "sign", "confidence": 0.7,
            "date": {"value": date, "granularity": gran, "start": start, "end": end,
                     "mod": None, "type": "DATE", "text": ""},
            "date_basis": basis,
            "actors": [{"id": "CHL", "label": "Chile", "kind": "state", "country": "CHL",
                        "role": "participant"}],
            "sources": [doc], "mentions": [{"id": eid, "doc_id": doc, "sentence": sentence,
                                            "start": 0, "end": len(sentence)}],
            "merge_reasons": []}


def test_merge_takes_a_publication_date_as_on_or_before_publication():
    dated = _ev("event:a", "2024-03-02", "text", "d1", "Chile signed the Lauca Accord on 2 March.")
    report = _ev("event:b", "2024-06-14", "publication", "d2", "Chile has signed the Lauca Accord.")
    later = _ev("event:c", "2024-07-01", "text", "d3", "Chile signed the Lauca Accord on 1 July.")
    merged = merge_events([dated, report])
    assert len(merged) == 1
    assert merged[0]["date"]["value"] == "2024-03-02" and merged[0]["date_basis"] == "text"
    # a happening after the publication is not what the report tells
    assert len(merge_events([report, later])) == 2
