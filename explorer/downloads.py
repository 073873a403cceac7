"""Downloads panel: the buttons above the timeline export the currently
filtered graph (:mod:`graph.export`) in each format."""

from __future__ import annotations

import io

from dash import Input, Output, State, ctx, dcc, html, no_update

from explorer.controls import _valid_dates, export_filtered
from graph import views

EXPORT_BUTTONS = (("graphml", "GraphML"), ("gexf", "GEXF"), ("csv", "CSV (zip)"), ("json", "JSON"))
# each button's id and the format it downloads
FORMATS = {f"download-{fmt}": fmt for fmt, _ in EXPORT_BUTTONS}


def layout():
    return html.Div(
        [html.Span("Download filtered graph:", className="export-label")]
        + [html.Button(label, id=f"download-{fmt}", n_clicks=0, className="btn btn-small",
                       title=f"Download the currently filtered graph as {label}")
           for fmt, label in EXPORT_BUTTONS]
        + [dcc.Download(id="download")],
        className="export-bar")


def download(session, fmt, state):
    """The ``dcc.Download`` data of the graph filtered by ``state`` in ``fmt``."""
    from graph.export import EXPORTERS

    if fmt not in EXPORTERS:
        return no_update
    state = state or {}
    _fn, ext, _mime = EXPORTERS[fmt]
    buf = io.BytesIO()
    controls = {**state, **_valid_dates(state)}
    v = session.view()
    export_filtered(v.graph(), controls, fmt, buf)
    return dcc.send_bytes(buf.getvalue(), views.download_name(controls, v.index.actor_labels, ext))


def register(app, session):
    @app.callback(
        Output("download", "data"),
        *[Input(cid, "n_clicks") for cid in FORMATS],
        State("filter-state", "data"),
        prevent_initial_call=True,
    )
    def _download(*args):
        return download(session, FORMATS.get(ctx.triggered_id), args[-1])
