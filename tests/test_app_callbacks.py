"""The Dash app's callbacks over HTTP (Flask test client, as dash-renderer
calls them): URL <-> filters, graph taps, detail, lanes, downloads."""

from __future__ import annotations

import base64
import io
import json
import re

import networkx as nx
import pytest

import app
from benchmarks.ui_bench import Client, initial_values
from graph import views
from tests.ids import button_id, clicks


@pytest.fixture
def client(small_records):
    docs, events = small_records
    return Client(app.create_app(docs, events))


def layout_ids(node) -> list:
    """Every component id in a ``/_dash-layout`` tree."""
    if isinstance(node, list):
        return [i for n in node for i in layout_ids(n)]
    if not isinstance(node, dict):
        return []
    props = node.get("props") or {}
    found = [props["id"]] if "id" in props and "type" in node else []
    return found + [i for v in props.values() for i in layout_ids(v)]


def test_ap001_factory_gives_fresh_apps_with_the_documented_ids(small_records):
    docs, events = small_records
    a1, a2 = app.create_app(docs, events), app.create_app(docs, events[:2])
    assert a1 is not a2 and a1.server is not a2.server
    layout = a1.server.test_client().get("/_dash-layout").get_data(as_text=True)
    for cid in ("timeline", "actor-filter", "type-filter", "status-filter", "date-from", "date-to",
                "source-filter", "text-search", "event-detail", "graph-view", "empty-state", "url"):
        assert f'"id":"{cid}"' in layout.replace(" ", ""), cid
    # the button families have pattern-matching ids (dicts), not string prefixes
    ids = layout_ids(json.loads(layout))
    for fmt in ("graphml", "gexf", "csv", "json"):
        assert {"type": "download", "fmt": fmt} in ids, fmt
    for action in ("accept", "reject", "edit", "undo", "save", "merge", "split"):
        assert {"type": "curate", "action": action} in ids, action
    assert not [i for i in ids if isinstance(i, str) and i.startswith(("download-", "cur-"))
                and i not in ("download-message", "cur-note", "cur-message")], ids
    assert "dangerously" not in layout
    assert "Norland (4)" in layout  # actor options carry event counts


def test_ap002_url_restores_filters_and_is_made_canonical(client):
    v = {**initial_values(), "url.search": "?actor=norland&from=2009&type=agree&actor=SUD"}
    resp, _, _ = client.call("filter-state", v, ["url.search"])
    assert resp["actor-filter"]["value"] == ["NOR", "SUD"], resp
    assert resp["type-filter"]["value"] == ["AGREE"] and resp["date-from"]["value"] == "2009", resp
    assert resp["url"]["search"] == "?actor=Norland&actor=Sudmark&type=AGREE&from=2009", resp
    state = resp["filter-state"]["data"]
    assert state["actors"] == ["NOR", "SUD"] and state["date_from"] == "2009", state


def test_ap003_control_change_writes_the_url(client):
    v = {**initial_values(), "actor-filter.value": ["OST"], "text-search.value": "harbour talks"}
    resp, _, _ = client.call("filter-state", v, ["actor-filter.value"])
    assert resp["url"]["search"] == "?actor=Ostia&q=harbour+talks", resp
    assert "actor-filter" not in resp  # the control already holds that value: no echo


def test_ap004_graph_tap_on_actor_adds_it_to_the_filter(client):
    v = {**initial_values(), "actor-filter.value": ["NOR"],
         "graph-view.tapNodeData": {"id": "actor:WES", "label": "Westport"}}
    resp, _, _ = client.call("filter-state", v, ["graph-view.tapNodeData"])
    assert resp["actor-filter"]["value"] == ["NOR", "WES"], resp
    v["graph-view.tapNodeData"] = {"id": "event:a1"}
    resp, _, _ = client.call("filter-state", v, ["graph-view.tapNodeData"])
    assert resp == {}, resp  # an event node changes no filter


@pytest.mark.parametrize("field, bad", [("date-from", "2014-13"), ("date-to", "yesterday"),
                                        ("date-from", "<script>alert(1)</script>")])
def test_ap005_bad_date_is_reported_and_ignored(client, field, bad):
    v = {**initial_values(), f"{field}.value": bad}
    resp, _, _ = client.call("filter-state", v, [f"{field}.value"])
    assert "bad date" in resp["filter-error"]["children"], resp
    key = "date_from" if field == "date-from" else "date_to"
    assert resp.get("filter-state", {}).get("data", {}).get(key, "") == "", resp


def test_ap006_from_after_to_is_reported(client):
    v = {**initial_values(), "date-from.value": "2020", "date-to.value": "2010"}
    resp, _, _ = client.call("filter-state", v, ["date-to.value"])
    assert "after" in resp["filter-error"]["children"], resp


def test_ap007_timeline_counts_and_empty_state(client):
    v = {**initial_values(), "filter-state.data": {**views.empty_controls(), "actors": ["SUD"]}}
    resp, _, _ = client.call("timeline", v, ["filter-state.data"])
    assert resp["counts"]["children"].startswith("2 of 6 events"), resp["counts"]
    assert resp["empty-state"]["hidden"] is True
    ids = views.figure_event_ids(resp["timeline"]["figure"])
    assert sorted(ids) == ["event:a1", "event:a3"], ids
    v["filter-state.data"] = {**views.empty_controls(), "query": "nothing like this"}
    resp, _, _ = client.call("timeline", v, ["filter-state.data"])
    assert resp["empty-state"]["hidden"] is False and resp["counts"]["children"].startswith("0 of 6")


def test_ap008_detail_from_timeline_click_and_graph_tap(client):
    v = {**initial_values(), "timeline.clickData": {"points": [{"customdata": "event:a4", "x": 1}]}}
    resp, _, _ = client.call("event-detail", v, ["timeline.clickData"])
    text = str(resp["event-detail"]["children"])
    assert "Westport accuses Norland <script>alert(1)</script>" in text  # as text, not markup
    assert "October 3, 2012" in text
    v = {**initial_values(), "graph-view.tapNodeData": {"id": "event:a2"}}
    resp, _, _ = client.call("event-detail", v, ["graph-view.tapNodeData"])
    assert "harbour talks" in str(resp["event-detail"]["children"])
    v = {**initial_values(), "timeline.clickData": {"points": [{"customdata": "event:nope"}]}}
    resp, _, _ = client.call("event-detail", v, ["timeline.clickData"])
    assert "Unknown event" in str(resp["event-detail"]["children"])


def test_ap009_more_and_fewer_lanes(client):
    v = {**initial_values(), "more-actors.n_clicks": 1}
    resp, _, _ = client.call("lane-count", v, ["more-actors.n_clicks"])
    assert resp["lane-count"]["data"] == 2 * views.DEFAULT_LANES
    v = {**initial_values(), "fewer-actors.n_clicks": 1}
    resp, _, _ = client.call("lane-count", v, ["fewer-actors.n_clicks"])
    assert resp["lane-count"]["data"] == views.DEFAULT_LANES


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv", "json"])
def test_ap010_download_holds_only_the_filtered_events(client, fmt):
    state = {**views.empty_controls(), "actors": ["NOR"], "date_from": "2010"}
    button = clicks(button_id(fmt))
    v = {**initial_values(), button: 1, "filter-state.data": state}
    resp, _, _ = client.call("download", v, [button])
    data = resp["download"]["data"]
    ext = {"csv": "zip"}.get(fmt, fmt)  # named after the filter (issue 19)
    assert data["filename"] == f"eventline-norland-from-2010.{ext}", data["filename"]
    raw = base64.b64decode(data["content"])
    if fmt == "graphml":
        G = nx.read_graphml(io.BytesIO(raw))
        events = sorted(n for n, d in G.nodes(data=True) if d.get("kind") == "event")
        assert events == ["event:a2", "event:a4"], events
    elif fmt == "gexf":
        G = nx.read_gexf(io.BytesIO(raw))
        assert sorted(n for n in G if n.startswith("event:")) == ["event:a2", "event:a4"]
    elif fmt == "csv":
        import zipfile

        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            text = "\n".join(zf.read(n).decode("utf-8") for n in zf.namelist())
        found = sorted(set(re.findall(r"event:a\d", text)))
        assert found == ["event:a2", "event:a4"], (found, text[:300])
    else:
        assert b"event:a2" in raw and b"event:a1" not in raw and b"event:a3" not in raw


def test_ap011_serve_errors_exit_2(capsys, tmp_path):
    assert app.main(["serve", "--corpus", str(tmp_path / "missing")]) == 2
    assert "not found" in capsys.readouterr().err


def test_ap012_click_on_density_cell_zooms_in(small_records):
    from benchmarks.synth_events import synth_events

    events, docs = synth_events(2500, seed=5)
    c = Client(app.create_app(docs, events))
    v = {**initial_values(), "timeline.clickData": {"points": [{"x": "2000-06-15", "y": "China", "z": 9,
                                                                "curveNumber": 0}]}}
    resp, _, _ = c.call("view-range", v, ["timeline.clickData"])
    x0, x1 = resp["view-range"]["data"]
    centre = (views.parse_date_bound("2000-06-15") - views._EPOCH).days
    assert x0 < centre < x1 and abs((x0 + x1) / 2 - centre) < 1, (x0, x1, centre)
    full = views.data_span(views.build_index(events), range(len(events)))
    assert (x1 - x0) == pytest.approx((full[1] - full[0]) / 4, rel=0.01)
    # a click on an event mark does not move the view
    v["timeline.clickData"] = {"points": [{"x": "2000-06-15", "y": 1, "customdata": "event:x"}]}
    resp, _, _ = c.call("view-range", v, ["timeline.clickData"])
    assert resp == {}, resp


def test_ap013_keyboard_event_picker_lists_filtered_events_and_opens_detail(client):
    v = {**initial_values(), "filter-state.data": {**views.empty_controls(), "actors": ["OST"]}}
    resp, _, _ = client.call("graph-view", v, ["filter-state.data"])
    opts = resp["event-picker"]["options"]
    assert [o["value"] for o in opts] == ["event:a5", "event:a2"], opts  # date order
    assert opts[0]["label"].startswith("199X"), opts
    v = {**initial_values(), "event-picker.value": "event:a5"}
    resp, _, _ = client.call("event-detail", v, ["event-picker.value"])
    assert "fishing" in str(resp["event-detail"]["children"])


@pytest.mark.parametrize("events", [
    [],
    [{"id": "event:bare", "label": "x"}],  # no date, no actors, no type, no sources
])
def test_ap014_empty_or_odd_records_do_not_break_the_app(events):
    c = Client(app.create_app([], events))
    v = initial_values()
    resp, _, _ = c.call("timeline", v, [])
    assert resp["counts"]["children"].startswith(f"{len(events)} of {len(events)} events")
    fig = resp["timeline"]["figure"]
    assert fig["layout"]["meta"]["mode"] == "empty"  # nothing placeable on a date axis
    c.call("graph-view", v, [])
    if events:
        v2 = {**v, "timeline.clickData": None, "event-picker.value": events[0]["id"]}
        resp, _, _ = c.call("event-detail", v2, ["event-picker.value"])
        assert events[0]["label"] in str(resp["event-detail"]["children"])


def test_ap015_malformed_record_is_a_clear_error_not_a_crash(capsys, monkeypatch):
    from types import SimpleNamespace

    bad = [{"id": "event:odd", "label": "y", "date": {"start": "2020-13-01", "end": "garbage"},
            "actors": [], "sources": [], "mentions": []}]
    with pytest.raises(ValueError, match="event:odd"):
        app.create_app([], bad)
    monkeypatch.setattr(app, "load_corpus",
                        lambda *a, **k: SimpleNamespace(documents=[], events=bad, problems=[]))
    assert app.main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "event:odd" in err and "Traceback" not in err, err


def test_ap016_more_lanes_make_the_plot_taller():
    from benchmarks.synth_events import synth_events

    events, docs = synth_events(400, seed=2)
    c = Client(app.create_app(docs, events))
    resp, _, _ = c.call("timeline", initial_values(), [])
    assert resp["timeline"]["style"]["height"] == "45vh"
    assert resp["more-actors"]["disabled"] is False  # synth data has more than 12 actors
    n_actors = len(views.actor_counts(views.build_index(events)))
    assert n_actors > 13, n_actors
    v = {**initial_values(), "lane-count.data": 36}
    resp, _, _ = c.call("timeline", v, ["lane-count.data"])
    lanes = resp["timeline"]["figure"]["layout"]["meta"]["lanes"]
    assert len(lanes) == min(36, n_actors), (len(lanes), n_actors)
    px = (len(lanes) + 1) * 22 + 90
    assert resp["timeline"]["style"]["height"] == f"max(45vh, {px}px)", resp["timeline"]["style"]
    assert resp["more-actors"]["disabled"] is (n_actors <= 36)
