"""The filter controls as a :class:`graph.query.Filter`: the browser's
downloads and ``app.py export`` filter the graph with the same function."""

from __future__ import annotations


def make_filter(controls: dict):
    """A :class:`graph.query.Filter` from view controls (see graph.views)."""
    from graph.query import Filter

    return Filter(
        actors=tuple(controls.get("actors") or ()),
        types=tuple(controls.get("types") or ()),
        statuses=tuple(controls.get("statuses") or ()),
        date_from=str(controls.get("date_from") or ""),
        date_to=str(controls.get("date_to") or ""),
        sources=tuple(controls.get("sources") or ()),
        query=str(controls.get("query") or ""),
    )


def export_filtered(G, controls: dict, fmt: str, dest) -> None:
    """Filter ``G`` like the browser does and write it as ``fmt`` to ``dest``."""
    from graph.export import export
    from graph.query import filter_graph

    export(filter_graph(G, make_filter(controls)), fmt, dest)


def _valid_dates(state: dict) -> dict:
    """``{"date_from": ""}`` and/or ``{"date_to": ""}`` for the bounds of
    ``state`` that are not dates (the browser ignores them too)."""
    from graph.views import ViewError, parse_date_bound

    out = {}
    for key in ("date_from", "date_to"):
        try:
            parse_date_bound(state.get(key))
        except ViewError:
            out[key] = ""
    return out
