"""Graph panel: the actor-event graph of the filtered events (Cytoscape),
its caption, and the keyboard event picker's options."""

from __future__ import annotations

import dash_cytoscape as cyto
from dash import Input, Output, html

from graph import views


def layout():
    return html.Section([
        html.Div(id="graph-caption", className="graph-caption"),
        cyto.Cytoscape(id="graph-view", elements=[], stylesheet=views.GRAPH_STYLESHEET,
                       layout={"name": "cose", "animate": False, "randomize": False,
                               "idealEdgeLength": 60, "nodeRepulsion": 12000,
                               "componentSpacing": 40, "gravity": 4, "padding": 6,
                               "nodeDimensionsIncludeLabels": True},
                       style={"width": "100%", "height": "100%"}, minZoom=0.1, maxZoom=4,
                       responsive=True),
    ], className="graph-panel", **{"aria-label": "Actor-event graph"})


def render_graph(session, state):
    """Graph elements, caption and event-picker options for the filter state."""
    v = session.view()
    pos = v.positions(state)
    elements, caption = views.graph_elements(v.index, pos)
    return {"elements": elements, "caption": caption,
            "picker_options": views.event_options(v.index, pos)}


def register(app, session):
    @app.callback(
        output={"elements": Output("graph-view", "elements"),
                "caption": Output("graph-caption", "children"),
                "picker_options": Output("event-picker", "options")},
        inputs={"state": Input("filter-state", "data"),
                "_version": Input("data-version", "data")},
    )
    def _render_graph(state, _version):
        return render_graph(session, state)
