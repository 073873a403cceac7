"""Pure builders of the explorer's events table: the events in view, sorted and
filtered by the grid's own column filters, one block of rows at a time.

The grid (dash-ag-grid, infinite row model) asks for rows ``startRow`` to
``endRow`` with its ``sortModel`` and ``filterModel``; :func:`table_order`
applies both on the server over the positions of the events in view (numpy
arrays of :class:`graph.views.EventIndex`), and :func:`table_rows` builds only
the rows of the block asked for. Column values are computed once per index and
column, on first use (:class:`TableColumns`), so that a sort or a filter over
100k events costs a few array operations.

Cells are plain text and numbers: the grid shows them as text, never as HTML.

>>> from graph.views import build_index
>>> ix = build_index([
...     {"id": "e1", "label": "Talks", "type": "CONSULT", "sources": ["a", "b"],
...      "date": {"value": "2001-07", "granularity": "month", "start": "2001-07-01",
...               "end": "2001-07-31"}, "actors": [{"id": "CHN", "label": "China"}]},
...     {"id": "e2", "label": "Accord", "type": "AGREE", "sources": ["a"],
...      "date_basis": "publication",
...      "date": {"value": "1999", "granularity": "year", "start": "1999-01-01",
...               "end": "1999-12-31"}}])
>>> cols = TableColumns(ix)
>>> [r["id"] for r in table_rows(ix, table_order(cols, [0, 1], [{"colId": "date", "sort": "asc"}]))]
['e2', 'e1']
>>> table_rows(ix, [1])[0]["basis"], table_rows(ix, [0])[0]["actors"]
('publication', 'China')
>>> table_order(cols, [0, 1], None, {"sources": {"filterType": "number", "type": "greaterThan",
...                                              "filter": 1}}).tolist()
[0]
"""

from __future__ import annotations

import csv
import io

import numpy as np

from events.model import STATUSES

#: The table's columns: (field, header, kind). ``kind`` says how a column sorts
#: and filters: ``date`` by interval start, ``number`` as numbers, ``text`` as
#: case-folded text.
COLUMNS = (
    ("date", "Date", "date"),
    ("granularity", "Granularity", "text"),
    ("basis", "Date basis", "text"),
    ("type", "Type", "text"),
    ("status", "Status", "text"),
    ("label", "Label", "text"),
    ("actors", "Actors", "text"),
    ("sources", "Sources", "number"),
    ("dispute", "Sources disagree", "text"),
)
KINDS = {f: k for f, _h, k in COLUMNS}
#: Rows the grid asks for at a time (its ``cacheBlockSize``); a request for
#: more is cut to :data:`MAX_BLOCK`.
BLOCK = 100
MAX_BLOCK = 1000


def _cells(ev: dict) -> dict:
    return {
        "date": _date(ev), "granularity": _granularity(ev),
        "basis": str(ev.get("date_basis") or "text"),
        "type": str(ev.get("type") or ""),
        "status": str(ev.get("status") or ""),
        "label": str(ev.get("label") or ""),
        "actors": _actors(ev),
        "sources": len(ev.get("sources") or ()),
        "dispute": _dispute(ev),
    }


def _date(ev):
    return str((ev.get("date") or {}).get("value") or "undated")


def _granularity(ev):
    return str((ev.get("date") or {}).get("granularity") or "")


def _dispute(ev):
    """What the reports disagree on (one line), "" when they agree or a curator resolved it."""
    return str(ev.get("dispute") or "disputed") if ev.get("disputed") is True else ""


def _actors(ev):
    return ", ".join(str(a.get("label") or a.get("id") or "")
                     for a in ev.get("actors") or () if isinstance(a, dict))


#: The text of a column straight from an event record (for filters and sorts).
_GETTERS = {"date": _date, "granularity": _granularity,
            "basis": lambda ev: str(ev.get("date_basis") or "text"),
            "label": lambda ev: str(ev.get("label") or ""), "actors": _actors,
            "dispute": _dispute}


def _dense_rank(values: list[str]) -> np.ndarray:
    """Rank of each value in sorted order, equal values sharing one rank."""
    order = sorted(range(len(values)), key=values.__getitem__)
    rank = np.empty(len(values), dtype=np.int64)
    r, prev = -1, None
    for i in order:
        v = values[i]
        if v != prev or r < 0:
            r += 1
            prev = v
        rank[i] = r
    return rank


def table_rows(index, positions) -> list[dict]:
    """One row dict per position (``id`` plus every column of :data:`COLUMNS`)."""
    return [{"id": index.ids[i], **_cells(index.events[i])} for i in np.asarray(positions).tolist()]


class TableColumns:
    """Column values of an :class:`~graph.views.EventIndex`, each built on first use:
    the case-folded text of a text column and its rank (sort order) among all events."""

    def __init__(self, index):
        self.index = index
        self._text: dict[str, list[str]] = {}
        self._rank: dict[str, np.ndarray] = {}

    def warm(self) -> None:
        """Build every column's sort rank now (about 0.1-0.3 s a text column at
        100k events): the explorer runs it in the background after the table's
        first block, so that a click on a header finds it ready."""
        for field in KINDS:
            if field != "date":
                self.rank(field)

    def text(self, field: str) -> list[str]:
        """Case-folded cell text of ``field`` for every event (numbers as digits)."""
        col = self._text.get(field)
        if col is None:
            ix = self.index
            if field == "type":
                names = [t.casefold() for t in ix.types]
                col = [names[c] for c in ix.type_code.tolist()]
            elif field == "status":
                col = [STATUSES[c] for c in ix.status_code.tolist()]
            elif field == "sources":
                col = [str(n) for n in ix.n_sources.tolist()]
            else:
                get = _GETTERS[field]
                col = [get(ev).casefold() for ev in ix.events]
            self._text[field] = col
        return col

    def rank(self, field: str) -> np.ndarray:
        """Sort rank of every event for ``field`` (equal values share a rank)."""
        r = self._rank.get(field)
        if r is None:
            ix = self.index
            if field == "sources":
                r = ix.n_sources.astype(np.int64)
            elif field == "type":
                order = np.argsort(np.argsort([t.casefold() for t in ix.types], kind="stable"))
                r = order[ix.type_code]
            elif field == "status":
                r = ix.status_code.astype(np.int64)
            else:
                r = _dense_rank(self.text(field))
            self._rank[field] = r = np.asarray(r, dtype=np.int64).reshape(-1)
        return r


def _text_test(kind: str, value: str):
    """A predicate for one text filter condition (ag-grid's text filter types)."""
    v = str(value or "").casefold()
    tests = {
        "contains": lambda s: v in s, "notContains": lambda s: v not in s,
        "equals": lambda s: s == v, "notEqual": lambda s: s != v,
        "startsWith": lambda s: s.startswith(v), "endsWith": lambda s: s.endswith(v),
        "blank": lambda s: not s, "notBlank": lambda s: bool(s),
    }
    return tests.get(kind)


def _number_mask(values: np.ndarray, cond: dict) -> np.ndarray | None:
    kind, a, b = cond.get("type"), cond.get("filter"), cond.get("filterTo")
    if kind in ("blank", "notBlank"):
        return np.full(len(values), kind == "notBlank")
    try:
        a = float(a)
        b = float(b) if b is not None else None
    except (TypeError, ValueError):
        return None
    ops = {"equals": values == a, "notEqual": values != a, "greaterThan": values > a,
           "greaterThanOrEqual": values >= a, "lessThan": values < a, "lessThanOrEqual": values <= a}
    if kind == "inRange" and b is not None:
        return (values >= min(a, b)) & (values <= max(a, b))
    return ops.get(kind)


def _condition_mask(cols: TableColumns, field: str, positions: np.ndarray, cond: dict):
    """The rows of ``positions`` that pass one condition; None for a condition
    this table does not know (ignored, as the grid would show every row)."""
    if cond.get("filterType") == "number" or KINDS.get(field) == "number":
        return _number_mask(cols.index.n_sources[positions], cond)
    test = _text_test(cond.get("type"), cond.get("filter"))
    if test is None:
        return None
    text = cols.text(field)
    return np.fromiter((test(text[i]) for i in positions.tolist()), dtype=bool, count=len(positions))


def _filter(cols: TableColumns, positions: np.ndarray, filter_model: dict | None) -> np.ndarray:
    for field, model in (filter_model or {}).items():
        if field not in KINDS or not isinstance(model, dict):
            continue
        conds = model.get("conditions") if isinstance(model.get("conditions"), list) else [model]
        masks = [m for m in (_condition_mask(cols, field, positions, c) for c in conds
                             if isinstance(c, dict)) if m is not None]
        if not masks:
            continue
        if str(model.get("operator", "AND")).upper() == "OR":
            keep = np.logical_or.reduce(masks)
        else:
            keep = np.logical_and.reduce(masks)
        positions = positions[keep]
    return positions


def _sort(cols: TableColumns, positions: np.ndarray, sort_model: list | None) -> np.ndarray:
    keys: list[np.ndarray] = []  # most significant first
    for s in sort_model or ():
        field = (s or {}).get("colId")
        if field not in KINDS:
            continue
        sign = -1 if (s or {}).get("sort") == "desc" else 1
        if field == "date":
            start, end = cols.index.start[positions], cols.index.end[positions]
            undated = np.isnan(start)  # last in either direction
            keys += [undated, sign * np.nan_to_num(start), sign * np.nan_to_num(end)]
        else:
            keys.append(sign * cols.rank(field)[positions])
    if not keys:
        return positions
    return positions[np.lexsort([positions, *reversed(keys)])]


def table_order(cols: TableColumns, positions, sort_model=None, filter_model=None) -> np.ndarray:
    """The events at ``positions`` that pass the grid's ``filter_model``, in the
    order of its ``sort_model`` (ties, and no sort, in position order).

    ``filter_model`` is ag-grid's: ``{field: {"filterType": "text"|"number",
    "type": "contains"|..., "filter": value[, "filterTo": value]}}`` or a
    combined ``{"operator": "AND"|"OR", "conditions": [...]}``; unknown fields
    and filter types are ignored. ``sort_model``: ``[{"colId", "sort"}, ...]``.
    """
    positions = np.asarray(positions, dtype=np.int64)
    return _sort(cols, _filter(cols, positions, filter_model), sort_model)


def block(request: dict | None) -> tuple[int, int]:
    """``(start, end)`` of the rows a ``getRowsRequest`` asks for, sane and capped."""
    req = request or {}
    try:
        start = max(0, int(req.get("startRow") or 0))
        end = int(req.get("endRow") if req.get("endRow") is not None else start + BLOCK)
    except (TypeError, ValueError):
        start, end = 0, BLOCK
    return start, max(start, min(end, start + MAX_BLOCK))


def table_csv(index, positions) -> bytes:
    """The table's rows as UTF-8 CSV (RFC 4180), event id first; text cells
    defused against formula injection as the graph's CSV export does
    (:func:`graph.export.csv_cell`)."""
    from graph.export import csv_cell

    buf = io.StringIO(newline="")
    cw = csv.writer(buf, lineterminator="\r\n")
    cw.writerow(["id", *(h for _f, h, _k in COLUMNS)])
    for row in table_rows(index, positions):
        cw.writerow([csv_cell(row["id"]), *(csv_cell(row[f]) for f, _h, _k in COLUMNS)])
    return buf.getvalue().encode("utf-8")
