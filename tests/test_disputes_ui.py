"""The explorer's view of disputed events and report dates (issue 17, items 3-5), on a
two-article corpus written for it (tests/data/disputes: one says the fishing treaty was
signed on 4 February 2022, the other on 5 February) and on the seeds (no dispute)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import pytest

from graph import views
from graph.build import build_graph
from graph.query import Filter, matching_events

CORPUS = Path(__file__).parent / "data" / "disputes"


@pytest.fixture(scope="module")
def result():
    from events.pipeline import run_pipeline

    res = run_pipeline(CORPUS, workers=1, cache=False)
    assert res.events, res.problems
    return res


@pytest.fixture(scope="module")
def docs(result):
    return {d["id"]: d for d in result.documents}


def _treaty(events):
    (ev,) = [e for e in events if e.get("type") == "AGREE"]
    return ev


def test_the_pipeline_marks_the_two_reports_disputed(result):
    ev = _treaty(result.events)
    assert ev["disputed"] is True and ev["sources"] == ["harbour-gazette", "valley-courier"]
    (d,) = ev["disputes"]
    assert (d["kind"], d["a"]["says"], d["b"]["says"]) == ("date", "2022-02-04", "2022-02-05")
    assert [e["id"] for e in result.events if e.get("disputed")] == [ev["id"]]


WINDOWS = [{}, {"disputed": ["1"]}, {"reported_from": "2022-02-07"},
           {"reported_to": "2022-02-06"}, {"reported_from": "2022-02-06", "reported_to": "2022-02-06"},
           {"reported_from": "2022-02"}, {"reported_from": "2023"},
           {"reported_to": "2022-02-07", "disputed": ["1"]}, {"reported_from": "2021", "reported_to": "2022-01"}]


@pytest.mark.parametrize("controls", WINDOWS)
def test_browser_and_export_filters_give_the_same_events(result, docs, controls):
    from explorer.controls import make_filter

    index = views.build_index(result.events, docs)
    in_view = sorted(index.ids[i] for i in views.filter_positions(index, controls))
    G = build_graph(result.events, result.documents)
    exported = sorted(matching_events(G, make_filter(controls)))
    assert in_view == exported
    # the URL names are the same in both vocabularies
    query = views.query_from_controls({**views.empty_controls(), **controls}, index.actor_labels)
    params = parse_qs(query.lstrip("?"))
    assert sorted(matching_events(G, Filter.from_params(params))) == in_view


def test_report_date_filter_keeps_an_event_reported_in_the_window(result, docs):
    index = views.build_index(result.events, docs)
    treaty = _treaty(result.events)["id"]

    def ids(**c):
        return {index.ids[i] for i in views.filter_positions(index, c)}
    assert treaty in ids(reported_from="2022-02-06", reported_to="2022-02-06")  # the Gazette
    assert treaty in ids(reported_from="2022-02-08", reported_to="2022-02-08")  # the Courier
    assert treaty not in ids(reported_from="2022-02-07", reported_to="2022-02-07")
    assert ids(reported_from="2023") == set()
    assert ids(disputed=["1"]) == {treaty}
    with pytest.raises(views.ViewError):
        views.filter_positions(index, {"reported_from": "2022-03", "reported_to": "2022-02"})


def test_url_keeps_the_disputed_and_report_filters(result):
    index = views.build_index(result.events)
    c = views.controls_from_query("?disputed=1&reported_from=2022-02&reported_to=2022-03",
                                  index.actor_labels)
    assert (c["disputed"], c["reported_from"], c["reported_to"]) == (["1"], "2022-02", "2022-03")
    assert views.query_from_controls(c, index.actor_labels) == (
        "?disputed=1&reported_from=2022-02&reported_to=2022-03")
    assert views.controls_from_query("?disputed=0", index.actor_labels)["disputed"] == []
    assert Filter.from_params({"disputed": "1"}).disputed is True


def test_disputed_events_are_marked_on_timeline_graph_and_table(result, docs):
    from graph import table

    index = views.build_index(result.events, docs)
    treaty = _treaty(result.events)["id"]
    fig = views.timeline_figure(index, views.filter_positions(index, {}))
    rings = [t for t in fig["data"] if t.get("meta") == "disputed"]
    assert len(rings) == 1 and set(rings[0]["customdata"]) == {treaty}
    elements, _ = views.graph_elements(index, views.filter_positions(index, {}))
    marked = {e["data"]["id"] for e in elements if "disputed" in e.get("classes", "").split()}
    assert marked == {treaty}
    rows = {r["id"]: r for r in table.table_rows(index, range(len(index)))}
    assert rows[treaty]["dispute"].startswith("date: 2022-02-04")
    assert all(r["dispute"] == "" for i, r in rows.items() if i != treaty)


def test_report_dates_of_an_event(result, docs):
    rows = views.report_dates(_treaty(result.events), docs)
    assert [(r["doc"], r["published"], r["estimated"]) for r in rows] == [
        ("harbour-gazette", "2022-02-06", False), ("valley-courier", "2022-02-08", False)]
    shapes = views.selection_shapes(_treaty(result.events), docs)
    assert [s["x0"] for s in shapes if s["type"] == "line"] == ["2022-02-06", "2022-02-08"]
