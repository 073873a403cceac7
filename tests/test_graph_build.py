"""build_graph: node ids, kinds, attributes, documents, merging, bad input."""

from __future__ import annotations

import copy

import networkx as nx
import pytest
from test_graph_fixtures import FORBIDDEN, LONG, drop_forbidden, hostile, realistic

from graph.build import GraphBuildError, build_graph, event_node_id

EVENT_ATTRS = {
    "kind": str, "label": str, "date": str, "date_text": str, "start": str, "end": str,
    "granularity": str, "mod": str, "date_basis": str, "type": str, "status": str, "trigger": str,
    "confidence": float, "sources": str, "n_sources": int, "evidence": str, "n_mentions": int,
    "curated": bool, "disputed": bool, "dispute": str,
}
ACTOR_ATTRS = {"kind": str, "label": str, "actor_type": str, "country": str, "aliases": str,
               "n_events": int, "start": str, "end": str}
DOC_ATTRS = {"kind": str, "label": str, "outlet": str, "author": str, "published": str,
             "file": str, "published_estimated": bool, "dct_inferred": bool, "n_events": int}


def attr_types(G):
    seen: dict[tuple[str, str], set] = {}
    for _, d in G.nodes(data=True):
        for k, v in d.items():
            seen.setdefault(("node", k), set()).add(type(v))
    for *_, d in G.edges(data=True):
        for k, v in d.items():
            seen.setdefault(("edge", k), set()).add(type(v))
    return seen


def test_realistic_graph_nodes_and_edges():
    ev, docs = realistic()
    G = build_graph(ev)
    assert isinstance(G, nx.MultiDiGraph)
    kinds = nx.get_node_attributes(G, "kind")
    assert {n for n, k in kinds.items() if k == "event"} == {e["id"] for e in ev}
    expected_actors = {"actor:" + a["id"] for e in ev for a in e["actors"]}
    assert {n for n, k in kinds.items() if k == "actor"} == expected_actors
    assert set(kinds.values()) == {"actor", "event"}  # no documents unless asked
    expected_edges = {("actor:" + a["id"], e["id"], a["role"]) for e in ev for a in e["actors"]}
    assert set(G.edges(keys=True)) == expected_edges
    for u, v, k, d in G.edges(keys=True, data=True):
        assert d == {"role": k}, (u, v, k, d)
    # No actor-actor edges: persons reach their state only through `country`.
    assert all(kinds[u] == "actor" and kinds[v] == "event" for u, v in G.edges())
    assert G.nodes["actor:xi-jinping"]["country"] == "CHN"
    assert not G.has_edge("actor:xi-jinping", "actor:CHN")
    assert G.graph["created_by"] == "eventline"
    assert (G.graph["n_events"], G.graph["n_actors"]) == (14, 11)
    assert G.graph["n_edges"] == G.number_of_edges()


def test_attribute_types_are_single_and_scalar():
    ev, docs = realistic()
    G = build_graph(ev, docs)
    for n, d in G.nodes(data=True):
        schema = {"event": EVENT_ATTRS, "actor": ACTOR_ATTRS, "document": DOC_ATTRS}[d["kind"]]
        assert {k: type(v) for k, v in d.items()} == schema, (n, d)
    for key, types in attr_types(G).items():
        assert len(types) == 1, (key, types)


def test_event_attributes_follow_the_record():
    ev, _ = realistic()
    G = build_graph(ev)
    e1 = G.nodes["event:e01"]
    assert (e1["date"], e1["date_text"], e1["start"], e1["end"], e1["granularity"]) == (
        "2001-07", "July 2001", "2001-07-01", "2001-07-31", "month")
    assert e1["mod"] == "" and e1["confidence"] == 0.9 and e1["type"] == "AGREE"
    assert e1["evidence"] == "In July 2001 China and Russia signed a “good-neighbourly” treaty."
    e2 = G.nodes["event:e02"]
    assert e2["sources"] == "d1_beijing d2_moscow" and e2["n_sources"] == 2
    assert e2["evidence"].split("\n\n") == [m["sentence"] for m in ev[1]["mentions"]]
    e9 = G.nodes["event:e09"]  # PRESENT_REF: no interval -> "" not None
    assert (e9["date"], e9["start"], e9["end"]) == ("PRESENT_REF", "", "")
    assert G.nodes["event:e04"]["mod"] == "END"
    assert e1["curated"] is False
    curated = build_graph([dict(ev[0], curated=True), dict(ev[1], curated="yes")])
    assert curated.nodes["event:e01"]["curated"] is True
    assert curated.nodes["event:e02"]["curated"] is False  # only a real True counts
    assert e1["disputed"] is False and e1["dispute"] == ""
    line = "date: 2001-07-16 (d1_beijing) vs 2001-07-17 (d2_moscow)"
    disputed = build_graph([dict(ev[0], disputed=True, dispute=line), dict(ev[1], disputed=1)])
    assert disputed.nodes["event:e01"]["disputed"] is True
    assert disputed.nodes["event:e01"]["dispute"] == line
    assert disputed.nodes["event:e02"]["disputed"] is False  # only a real True counts


def test_actor_attributes_counts_and_extent():
    ev, _ = realistic()
    G = build_graph(ev)
    rus = G.nodes["actor:RUS"]
    rus_events = [e for e in ev if any(a["id"] == "RUS" for a in e["actors"])]
    assert rus["n_events"] == len(rus_events)
    dated = [e["date"] for e in rus_events if e["date"]["start"]]
    assert rus["start"] == min(d["start"] for d in dated)
    assert rus["end"] == max(d["end"] for d in dated)
    assert (rus["label"], rus["actor_type"], rus["country"]) == ("Russia", "state", "RUS")
    un = G.nodes["actor:UN"]
    assert (un["actor_type"], un["country"]) == ("organisation", "")


def test_documents_become_nodes_with_reported_by_edges():
    ev, docs = realistic()
    G = build_graph(ev, docs)
    d1 = G.nodes["document:d1_beijing"]
    assert d1["kind"] == "document" and d1["label"] == "Beijing’s “peace plan” explained"
    assert d1["published"] == "2023-02-24" and d1["outlet"] == "Harbour Review"
    assert G.nodes["document:d3_kyiv"]["published"] == ""
    assert G.nodes["document:d3_kyiv"]["dct_inferred"] is True
    rep = {(u, v) for u, v, k in G.edges(keys=True) if k == "reported_by"}
    assert rep == {(e["id"], "document:" + s) for e in ev for s in e["sources"]}
    assert d1["n_events"] == sum("d1_beijing" in e["sources"] for e in ev)
    # A cited document missing from the list still gets a node, labelled by its id.
    G2 = build_graph(ev, docs[:1])
    assert G2.nodes["document:d3_kyiv"]["label"] == "d3_kyiv"
    assert build_graph(ev, []).graph["n_documents"] == 4


def test_missing_ids_are_stable_hashes():
    ev, _ = realistic()
    bare = [{k: v for k, v in e.items() if k != "id"} for e in ev]
    ids1 = sorted(n for n in build_graph(bare) if n.startswith("event:"))
    ids2 = sorted(n for n in build_graph(list(reversed(copy.deepcopy(bare)))) if n.startswith("event:"))
    assert ids1 == ids2 and len(ids1) == 14, ids1
    changed = dict(bare[0], label=bare[0]["label"] + "!")
    assert event_node_id(changed) != event_node_id(bare[0])
    # Actor order does not matter; a record id without the prefix gets it.
    swapped = dict(bare[0], actors=list(reversed(bare[0]["actors"])))
    assert event_node_id(swapped) == event_node_id(bare[0])
    assert event_node_id({"id": "abc"}) == "event:abc"


def test_duplicate_ids_later_record_wins_and_edges_union():
    ev, _ = realistic()
    first = ev[0]
    second = copy.deepcopy(first)
    second["label"] = "Treaty re-dated"
    second["actors"] = [{"id": "USA", "label": "United States", "kind": "state",
                         "country": "USA", "role": "target"}]
    G = build_graph([first, second])
    assert G.nodes["event:e01"]["label"] == "Treaty re-dated"
    assert set(G.predecessors("event:e01")) == {"actor:CHN", "actor:RUS", "actor:USA"}
    assert G.graph["n_events"] == 1


def test_actor_labels_become_aliases_and_roles_can_repeat():
    ev = [
        {"id": "event:x1", "label": "a", "actors": [
            {"id": "RUS", "label": "Russia", "kind": "state", "role": "source"},
            {"id": "RUS", "label": "Russian Federation", "kind": "state", "role": "target"}]},
        {"id": "event:x2", "label": "b", "actors": [
            {"id": "RUS", "label": "Moscow", "kind": "state", "country": "RUS",
             "aliases": ["Rossiya"]}]},
    ]
    G = build_graph(ev)
    rus = G.nodes["actor:RUS"]
    assert rus["label"] == "Russia"
    assert rus["aliases"] == "Moscow; Rossiya; Russian Federation"
    assert rus["country"] == "RUS"  # filled from a later mention
    assert rus["n_events"] == 2
    assert set(G["actor:RUS"]["event:x1"]) == {"source", "target"}
    assert set(G["actor:RUS"]["event:x2"]) == {"participant"}  # default role


def test_fast_edge_insertion_matches_networkx():
    ev, docs = realistic()
    G = build_graph(ev, docs)
    ref = nx.MultiDiGraph()
    ref.add_nodes_from(G.nodes(data=True))
    ref.add_edges_from(G.edges(keys=True, data=True))
    assert dict(G.succ) == dict(ref.succ) and dict(G.pred) == dict(ref.pred)
    for u, v, _k in G.edges(keys=True):
        assert G._succ[u][v] is G._pred[v][u], (u, v)  # one shared key dict
    H = G.copy()
    H.remove_node("actor:RUS")
    assert "actor:RUS" in G and not any(u == "actor:RUS" for u, _ in H.edges())


def test_hostile_strings_are_cleaned_not_dropped():
    ev, docs = hostile()
    G = build_graph(ev, docs)
    for n, d in G.nodes(data=True):
        for s in [n, *(v for v in d.values() if isinstance(v, str))]:
            assert not set(s) & set(FORBIDDEN), (n, repr(s)[:200])
    h1 = G.nodes["event:h1"]
    assert h1["label"] == drop_forbidden(ev[0]["label"])
    assert "<script>" in h1["label"] and "🚀" in h1["label"] and "\u202e" in h1["label"]
    assert h1["trigger"] == "threat" and h1["date_text"] == "2 Jan 2020"
    assert LONG in h1["evidence"] and len(h1["evidence"].encode()) > 100_000
    assert "tab\there\r\nCRLF and  unit sep" in h1["evidence"]
    evil = G.nodes['actor:evil<&>"id']
    assert evil["label"] == "Évil & <Co>" and evil["aliases"] == "Evil alias"
    unnamed = [n for n, d in G.nodes(data=True) if d.get("label", "").startswith("No id")]
    assert len(unnamed) == 1 and unnamed[0].startswith("event:")
    assert G.nodes[unnamed[0]]["start"] == "" and G.nodes[unnamed[0]]["confidence"] == 1.0
    assert G.nodes["document:doc<1>"]["label"] == "Title with  NUL & <tags>"
    assert G.nodes["document:missing-doc"]["label"] == "missing-doc"


def test_empty_input_gives_empty_graph():
    G = build_graph([])
    assert G.number_of_nodes() == 0 and G.graph["n_events"] == 0


BAD = [
    ("not a list", "must be a list"),
    (None, "must be a list"),
    (42, "must be a list"),
    ({"id": "event:1"}, "must be a list"),
    ([1], "event #0 is a int"),
    ([{"id": "event:1", "actors": "CHN"}], "actors must be a list"),
    ([{"id": "event:1", "actors": [{"label": "China"}]}], "every actor needs an 'id'"),
    ([{"id": "event:1", "actors": [{"id": "CHN", "role": "villain"}]}], "role 'villain'"),
    ([{"id": "event:1", "date": "2001-07"}], "date must be a dict"),
    ([{"id": "event:1", "date": {"start": "2001-7-1", "end": "2001-07-31"}}], "not an ISO date"),
    ([{"id": "event:1", "date": {"start": "2001-08-01", "end": "2001-07-31"}}], "is after"),
    ([{"id": "event:1", "date": {"start": "2001-02-29", "end": "2001-03-01"}}], "not a calendar day"),
    ([{"id": "event:1", "date": {"start": "0000-01-01"}}], "not a calendar day"),
    ([{"id": "event:1", "date": {"start": 2001}}], "not an ISO date"),
    ([{"id": "event:1", "confidence": "high"}], "confidence must be a number"),
    ([{"id": "event:1", "confidence": True}], "confidence must be a number"),
    ([{"id": "event:1", "sources": "doc1"}], "sources must be a list"),
    ([{"id": "event:1", "mentions": "x"}], "mentions must be a list"),
]


@pytest.mark.parametrize("events, message", BAD)
def test_bad_events_raise_clear_errors(events, message):
    with pytest.raises(GraphBuildError) as exc:
        build_graph(events)
    assert message in str(exc.value), str(exc.value)


@pytest.mark.parametrize("documents", ["docs", 7, [{"title": "no id"}], ["doc1"]])
def test_bad_documents_raise_clear_errors(documents):
    with pytest.raises(GraphBuildError) as exc:
        build_graph([], documents)
    assert "document" in str(exc.value), str(exc.value)


def test_error_names_the_record():
    ev, _ = realistic()
    ev[3]["actors"][0]["role"] = "observer"
    with pytest.raises(GraphBuildError, match=r"event #3 \('event:e04'\)"):
        build_graph(ev)


def test_garbage_collector_state_is_restored():
    import gc

    ev, _ = realistic()
    assert gc.isenabled()
    build_graph(ev)
    assert gc.isenabled()
    gc.disable()
    try:
        build_graph(ev)
        assert not gc.isenabled()
        with pytest.raises(GraphBuildError):
            build_graph([{"actors": [{"id": "X", "role": "bad"}]}])
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(GraphBuildError):
        build_graph([{"actors": [{"id": "X", "role": "bad"}]}])
    assert gc.isenabled()
