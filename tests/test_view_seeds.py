"""View builders on the bundled seeds (issue 19, item 8): the actor dropdown's
counts, the timeline's opening range."""

from __future__ import annotations

import pytest

import app
from graph import views
from graph.build import build_graph
from graph.query import Filter, matching_events


@pytest.fixture(scope="module")
def seeds():
    result = app.load_corpus(app.SEEDS, workers=1, cache=False)
    assert result.events, result.problems
    return result


def test_vs001_actor_dropdown_count_is_what_the_filter_shows(seeds):
    view = app._View(("t",), seeds.documents, seeds.events, seeds.events, {})
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
