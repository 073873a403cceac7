"""The page: where each panel's piece goes, and the small stores the
browser keeps (filter controls, visible date range, lanes, selected event,
data version). Each panel module builds its own piece (``layout(...)``);
:func:`page` only arranges them."""

from __future__ import annotations

from dash import dcc, html

from graph import views


def labelled(label, component, cls="field"):
    """``component`` with its ``<label>`` (for screen readers and clicks)."""
    return html.Div([html.Label(label, htmlFor=component.id), component], className=cls)


def stores():
    """The browser's state: small JSON, one store each."""
    return [
        dcc.Location(id="url", refresh=False),
        dcc.Store(id="filter-state", data=views.empty_controls()),
        dcc.Store(id="view-range", data=None),
        dcc.Store(id="lane-count", data=views.DEFAULT_LANES),
        dcc.Store(id="selected-event", data=None),
        # an event asked for by the table or the reader ({"id", "t"}): the detail follows it
        dcc.Store(id="event-asked", data=None),
        dcc.Store(id="data-version", data=0),
    ]


def user_bar(user: dict | None, read_only: bool = False):
    """Who is logged in, with a log-out button (a form posting to ``logout``); a note when
    the explorer is read-only; nothing on an explorer without login."""
    items = []
    if read_only:
        items.append(html.Span("read-only", className="badge", title="Uploads and curation are off"))
    if user and user.get("name"):
        items += [html.Span(f"{user['name']} ({user['role']})", id="user-name"),
                  html.Form(html.Button("Log out", id="logout", type="submit",
                                        className="btn btn-small"),
                            method="POST", action="logout", className="logout")]
    return html.Div(items, className="user-bar") if items else None


def page(*, export_bar, filter_bar, timeline_panel, detail_panel, graph_panel, review_panel,
         upload_panel, documents_panel=None, user_bar=None, table_panel=None,
         reader_panel=None):
    """The whole page from the panels' pieces."""
    return html.Div([
        *stores(),
        html.Header([
            html.H1("eventline"),
            html.Div(id="counts", className="counts", role="status"),
            export_bar,
            *([user_bar] if user_bar is not None else []),
        ], className="app-header"),
        filter_bar,
        html.Div(id="filter-error", className="filter-error", role="alert"),
        timeline_panel,
        html.Div([detail_panel, graph_panel], className="lower"),
        reader_panel,
        table_panel,
        html.Div([review_panel, upload_panel], className="tools"),
        *([documents_panel] if documents_panel is not None else []),
    ], className="app")
