"""The filter controls as a :class:`graph.query.Filter`: the browser's
timeline, its downloads and ``app.py export`` filter with the same object."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # graph.query (networkx) is imported when first used: the CLI starts fast
    from graph.query import Filter


def make_filter(controls: dict) -> Filter:
    """A :class:`graph.query.Filter` from view controls, strictly
    (:meth:`graph.query.Filter.from_controls`)."""
    from graph.query import Filter

    return Filter.from_controls(controls)


def usable_filter(controls: dict | None) -> tuple[Filter, dict, list[tuple[tuple[str, ...], str]]]:
    """What the browser applies for ``controls``: the filter
    (:meth:`graph.query.Filter.lenient`), the controls with the values it left
    out blanked (a malformed date, an interval that ends before it starts),
    and ``(fields, why)`` for each thing left out."""
    from graph.query import Filter

    controls = dict(controls or {})
    flt, left_out = Filter.lenient(controls)
    for names, _why in left_out:
        controls.update(dict.fromkeys(names, ""))
    return flt, controls, left_out


class EmptyExport(ValueError):
    """The filter matches no event: nothing was written."""


def export_filtered(G, flt: Filter | dict, fmt: str, dest, *, allow_empty: bool = True) -> int:
    """Filter ``G`` like the browser does and write it as ``fmt`` to ``dest``;
    returns the number of events written. ``flt`` is a :class:`graph.query.Filter`
    or control values (:func:`make_filter`). With ``allow_empty=False`` a filter
    that matches no event raises :class:`EmptyExport` and ``dest`` is not
    touched (an existing file keeps its content)."""
    from pathlib import Path

    from graph.export import export
    from graph.query import Filter, filter_graph

    H = filter_graph(G, flt if isinstance(flt, Filter) else make_filter(flt))
    n = sum(1 for _, d in H.nodes(data=True) if d.get("kind") == "event")
    if n == 0 and not allow_empty:
        total = sum(1 for _, d in G.nodes(data=True) if d.get("kind") == "event")
        raise EmptyExport(f"the filter matches none of the {total} events; nothing was written"
                          + (f" ({dest} is unchanged)" if Path(str(dest)).exists() else ""))
    export(H, fmt, dest)
    return n
