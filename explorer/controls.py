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
        disputed=bool(controls.get("disputed")),
        reported_from=str(controls.get("reported_from") or ""),
        reported_to=str(controls.get("reported_to") or ""),
    )


class EmptyExport(ValueError):
    """The filter matches no event: nothing was written."""


def export_filtered(G, controls: dict, fmt: str, dest, *, allow_empty: bool = True) -> int:
    """Filter ``G`` like the browser does and write it as ``fmt`` to ``dest``;
    returns the number of events written. With ``allow_empty=False`` a filter
    that matches no event raises :class:`EmptyExport` and ``dest`` is not
    touched (an existing file keeps its content)."""
    from pathlib import Path

    from graph.export import export
    from graph.query import filter_graph

    H = filter_graph(G, make_filter(controls))
    n = sum(1 for _, d in H.nodes(data=True) if d.get("kind") == "event")
    if n == 0 and not allow_empty:
        total = sum(1 for _, d in G.nodes(data=True) if d.get("kind") == "event")
        raise EmptyExport(f"the filter matches none of the {total} events; nothing was written"
                          + (f" ({dest} is unchanged)" if Path(str(dest)).exists() else ""))
    export(H, fmt, dest)
    return n


def _valid_dates(state: dict) -> dict:
    """``{"date_from": ""}`` and/or ``{"date_to": ""}`` for the bounds of
    ``state`` that are not dates (the browser ignores them too)."""
    from graph.views import ViewError, parse_date_bound

    out = {}
    for key in ("date_from", "date_to", "reported_from", "reported_to"):
        try:
            parse_date_bound(state.get(key))
        except ViewError:
            out[key] = ""
    return out
