"""View builders on the bundled seeds (issue 19, item 8): the actor dropdown's
counts, the timeline's opening range."""

from __future__ import annotations

import numpy as np
import pytest

import app
from explorer.state import View
from graph import views
from graph.build import build_graph
from graph.query import Filter, matching_events


@pytest.fixture(scope="module")
def seeds():
    result = app.load_corpus(app.SEEDS, workers=1, cache=False)
    assert result.events, result.problems
    return result


def test_vs001_actor_dropdown_count_is_what_the_filter_shows(seeds):
    view = View(("t",), seeds.documents, seeds.events, seeds.events, {})
    actor_options, _, _ = view.options()
    G = build_graph(seeds.events, seeds.documents)
    assert len(actor_options) == len(view.index.actors) > 10
    wrong = {}
    for opt in actor_options:
        shown = int(opt["label"].rsplit("(", 1)[1].rstrip(")"))
        in_view = len(views.filter_positions(view.index, {"actors": [opt["value"]]}))
        exported = len(matching_events(G, Filter(actors=(opt["value"],))))
        if not shown == in_view == exported:
            wrong[opt["label"]] = (in_view, exported)
    assert not wrong, f"dropdown label vs (events the filter shows, events exported): {wrong}"


def test_vs002_timeline_opens_where_most_seed_events_lie(seeds):
    index = views.build_index(seeds.events)
    dated = ~np.isnan(index.start)
    lo, hi = views.initial_range(index.start, index.end)
    mid = (index.start[dated] + index.end[dated]) / 2
    inside = (mid >= lo) & (mid <= hi)
    assert inside.mean() >= views.INITIAL_SHARE, inside.mean()
    full = views.data_span(index, np.arange(len(index)))
    assert hi - lo < 0.5 * (full[1] - full[0]), (views.day_to_iso(lo), views.day_to_iso(hi))
    # the 1970s are outside the opening view, and still drawn
    assert index.end[dated].min() < lo
    fig = views.timeline_figure(index, np.arange(len(index)))
    assert fig["layout"]["xaxis"]["range"] == [views._iso_time(lo), views._iso_time(hi)]
    assert set(views.figure_event_ids(fig)) == {index.ids[i] for i in np.flatnonzero(dated)}
