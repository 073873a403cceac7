"""Events table panel: one row per event in view (a dash-ag-grid grid with the
infinite row model: the server sorts and filters and sends one block of rows
at a time), a row click selects the event, and the table downloads as CSV."""

from __future__ import annotations

import json
import threading
import time

import dash_ag_grid as dag
from dash import ClientsideFunction, Input, Output, Patch, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from graph import table, views

TEXT_FILTER = {"filter": "agTextColumnFilter",
               "filterParams": {"filterOptions": ["contains", "notContains", "equals", "notEqual",
                                                  "startsWith", "endsWith"],
                                "maxNumConditions": 2, "debounceMs": 300}}
NUMBER_FILTER = {"filter": "agNumberColumnFilter",
                 "filterParams": {"filterOptions": ["equals", "notEqual", "greaterThan",
                                                    "greaterThanOrEqual", "lessThan",
                                                    "lessThanOrEqual", "inRange"],
                                  "maxNumConditions": 2, "debounceMs": 300}}
WIDTHS = {"date": 110, "granularity": 110, "basis": 110, "type": 120, "status": 120,
          "label": 380, "actors": 260, "sources": 100, "dispute": 220}


def column_defs() -> list[dict]:
    defs = []
    for field, header, kind in table.COLUMNS:
        col = {"field": field, "headerName": header, "width": WIDTHS.get(field, 120),
               **(NUMBER_FILTER if kind == "number" else TEXT_FILTER)}
        if field == "label":
            col["flex"] = 1
            col["minWidth"] = 240
        if field == "date":
            col["headerTooltip"] = "The date as normalised (TIMEX3); sorts by the start of its span"
        if field == "basis":
            col["headerTooltip"] = ("text: the sentence gives the date; publication: it gives none "
                                    "and the article's publication date stands for it")
        if field == "dispute":
            col["headerTooltip"] = ("What the sources disagree on (date, status, actors, numbers); "
                                    "empty when they agree or a curator marked it resolved")
            col["cellClassRules"] = {"cell-disputed": "params.value"}
        defs.append(col)
    return defs


def layout():
    return html.Section([
        html.Div([
            html.H2("Events", className="panel-title"),
            html.Span(id="table-count", className="hint", role="status"),
            html.Button("Download table (CSV)", id="table-download-btn", n_clicks=0,
                        className="btn btn-small",
                        title="The events in view, with the table's sort and column filters, as CSV"),
            dcc.Download(id="table-download"),
            dcc.Store(id="table-refresh", data=0),
        ], className="table-bar"),
        dag.AgGrid(
            id="events-table",
            columnDefs=column_defs(),
            defaultColDef={"sortable": True, "resizable": True, "filter": True},
            rowModelType="infinite",
            getRowId="params.data.id",
            dashGridOptions={"cacheBlockSize": table.BLOCK, "maxBlocksInCache": 20,
                             "infiniteInitialRowCount": 1, "rowBuffer": 10,
                             "tooltipShowDelay": 300, "animateRows": False,
                             # no paging: the hidden paging panel's page size picker is a field
                             "paginationPageSizeSelector": False},
            style={"height": "340px", "width": "100%"},
            className="events-grid",
        ),
    ], className="table-panel", **{"aria-label": "Events table"})


def _columns(index):
    """The table's columns of a view, their sort ranks built in the background."""
    cols = table.TableColumns(index)
    threading.Thread(target=cols.warm, name="eventline-table-ranks", daemon=True).start()
    return cols


def table_order(session, state, request):
    """(view, the ordered positions of the events in view for a ``getRowsRequest``)."""
    v = session.view()
    req = request or {}
    cols = v.derived(("table-columns",), lambda: _columns(v.index))
    pos = v.positions(state)
    key = ("table-order", json.dumps([state, req.get("sortModel"), req.get("filterModel")],
                                     sort_keys=True))
    order = v.derived(key, lambda: table.table_order(cols, pos, req.get("sortModel"),
                                                     req.get("filterModel")))
    return v, order


def get_rows(session, request, state):
    """The block of rows the grid asked for (``getRowsResponse``) and the count line."""
    if not request:
        raise PreventUpdate
    v, order = table_order(session, state, request)
    start, end = table.block(request)
    rows = table.table_rows(v.index, order[start:end])
    n_view = len(v.positions(state))
    count = (f"{len(order):,} events" + (f" (of {n_view:,} in view: column filters)"
                                         if len(order) != n_view else " in view"))
    return {"response": {"rowData": rows, "rowCount": len(order)}, "count": count}


def clicked_event(session, cell):
    """``{"id", "t"}`` for the event of a clicked row (the detail panel and the
    timeline follow it), or no_update."""
    eid = (cell or {}).get("rowId")
    if not eid or session.view().find(eid) is None:
        return no_update
    return {"id": str(eid), "t": (cell or {}).get("timestamp") or time.time()}


def mark_on_timeline(session, selected):
    """A patch of the timeline figure that marks the selected event (its date
    band), leaving the rest of the figure and the zoom as they are."""
    patch = Patch()
    v = session.view()
    patch["layout"]["shapes"] = views.selection_shapes(v.find(selected), v.docs_by_id)
    return patch


def download(session, state, request):
    """The table as CSV: the events in view with the grid's sort and filters."""
    v, order = table_order(session, state, request)
    controls = {**views.empty_controls(), **(state or {})}
    name = "table-" + views.download_name(controls, v.index.actor_labels, "csv")
    return dcc.send_bytes(table.table_csv(v.index, order), name)


def register(app, session):
    @app.callback(
        output={"response": Output("events-table", "getRowsResponse"),
                "count": Output("table-count", "children")},
        inputs={"request": Input("events-table", "getRowsRequest")},
        state={"state": State("filter-state", "data")},
        prevent_initial_call=True,
    )
    def _get_rows(request, state):
        return get_rows(session, request, state)

    # a new filter state or new data: the grid drops its blocks and asks again
    app.clientside_callback(
        ClientsideFunction(namespace="eventline_table", function_name="refresh"),
        Output("table-refresh", "data"),
        Input("filter-state", "data"),
        Input("data-version", "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output("event-asked", "data", allow_duplicate=True),
        Input("events-table", "cellClicked"),
        prevent_initial_call=True,
    )
    def _clicked_event(cell):
        return clicked_event(session, cell)

    @app.callback(
        Output("timeline", "figure", allow_duplicate=True),
        Input("selected-event", "data"),
        prevent_initial_call=True,
    )
    def _mark_on_timeline(selected):
        return mark_on_timeline(session, selected)

    @app.callback(
        Output("table-download", "data"),
        Input("table-download-btn", "n_clicks"),
        State("filter-state", "data"),
        State("events-table", "getRowsRequest"),
        prevent_initial_call=True,
    )
    def _download(_n, state, request):
        return download(session, state, request)
