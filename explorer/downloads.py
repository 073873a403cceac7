"""Downloads panel: the buttons above the timeline export the currently
filtered graph (:mod:`graph.export`) in each format."""

from __future__ import annotations

import io

from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from explorer.controls import export_filtered, usable_filter
from graph import views

EXPORT_BUTTONS = (("graphml", "GraphML"), ("gexf", "GEXF"), ("csv", "CSV (zip)"), ("json", "JSON"))
FORMATS = tuple(fmt for fmt, _ in EXPORT_BUTTONS)
#: the ``type`` of the download buttons' pattern-matching ids
BUTTON = "download"


def button_id(fmt: str) -> dict:
    """The id of the button that downloads ``fmt``: ``{"type": "download", "fmt": fmt}``."""
    return {"type": BUTTON, "fmt": fmt}


def chosen_format(trig) -> str | None:
    """The format of the download button whose id is ``trig`` (``ctx.triggered_id``), or None."""
    if isinstance(trig, dict) and trig.get("type") == BUTTON and trig.get("fmt") in FORMATS:
        return trig["fmt"]
    return None


def layout():
    return html.Div(
        [html.Span("Download filtered graph:", className="export-label")]
        + [html.Button(label, id=button_id(fmt), n_clicks=0, className="btn btn-small",
                       title=f"Download the currently filtered graph as {label}")
           for fmt, label in EXPORT_BUTTONS]
        + [dcc.Download(id="download"),
           html.Span(id="download-message", className="download-message", role="status")],
        className="export-bar")


def download(session, fmt, state):
    """``{"data", "message"}``: the ``dcc.Download`` data of the graph filtered by ``state``
    in ``fmt``; a filter that matches no event downloads nothing and says so."""
    from explorer.controls import EmptyExport
    from graph.export import EXPORTERS

    if fmt not in EXPORTERS:
        return {"data": no_update, "message": no_update}
    state = state or {}
    _fn, ext, _mime = EXPORTERS[fmt]
    buf = io.BytesIO()
    flt, controls, _left_out = usable_filter(state)  # what the timeline shows
    v = session.view()
    try:
        n = export_filtered(v.graph(), flt, fmt, buf, allow_empty=False)
    except EmptyExport:
        return {"data": no_update,
                "message": "Nothing downloaded: the filter matches no event."}
    return {"data": dcc.send_bytes(buf.getvalue(),
                                   views.download_name(controls, v.index.actor_labels, ext)),
            "message": f"Downloaded {n} event{'s' if n != 1 else ''} as {fmt}."}


def register(app, session):
    @app.callback(
        output={"data": Output("download", "data"), "message": Output("download-message", "children")},
        inputs={"_clicks": Input(button_id(ALL), "n_clicks")},
        state={"state": State("filter-state", "data")},
        prevent_initial_call=True,
    )
    def _download(_clicks, state):
        return download(session, chosen_format(ctx.triggered_id), state)
