"""Document reader panel: one article's text, whole, with every sentence that
gave an event marked; a click on a mark selects that event. It opens from
each source in the event detail ("Read" beside the evidence) and from the URL
(``?doc=<document id>``, kept in the URL by :mod:`explorer.filters`)."""

from __future__ import annotations

import time
from pathlib import Path

from dash import ALL, ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from graph import reader


def layout():
    return html.Section([
        dcc.Store(id="reader-doc", data=None),
        dcc.Store(id="reader-scrolled", data=None),
        html.Div([
            html.H2("Article", className="panel-title"),
            html.Button("Close", id="reader-close", n_clicks=0, className="btn btn-small",
                        title="Close the article"),
        ], className="reader-bar"),
        html.Article(id="document-view", className="document-view",
                     **{"aria-label": "Article text", "aria-live": "polite"}),
    ], id="reader-panel", className="reader-panel", hidden=True, **{"aria-label": "Article"})


def document_text(session, doc: dict) -> str | None:
    """The text events were extracted from: the record's ``text`` when it has
    one, else the document's file read again from the corpus folder or the
    upload folder (the last one read is memoised); None when neither holds it."""
    if isinstance(doc.get("text"), str):
        return doc["text"]
    name = str(doc.get("file") or "")
    if not name:
        return None

    def build():
        from events.corpus import CorpusError, read_document

        for folder in (getattr(session, "corpus", None), session.up_dir):
            if folder is None:
                continue
            folder = Path(folder).resolve()
            path = (folder / name).resolve()
            if path.parent != folder or not path.is_file():  # a file name, never a path
                continue
            try:
                return (read_document(path).text,)
            except CorpusError:
                return (None,)
        return (None,)
    return session.memoised(("document-text", str(doc.get("id")), name), build)[0]


def render_reader(session, doc_id, selected=None):
    """The reader's content and whether it is hidden, for document ``doc_id``."""
    if not doc_id:
        return {"view": [], "hidden": True}
    v = session.view()
    doc = v.docs_by_id.get(str(doc_id))
    if doc is None:
        return {"view": [html.P(f"Unknown document {str(doc_id)[:80]}", className="hint")],
                "hidden": False}
    text = document_text(session, doc)
    positions = v.index.sources.get(str(doc_id))
    events = [v.index.events[i] for i in positions.tolist()] if positions is not None else []
    marks, dropped = reader.sentence_marks(str(doc_id), events, text)
    return {"view": reader.document_view(doc, text, marks, dropped=dropped, selected=selected),
            "hidden": False}


def open_document(trig, triggered_value, close=False):
    """The document to show after a click on a "Read" button (``trig`` its id)
    or on Close; raises PreventUpdate for a button that was only drawn."""
    if close:
        return None
    if not isinstance(trig, dict) or not triggered_value:
        raise PreventUpdate
    return str(trig.get("doc")) or None


def mark_clicked(session, trig, triggered_value):
    """``{"id", "t"}`` for the event of a clicked mark, or no_update."""
    if not isinstance(trig, dict) or not triggered_value:
        return no_update
    eid = trig.get("event")
    if session.view().find(eid) is None:
        return no_update
    return {"id": str(eid), "t": time.time()}


def _triggered_value():
    return ctx.triggered[0].get("value") if len(ctx.triggered) == 1 else None


def register(app, session):
    @app.callback(
        Output("reader-doc", "data", allow_duplicate=True),
        Input({"type": "open-doc", "doc": ALL, "n": ALL}, "n_clicks"),
        Input("reader-close", "n_clicks"),
        prevent_initial_call=True,
    )
    def _open_document(_reads, _close):
        return open_document(ctx.triggered_id, _triggered_value(),
                             close=ctx.triggered_id == "reader-close")

    @app.callback(
        output={"view": Output("document-view", "children"),
                "hidden": Output("reader-panel", "hidden")},
        inputs={"doc_id": Input("reader-doc", "data"),
                "_version": Input("data-version", "data")},
        state={"selected": State("selected-event", "data")},
    )
    def _render_reader(doc_id, _version, selected):
        return render_reader(session, doc_id, selected)

    @app.callback(
        Output("event-asked", "data", allow_duplicate=True),
        Input({"type": "doc-mark", "event": ALL, "n": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def _mark_clicked(_clicks):
        return mark_clicked(session, ctx.triggered_id, _triggered_value())

    # the reader scrolls into view when it opens on a new document
    app.clientside_callback(
        ClientsideFunction(namespace="eventline_table", function_name="showReader"),
        Output("reader-scrolled", "data"),
        Input("reader-doc", "data"),
        prevent_initial_call=True,
    )
