"""Documents panel: what became of each document (events found, the publication date and
where it came from, text left out and as what, why none), and the empty state that says
why a corpus shows nothing (see :mod:`events.report`, :mod:`graph.documents`)."""

from __future__ import annotations

from dash import Input, Output, html

from graph import documents as doc_views


def layout():
    return html.Details([html.Summary(id="documents-title"), html.Div(id="documents-body")],
                        id="documents-panel", className="documents-panel")


def render_documents(session) -> dict:
    """``{"empty_title", "title", "body"}`` for the current view's documents."""
    v = session.view()
    reps = session.reports(v)
    n = len(v.all_events)
    return {"empty_title": doc_views.empty_message(reps, n),
            "title": doc_views.documents_summary(reps),
            "body": doc_views.documents_panel(reps, n)}


def register(app, session):
    @app.callback(
        output={"empty_title": Output("empty-title", "children"),
                "title": Output("documents-title", "children"),
                "body": Output("documents-body", "children")},
        inputs={"_version": Input("data-version", "data")},
    )
    def _render_documents(_version):
        return render_documents(session)
