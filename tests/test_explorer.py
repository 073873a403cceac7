"""The explorer's panel functions called directly (no HTTP, no browser):
each callback of ``explorer/`` is a plain function of the session and its
inputs; the Dash decorators in each ``register`` only wire them."""

from __future__ import annotations

import ast
import base64
import io
from pathlib import Path

import networkx as nx
import pytest
from dash import no_update
from dash.exceptions import PreventUpdate

from explorer import detail, downloads, filters, graph_panel, review, timeline, uploads
from explorer.state import Session
from graph import views

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def session(small_records):
    docs, events = small_records
    return Session(docs, events)


@pytest.fixture
def curated(small_records, tmp_path):
    docs, events = small_records
    return Session(docs, events, store=tmp_path / "curation.sqlite")


def test_ex001_lanes_grow_and_shrink_by_twelve_never_below_twelve():
    n = views.DEFAULT_LANES
    assert timeline.change_lanes(True, None) == 2 * n
    assert timeline.change_lanes(True, 3 * n) == 4 * n
    assert timeline.change_lanes(False, 3 * n) == 2 * n
    assert timeline.change_lanes(False, n) == n


def test_ex002_url_gives_controls_and_a_canonical_url(session):
    values = [[], [], [], "", "", [], "", [], "", ""]
    out = filters.sync_filters(session, "url", "?actor=ostia&from=2009", values, None,
                               views.empty_controls())
    assert out["values"][0] == ["OST"] and out["values"][3] == "2009", out
    assert out["values"][1] is no_update  # the type control already holds []
    assert out["search"] == "?actor=Ostia&from=2009" and out["error"] == "", out
    assert out["state"]["actors"] == ["OST"] and out["state"]["date_from"] == "2009"


def test_ex003_tap_on_an_event_node_changes_no_filter_and_on_an_actor_adds_it(session):
    values = [["NOR"], [], [], "", "", [], "", [], "", ""]
    with pytest.raises(PreventUpdate):
        filters.sync_filters(session, "graph-view", "", values, {"id": "event:a1"}, None)
    out = filters.sync_filters(session, "graph-view", "", values, {"id": "actor:SUD"}, None)
    assert out["values"][0] == ["NOR", "SUD"], out


def test_ex004_unusable_dates_are_reported_and_left_out_of_the_state(session):
    controls = {**views.empty_controls(), "date_from": "2014-13", "date_to": "2010"}
    effective, errors = filters.effective_controls(session.view().index, controls)
    assert effective["date_from"] == "" and effective["date_to"] == "2010", effective
    assert len(errors) == 1 and errors[0].startswith("From: bad date"), errors
    effective, errors = filters.effective_controls(
        session.view().index, {**controls, "date_from": "2020"})
    assert effective["date_from"] == effective["date_to"] == "" and "after" in errors[0], errors


def test_ex005_timeline_counts_and_empty_state(session):
    out = timeline.render_timeline(session, {**views.empty_controls(), "actors": ["SUD"]}, None, None)
    assert out["counts"].startswith("2 of 6 events") and out["empty_hidden"] is True, out["counts"]
    assert sorted(views.figure_event_ids(out["figure"])) == ["event:a1", "event:a3"]
    out = timeline.render_timeline(session, {**views.empty_controls(), "query": "no such words"},
                                   None, None)
    assert out["counts"].startswith("0 of 6") and out["empty_hidden"] is False


def test_ex006_graph_and_picker_follow_the_filter(session):
    out = graph_panel.render_graph(session, {**views.empty_controls(), "actors": ["OST"]})
    assert [o["value"] for o in out["picker_options"]] == ["event:a5", "event:a2"]
    nodes = {e["data"]["id"] for e in out["elements"] if "source" not in e["data"]}
    assert {"event:a5", "event:a2", "actor:OST"} <= nodes and "event:a1" not in nodes, nodes


@pytest.mark.parametrize("trig, args, expected", [
    ("event-picker", {"picked": "event:a2"}, "event:a2"),
    ("event-picker", {"picked": None}, None),
    ("review-queue", {"queued": "event:a3"}, "event:a3"),
    ("graph-view", {"tap": {"id": "event:a4"}}, "event:a4"),
    ("graph-view", {"tap": {"id": "actor:NOR"}}, None),
    ("data-version", {"selected": "event:a1"}, "event:a1"),
    ("data-version", {"selected": None}, None),
    ("timeline", {"click": {"points": [{"customdata": "event:a5"}]}}, "event:a5"),
    ("timeline", {"click": {"points": [{"x": "2001", "z": 3}]}}, None),  # a density cell
])
def test_ex007_which_event_a_change_chooses(trig, args, expected):
    kw = {"click": None, "tap": None, "picked": None, "queued": None, "selected": None, **args}
    assert detail.chosen_event(trig, **kw) == expected


def test_ex008_detail_without_a_store_disables_curation(session):
    out = detail.show_detail(session, "event-picker", None, None, "event:a1", None, None)
    assert out["selected"] == "event:a1" and "Norland" in str(out["detail"])
    assert out["accept_disabled"] and out["reject_disabled"] and out["edit_disabled"], out
    assert out["edit_date"] == "2009-04-12" and out["edit_type"] == "AGREE"
    assert "event:a1" not in [o["value"] for o in out["merge_options"]]
    unknown = detail.show_detail(session, "event-picker", None, None, "event:zz", None, None)
    assert "Unknown event event:zz" in str(unknown["detail"]) and unknown["selected"] is None
    with pytest.raises(PreventUpdate):
        detail.show_detail(session, "event-picker", None, None, None, None, None)
    said = detail.curate_event(session, "reject", "event:a1")
    assert said["message"].startswith("Curation is off") and said["version"] is no_update


def test_ex009_reject_then_undo_through_the_panel_functions(curated):
    out = detail.curate_event(curated, "reject", "event:a3", note=" duplicate ", version=4)
    assert out["version"] == 5 and "rejected" in out["message"] and out["note"] == "", out
    assert curated.store.history("event:a3")[0]["note"] == "duplicate"
    shown = timeline.render_timeline(curated, views.empty_controls(), None, None)
    assert shown["counts"].startswith("5 of 5 events"), shown["counts"]
    d = detail.event_outputs(curated, "event:a3")
    assert d["reject_disabled"] is True and d["undo_disabled"] is False, d
    out = detail.curate_event(curated, "undo", "event:a3", version=5)
    assert out["version"] == 6 and "undid" in out["message"], out
    assert timeline.render_timeline(curated, None, None, None)["counts"].startswith("6 of 6")


@pytest.mark.parametrize("action, fields, message", [
    ("save", {"e_date": "2009-04-12", "e_type": "AGREE", "e_label": " "}, "Nothing changed"),
    ("save", {"e_date": "2009-13-40"}, "Not saved"),
    ("undo", {}, "Nothing to undo"),
    ("merge", {"target": "event:a1"}, "Choose another event"),
    ("merge", {"target": None}, "Choose another event"),
    ("split", {"mentions": []}, "Tick the mentions"),
])
def test_ex010_refused_curation_records_nothing(curated, action, fields, message):
    out = detail.curate_event(curated, action, "event:a1", version=0, **fields)
    assert out["message"].startswith(message) and out["version"] is no_update, out
    assert curated.store.history() == []
    assert detail.curate_event(curated, "accept", None)["message"] == "Choose an event first."


def test_ex011_edited_fields_are_only_the_changed_ones(small_records):
    ev = small_records[1][0]
    assert detail.edited_fields(ev, " 2009-04-12 ", "AGREE", "happened", ev["label"]) == {}
    assert detail.edited_fields(ev, "2009-05", "CONSULT", None, " New label ") == {
        "date": "2009-05", "type": "CONSULT", "label": "New label"}


def test_ex011b_curation_buttons_are_one_pattern_matching_family():
    assert detail.action_id("reject") == {"type": "curate", "action": "reject"}
    for action in ("accept", "reject", "save", "undo", "merge", "split"):
        assert detail.chosen_action(detail.action_id(action)) == action
    # Edit only opens the form; other ids (old string ids, other families) ask for nothing
    for trig in (detail.action_id("edit"), "cur-reject", {"type": "curate", "action": "drop"},
                 {"type": "download", "action": "accept"}, {"type": "resolve-dispute", "n": 0},
                 None):
        assert detail.chosen_action(trig) is None, trig


def test_ex012_queue_moves_to_the_next_item_after_a_decision(curated):
    first = review.render_queue(curated, None, [])
    opts = first["options"]
    assert len(opts) >= 2 and first["value"] is no_update  # nothing selected, nothing to change
    a, b = opts[0]["value"], opts[1]["value"]
    curated.store.accept(a)
    after = review.render_queue(curated, a, opts)
    assert a not in [o["value"] for o in after["options"]] and after["value"] == b, after["value"]
    assert after["count"] == f"({len(opts) - 1})"


def test_ex013_download_is_the_filtered_graph(session):
    state = {**views.empty_controls(), "actors": ["NOR"], "date_from": "2010", "date_to": "bad"}
    out = downloads.download(session, "graphml", state)
    data = out["data"]
    assert data["filename"] == "eventline-norland-from-2010.graphml"  # named after the filter
    assert out["message"] == "Downloaded 2 events as graphml."
    G = nx.read_graphml(io.BytesIO(base64.b64decode(data["content"])))
    assert sorted(n for n, d in G.nodes(data=True) if d.get("kind") == "event") == [
        "event:a2", "event:a4"]
    assert downloads.download(session, None, state)["data"] is no_update
    # a filter that matches nothing downloads nothing, and says so (it gave an empty graph)
    none = downloads.download(session, "graphml", {**state, "query": "no such words anywhere"})
    assert none["data"] is no_update and "matches no event" in none["message"]
    assert set(downloads.FORMATS) == {fmt for fmt, _ in downloads.EXPORT_BUTTONS}
    # the button is found by its pattern-matching id (ctx.triggered_id), never by a prefix
    assert downloads.chosen_format({"type": "download", "fmt": "gexf"}) == "gexf"
    for trig in ("download-gexf", {"type": "download", "fmt": "pdf"},
                 {"type": "curate", "fmt": "gexf"}, None):
        assert downloads.chosen_format(trig) is None, trig


def test_ex014_uploads_off_and_a_refused_file(session, small_records, tmp_path):
    out = uploads.upload(session, ["data:text/plain;base64,eA=="], ["x.txt"], 0)
    assert out["message"].startswith("Uploads are off") and out["contents"] is None
    assert uploads.upload(session, None, None, 0)["message"] is no_update
    on = Session(*small_records, upload_dir=tmp_path)
    out = uploads.upload(on, ["data:text/plain;base64,AAEC"], "blob.txt", 3)
    text = str(out["message"])
    assert "Rejected blob.txt" in text and "Nothing was added" in text, text
    assert out["version"] is no_update and list(tmp_path.iterdir()) == []


def _long_functions(path: Path, limit: int):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            n = node.end_lineno - node.lineno + 1
            if n > limit:
                yield f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({n} lines)"


def test_ex015_no_function_of_the_app_or_the_explorer_is_over_100_lines():
    files = [ROOT / "app.py", *sorted((ROOT / "explorer").glob("*.py"))]
    assert len(files) > 8, files
    assert [f for p in files for f in _long_functions(p, 100)] == []
