"""Timeline panel: the lanes plot with its counts, empty state and lane
controls; zoom and density-cell clicks kept as the visible date range."""

from __future__ import annotations

from dash import Input, Output, State, ctx, dcc, html, no_update

from graph import documents as doc_views
from graph import views


def layout():
    return html.Section([
        html.Div([
            html.Span(id="lane-note", className="lane-note"),
            html.Span("\u25cf day \u2501 month/year \u25cb planned/hypothetical \u2715 denied",
                      className="mark-key", title="How dates and statuses are drawn: a day is a "
                      "point; a month, year or decade a bar over its span; planned and hypothetical "
                      "events are hollow/dashed; denied events are crosses."),
            html.Span("\u25ef sources disagree", className="mark-key mark-disputed",
                      title="A ring marks an event whose sources disagree (date, status, actors or "
                      "numbers) and that no curator has marked resolved; ticks at the foot of the "
                      "plot show when each source reported the selected event."),
            html.Button("More actors", id="more-actors", n_clicks=0, className="btn btn-small",
                        title="Show 12 more actor lanes"),
            html.Button("Fewer actors", id="fewer-actors", n_clicks=0, className="btn btn-small"),
        ], className="lane-controls"),
        html.Div([
            html.P(doc_views.NO_MATCH, id="empty-title", className="empty-title"),
            html.Button("Reset filters", id="empty-reset", n_clicks=0, className="btn"),
        ], id="empty-state", className="empty-state", hidden=True),
        dcc.Graph(id="timeline", className="timeline", style={"height": "45vh", "minHeight": "260px"},
                  config={
            "scrollZoom": True, "displaylogo": False, "responsive": True,
            "modeBarButtonsToRemove": ["select2d", "lasso2d"]},
            figure={"data": [], "layout": {"uirevision": "timeline"}}),
    ], className="timeline-panel", **{"aria-label": "Timeline"})


def track_view(session, clicked, relayout, click, current, state):
    """The visible date range after a zoom (``relayout``) or, when
    ``clicked``, a click on a density cell (zooms in on it)."""
    cur = tuple(current) if current else None
    if clicked:
        pts = (click or {}).get("points") or []
        if not pts or pts[0].get("customdata") is not None or "z" not in pts[0]:
            return no_update  # an event mark, not a density cell
        v = session.view()
        new = views.zoom_on_cell(pts[0].get("x"), cur, views.data_span(v.index, v.positions(state)))
        return list(new) if new else no_update
    new = views.view_from_relayout(relayout, cur)
    if new == cur:
        return no_update
    return list(new) if new else None


def change_lanes(more, n):
    """The lane count after "More actors" (``more``) or "Fewer actors"."""
    n = int(n or views.DEFAULT_LANES)
    if more:
        return n + views.DEFAULT_LANES
    return max(views.DEFAULT_LANES, n - views.DEFAULT_LANES)


def render_timeline(session, state, vrange, lanes, selected=None):
    """The figure and everything around it for the filter state (the
    ``selected`` event marked: :func:`graph.views.selection_shapes`)."""
    v = session.view()
    index = v.index
    pos = v.positions(state)
    fig = views.timeline_figure(index, pos, lanes=int(lanes or views.DEFAULT_LANES),
                                pinned=(state or {}).get("actors") or (),
                                view=tuple(vrange) if vrange else None)
    meta = fig["layout"].get("meta", {})
    n_actors = len(views.actor_counts(index, pos))
    n_src = views.source_count(index, pos)
    counts_text = (f"{len(pos):,} of {len(index):,} events \u00b7 {n_actors:,} actors \u00b7 "
                   f"{n_src:,} of {len(v.known_sources):,} documents")
    hidden = int(meta.get("hidden_actors") or 0)
    # the figure's title moves into the HTML row above it: saves plot height
    note = fig["layout"]["title"]["text"] if len(pos) else ""
    fig["layout"]["title"] = {"text": ""}
    fig["layout"]["margin"]["t"] = 8
    fig["layout"]["shapes"] = views.selection_shapes(v.find(selected), v.docs_by_id)
    # after "More actors" the plot grows (about 22 px a lane) and the page scrolls
    n_lanes = len(meta.get("lanes") or []) + 1
    style = {"height": "45vh", "minHeight": "260px"}
    if n_lanes > views.DEFAULT_LANES + 1:
        style["height"] = f"max(45vh, {n_lanes * 22 + 90}px)"
    return {"figure": fig, "counts": counts_text, "empty_hidden": len(pos) > 0, "note": note,
            "more_disabled": hidden == 0,
            "fewer_disabled": int(lanes or views.DEFAULT_LANES) <= views.DEFAULT_LANES,
            "style": style}


def register(app, session):
    @app.callback(
        Output("view-range", "data"),
        Input("timeline", "relayoutData"),
        Input("timeline", "clickData"),
        State("view-range", "data"),
        State("filter-state", "data"),
        prevent_initial_call=True,
    )
    def _track_view(relayout, click, current, state):
        clicked = "timeline.clickData" in ctx.triggered_prop_ids
        return track_view(session, clicked, relayout, click, current, state)

    @app.callback(
        Output("lane-count", "data"),
        Input("more-actors", "n_clicks"),
        Input("fewer-actors", "n_clicks"),
        State("lane-count", "data"),
        prevent_initial_call=True,
    )
    def _change_lanes(_more, _fewer, n):
        return change_lanes(ctx.triggered_id == "more-actors", n)

    @app.callback(
        output={"figure": Output("timeline", "figure"),
                "counts": Output("counts", "children"),
                "empty_hidden": Output("empty-state", "hidden"),
                "note": Output("lane-note", "children"),
                "more_disabled": Output("more-actors", "disabled"),
                "fewer_disabled": Output("fewer-actors", "disabled"),
                "style": Output("timeline", "style")},
        inputs={"state": Input("filter-state", "data"),
                "vrange": Input("view-range", "data"),
                "lanes": Input("lane-count", "data"),
                "_version": Input("data-version", "data")},
        state={"selected": State("selected-event", "data")},
    )
    def _render_timeline(state, vrange, lanes, _version, selected):
        return render_timeline(session, state, vrange, lanes, selected)
