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


# ---------------------------------------------------------------- resolving a dispute (item 5)


def _strings(component) -> str:
    """All the text of a Dash component tree."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(_strings(c) for c in component)
    return _strings(getattr(component, "children", None))


def _find(component, cls):
    """The components whose className holds ``cls``."""
    out = []
    if isinstance(component, list | tuple):
        for c in component:
            out += _find(c, cls)
    elif component is not None and not isinstance(component, str | int | float):
        if cls in (getattr(component, "className", None) or "").split():
            out.append(component)
        out += _find(getattr(component, "children", None), cls)
    return out


def test_resolve_is_stored_replayed_and_undone(result, tmp_path):
    from events.curation import CurationError, CurationStore, apply_curation

    ev = _treaty(result.events)
    (d,) = ev["disputes"]
    store = CurationStore(tmp_path / "c.sqlite")
    with pytest.raises(CurationError):
        store.resolve(ev["id"], "colour", d["a"]["mention"], d["b"]["mention"])
    with pytest.raises(CurationError):
        store.resolve(ev["id"], "date", d["a"]["mention"], d["a"]["mention"])
    op = store.resolve(ev["id"], "date", d["b"]["mention"], d["a"]["mention"],  # either order
                       note="the ministry's own release says 4 February", user="ana")
    out = {e["id"]: e for e in apply_curation(result.events, store)}
    got = out[ev["id"]]
    assert (got["disputed"], got["dispute"]) == (False, "")
    assert got["disputes"][0]["resolved"]["note"] == "the ministry's own release says 4 February"
    assert got["disputes"][0]["resolved"]["user"] == "ana" and got["curation"]["ops"] == [op]
    assert ev["disputed"] is True  # the extraction is not modified
    index = views.build_index(list(out.values()))
    assert len(views.filter_positions(index, {"disputed": ["1"]})) == 0
    G = build_graph(list(out.values()), result.documents)
    assert matching_events(G, Filter(disputed=True)) == []
    # undo works on it as on the other operations
    assert [r["op"] for r in store.history_of(got)] == ["resolve"]
    store.undo(op)
    again = {e["id"]: e for e in apply_curation(result.events, store)}[ev["id"]]
    assert again["disputed"] is True and again["dispute"] == ev["dispute"]
    assert "resolved" not in again["disputes"][0]
    # a resolve naming a dispute the event does not have is reported, not applied
    store.resolve(ev["id"], "status", d["a"]["mention"], d["b"]["mention"])
    res = apply_curation(result.events, store)
    assert len(res.unmatched) == 1 and "no status dispute" in res.warnings[0]


def test_curate_command_resolves_and_undoes(result, tmp_path):
    import shutil

    from events.curation.cli import run_curate_command

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    ev = _treaty(result.events)
    (d,) = ev["disputes"]
    args = ["resolve", "--corpus", str(corpus), "--note", "checked the release", ev["id"], "date",
            d["a"]["mention"], d["b"]["mention"]]
    assert run_curate_command(args) == 0
    assert run_curate_command(["resolve", "--corpus", str(corpus), ev["id"], "number",
                               d["a"]["mention"], d["b"]["mention"]]) != 0  # no such dispute
    from events.curation import CurationStore, apply_curation

    store = CurationStore.for_corpus(corpus)
    assert [r["op"] for r in store.history()] == ["resolve"]
    assert not {e["id"]: e for e in apply_curation(result.events, store)}[ev["id"]]["disputed"]
    assert run_curate_command(["undo", "--corpus", str(corpus)]) == 0
    assert {e["id"]: e for e in apply_curation(result.events, store)}[ev["id"]]["disputed"]


def test_detail_shows_both_reports_side_by_side_and_report_dates(result, docs):
    ev = _treaty(result.events)
    section = views.dispute_section(ev, docs, can_resolve=True)
    (box,) = _find(section, "dispute")
    sides = _find(box, "dispute-side")
    assert len(sides) == 2
    assert "Harbour Gazette" in _strings(sides[0]) and "2022-02-06" in _strings(sides[0])
    assert "Valley Courier" in _strings(sides[1]) and "2022-02-08" in _strings(sides[1])
    marked = [[m.children for m in _find(s, "hl-diff")] for s in sides]
    assert "4" in marked[0] and "5" in marked[1] and "signed" not in marked[0] + marked[1]
    (button,) = [c for c in _find(section, "resolve-dispute")]
    assert button.id == {"type": "resolve-dispute", "n": 0} and not button.disabled
    assert views.dispute_section(ev, docs)[1] is not None
    reports = views.report_section(ev, docs)
    text = _strings(reports)
    assert text.index("2022-02-06") < text.index("2022-02-08") and "after the event" in text
    resolved = {**ev, "disputed": False, "dispute": "",
                "disputes": [{**ev["disputes"][0], "resolved": {"note": "checked", "user": "ana"}}]}
    section = views.dispute_section(resolved, docs, can_resolve=True)
    assert _find(section, "resolve-dispute") == [] and "resolved" in _strings(section)
    assert "checked" in _strings(section) and "all resolved" in _strings(section)


def test_seeds_show_no_dispute_and_xi_trip_report_history():
    import app
    from events.pipeline import run_pipeline

    res = run_pipeline(app.SEEDS, workers=1, cache=False)
    assert [e["id"] for e in res.events if e.get("disputed")] == []
    docs = {d["id"]: d for d in res.documents}
    trips = [e for e in res.events if str(e["date"].get("value")).startswith("2025-05")
             and any("travel to Moscow" in m["sentence"] for m in e["mentions"])
             and len(e["sources"]) > 1]
    assert trips, "the seeds' May 2025 Moscow trip is reported by two documents"
    # the plan ("will travel to Moscow in May") is the visit for the 9 May parade
    assert trips[0]["date"]["value"] == "2025-05-09" and trips[0]["status"] == "happened"
    rows = views.report_dates(trips[0], docs)
    # reported as a plan in February, as done in mid-May: its report history, no dispute
    assert [r["published"] for r in rows] == ["2025-02-13", "2025-05-17"]
    text = _strings(views.report_section(trips[0], docs))
    assert text.index("before the event") < text.index("2025-05-17") < text.index("after the event")
    assert views.dispute_section(trips[0], docs) == []


def test_mark_resolved_in_the_detail_saves_with_a_note_and_undo_reverts(result, tmp_path):
    from explorer import detail
    from explorer.state import Session

    session = Session(result.documents, result.events, store=tmp_path / "c.sqlite")
    eid = _treaty(result.events)["id"]
    said = detail.curate_event(session, "resolve", eid, dispute=0, note="  ")
    assert "note" in said["message"] and not session.store.history()
    saved = detail.curate_event(session, "resolve", eid, dispute=0, note="the release says 4 Feb")
    assert saved["message"].startswith("Saved: #1") and "resolved a date dispute" in saved["message"]
    out = detail.event_outputs(session, eid)
    assert "all resolved" in _strings(out["detail"]) and not out["undo_disabled"]
    assert _find(out["detail"], "resolve-dispute") == []
    assert len(session.view().positions({"disputed": ["1"]})) == 0
    again = detail.curate_event(session, "resolve", eid, dispute=0, note="twice")
    assert "already" in again["message"]
    detail.curate_event(session, "undo", eid)
    out = detail.event_outputs(session, eid)
    assert len(_find(out["detail"], "resolve-dispute")) == 1
    assert len(session.view().positions({"disputed": ["1"]})) == 1


@pytest.mark.parametrize("flags, controls", [
    ([], {}), (["--disputed"], {"disputed": ["1"]}),
    (["--reported-from", "2022-02-07"], {"reported_from": "2022-02-07"}),
    (["--reported-to", "2022-02-06", "--disputed"], {"reported_to": "2022-02-06", "disputed": ["1"]})])
def test_export_command_takes_the_same_filters(result, docs, tmp_path, flags, controls):
    import json
    import shutil

    import app

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    out = tmp_path / "g.json"
    assert app.main(["export", "--corpus", str(corpus), "--no-cache", "-f", "json", "-o", str(out),
                     *flags]) == 0
    exported = sorted(n["id"] for n in json.loads(out.read_text())["nodes"] if n.get("kind") == "event")
    index = views.build_index(result.events, docs)
    assert exported == sorted(index.ids[i] for i in views.filter_positions(index, controls))


def test_the_fast_replay_gives_the_same_resolved_events(result, tmp_path):
    from events.curation import CurationStore, apply_curation, apply_curation_fast

    ev = _treaty(result.events)
    (d,) = ev["disputes"]
    store = CurationStore(tmp_path / "c.sqlite")
    store.resolve(ev["id"], "date", d["a"]["mention"], d["b"]["mention"], note="checked")
    slow = apply_curation(result.events, store)
    fast = apply_curation_fast(result.events, store.operations())
    assert slow.warnings == [] and sorted(fast, key=lambda e: e["id"]) == sorted(slow, key=lambda e: e["id"])
    assert [e["id"] for e in fast if e["disputed"]] == []
