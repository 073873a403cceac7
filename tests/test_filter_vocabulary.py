"""One filter vocabulary (issue 16, "Filters"): :class:`graph.query.Filter`.

The browser's fast path (:meth:`graph.views.EventIndex.positions`) and the
exports (:func:`graph.query.filter_graph`) keep the same events for the same
Filter; the browser's URL codec and controls speak Filter's names; there is
one date parser.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_graph_fixtures import realistic

from events.model import EVENT_TYPES, STATUSES
from graph import views
from graph.build import build_graph
from graph.query import (
    CONTROL_FIELDS,
    PARAMS,
    Filter,
    QueryError,
    date_interval,
    filter_graph,
    matching_events,
)

BOUNDS = ["", "1950", "1975", "1990-06", "2001-07", "2001-07-15", "2014", "2019", "2019-01-01", "2022-02",
          "2022-02-24", "2023-02-24", "2023-03-20", "2024", "2030"]
NO_SETTINGS = (HealthCheck.function_scoped_fixture, HealthCheck.too_slow)


@pytest.fixture(scope="module")
def synth():
    from benchmarks.synth_events import synth_events

    events, documents = synth_events(1500, seed=11)
    return views.build_index(events, {d["id"]: d for d in documents}), build_graph(events, documents)


@pytest.fixture(scope="module")
def hand_made():
    events, documents = realistic()
    return views.build_index(events, {d["id"]: d for d in documents}), build_graph(events, documents)


def filters(index, queries=("",)):
    """Filters over the actors, countries, types, documents and dates of ``index``:
    one to three criteria each, so that most of them keep some events."""
    actors = sorted(set(index.actors) | set(index.countries))[:60] + ["ZZZ"]
    sources = sorted(index.sources)[:40] + ["no-such-document"]
    bounds = st.tuples(st.sampled_from(BOUNDS), st.sampled_from(BOUNDS)).map(
        lambda b: tuple(sorted(b, key=lambda x: (x == "", date_interval(x)[0] if x else "")))
    ).filter(_ordered)
    criteria = {
        "actors": st.lists(st.sampled_from(actors), min_size=1, max_size=3).map(
            lambda a: {"actors": tuple(a)}),
        "all_actors": st.lists(st.sampled_from(actors), min_size=1, max_size=2).map(
            lambda a: {"actors": tuple(a), "all_actors": True}),
        "types": st.lists(st.sampled_from(EVENT_TYPES), min_size=1, max_size=4).map(
            lambda t: {"types": tuple(t)}),
        "statuses": st.lists(st.sampled_from(STATUSES), min_size=1, max_size=2).map(
            lambda t: {"statuses": tuple(t)}),
        "dates": bounds.map(lambda b: {"date_from": b[0], "date_to": b[1]}),
        "sources": st.lists(st.sampled_from(sources), min_size=1, max_size=2).map(
            lambda t: {"sources": tuple(t)}),
        "query": st.sampled_from(queries).map(lambda q: {"query": q}),
        "disputed": st.booleans().map(lambda d: {"disputed": d}),
        "reported": bounds.map(lambda b: {"reported_from": b[0], "reported_to": b[1]}),
    }

    @st.composite
    def draw(draw_):
        kw: dict = {}
        for name in draw_(st.lists(st.sampled_from(sorted(criteria)), max_size=3, unique=True)):
            kw.update(draw_(criteria[name]))
        return Filter(**kw)
    return draw()


def _ordered(b) -> bool:
    lo, hi = b
    return not (lo and hi and date_interval(lo)[0] > date_interval(hi)[1])


def graph_events(G, flt: Filter) -> set[str]:
    return {n for n, d in filter_graph(G, flt).nodes(data=True) if d.get("kind") == "event"}


# ------------------------------------------------ the fast path agrees with filter_graph


@settings(max_examples=200, deadline=None, suppress_health_check=NO_SETTINGS)
@given(data=st.data())
def test_index_positions_agree_with_filter_graph_synthetic(synth, data):
    index, G = synth
    flt = data.draw(filters(index, ("", "china", "signed talks", "ministry", "zzqq")))
    mine = {index.ids[i] for i in index.positions(flt)}
    assert mine == graph_events(G, flt), (flt, sorted(mine ^ graph_events(G, flt))[:5])
    assert [index.ids[i] for i in index.positions(flt)] == sorted(mine, key=index.pos.get)


@settings(max_examples=200, deadline=None, suppress_health_check=NO_SETTINGS)
@given(data=st.data())
def test_index_positions_agree_with_filter_graph_hand_made(hand_made, data):
    """The hand-made records: persons acting for states, an undated document, every
    date granularity, events with no interval."""
    index, G = hand_made
    flt = data.draw(filters(index))
    mine = {index.ids[i] for i in index.positions(flt)}
    assert mine == set(matching_events(G, flt)), (flt, sorted(mine ^ set(matching_events(G, flt))))


def test_the_filters_drawn_are_not_trivial(synth):
    index, G = synth
    some = Filter(actors=("CHN", "RUS"), all_actors=True, date_from="1990", reported_to="2024")
    kept = index.positions(some)
    assert 0 < len(kept) < len(index)
    assert {index.ids[i] for i in kept} == graph_events(G, some)


def test_positions_without_a_filter_and_with_a_wrong_argument(hand_made):
    index, _G = hand_made
    assert len(index.positions()) == len(index.positions(Filter())) == len(index)
    with pytest.raises(views.ViewError, match="expected a graph.query.Filter"):
        index.positions({"actors": ["CHN"]})


# ------------------------------------------------ one URL vocabulary, round trips


def _no_comma(values):
    return all("," not in v for v in values)


@settings(max_examples=200, deadline=None, suppress_health_check=NO_SETTINGS)
@given(data=st.data())
def test_url_to_filter_to_url_round_trip(synth, data):
    index, _G = synth
    flt = data.draw(filters(index, ("", "china", "signed talks", "“peace” & war?")))
    assume(_no_comma(flt.actors + flt.sources))
    url = "?" + urlencode(flt.to_params(), doseq=True)
    back = Filter.from_params(parse_qs(url[1:]))
    assert back == flt
    assert "?" + urlencode(back.to_params(), doseq=True) == url
    # the browser reads the same URL into the same filter (it has no "all actors" control)
    labels = {a: a for a in index.actors} | {c: c for c in index.countries}
    controls = views.controls_from_query(url, labels, known_types=index.types,
                                         known_sources=set(index.sources) | {"no-such-document"})
    known = [a for a in flt.actors if a in labels]
    browser = Filter.lenient(controls)[0]
    assert browser == Filter.from_params(parse_qs(url[1:]) | {"all": [], "actor": known})
    # ... and writes it back the same way (bar the parameter it has no control for)
    expected = {k: v for k, v in back.to_params().items() if k != PARAMS["all_actors"]}
    if known != list(flt.actors):
        expected.pop(PARAMS["actors"], None)
        if known:
            expected[PARAMS["actors"]] = known
    written = views.query_from_controls(controls, labels)
    assert parse_qs(written.lstrip("?")) == expected


def test_browser_url_codec_is_filters():
    assert views.CONTROL_KEYS == CONTROL_FIELDS
    assert set(CONTROL_FIELDS) == {f.name for f in fields(Filter)} - {"all_actors"}
    assert views.empty_controls() == Filter.empty_controls()
    assert Filter.from_controls(views.empty_controls()) == Filter()
    c = views.controls_from_query("?actor=China&all=1&from=2014&reported_to=2022-03&disputed=yes"
                                  "&type=agree&source=Reuters%2C+2022&q=treaty", {"CHN": "China"},
                                  known_sources={"Reuters, 2022"})
    assert c == {**views.empty_controls(), "actors": ["CHN"], "date_from": "2014",
                 "reported_to": "2022-03", "disputed": ["1"], "types": ["AGREE"],
                 "sources": ["Reuters, 2022"], "query": "treaty"}
    # a document id with a comma is one document in the browser's controls
    assert Filter.from_controls(c).sources == ("Reuters, 2022",)
    assert views.query_from_controls(c, {"CHN": "China"}) == (
        "?actor=China&type=AGREE&from=2014&source=Reuters%2C+2022&q=treaty&disputed=1"
        "&reported_to=2022-03")


def test_lenient_leaves_out_what_it_cannot_use():
    flt, left_out = Filter.lenient({"actors": ["CHN", 5], "types": ["agree", "BOGUS"],
                                    "statuses": ["maybe", "Planned"], "date_from": "2014-13",
                                    "date_to": "2015", "reported_from": "2023",
                                    "reported_to": "2022", "disputed": ["1"], "hide_publication": True})
    assert flt == Filter(actors=("CHN",), types=("AGREE",), statuses=("planned",), date_to="2015",
                         disputed=True)
    assert left_out == [(("date_from",), "bad date '2014-13': month 13 is not 01-12"),
                        (("reported_from", "reported_to"), "reported_from 2023 is after reported_to 2022")]
    with pytest.raises(QueryError, match="month 13"):
        Filter.from_controls({"date_from": "2014-13"})
    with pytest.raises(views.ViewError, match="bad date"):
        views.filter_positions(views.build_index([]), {"date_from": "2014-13"})


# ------------------------------------------------ one date parser


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.from_regex(r"\A ?[0-9]{4}(-[0-9]{1,2}(-[0-9]{1,2})?)? ?\Z"),
    st.sampled_from(["", " ", "14", "2014/03", "March 2014", "<script>", "2014-", "20144"]),
    st.text(max_size=12)))
def test_one_date_parser(text):
    try:
        lo, hi = date_interval(text)
    except QueryError as exc:
        assert str(exc).startswith("bad date")
        if text.strip():
            with pytest.raises(views.ViewError, match="bad date"):
                views.parse_date_bound(text)
        return
    if lo.startswith("0000"):  # datetime has no year 0
        with pytest.raises(views.ViewError, match="bad date"):
            views.parse_date_bound(text)
        return
    assert views.parse_date_bound(text) == dt.date.fromisoformat(lo)
    assert views.parse_date_bound(text, end=True) == dt.date.fromisoformat(hi)
    assert issubclass(views.ViewError, QueryError)
