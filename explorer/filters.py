"""Filters panel: the filter bar, the URL <-> controls <-> filter-state sync,
and the dropdown options that follow the data."""

from __future__ import annotations

from dash import Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from explorer.layout import labelled
from graph import views

control_ids = ["actor-filter", "type-filter", "status-filter", "date-from", "date-to",
               "source-filter", "text-search", "disputed-filter", "reported-from", "reported-to"]
control_keys = list(views.CONTROL_KEYS)


def layout(actor_options, type_options, source_options, status_options):
    return html.Section([
        labelled("Actors", dcc.Dropdown(id="actor-filter", options=actor_options, multi=True,
                                        placeholder="any actor", value=[]), "field wide"),
        labelled("Type", dcc.Dropdown(id="type-filter", options=type_options, multi=True,
                                      placeholder="any type", value=[])),
        labelled("Status", dcc.Dropdown(id="status-filter", options=status_options, multi=True,
                                        placeholder="any status", value=[])),
        labelled("From", dcc.Input(id="date-from", type="text", placeholder="2014 or 2014-03",
                                   debounce=True, value="", maxLength=10, size="10")),
        labelled("To", dcc.Input(id="date-to", type="text", placeholder="2023-12-31",
                                 debounce=True, value="", maxLength=10, size="10")),
        labelled("Source document", dcc.Dropdown(id="source-filter", options=source_options,
                                                 multi=True, placeholder="any document", value=[]),
                 "field wide"),
        labelled("Search", dcc.Input(id="text-search", type="search", placeholder="words in label or evidence",
                                     debounce=True, value="", maxLength=200)),
        labelled("Reported from", dcc.Input(id="reported-from", type="text", placeholder="2022-02",
                                            debounce=True, value="", maxLength=10, size="10")),
        labelled("Reported to", dcc.Input(id="reported-to", type="text", placeholder="2022-03",
                                          debounce=True, value="", maxLength=10, size="10")),
        html.Div([dcc.Checklist(id="disputed-filter", value=[], className="disputed-filter",
                                options=[{"label": " only disputed", "value": "1"}])],
                 className="field", title="Only the events whose sources disagree (not resolved)"),
        html.Div([html.Button("Reset filters", id="reset-filters", n_clicks=0, className="btn")],
                 className="field buttons"),
    ], className="filter-bar", **{"aria-label": "Filters"})


def controls_for(session, trig, search, values, tap):
    """The controls a change asks for: from the URL, reset, the controls
    themselves, or a tap on an actor node (added to the actors); None when
    the change is a tap on anything but an actor."""
    view = session.view
    index = view().index
    if trig in (None, "url"):
        return views.controls_from_query(search, index.actor_labels,
                                         known_types=index.types, known_sources=view().known_sources)
    if trig in ("reset-filters", "empty-reset"):
        return views.empty_controls()
    empty = views.empty_controls()
    controls = {k: (v if v is not None else empty[k]) for k, v in zip(control_keys, values, strict=True)}
    if trig == "graph-view":
        node = (tap or {}).get("id", "")
        if not str(node).startswith("actor:"):
            return None
        aid = str(node)[6:]
        if aid not in controls["actors"]:
            controls["actors"] = list(controls["actors"]) + [aid]
    return controls


#: The filter bar's label of each date control, for the messages about them.
DATE_LABELS = {"date_from": "From", "date_to": "To", "reported_from": "Reported from",
               "reported_to": "Reported to"}


def effective_controls(index, controls):
    """(the controls with unusable dates blanked, the messages saying so):
    what :meth:`graph.query.Filter.lenient` leaves out, said with the labels
    of the filter bar. ``index`` is not needed any more (the filter alone
    knows which dates it can use); kept for the callers."""
    from explorer.controls import usable_filter

    _flt, effective, left_out = usable_filter(controls)
    errors = []
    for names, why in left_out:
        if len(names) == 1:
            errors.append(f"{DATE_LABELS.get(names[0], names[0])}: {why}; ignored.")
        else:
            lo, hi = names
            errors.append(f"{DATE_LABELS.get(lo, lo)} {str(controls.get(lo)).strip()} is after "
                          f"{DATE_LABELS.get(hi, hi).lower()} {str(controls.get(hi)).strip()}; "
                          "dates ignored.")
    return effective, errors


def sync_filters(session, trig, search, values, tap, state, doc=None):
    """URL, controls and filter state after a change (``trig``: the id of
    the input that changed). Returns ``{"search", "values", "state", "error",
    "doc"}`` with ``no_update`` where nothing changes; raises PreventUpdate
    when the change touches no filter. ``doc`` is the document open in the
    reader, kept in the URL as ``?doc=<id>`` (from the URL when it changes)."""
    from graph.reader import doc_from_query, query_with_doc

    index = session.view().index
    out_doc = no_update
    if trig in (None, "url"):
        asked = doc_from_query(search)
        new_doc = asked if asked in session.view().docs_by_id else None
        out_doc = new_doc if new_doc != doc else no_update
        doc = new_doc
    values = list(values)
    controls = controls_for(session, trig, search, values, tap)
    if controls is None:
        raise PreventUpdate
    effective, errors = effective_controls(index, controls)
    new_search = query_with_doc(views.query_from_controls(effective, index.actor_labels), doc)
    out_search = new_search if new_search != (search or "") else no_update
    outs = [controls[k] if controls[k] != v else no_update
            for k, v in zip(control_keys, values, strict=True)]
    out_state = effective if effective != state else no_update
    return {"search": out_search, "values": outs, "state": out_state, "error": " ".join(errors),
            "doc": out_doc}


def refresh_options(session):
    """The actor, type and source options after the data changed."""
    actors, types, sources = session.view().options()
    return {"actors": actors, "types": types, "sources": sources}


def register(app, session):
    # One callback owns URL <-> controls <-> filter-state (a circular
    # callback, which Dash allows within one callback): no loops.
    @app.callback(
        output={"search": Output("url", "search"),
                "values": [Output(c, "value") for c in control_ids],
                "state": Output("filter-state", "data"),
                "error": Output("filter-error", "children"),
                "doc": Output("reader-doc", "data")},
        inputs={"search": Input("url", "search"),
                "values": [Input(c, "value") for c in control_ids],
                "tap": Input("graph-view", "tapNodeData"),
                "_reset": Input("reset-filters", "n_clicks"),
                "_empty_reset": Input("empty-reset", "n_clicks"),
                "doc": Input("reader-doc", "data")},
        state={"state": State("filter-state", "data")},
    )
    def _sync_filters(search, values, tap, _reset, _empty_reset, doc, state):
        # on page load the reader's store fires with the URL: the URL is what counts
        trig = "url" if "url.search" in ctx.triggered_prop_ids else ctx.triggered_id
        return sync_filters(session, trig, search, values, tap, state, doc)

    @app.callback(
        output={"actors": Output("actor-filter", "options"),
                "types": Output("type-filter", "options"),
                "sources": Output("source-filter", "options")},
        inputs={"_version": Input("data-version", "data")},
        prevent_initial_call=True,
    )
    def _refresh_options(_version):
        return refresh_options(session)
