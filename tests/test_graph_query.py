"""Filter, filter_graph, projection, ego network, stats and event_records.

Filter results are compared with a brute-force oracle over the records
(tests/test_graph_fixtures.py), both on hand-picked cases and on filters
drawn by hypothesis.
"""

from __future__ import annotations

import collections
import io
import json
from itertools import combinations
from urllib.parse import parse_qs

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_graph_fixtures import oracle, realistic

import graph.query as gq
from graph.build import build_graph
from graph.export import write_json
from graph.query import (
    Filter,
    QueryError,
    actor_event_counts,
    actor_projection,
    actor_stats,
    ego_network,
    event_records,
    filter_graph,
    graph_index,
)

EV, DOCS = realistic()
G = build_graph(EV, DOCS)


def events_in(H) -> set[str]:
    return {n for n, d in H.nodes(data=True) if d["kind"] == "event"}


CASES = [
    dict(actors=("CHN",)),
    dict(actors=("RUS", "UKR")),
    dict(actors=("CHN", "RUS"), all_actors=True),
    dict(actors=("putin",)),
    dict(actors=("UN",)),
    dict(actors=("nobody",)),
    dict(types=("CONSULT",)),
    dict(types=("ASSAULT", "AID"), statuses=("happened",)),
    dict(statuses=("denied", "hypothetical")),
    dict(date_from="2001-07-15", date_to="2001-08"),
    dict(date_to="1975"),
    dict(date_from="2022"),
    dict(date_from="2022-02-24", date_to="2022-02-24"),
    dict(date_from="2024-08-31"),
    dict(date_to="1969"),
    dict(sources=("d3_kyiv",)),
    dict(sources=("d1_beijing", "d4_history")),
    dict(query="moscow"),
    dict(query="“NO LIMITS”"),
    dict(query="kyiv students"),
    dict(query="Москва"),
    dict(actors=("CHN",), types=("CONSULT",), date_from="1970", date_to="2023"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: ",".join(f"{k}={v}" for k, v in c.items()))
def test_filter_matches_oracle(case):
    got = events_in(filter_graph(G, Filter(**case)))
    want = oracle(EV, **case)
    assert got == want, (case, sorted(got ^ want))
    ids = gq.matching_events(G, Filter(**case))
    assert ids == [n for n in G if n in want], (case, ids)


def test_hand_checked_expectations():
    # Persons of a state match a filter on the state.
    chn = events_in(filter_graph(G, Filter(actors=("CHN",))))
    assert {"event:e02", "event:e05", "event:e12"} <= chn and "event:e03" not in chn
    # Granularity-aware overlap: month 2001-07 vs 2001-07-15..2001-08.
    assert events_in(filter_graph(G, Filter(date_from="2001-07-15", date_to="2001-08"))) == {
        "event:e01"}
    # Decade 197X overlaps anything up to 1975.
    assert events_in(filter_graph(G, Filter(date_to="1975"))) == {"event:e07"}
    # Undated events only without a date filter.
    assert {"event:e09", "event:e10"} <= events_in(filter_graph(G, Filter()))
    assert not {"event:e09", "event:e10"} & events_in(filter_graph(G, Filter(date_from="1900")))


def test_filtered_graph_has_only_matching_events_actors_and_documents():
    H = filter_graph(G, Filter(actors=("putin",)))
    want_events = {"event:e02", "event:e12"}
    assert events_in(H) == want_events
    actors = {n for n, d in H.nodes(data=True) if d["kind"] == "actor"}
    assert actors == {"actor:" + a["id"] for e in EV if e["id"] in want_events for a in e["actors"]}
    docs = {n for n, d in H.nodes(data=True) if d["kind"] == "document"}
    assert docs == {"document:d1_beijing", "document:d2_moscow"}
    assert all(v in want_events or u in want_events for u, v in H.edges())
    with pytest.raises(nx.NetworkXError):
        H.add_node("x")  # a read-only view; G is untouched
    assert "x" not in G


@pytest.mark.parametrize("f", [Filter(), Filter(actors=("UN",)), Filter(date_from="2022")])
def test_filtered_views_keep_graph_node_order(f):
    H = filter_graph(G, f)
    kept = set(H)
    assert list(H) == [n for n in G if n in kept]
    ref = G.subgraph(kept)
    assert sorted(H.edges(keys=True, data="role")) == sorted(ref.edges(keys=True, data="role"))
    assert sorted(H.in_edges(keys=True)) == sorted(ref.in_edges(keys=True))
    assert dict(H.nodes(data=True)) == dict(ref.nodes(data=True))
    assert nx.is_frozen(H)


def test_filter_accepts_networkx_views():
    view = G.subgraph([n for n in G if n != "actor:putin"])
    H = filter_graph(view, Filter(actors=("RUS",)))
    assert "actor:putin" not in H
    # Without Putin, Xi's Moscow visit (e02) no longer involves a Russian actor.
    assert events_in(H) == oracle(EV, actors=("RUS",)) - {"event:e02"}


def test_filtered_graph_attributes_describe_the_subgraph():
    f = Filter(actors=("RUS",), date_from="2014")
    H = filter_graph(G, f)
    kinds = collections.Counter(d["kind"] for _, d in H.nodes(data=True))
    assert (H.graph["n_events"], H.graph["n_actors"], H.graph["n_documents"]) == (
        kinds["event"], kinds["actor"], kinds["document"])
    assert H.graph["n_edges"] == H.number_of_edges()
    assert H.graph["selection"] == "actor=RUS&from=2014"
    assert Filter.from_params(parse_qs(H.graph["selection"])) == f
    assert G.graph["n_events"] == 14 and "selection" not in G.graph  # G untouched
    E = ego_network(G, "putin", radius=2)
    assert E.graph["selection"] == "ego=putin&radius=2"
    assert E.graph["n_edges"] == E.number_of_edges()


def test_filter_of_a_filtered_view():
    H = filter_graph(G, Filter(actors=("RUS",)))
    K = filter_graph(H, Filter(types=("ASSAULT",)))
    assert events_in(K) == oracle(EV, actors=("RUS",), types=("ASSAULT",))


def test_index_is_rebuilt_after_growth():
    H = build_graph(EV)
    assert events_in(filter_graph(H, Filter(types=("AID",)))) == {"event:e14"}
    H.add_node("event:new", kind="event", type="AID", status="happened", start="", end="",
               label="new", evidence="", sources="")
    assert events_in(filter_graph(H, Filter(types=("AID",)))) == {"event:e14", "event:new"}
    H.nodes["event:new"]["type"] = "AGREE"
    gq.invalidate(H)
    assert events_in(filter_graph(H, Filter(types=("AID",)))) == {"event:e14"}


def test_index_is_not_in_graph_attributes():
    filter_graph(G, Filter(query="x"))
    assert graph_index(G).n_nodes == len(G)
    assert all(isinstance(v, (str, int, float, bool)) for v in G.graph.values()), G.graph


ACTOR_IDS = sorted({a["id"] for e in EV for a in e["actors"]}) + ["ZZZ"]
BOUNDS = ["", "1970", "1975", "2001-07", "2001-07-15", "2014", "2022-02", "2022-02-24",
          "2023-03-20", "2024", "2030"]


@settings(max_examples=150, deadline=None)
@given(
    actors=st.lists(st.sampled_from(ACTOR_IDS), max_size=3),
    all_actors=st.booleans(),
    types=st.lists(st.sampled_from(sorted({e["type"] for e in EV}) + ["RETREAT"]), max_size=2),
    statuses=st.lists(st.sampled_from(["happened", "planned", "hypothetical", "denied"]), max_size=2),
    bounds=st.tuples(st.sampled_from(BOUNDS), st.sampled_from(BOUNDS)),
    sources=st.lists(st.sampled_from([d["id"] for d in DOCS]), max_size=2),
    query=st.sampled_from(["", "china", "RUSSIA ukraine", "’", "plan", "xyz"]),
)
def test_random_filters_match_oracle(actors, all_actors, types, statuses, bounds, sources, query):
    lo, hi = sorted(bounds, key=lambda b: (b == "", b))[0], bounds[1]
    if lo and hi and gq.date_interval(lo)[0] > gq.date_interval(hi)[1]:
        lo, hi = hi, lo
    if lo and hi and gq.date_interval(lo)[0] > gq.date_interval(hi)[1]:
        return
    kw = dict(actors=tuple(actors), all_actors=all_actors, types=tuple(types),
              statuses=tuple(statuses), date_from=lo, date_to=hi, sources=tuple(sources),
              query=query)
    got = events_in(filter_graph(G, Filter(**kw)))
    want = oracle(EV, **kw)
    assert got == want, (kw, sorted(got ^ want))


# ------------------------------------------------------------- Filter object


def test_filter_normalises_and_round_trips_params():
    f = Filter(actors=["actor:CHN", "RUS,UKR", "CHN"], types=["consult"], statuses="planned",
               sources=["document:d1_beijing"], date_from=" 2014 ", query="  peace  ")
    assert f.actors == ("CHN", "RUS", "UKR") and f.types == ("CONSULT",)
    assert f.statuses == ("planned",) and f.sources == ("d1_beijing",)
    assert (f.date_from, f.day_from, f.query) == ("2014", "2014-01-01", "peace")
    params = f.to_params()
    assert params == {"actor": ["CHN", "RUS", "UKR"], "type": ["CONSULT"], "status": ["planned"],
                      "from": ["2014"], "source": ["d1_beijing"], "q": ["peace"]}
    assert Filter.from_params(params) == f
    g = Filter.from_params({"actor": "CHN", "all": ["1"], "to": ["2014-03"], "tab": ["graph"]})
    assert g.all_actors is True and g.day_to == "2014-03-31" and g.actors == ("CHN",)
    assert Filter.from_params(g.to_params()) == g
    assert Filter.from_params({}) == Filter() and Filter().is_empty()


@pytest.mark.parametrize("kwargs, message", [
    (dict(date_from="2014-13"), "month 13"),
    (dict(date_from="20144"), "is not YYYY"),
    (dict(date_to="2014-02-30"), "day 30 does not exist"),
    (dict(date_to="yesterday"), "is not YYYY"),
    (dict(date_to="<script>"), "is not YYYY"),
    (dict(date_from="2015", date_to="2014"), "is after"),
    (dict(types=("FOO",)), "unknown event type 'FOO'"),
    (dict(statuses=("maybe",)), "unknown status 'maybe'"),
    (dict(actors=(1, 2)), "list of strings"),
    (dict(query=5), "query must be a string"),
    (dict(date_from=2014), "date_from must be a string"),
])
def test_bad_filters_raise_clear_errors(kwargs, message):
    with pytest.raises(QueryError) as exc:
        Filter(**kwargs)
    assert message in str(exc.value), str(exc.value)


@pytest.mark.parametrize("params, message", [
    (["actor", "CHN"], "must be a mapping"),
    ({"from": ["2014", "2015"]}, "given 2 times"),
    ({"to": ["2014-00"]}, "month 00"),
    ({"type": ["\x00"]}, "unknown event type"),
])
def test_bad_params_raise_clear_errors(params, message):
    with pytest.raises(QueryError) as exc:
        Filter.from_params(params)
    assert message in str(exc.value), str(exc.value)


@pytest.mark.parametrize("bad", [None, "graph", nx.Graph()])
def test_queries_reject_non_graphs(bad):
    for call in (lambda: filter_graph(bad, Filter()), lambda: actor_projection(bad),
                 lambda: actor_event_counts(bad)):
        with pytest.raises(QueryError):
            call()
    with pytest.raises(QueryError, match="expected a Filter"):
        filter_graph(G, {"actor": ["CHN"]})


# ------------------------------------------------- projection, ego, stats


def projection_oracle(events):
    weights: dict[tuple[str, str], int] = {}
    for e in events:
        ids = sorted({"actor:" + a["id"] for a in e["actors"]})
        for pair in combinations(ids, 2):
            weights[pair] = weights.get(pair, 0) + 1
    return weights


def test_projection_weights_count_shared_events():
    P = actor_projection(G)
    assert isinstance(P, nx.Graph) and not P.is_multigraph()
    got = {tuple(sorted((u, v))): d["weight"] for u, v, d in P.edges(data=True)}
    assert got == projection_oracle(EV)
    assert P["actor:CHN"]["actor:RUS"] == {"weight": 4, "events": 4}  # e01, e07, e09, e12
    assert set(P) == {"actor:" + a for a in ACTOR_IDS if a != "ZZZ"}
    assert P.nodes["actor:UN"]["n_events"] == 1


def test_projection_of_filtered_graph():
    H = filter_graph(G, Filter(date_from="2022"))
    got = {tuple(sorted((u, v))): d["weight"] for u, v, d in actor_projection(H).edges(data=True)}
    kept = [e for e in EV if e["id"] in oracle(EV, date_from="2022")]
    assert got == projection_oracle(kept)


def test_ego_network_radius():
    E0 = ego_network(G, "UN", radius=0)
    assert set(E0) == {"actor:UN", "event:e04", "document:d3_kyiv"}
    E1 = ego_network(G, "actor:UN")
    assert set(E1) == {"actor:UN", "event:e04", "actor:zelenskyy", "document:d3_kyiv"}
    E2 = ego_network(G, "UN", radius=2)
    # zelenskyy has no other events: radius 2 adds nothing.
    assert set(E2) == set(E1)
    R1 = ego_network(G, "rosneft", radius=1)
    assert events_in(R1) == {"event:e06", "event:e13"}
    assert {n for n in R1 if n.startswith("actor:")} == {"actor:rosneft", "actor:USA", "actor:CHN"}
    R2 = ego_network(G, "rosneft", radius=2)
    usa_chn = {e["id"] for e in EV if any(a["id"] in ("USA", "CHN", "rosneft") for a in e["actors"])}
    assert events_in(R2) == usa_chn
    # Every event in an ego network keeps only actors that were reached.
    for n in events_in(R1):
        assert set(R1.predecessors(n)) <= set(R1)


@pytest.mark.parametrize("actor, radius, message", [
    ("nobody", 1, "no actor 'nobody'"),
    ("event:e01", 1, "no actor"),
    ("", 1, "non-empty string"),
    ("CHN", -1, "radius must be"),
    ("CHN", "1", "radius must be"),
    ("CHN", True, "radius must be"),
])
def test_ego_network_bad_input(actor, radius, message):
    with pytest.raises(QueryError) as exc:
        ego_network(G, actor, radius)
    assert message in str(exc.value), str(exc.value)


def test_actor_event_counts_and_stats():
    counts = actor_event_counts(G)
    want = {}
    for e in EV:
        for aid in {a["id"] for a in e["actors"]}:
            want["actor:" + aid] = want.get("actor:" + aid, 0) + 1
    assert counts == want
    stats = actor_stats(G)
    assert [s["id"] for s in stats][0] == max(want, key=want.get)
    P = actor_projection(G)
    bc = nx.betweenness_centrality(P)
    for s in stats:
        assert s["events"] == want[s["id"]], s
        assert s["degree"] == P.degree(s["id"]), s
        assert s["strength"] == sum(d["weight"] for *_, d in P.edges(s["id"], data=True)), s
        assert s["betweenness"] == pytest.approx(bc[s["id"]]), s
        assert s["actor_id"] == s["id"].removeprefix("actor:")
    assert [s["events"] for s in stats] == sorted((s["events"] for s in stats), reverse=True)


def test_actor_stats_samples_large_projections(monkeypatch):
    monkeypatch.setattr(gq, "BETWEENNESS_EXACT_MAX", 3)
    monkeypatch.setattr(gq, "BETWEENNESS_K_MIN", 4)
    a = actor_stats(G, seed=1)
    b = actor_stats(G, seed=1)
    assert a == b
    assert all(0.0 <= s["betweenness"] <= 1.0 for s in a)


# ------------------------------------------------------------ event_records


def test_event_records_returns_originals_for_built_graphs():
    H = filter_graph(G, Filter(types=("AGREE",)))
    recs = event_records(H)
    assert [r["id"] for r in recs] == [e["id"] for e in EV if e["type"] == "AGREE"]
    assert recs[0] is EV[0]  # the very record, mentions and offsets included
    assert event_records(G, ["event:e03"])[0]["mentions"][0]["start"] == 0


def test_event_records_rebuilt_from_an_exported_graph():
    buf = io.BytesIO()
    write_json(G, buf)
    R = nx.node_link_graph(json.loads(buf.getvalue()), edges="edges")
    recs = {r["id"]: r for r in event_records(R)}
    assert set(recs) == {e["id"] for e in EV}
    for e in EV:
        r = recs[e["id"]]
        assert (r["label"], r["type"], r["status"], r["sources"]) == (
            e["label"], e["type"], e["status"], e["sources"])
        assert {k: r["date"][k] for k in ("value", "start", "end", "granularity", "text")} == {
            k: e["date"][k] for k in ("value", "start", "end", "granularity", "text")}
        assert sorted((a["id"], a["role"], a["label"]) for a in r["actors"]) == sorted(
            (a["id"], a["role"], a["label"]) for a in e["actors"])
        assert r["evidence"] == list(dict.fromkeys(m["sentence"] for m in e["mentions"]))
        assert r["mentions"] == []


@pytest.mark.parametrize("ids", [["actor:CHN"], ["event:nope"], [None]])
def test_event_records_rejects_non_events(ids):
    with pytest.raises(QueryError, match="is not an event"):
        event_records(G, ids)
