"""Pure view builders in graph.views: lanes, date precision, status styles,
density switch, highlights, empty state, URL state, graph elements."""

from __future__ import annotations

import json

import numpy as np
import pytest
from dash import html

from graph import views
from tests.conftest import make_event


def _by_meta(fig, meta):
    return [t for t in fig["data"] if t.get("meta") == meta]


def _points_of(fig, eid):
    """(x, y, symbol, size) of every mark of event ``eid``."""
    out = []
    for tr in _by_meta(fig, "event"):
        for k, cid in enumerate(tr["customdata"]):
            if cid == eid:
                out.append((tr["x"][k], tr["y"][k], tr["marker"]["symbol"][k], tr["marker"]["size"][k]))
    return out


@pytest.fixture
def idx(small_records):
    return views.build_index(small_records[1])


def test_vw001_lanes_most_active_first_and_other_lane(idx):
    pos = views.filter_positions(idx, {})
    fig = views.timeline_figure(idx, pos, lanes=2)
    meta = fig["layout"]["meta"]
    assert meta["mode"] == "points", meta
    # Norland is in 3 dated events, Westport/Ostia/Sudmark in 2 each
    assert meta["lanes"][0] == "NOR", meta
    assert len(meta["lanes"]) == 2 and meta["hidden_actors"] == 2, meta
    ticks = fig["layout"]["yaxis"]["ticktext"]
    assert ticks[0] == "Norland" and ticks[-1].startswith(views.OTHER_LANE), ticks
    # every dated event is drawn somewhere, also those of hidden actors
    assert set(views.figure_event_ids(fig)) == {"event:a1", "event:a2", "event:a3", "event:a4",
                                                "event:a5"}


def test_vw002_pinned_actor_gets_first_lane(idx):
    pos = views.filter_positions(idx, {})
    fig = views.timeline_figure(idx, pos, lanes=2, pinned=["OST"])
    assert fig["layout"]["meta"]["lanes"][0] == "OST", fig["layout"]["meta"]


def test_vw003_day_is_point_and_coarser_dates_are_bars(idx):
    fig = views.timeline_figure(idx, views.filter_positions(idx, {}))
    day = _points_of(fig, "event:a4")
    assert day and all(p[3] == 10 and p[0] == "2012-10-03" for p in day), day
    bars = _by_meta(fig, "bar")
    segs = []
    for tr in bars:
        xs = tr["x"]
        segs += [(xs[k], xs[k + 1], tr["line"]["dash"]) for k in range(0, len(xs), 3)]
    assert ("2021-07-01", "2021-07-31", "dash") in segs, segs  # planned month
    assert ("2015-01-01", "2015-12-31", "solid") in segs, segs  # denied year
    assert ("1990-01-01", "1999-12-31", "dot") in segs, segs  # hypothetical decade
    assert not any(s[0] == "2012-10-03" for s in segs), segs  # a day has no bar


@pytest.mark.parametrize("eid, symbol", [("event:a1", "circle"), ("event:a2", "circle-open"),
                                         ("event:a3", "x"), ("event:a5", "diamond-open")])
def test_vw004_status_marker_symbols(idx, eid, symbol):
    fig = views.timeline_figure(idx, views.filter_positions(idx, {}))
    pts = _points_of(fig, eid)
    assert pts and {p[2] for p in pts} == {symbol}, pts


def test_vw005_multi_actor_event_has_one_mark_per_lane_and_a_connector(idx):
    fig = views.timeline_figure(idx, views.filter_positions(idx, {}))
    pts = _points_of(fig, "event:a1")
    assert len(pts) == 2 and pts[0][0] == pts[1][0], pts
    conn = _by_meta(fig, "connector")[0]
    segs = [(conn["x"][k], conn["y"][k], conn["y"][k + 1]) for k in range(0, len(conn["x"]), 3)]
    ys = sorted(p[1] for p in pts)
    assert (pts[0][0], ys[0], ys[1]) in segs, (segs, pts)
    assert len(segs) == 4, segs  # a1, a2, a4, a5 have two actors; a3 has one



def test_vw006_type_colours_are_distinct_and_cover_all_types():
    from events.model import EVENT_TYPES

    assert set(views.TYPE_COLOURS) == set(EVENT_TYPES)
    assert len(set(views.TYPE_COLOURS.values())) == len(EVENT_TYPES)


def test_vw007_hover_escapes_markup_and_shows_written_and_normal_date(idx):
    fig = views.timeline_figure(idx, views.filter_positions(idx, {}))
    texts = [t for tr in _by_meta(fig, "event") for t in tr["hovertext"]]
    hostile = [t for t in texts if "accuses" in t]
    assert hostile and "<script>" not in hostile[0] and "&lt;script&gt;" in hostile[0], hostile
    a2 = [t for t in texts if "harbour" in t][0]
    assert "July 2021" in a2 and "2021-07" in a2 and "CONSULT" in a2 and "planned" in a2, a2


def test_vw008_undated_events_are_counted_not_drawn(idx):
    fig = views.timeline_figure(idx, views.filter_positions(idx, {}))
    assert "event:a6" not in views.figure_event_ids(fig)
    assert fig["layout"]["meta"]["undated"] == 1
    assert "1 undated" in fig["layout"]["title"]["text"], fig["layout"]["title"]


def test_vw009_empty_state(idx):
    pos = views.filter_positions(idx, {"query": "no such words here"})
    fig = views.timeline_figure(idx, pos)
    assert len(pos) == 0
    assert fig["layout"]["meta"]["mode"] == "empty" and fig["data"] == []
    assert "No events match" in fig["layout"]["title"]["text"]


def test_vw010_density_above_threshold_points_when_zoomed_in():
    from benchmarks.synth_events import synth_events

    events, _ = synth_events(3000, seed=3)
    ix = views.build_index(events)
    pos = views.filter_positions(ix, {})
    fig = views.timeline_figure(ix, pos, threshold=2000)
    assert fig["layout"]["meta"]["mode"] == "density", fig["layout"]["meta"]
    heat = fig["data"][0]
    assert heat["type"] == "heatmap"
    total = sum(c or 0 for row in heat["z"] for c in row)
    assert total >= fig["layout"]["meta"]["n"], (total, fig["layout"]["meta"])  # an event per lane it is in
    assert len(json.dumps(fig)) < 200_000
    # zoom to one year: far fewer than 2000 events -> individual marks
    lo = (np.datetime64("2000-01-01") - np.datetime64("1970-01-01")).astype(int)
    fig2 = views.timeline_figure(ix, pos, view=(float(lo), float(lo + 365)), threshold=2000)
    assert fig2["layout"]["meta"]["mode"] == "points", fig2["layout"]["meta"]
    assert 0 < fig2["layout"]["meta"]["n"] < 2000
    # the same view with a tiny threshold is density again, binned by day or week
    fig3 = views.timeline_figure(ix, pos, view=(float(lo), float(lo + 365)), threshold=5)
    assert fig3["layout"]["meta"]["mode"] == "density"
    assert fig3["layout"]["meta"]["unit"] in ("day", "week"), fig3["layout"]["meta"]


@pytest.mark.parametrize("controls, expected", [
    ({"actors": ["NOR"]}, {"event:a1", "event:a2", "event:a4", "event:a6"}),
    ({"actors": ["OST", "SUD"]}, {"event:a1", "event:a2", "event:a3", "event:a5"}),
    ({"types": ["ACCUSE", "MOBILIZE"]}, {"event:a3", "event:a4"}),
    ({"statuses": ["planned"]}, {"event:a2"}),
    ({"date_from": "2012", "date_to": "2015-03"}, {"event:a3", "event:a4"}),
    ({"date_to": "1995"}, {"event:a5"}),
    ({"date_from": "2021-07-31"}, {"event:a2"}),
    ({"sources": ["docB"]}, {"event:a1", "event:a3"}),
    ({"query": "HARBOUR"}, {"event:a2"}),
    ({"query": "ostia"}, {"event:a2", "event:a5"}),  # actor label
    ({"actors": ["NOR"], "types": ["CONSULT"]}, {"event:a2"}),
])
def test_vw011_filter_positions(idx, controls, expected):
    got = {idx.ids[i] for i in views.filter_positions(idx, controls)}
    assert got == expected, (controls, got)


@pytest.mark.parametrize("bad", ["14", "2014-13", "2014-02-30", "March 2014", "2014/03", "<script>"])
def test_vw012_bad_date_bound_is_a_clear_error(idx, bad):
    with pytest.raises(views.ViewError, match="bad date"):
        views.filter_positions(idx, {"date_from": bad})


@pytest.mark.parametrize("text, end, expected", [
    ("2014", False, "2014-01-01"), ("2014", True, "2014-12-31"), ("2016-02", True, "2016-02-29"),
    ("2014-03-05", True, "2014-03-05"), (" 2014-3 ", False, "2014-03-01"),
])
def test_vw013_parse_date_bound(text, end, expected):
    assert views.parse_date_bound(text, end=end).isoformat() == expected


def test_vw014_highlight_segments_relative_to_sentence():
    s = "On 12 April 2009 Norland and Sudmark signed."
    spans = [{"start": 103, "end": 116, "kind": "timex", "text": "12 April 2009"},
             {"start": 117, "end": 124, "kind": "actor", "text": "Norland"},
             {"start": 105, "end": 110, "kind": "actor"},  # overlaps the timex: dropped
             {"start": 500, "end": 510, "kind": "actor"},  # outside the sentence
             {"start": 129, "end": 136, "kind": "actor", "text": "Westport"}]  # text drift
    segs = views.highlight_segments(s, 100, spans)
    assert "".join(t for t, _ in segs) == s, segs
    assert [(t, k) for t, k in segs if k] == [("12 April 2009", "timex"), ("Norland", "actor")], segs


def test_vw015_event_detail_keeps_text_as_text(small_records):
    docs, events = small_records
    ev = next(e for e in events if e["id"] == "event:a1")
    comp = views.event_detail(ev, {d["id"]: d for d in docs})
    flat = json.dumps(html.Div(comp).to_plotly_json(), default=lambda o: o.to_plotly_json())
    assert "dangerously" not in flat
    marks = []

    def walk(c):
        if isinstance(c, html.Mark):
            marks.append((c.children, c.className))
        for ch in (getattr(c, "children", None) or []) if not isinstance(getattr(c, "children", None), str) else []:
            walk(ch)
    for c in comp:
        walk(c)
    assert ("12 April 2009", "hl hl-timex") in marks, marks
    assert ("Norland", "hl hl-actor") in marks and ("Sudmark", "hl hl-actor") in marks, marks
    assert "River accord" in flat and "Sample Times" in flat, flat[:500]


def test_vw016_event_detail_hostile_title_stays_text(small_records):
    docs, events = small_records
    ev = next(e for e in events if e["id"] == "event:a4")
    comp = views.event_detail(ev, {d["id"]: d for d in docs})
    title = comp[0]
    assert isinstance(title, html.H3) and title.children == ev["label"]
    mention_title = json.dumps(html.Div(comp).to_plotly_json(), default=lambda o: o.to_plotly_json())
    assert "Harbour talks <b>open</b>" in mention_title  # rendered as literal text by React


@pytest.mark.parametrize("controls", [
    {"actors": ["NOR", "OST"], "types": ["AGREE"], "statuses": [], "date_from": "2014",
     "date_to": "2023-02", "sources": ["docA"], "query": "treaty talks"},
    views.empty_controls(),
])
def test_vw017_url_round_trip(idx, controls):
    q = views.query_from_controls(controls, idx.actor_labels)
    back = views.controls_from_query(q, idx.actor_labels, known_sources={"docA", "docB"})
    assert back == {**views.empty_controls(), **controls}, (q, back)


def test_vw018_url_uses_labels_and_accepts_ids_any_case(idx):
    q = views.query_from_controls({"actors": ["NOR"], "query": "x"}, idx.actor_labels)
    assert q == "?actor=Norland&q=x", q
    c = views.controls_from_query("?actor=norland&actor=ost&actor=Nowhere&type=agree&type=BOGUS"
                                  "&status=Denied", idx.actor_labels)
    assert c["actors"] == ["NOR", "OST"] and c["types"] == ["AGREE"] and c["statuses"] == ["denied"], c


@pytest.mark.parametrize("relayout, expected", [
    ({"xaxis.range[0]": "2000-01-01", "xaxis.range[1]": "2000-01-11"}, (10957.0, 10967.0)),
    ({"xaxis.range": ["2000-01-01 12:00", "2000-01-02"]}, (10957.5, 10958.0)),
    ({"xaxis.autorange": True}, None),
    ({"yaxis.range[0]": 1}, "cur"),
    ({"xaxis.range[0]": "junk", "xaxis.range[1]": "2000-01-01"}, "cur"),
    (None, "cur"),
])
def test_vw019_view_from_relayout(relayout, expected):
    assert views.view_from_relayout(relayout, "cur") == expected


def test_vw020_graph_elements_cap_and_caption(idx):
    pos = views.filter_positions(idx, {})
    el, caption = views.graph_elements(idx, pos, cap=2)
    ev_nodes = [e for e in el if e["data"].get("kind") == "event"]
    assert len(ev_nodes) == 2 and "2 best-sourced of 6" in caption, caption
    assert any(e["data"]["id"] == "event:a3" for e in ev_nodes)  # the only 2-source event
    node_ids = {e["data"]["id"] for e in el if "source" not in e["data"]}
    for e in el:
        if "source" in e["data"]:
            assert e["data"]["source"] in node_ids and e["data"]["target"] in node_ids, e
    el_all, caption_all = views.graph_elements(idx, pos)
    assert "all 6" in caption_all and len([e for e in el_all if e["data"].get("kind") == "actor"]) == 4


@pytest.fixture(scope="module")
def synth_pair():
    from benchmarks.synth_events import synth_events
    from graph.build import build_graph

    events, documents = synth_events(1500, seed=7)
    return views.build_index(events), build_graph(events, documents), events


@pytest.mark.parametrize("controls", [
    {},
    {"actors": ["CHN"]},
    {"actors": ["RUS", "UKR"], "types": ["ASSAULT", "COERCE", "AGREE"]},
    {"statuses": ["planned", "denied"]},
    {"date_from": "1990", "date_to": "1999-06"},
    {"date_from": "2001-07-15"},
    {"date_to": "1975"},
    {"query": "china signed"},
])
def test_vw021_index_filter_agrees_with_graph_query(synth_pair, controls):
    """The timeline's fast filter and graph.query.filter_graph (used by the
    graph exports) keep exactly the same events."""
    import app
    from graph.query import filter_graph

    ix, G, events = synth_pair
    mine = {ix.ids[i] for i in views.filter_positions(ix, controls)}
    H = filter_graph(G, app.make_filter(controls))
    theirs = {n for n, d in H.nodes(data=True) if d.get("kind") == "event"}
    assert mine == theirs, (controls, sorted(mine ^ theirs)[:5])
    assert controls == {} or 0 < len(mine) < len(ix), (controls, len(mine))


# ---------------------------------------------------------------- opening range (issue 19)


def _days(*isos):
    return np.array([views._day(d) for d in isos], dtype=float)


def test_vw040_opens_on_the_cluster_with_the_outlier_one_autoscale_away():
    # 1938 once, then 20 events in November 2019: the 2019 events must not share one pixel
    starts = _days("1938-09-30", *[f"2019-11-{d:02d}" for d in range(1, 21)])
    lo, hi = views.initial_range(starts, starts)
    assert views.day_to_iso(lo) >= "2019-10-01" and views.day_to_iso(hi) <= "2019-12-31", (
        views.day_to_iso(lo), views.day_to_iso(hi))
    assert lo > starts[0]  # the outlier is outside the opening view


def test_vw041_an_even_spread_opens_on_everything():
    starts = _days(*[f"{y}-06-01" for y in range(2000, 2021)])
    assert views.initial_range(starts, starts) is None


def test_vw042_few_events_or_none_dated_open_on_everything():
    starts = _days("1938-01-01", "2019-11-01", "2019-11-02")
    assert views.initial_range(starts, starts) is None
    assert views.initial_range(np.full(10, np.nan), np.full(10, np.nan)) is None


def test_vw043_opening_view_covers_the_chosen_events_whole_intervals():
    # a decade-long outlier, then years and months around 2022: the year bars are not cut
    starts = _days("1970-01-01", *["2022-01-01"] * 6, *[f"2022-{m:02d}-01" for m in range(1, 7)])
    ends = _days("1979-12-31", *["2022-12-31"] * 6, *[f"2022-{m:02d}-28" for m in range(1, 7)])
    lo, hi = views.initial_range(starts, ends)
    assert lo <= views._day("2022-01-01") and hi >= views._day("2022-12-31")
    assert lo > views._day("1979-12-31")


def test_vw044_same_day_events_get_a_padded_view():
    starts = _days("1900-01-01", *["2019-11-23"] * 8)
    lo, hi = views.initial_range(starts, starts)
    assert hi - lo >= 2 * views.INITIAL_MIN_PAD and lo < views._day("2019-11-23") < hi


def test_vw045_timeline_figure_opens_on_the_initial_range_unless_a_view_is_set():
    events = [make_event(f"event:c{i}", f"talks {i}",
                         date=(f"2019-11-{i + 1:02d}", "day", f"2019-11-{i + 1:02d}", f"2019-11-{i + 1:02d}", ""),
                         actors=[("NOR", "Norland", "source")]) for i in range(12)]
    events.append(make_event("event:old", "old", date=("1938", "year", "1938-01-01", "1938-12-31", ""),
                             actors=[("NOR", "Norland", "source")]))
    idx = views.build_index(events)
    pos = views.filter_positions(idx, {})
    fig = views.timeline_figure(idx, pos)
    rng = fig["layout"]["xaxis"]["range"]
    assert rng[0][:7] >= "2019-10" and rng[1][:7] <= "2019-12", rng
    assert "event:old" in views.figure_event_ids(fig)  # drawn, one autoscale away
    title = fig["layout"]["title"]["text"]
    assert title.startswith("12 events in view") and "1 more outside this span" in title, title
    view = (views._day("1930-01-01"), views._day("2020-01-01"))
    assert views.timeline_figure(idx, pos, view=view)["layout"]["xaxis"]["range"][0].startswith("1930-01-01")
