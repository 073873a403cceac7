"""Pure view builders for the explorer: records in, figures and components out.

Nothing here touches Dash callbacks, the network or global state. The app
wires these functions; the tests call them directly.

* :class:`EventIndex` -- a column view of the event records (numpy arrays of
  day numbers, type and status codes, actor postings) built once per app, so a
  filter or a zoom over 100k events costs milliseconds.
* :func:`timeline_figure` -- the lane timeline as a plain plotly figure dict:
  one lane per actor (most active first), an event drawn in the lane of each
  of its actors with a thin vertical connector, its date drawn with its real
  precision (a point for a day, a bar from interval start to end for a month,
  year or decade), status as marker/line style, colour by type. Above
  ``threshold`` events in view it switches to a per-lane density strip.
* :func:`graph_elements` -- dash-cytoscape elements of the filtered
  actor-event graph, capped to the ``cap`` best-sourced events.
* :func:`highlight_segments` / :func:`event_detail` -- the evidence sentence
  cut into plain and highlighted pieces, rendered as ``html.Mark`` children:
  document text is always text, never HTML.
* :func:`controls_from_query` / :func:`query_from_controls` -- the URL query
  string <-> filter controls mapping (``?actor=China&from=2014&type=AGREE``),
  in the vocabulary of :class:`graph.query.Filter` (its field names, URL
  parameters and date parser).

Dates: an event's interval is ``date.start``..``date.end`` (ISO days,
inclusive). Events without an interval cannot be placed on the timeline; they
are counted and reported in the figure title instead.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

import numpy as np

from events.model import EVENT_TYPES, STATUSES
from events.uploads import display_name  # noqa: F401  (shown names of uploaded files)
from graph.names import download_name  # noqa: F401  (the file name of a filtered download)
from graph.query import CONTROL_FIELDS, PARAMS, Filter, QueryError, date_interval
from graph.readable import date_with_value

#: Colour-blind-safe colours per event type: Okabe-Ito's 8 plus Paul Tol's
#: "muted" set, cooperative types in blues/greens, conflictual in reds/purples.
TYPE_COLOURS = {
    "AGREE": "#0072B2", "CONSULT": "#56B4E9", "SUPPORT": "#009E73",
    "CONCEDE": "#44AA99", "COOPERATE": "#117733", "AID": "#88CCEE",
    "RETREAT": "#332288", "REQUEST": "#DDCC77", "ACCUSE": "#CC79A7",
    "REJECT": "#AA4499", "THREATEN": "#E69F00", "PROTEST": "#F0E442",
    "SANCTION": "#882255", "MOBILIZE": "#CC6677", "COERCE": "#D55E00",
    "ASSAULT": "#000000", "STATEMENT": "#999933",
}
OTHER_COLOUR = "#777777"
#: The ring around a disputed event's mark (its sources disagree), in the timeline and graph.
DISPUTED_COLOUR = "#D81B60"
#: Marker symbol per status for day-precise events (and interval midpoints).
STATUS_SYMBOLS = {
    "happened": "circle", "planned": "circle-open",
    "hypothetical": "diamond-open", "denied": "x",
}
#: Marker symbol per status for events dated only by their document's publication (the
#: sentence gives no date: "on or before publication"): hollow with a dot, never filled, so
#: that they cannot be taken for events the text dates.
PUBLICATION_SYMBOLS = {
    "happened": "circle-open-dot", "planned": "square-open-dot",
    "hypothetical": "diamond-open-dot", "denied": "x-open-dot",
}
#: Line dash per status for interval bars.
STATUS_DASH = {"happened": "solid", "planned": "dash", "hypothetical": "dot", "denied": "solid"}

DENSITY_THRESHOLD = 2000  # events in view above which lanes become density strips
WEBGL_THRESHOLD = 1000  # points above which markers use scattergl
DEFAULT_LANES = 12
OTHER_LANE = "Other actors"
GRAPH_CAP = 300
_EPOCH = dt.date(1970, 1, 1)


class ViewError(QueryError):
    """Bad input to a view builder (a malformed date bound, an unknown event).

    A :class:`graph.query.QueryError`: a bad filter is the same mistake in
    the browser as in an export."""


# ---------------------------------------------------------------- dates


def parse_date_bound(text: str | None, *, end: bool = False) -> dt.date | None:
    """Parse ``2014``, ``2014-03`` or ``2014-03-05`` into the first (or, with
    ``end=True``, the last) day it covers. Empty -> None. The dates of
    :func:`graph.query.date_interval`, as :class:`datetime.date`; a malformed
    date (or year 0, which ``datetime`` cannot hold) raises :class:`ViewError`.

    >>> parse_date_bound("2014-02", end=True)
    datetime.date(2014, 2, 28)
    >>> parse_date_bound("2014")
    datetime.date(2014, 1, 1)
    """
    if text is None or not str(text).strip():
        return None
    try:
        return dt.date.fromisoformat(date_interval(str(text))[1 if end else 0])
    except QueryError as exc:
        raise ViewError(str(exc)) from None
    except ValueError as exc:
        raise ViewError(f"bad date {str(text)[:40]!r}: {exc}") from None


def _day(iso: str | None) -> int | None:
    if not iso:
        return None
    try:
        return (dt.date.fromisoformat(str(iso)[:10]) - _EPOCH).days
    except ValueError:
        return None


def day_to_iso(day: float) -> str:
    return (_EPOCH + dt.timedelta(days=int(round(day)))).isoformat()


def _to_day_number(value) -> float | None:
    """A plotly axis value (ISO string, maybe with time) -> day number."""
    if value is None:
        return None
    s = str(value).strip()
    try:
        d = dt.datetime.fromisoformat(s.replace(" ", "T")[:26])
    except ValueError:
        try:
            d = dt.datetime.fromisoformat(s[:10])
        except ValueError:
            return None
    return (d - dt.datetime(1970, 1, 1)).total_seconds() / 86400.0


def view_from_relayout(relayout: dict | None, current=None):
    """The visible x range (day numbers) after a plotly relayout event.

    Returns ``(x0, x1)``, ``None`` for autorange (whole data), or ``current``
    when the event did not touch the x axis (a y-axis or legend change).
    """
    if not relayout:
        return current
    if relayout.get("xaxis.autorange") or relayout.get("autosize") and len(relayout) == 1:
        return None if relayout.get("xaxis.autorange") else current
    if "xaxis.range[0]" in relayout and "xaxis.range[1]" in relayout:
        a, b = relayout["xaxis.range[0]"], relayout["xaxis.range[1]"]
    elif isinstance(relayout.get("xaxis.range"), list | tuple) and len(relayout["xaxis.range"]) == 2:
        a, b = relayout["xaxis.range"]
    else:
        return current
    x0, x1 = _to_day_number(a), _to_day_number(b)
    if x0 is None or x1 is None or x1 <= x0:
        return current
    return (round(x0, 3), round(x1, 3))


# ---------------------------------------------------------------- index


@dataclass
class EventIndex:
    """Column view of event records for fast filtering and drawing.

    ``start``/``end`` are day numbers since 1970-01-01 (NaN when undated);
    ``actors`` maps actor id -> sorted int array of event positions.
    """

    events: list[dict]
    ids: list[str]
    pos: dict[str, int]
    start: np.ndarray
    end: np.ndarray
    type_code: np.ndarray
    status_code: np.ndarray
    types: list[str]
    actors: dict[str, np.ndarray]
    actor_labels: dict[str, str]
    countries: dict[str, np.ndarray]
    n_sources: np.ndarray
    n_actors: np.ndarray
    sources: dict[str, np.ndarray]
    search_text: list[str]
    blob: str = ""
    blob_starts: np.ndarray | None = None
    actor_ids: tuple = ()
    post_event: np.ndarray | None = None  # actor postings flattened: event position ...
    post_actor: np.ndarray | None = None  # ... and actor code (index into actor_ids)
    source_ids: tuple = ()
    spost_event: np.ndarray | None = None
    spost_source: np.ndarray | None = None
    #: True where the event's date is its document's publication date (``date_basis``)
    publication: np.ndarray | None = None
    #: True where the event's reports disagree and no curator resolved it (``disputed``)
    disputed: np.ndarray | None = None
    #: report dates flattened: event position, first and last day of its document's publication
    rpost_event: np.ndarray | None = None
    rpost_lo: np.ndarray | None = None
    rpost_hi: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.events)

    def positions(self, flt: Filter | None = None, *, hide_publication: bool = False) -> np.ndarray:
        """Positions of the events that pass ``flt``, ascending: the browser's fast path.

        ``flt`` is a :class:`graph.query.Filter` (None: no filter), with the
        semantics :func:`graph.query.filter_graph` gives it, so the timeline
        and the exports keep the same events. Two differences come from the
        records the index holds: the free text is searched in the event's
        label, its actors' labels and its mentions' sentences, and the report
        dates come from the ``documents`` given to :func:`build_index` (or the
        mentions' document dates). ``hide_publication`` (a view switch, not a
        filter) leaves out the events dated only by their document's publication.
        """
        if flt is None:
            flt = Filter()
        if not isinstance(flt, Filter):
            raise ViewError(f"expected a graph.query.Filter, got {type(flt).__name__}")
        n = len(self)
        mask = np.ones(n, dtype=bool)
        if flt.actors:
            mask &= _actor_mask(self, flt.actors, flt.all_actors)
        if flt.types:
            mask &= np.isin(self.type_code, [i for i, t in enumerate(self.types) if t in flt.types])
        if flt.statuses:
            mask &= np.isin(self.status_code, [STATUSES.index(s) for s in flt.statuses])
        if flt.sources:
            mask &= _posting_mask(n, [self.sources.get(s) for s in flt.sources])
        with np.errstate(invalid="ignore"):  # undated events (NaN) fail a date bound
            if flt.date_from:
                mask &= self.end >= _iso_day(flt.day_from)
            if flt.date_to:
                mask &= self.start <= _iso_day(flt.day_to)
        if hide_publication and self.publication is not None:
            mask &= ~self.publication
        if flt.disputed and self.disputed is not None:
            mask &= self.disputed
        if flt.reported_from or flt.reported_to:
            mask &= _reported_mask(self, flt.reported_day_from, flt.reported_day_to)
        for w in dict.fromkeys(flt.query.casefold().split()):
            mask &= _word_mask(self, w)
        return np.flatnonzero(mask)


def report_dates(ev: dict, documents: dict[str, dict] | None = None) -> list[dict]:
    """When each source reported ``ev``: one row per document, in date order (unknown last):
    ``doc``, ``published`` (as the document record has it, else the mention's ``dct``; ""
    when unknown), ``estimated`` (the date was estimated or inferred, not stated) and
    ``start``/``end`` (the ISO days it covers, None when unknown).

    >>> [(r["doc"], r["published"], r["estimated"], r["end"]) for r in report_dates(
    ...     {"sources": ["b", "a"], "mentions": [{"doc_id": "a", "dct": "2022-02-06"}]},
    ...     {"b": {"published": "2022-02", "published_estimated": True}})]
    [('b', '2022-02', True, '2022-02-28'), ('a', '2022-02-06', False, '2022-02-06')]
    """
    documents = documents or {}
    dct: dict[str, dict] = {}
    for m in ev.get("mentions") or ():
        if isinstance(m, dict) and m.get("doc_id"):
            dct.setdefault(str(m["doc_id"]), m)
    docs = list(dict.fromkeys([str(s) for s in ev.get("sources") or ()] + list(dct)))
    rows = []
    for doc in docs:
        rec, m = documents.get(doc) or {}, dct.get(doc) or {}
        published = str(rec.get("published") or m.get("dct") or "")
        estimated = bool(rec.get("published_estimated") or rec.get("published_basis") == "text"
                         or (not rec.get("published") and m.get("dct_inferred")))
        try:
            lo, hi = parse_date_bound(published), parse_date_bound(published, end=True)
        except ViewError:
            lo = hi = None
        rows.append({"doc": doc, "published": published, "estimated": estimated,
                     "start": lo.isoformat() if lo else None, "end": hi.isoformat() if hi else None})
    rows.sort(key=lambda r: (r["start"] is None, r["start"] or "", r["doc"]))
    return rows


def is_disputed(ev: dict) -> bool:
    """Do the reports of ``ev`` disagree on something no curator has resolved?"""
    return ev.get("disputed") is True


def build_index(events: list[dict], documents: dict[str, dict] | None = None) -> EventIndex:
    """Build an :class:`EventIndex` over event records (see ``events.model``);
    ``documents`` (id -> document record) give the report dates."""
    n = len(events)
    start = np.full(n, np.nan)
    end = np.full(n, np.nan)
    types = list(EVENT_TYPES)
    tcode = {t: i for i, t in enumerate(types)}
    type_code = np.zeros(n, dtype=np.int16)
    status_code = np.zeros(n, dtype=np.int8)
    publication = np.zeros(n, dtype=bool)
    disputed = np.zeros(n, dtype=bool)
    r_event: list[int] = []
    r_lo: list[float] = []
    r_hi: list[float] = []
    scode = {s: i for i, s in enumerate(STATUSES)}
    actor_post: dict[str, list[int]] = {}
    country_post: dict[str, list[int]] = {}
    n_sources = np.zeros(n, dtype=np.int32)
    n_actors = np.zeros(n, dtype=np.int32)
    labels: dict[str, str] = {}
    source_post: dict[str, list[int]] = {}
    search: list[str] = []
    ids: list[str] = []
    for i, ev in enumerate(events):
        ids.append(str(ev.get("id", f"event:{i}")))
        date = ev.get("date") or {}
        s, e = _day(date.get("start")), _day(date.get("end"))
        if s is not None:
            start[i] = s
            end[i] = e if e is not None and e >= s else s
        t = ev.get("type") or "STATEMENT"
        if t not in tcode:
            tcode[t] = len(types)
            types.append(t)
        type_code[i] = tcode[t]
        status_code[i] = scode.get(ev.get("status") or "happened", 0)
        publication[i] = ev.get("date_basis") == "publication"
        disputed[i] = is_disputed(ev)
        for r in report_dates(ev, documents):
            if r["start"]:
                r_event.append(i)
                r_lo.append(_day(r["start"]))
                r_hi.append(_day(r["end"]))
        names = [str(ev.get("label", ""))]
        for a in ev.get("actors") or ():
            aid = str(a.get("id", ""))
            if not aid:
                continue
            post = actor_post.setdefault(aid, [])
            if not post or post[-1] != i:
                post.append(i)
            labels.setdefault(aid, str(a.get("label") or aid))
            names.append(str(a.get("label") or aid))
            n_actors[i] += 1
            country = a.get("country")
            if country and country != aid:
                cpost = country_post.setdefault(str(country), [])
                if not cpost or cpost[-1] != i:
                    cpost.append(i)
        n_sources[i] = len(ev.get("sources") or ())
        for src in ev.get("sources") or ():
            source_post.setdefault(str(src), []).append(i)
        for m in ev.get("mentions") or ():
            names.append(str(m.get("sentence", "")))
        search.append(" ".join(names).casefold())
    actor_ids = tuple(actor_post)
    source_ids = tuple(source_post)

    def flat(post: dict, keys: tuple):
        ev = [np.asarray(post[k], dtype=np.int64) for k in keys]
        code = [np.full(len(e), j, dtype=np.int64) for j, e in enumerate(ev)]
        if not ev:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(ev), np.concatenate(code)

    post_event, post_actor = flat(actor_post, actor_ids)
    spost_event, spost_source = flat({k: sorted(set(v)) for k, v in source_post.items()}, source_ids)
    return EventIndex(
        actor_ids=actor_ids, post_event=post_event, post_actor=post_actor,
        source_ids=source_ids, spost_event=spost_event, spost_source=spost_source,
        events=events, ids=ids, pos={e: i for i, e in enumerate(ids)},
        start=start, end=end, type_code=type_code, status_code=status_code,
        types=types, publication=publication, disputed=disputed,
        rpost_event=np.asarray(r_event, dtype=np.int64), rpost_lo=np.asarray(r_lo, dtype=float),
        rpost_hi=np.asarray(r_hi, dtype=float),
        actors={k: np.asarray(v, dtype=np.int64) for k, v in actor_post.items()},
        actor_labels=labels,
        countries={k: np.asarray(v, dtype=np.int64) for k, v in country_post.items()},
        n_sources=n_sources, n_actors=n_actors,
        sources={k: np.asarray(sorted(set(v)), dtype=np.int64) for k, v in source_post.items()},
        search_text=search,
        blob="\x00".join(search),
        blob_starts=np.cumsum([0] + [len(t) + 1 for t in search[:-1]]).astype(np.int64)
        if search else np.zeros(0, dtype=np.int64),
    )


def filter_positions(index: EventIndex, controls: dict) -> np.ndarray:
    """:meth:`EventIndex.positions` for the filter that control values stand for
    (:meth:`graph.query.Filter.from_controls`: the keys are ``Filter``'s field
    names), plus the view switch ``hide_publication`` (true: leave out the
    events dated only by their document's publication). Strict: a malformed
    date, an interval that ends before it starts or an unknown type raises
    :class:`ViewError` (:meth:`graph.query.Filter.lenient` leaves them out instead).
    """
    try:
        flt = Filter.from_controls(controls)
    except QueryError as exc:
        raise ViewError(str(exc)) from None
    return index.positions(flt, hide_publication=bool(controls.get("hide_publication")))


def _iso_day(iso: str) -> int:
    """Day number (since 1970-01-01) of an ISO day from :func:`graph.query.date_interval`."""
    return int(np.datetime64(iso, "D").astype(np.int64))


def _posting_mask(n: int, postings) -> np.ndarray:
    """Events in any of ``postings`` (arrays of positions; None for an unknown key)."""
    m = np.zeros(n, dtype=bool)
    for post in postings:
        if post is not None:
            m[post] = True
    return m


def _actor_mask(index: EventIndex, actors, all_actors: bool = False) -> np.ndarray:
    """Events of any (``all_actors``: each) of ``actors``, an actor standing also for the
    people and bodies whose ``country`` it is (``CHN`` matches a person of ``CHN``)."""
    n = len(index)
    masks = (_posting_mask(n, (index.actors.get(a), index.countries.get(a))) for a in actors)
    out = next(masks)
    for m in masks:
        out = (out & m) if all_actors else (out | m)
    return out


def _reported_mask(index: EventIndex, day_from: str, day_to: str) -> np.ndarray:
    """Events a document of which was published in the ``day_from``..``day_to``
    window (ISO days, "" for unbounded): its publication interval overlaps it."""
    ok = np.ones(len(index.rpost_event), dtype=bool)
    if day_from:
        ok &= index.rpost_hi >= _iso_day(day_from)
    if day_to:
        ok &= index.rpost_lo <= _iso_day(day_to)
    m = np.zeros(len(index), dtype=bool)
    m[index.rpost_event[ok]] = True
    return m


def _word_mask(index: EventIndex, word: str) -> np.ndarray:
    """Events whose search text contains ``word``: one regex scan over all
    texts joined by NUL (words never contain NUL), hits mapped back to
    events with a binary search."""
    m = np.zeros(len(index), dtype=bool)
    if not len(index):
        return m
    word = word.replace("\x00", "")
    if not word:
        m[:] = True
        return m
    hits = np.fromiter((h.start() for h in re.finditer(re.escape(word), index.blob)), dtype=np.int64)
    if len(hits):
        m[np.searchsorted(index.blob_starts, hits, side="right") - 1] = True
    return m


def actor_counts(index: EventIndex, positions: np.ndarray | None = None) -> Counter:
    """Events per actor id among ``positions`` (all events when None)."""
    if positions is None:
        return Counter({a: len(p) for a, p in index.actors.items()})
    sel = np.zeros(len(index), dtype=bool)
    sel[positions] = True
    counts = np.bincount(index.post_actor[sel[index.post_event]], minlength=len(index.actor_ids))
    nz = np.flatnonzero(counts)
    return Counter(dict(zip((index.actor_ids[k] for k in nz), counts[nz].tolist(), strict=True)))


def actor_filter_counts(index: EventIndex) -> Counter:
    """For each actor id, the number of events the actor filter keeps when
    that actor alone is chosen (:meth:`EventIndex.positions`): the events the
    actor takes part in plus those of the people and bodies acting for it
    (``country``), each event once. This is the count the actor dropdown
    shows; :func:`actor_counts` counts the actor's own events only (lanes)."""
    out = Counter()
    for a, post in index.actors.items():
        members = index.countries.get(a)
        out[a] = len(post) if members is None else len(np.union1d(post, members))
    return out


def source_count(index: EventIndex, positions: np.ndarray) -> int:
    """Number of distinct documents cited by the events at ``positions``."""
    sel = np.zeros(len(index), dtype=bool)
    sel[positions] = True
    return int(len(np.unique(index.spost_source[sel[index.spost_event]])))


def lane_order(index: EventIndex, positions: np.ndarray, lanes: int = DEFAULT_LANES,
               pinned: list[str] | tuple = ()) -> tuple[list[str], int]:
    """Actor ids for the lanes: pinned (filtered-for) actors first, then the
    most active, ``lanes`` in all; plus the number of actors left out."""
    counts = actor_counts(index, positions)
    lanes = max(1, int(lanes))
    order = [a for a in pinned if a in counts]
    top = counts.most_common(lanes + len(order) + 64)  # enough to break ties by label
    ranked = sorted((a for a, _ in top), key=lambda a: (-counts[a], index.actor_labels.get(a, a)))
    order += [a for a in ranked if a not in order]
    return order[:lanes], max(0, len(counts) - lanes)


# ---------------------------------------------------------------- timeline


def _esc(text) -> str:
    return html_lib.escape(str(text if text is not None else ""), quote=False)


def _short(text: str, n: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def hover_text(ev: dict) -> str:
    """Hover label: label, date as written and normalized, type, status, sources."""
    d = ev.get("date") or {}
    span = d.get("start") or "?"
    if d.get("end") and d.get("end") != d.get("start"):
        span += f" \u2013 {d['end']}"
    srcs = ev.get("sources") or []
    actors = ", ".join(_esc(a.get("label") or a.get("id")) for a in (ev.get("actors") or [])[:6])
    if ev.get("date_basis") == "publication":
        when = (f"date: none in the sentence; on or before publication, "
                f"{_esc(date_with_value(d.get('value')))}"
                f" ({_esc(d.get('granularity') or '')})<br>")
    else:
        when = (f"date: \u201c{_esc(d.get('text') or '')}\u201d = {_esc(date_with_value(d.get('value')))}"
                f" ({_esc(d.get('granularity') or '')}; {span})<br>")
    return (
        f"<b>{_esc(_short(ev.get('label', ''), 80))}</b><br>"
        f"{when}"
        f"{_esc(ev.get('type', ''))} \u00b7 {_esc(ev.get('status', ''))}"
        f"{(' · ' + actors) if actors else ''}<br>"
        f"sources ({len(srcs)}): {_esc(_short(', '.join(srcs), 80))}"
        + (f"<br><b>sources disagree</b>: {_esc(_short(ev.get('dispute') or '', 100))}"
           if is_disputed(ev) else "")
    )


def _base_layout(lane_labels: list[str], *, title: str, uirevision: str, density: bool) -> dict:
    n = len(lane_labels)
    yaxis = {
        "fixedrange": True, "automargin": True, "showgrid": not density,
        "gridcolor": "#eeeeee", "zeroline": False, "title": {"text": ""},
    }
    if density:
        yaxis.update({"type": "category", "autorange": "reversed",
                      "categoryorder": "array", "categoryarray": lane_labels})
    else:
        yaxis.update({"tickmode": "array", "tickvals": list(range(n)), "ticktext": lane_labels,
                      "range": [n - 0.5, -0.5]})
    return {
        "title": {"text": title, "font": {"size": 13}, "x": 0.01, "xanchor": "left"},
        "xaxis": {"type": "date", "rangeslider": {"visible": True, "thickness": 0.07},
                  "showgrid": True, "gridcolor": "#eeeeee"},
        "yaxis": yaxis,
        "dragmode": "pan", "hovermode": "closest", "uirevision": uirevision,
        "margin": {"l": 10, "r": 10, "t": 36, "b": 10},
        "legend": {"orientation": "v", "x": 1.01, "y": 0.93, "yanchor": "top", "font": {"size": 11},
                   "title": {"text": "type"}},
        "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff",
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"},
    }


def _lane_assignment(index: EventIndex, positions: np.ndarray, lane_ids: list[str]):
    """For each lane, the positions (among ``positions``) drawn in it; events
    with none of the lane actors go to the OTHER lane."""
    sel = np.zeros(len(index), dtype=bool)
    sel[positions] = True
    covered = np.zeros(len(index), dtype=bool)
    per_lane = []
    for a in lane_ids:
        p = index.actors.get(a, np.empty(0, dtype=np.int64))
        p = p[sel[p]]
        covered[p] = True
        per_lane.append(p)
    rest = positions[~covered[positions]]
    return per_lane, rest


def timeline_figure(index: EventIndex, positions, *, lanes: int = DEFAULT_LANES,
                    pinned=(), view=None, threshold: int = DENSITY_THRESHOLD,
                    uirevision: str = "timeline") -> dict:
    """The lane timeline of the events at ``positions`` as a plotly figure dict.

    ``view`` is the visible x range in day numbers (None = everything). If
    more than ``threshold`` dated events overlap the view, lanes show a density
    strip (events per day/week/month/year) instead of individual marks.
    ``layout.meta`` says which: ``{"mode": "points"|"density"|"empty", ...}``.
    """
    positions = np.asarray(positions, dtype=np.int64)
    dated = positions[~np.isnan(index.start[positions])]
    n_undated = len(positions) - len(dated)
    if len(dated) == 0:
        fig = {"data": [], "layout": _base_layout([], title="No events match these filters",
                                                   uirevision=uirevision, density=False)}
        fig["layout"]["xaxis"]["rangeslider"]["visible"] = False
        fig["layout"]["meta"] = {"mode": "empty", "n": 0, "undated": n_undated}
        return fig
    lane_ids, hidden = lane_order(index, dated, lanes, pinned)
    in_view = dated
    if view is not None:
        x0, x1 = view
        in_view = dated[(index.end[dated] >= x0) & (index.start[dated] <= x1)]
    per_lane, rest = _lane_assignment(index, dated, lane_ids)
    labels = [index.actor_labels.get(a, a) for a in lane_ids]
    if len(rest):
        labels.append(f"{OTHER_LANE} ({len(rest)})")
        per_lane.append(rest)
    note = f" \u00b7 {hidden} more actors under \u201cOther actors\u201d" if hidden else ""
    note += f" \u00b7 {n_undated} undated events not placed" if n_undated else ""
    if len(in_view) > threshold:
        fig = _density_figure(index, per_lane, labels, view, len(in_view), uirevision)
        _set_range(fig, view)
        fig["layout"]["title"]["text"] += note
        fig["layout"]["meta"].update({"lanes": lane_ids, "hidden_actors": hidden,
                                      "undated": n_undated})
        return fig
    # points: draw the events in view plus half a view-width either side so a
    # small pan shows marks before the next callback answers
    draw = dated
    if view is not None:
        x0, x1 = view
        w = x1 - x0
        wide = dated[(index.end[dated] >= x0 - w / 2) & (index.start[dated] <= x1 + w / 2)]
        draw = wide if len(wide) <= 1.5 * threshold else in_view
    fig = _points_figure(index, per_lane, labels, draw, uirevision)
    opening = initial_range(index.start[dated], index.end[dated]) if view is None else None
    _set_range(fig, view if view is not None else opening)
    if opening is not None:  # all drawn; the opening view shows most of them
        in_view = dated[(index.end[dated] >= opening[0]) & (index.start[dated] <= opening[1])]
        note = (f" \u00b7 {len(dated) - len(in_view):,} more outside this span "
                f"(Autoscale or double click shows all)") + note
    fig["layout"]["title"]["text"] = (
        f"{len(in_view):,} events in view, drawn individually{note}")
    fig["layout"]["meta"] = {"mode": "points", "n": int(len(in_view)), "lanes": lane_ids,
                             "hidden_actors": hidden, "undated": n_undated,
                             "opening": list(opening) if opening is not None else None}
    return fig


#: The opening view holds at least this share of the dated events ...
INITIAL_SHARE = 0.8
#: ... padded by this share of its width each side (at least INITIAL_MIN_PAD days).
INITIAL_PAD = 0.06
INITIAL_MIN_PAD = 10.0
#: Below this many dated events the timeline opens on all of them.
INITIAL_MIN_EVENTS = 5


def initial_range(start, end, *, share: float = INITIAL_SHARE, pad: float = INITIAL_PAD,
                  min_events: int = INITIAL_MIN_EVENTS) -> tuple[float, float] | None:
    """The x range (day numbers) the timeline opens on: the shortest span
    holding ``share`` of the dated events (by the middle of their interval),
    widened to those events' whole intervals and padded; ``None`` (show
    everything) when that is most of the data anyway or there are fewer than
    ``min_events`` dated events. The events outside stay one autoscale away
    (plotly's "Autoscale" / double click, and the range slider).

    >>> day = lambda y: (dt.date(y, 6, 1) - _EPOCH).days
    >>> s = np.array([day(1938)] + [day(2019) + i for i in range(20)], dtype=float)
    >>> lo, hi = initial_range(s, s)
    >>> day_to_iso(lo)[:4], day_to_iso(hi)[:4]
    ('2019', '2019')
    >>> initial_range(np.array([0.0, 3650.0]), np.array([0.0, 3650.0])) is None
    True
    """
    start = np.asarray(start, dtype=float)
    end = np.asarray(end, dtype=float)
    ok = ~np.isnan(start)
    start, end = start[ok], np.where(np.isnan(end[ok]), start[ok], np.maximum(end[ok], start[ok]))
    n = len(start)
    if n < max(1, min_events):
        return None
    mid = (start + end) / 2.0
    order = np.argsort(mid, kind="stable")
    mid_sorted = mid[order]
    k = max(1, int(np.ceil(share * n)))
    widths = mid_sorted[k - 1:] - mid_sorted[: n - k + 1]
    i = int(np.argmin(widths))  # the first shortest window: earliest on ties
    inside = order[i:i + k]
    lo, hi = float(start[inside].min()), float(end[inside].max())
    full_lo, full_hi = float(start.min()), float(end.max())
    margin = max(pad * (hi - lo), INITIAL_MIN_PAD)
    lo, hi = max(lo - margin, full_lo - margin), min(hi + margin, full_hi + margin)
    if hi - lo >= 0.8 * (full_hi - full_lo + 2 * margin):
        return None  # nothing far out: the whole data is the better first view
    return (round(lo, 3), round(hi, 3))


def _set_range(fig: dict, view) -> None:
    """Pin the x range to the known view, so a redraw with fewer or more
    marks does not move the axis (user zoom is also kept by ``uirevision``)."""
    if view is not None:
        fig["layout"]["xaxis"]["range"] = [_iso_time(view[0]), _iso_time(view[1])]
        fig["layout"]["xaxis"]["autorange"] = False


def _iso_time(day: float) -> str:
    return (dt.datetime(1970, 1, 1) + dt.timedelta(days=float(day))).isoformat(sep=" ")


def _jitter(event_id: str) -> float:
    h = 0
    for ch in event_id[-8:]:
        h = (h * 131 + ord(ch)) % 1000
    return (h / 1000.0 - 0.5) * 0.3


def _points_figure(index, per_lane, labels, draw, uirevision) -> dict:
    drawn = np.zeros(len(index), dtype=bool)
    drawn[draw] = True
    # per event: list of lanes it is drawn in
    lanes_of: dict[int, list[int]] = {}
    for li, p in enumerate(per_lane):
        for i in p[drawn[p]].tolist():
            lanes_of.setdefault(i, []).append(li)
    order = sorted(lanes_of)
    n_points = sum(len(v) for v in lanes_of.values())
    marker_type = "scattergl" if n_points > WEBGL_THRESHOLD else "scatter"
    conn_x: list = []
    conn_y: list = []
    bars: dict[tuple[str, str], tuple[list, list]] = {}
    marks: dict[str, dict[str, list]] = {}
    ring: dict[str, list] = {"x": [], "y": [], "id": []}  # disputed events: a ring around each mark
    for i in order:
        ev = index.events[i]
        t = index.types[index.type_code[i]]
        status = STATUSES[index.status_code[i]]
        s, e = index.start[i], index.end[i]
        mid = day_to_iso((s + e) / 2) if e > s else day_to_iso(s)
        j = _jitter(index.ids[i])
        ys = [li + j for li in lanes_of[i]]
        if len(ys) > 1:
            conn_x += [mid, mid, None]
            conn_y += [min(ys), max(ys), None]
        if e > s:
            # a year or longer: thin and light, so it does not hide finer marks
            coarse = (e - s) > 62
            bx, by = bars.setdefault((t, STATUS_DASH[status], coarse), ([], []))
            for y in ys:
                bx += [day_to_iso(s), day_to_iso(e), None]
                by += [y, y, None]
        m = marks.setdefault(t, {"x": [], "y": [], "symbol": [], "size": [], "id": [], "text": []})
        hover = hover_text(ev)
        for y in ys:
            m["x"].append(mid)
            m["y"].append(y)
            m["symbol"].append((PUBLICATION_SYMBOLS if ev.get("date_basis") == "publication"
                                else STATUS_SYMBOLS)[status])
            m["size"].append(10 if e == s else 7)
            m["id"].append(index.ids[i])
            m["text"].append(hover)
            if index.disputed is not None and index.disputed[i]:
                ring["x"].append(mid)
                ring["y"].append(y)
                ring["id"].append(index.ids[i])
    data: list[dict] = []
    if conn_x:
        data.append({"type": "scatter", "mode": "lines", "x": conn_x, "y": conn_y,
                     "line": {"color": "#9a9a9a", "width": 1}, "hoverinfo": "skip",
                     "showlegend": False, "name": "connector", "meta": "connector"})
    for (t, dash, coarse), (bx, by) in sorted(bars.items()):
        data.append({"type": "scatter", "mode": "lines", "x": bx, "y": by,
                     "line": {"color": TYPE_COLOURS.get(t, OTHER_COLOUR), "width": 3 if coarse else 6,
                              "dash": dash},
                     "opacity": 0.35 if coarse else 0.8, "hoverinfo": "skip", "showlegend": False,
                     "legendgroup": t, "name": t, "meta": "bar"})
    for t in index.types:
        m = marks.get(t)
        if not m:
            continue
        data.append({
            "type": marker_type, "mode": "markers", "name": t, "legendgroup": t, "meta": "event",
            "x": m["x"], "y": m["y"], "customdata": m["id"], "hovertext": m["text"],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "marker": {"color": TYPE_COLOURS.get(t, OTHER_COLOUR), "symbol": m["symbol"],
                       "size": m["size"], "line": {"width": 1.5, "color": TYPE_COLOURS.get(t, OTHER_COLOUR)}},
        })
    if ring["x"]:
        data.append({
            "type": "scatter", "mode": "markers", "name": "sources disagree", "meta": "disputed",
            "x": ring["x"], "y": ring["y"], "customdata": ring["id"], "hoverinfo": "skip",
            "marker": {"symbol": "circle-open", "size": 20, "color": DISPUTED_COLOUR,
                       "line": {"width": 2.5, "color": DISPUTED_COLOUR}}})
    layout = _base_layout(labels, title="", uirevision=uirevision, density=False)
    return {"data": data, "layout": layout}


def _bin_edges(lo: float, hi: float) -> tuple[str, np.ndarray]:
    """Choose a bin unit so the span has at most ~400 bins; return unit and
    bin edges in day numbers."""
    span = max(hi - lo, 1.0)
    lo_d = _EPOCH + dt.timedelta(days=int(np.floor(lo)))
    hi_d = _EPOCH + dt.timedelta(days=int(np.ceil(hi)) + 1)
    if span <= 400:
        return "day", np.arange(np.floor(lo), np.ceil(hi) + 2, 1.0)
    if span <= 7 * 400:
        first = np.floor(lo) - ((np.floor(lo) + 3) % 7)  # Mondays
        return "week", np.arange(first, np.ceil(hi) + 8, 7.0)
    if span <= 31 * 400:
        months = np.arange(np.datetime64(lo_d, "M"), np.datetime64(hi_d, "M") + 2)
        return "month", months.astype("datetime64[D]").astype(np.int64).astype(float)
    years = np.arange(np.datetime64(lo_d, "Y"), np.datetime64(hi_d, "Y") + 2)
    return "year", years.astype("datetime64[D]").astype(np.int64).astype(float)


def _density_figure(index, per_lane, labels, view, n_in_view, uirevision) -> dict:
    starts = [index.start[p] for p in per_lane]
    mids = [(index.start[p] + index.end[p]) / 2 for p in per_lane]
    allmid = np.concatenate(mids) if mids else np.empty(0)
    if view is None:
        lo, hi = float(np.min(allmid)), float(np.max(allmid))
        vlo, vhi = lo, hi
    else:
        vlo, vhi = view
        w = vhi - vlo
        lo = max(vlo - w, float(np.min(allmid)))
        hi = min(vhi + w, float(np.max(allmid)))
        lo, hi = min(lo, vlo), max(hi, vhi)
    unit, edges = _bin_edges(vlo, vhi) if view is not None else _bin_edges(lo, hi)
    if view is not None:  # extend the same bins over the padded range
        step_edges = _bin_edges(lo, hi)
        edges = step_edges[1] if step_edges[0] == unit else edges
    z = []
    for m in mids:
        counts, _ = np.histogram(m, bins=edges)
        z.append([int(c) if c else None for c in counts])
    del starts
    # heatmap x values are cell centres: half-way between bin edges
    centres = [_iso_time((a + b) / 2) for a, b in zip(edges[:-1], edges[1:], strict=True)]
    fmt = {"day": "%d %b %Y", "week": "%d %b %Y", "month": "%b %Y", "year": "%Y"}[unit]
    data = [{
        "type": "heatmap", "x": centres, "y": labels, "z": z, "xperiod0": None,
        "colorscale": "Cividis", "reversescale": True, "hoverongaps": False,
        "colorbar": {"title": {"text": f"events / {unit}"}, "thickness": 10},
        "hovertemplate": (f"%{{y}}<br>{unit} of %{{x|{fmt}}}: %{{z}} events"
                          "<br>click to zoom in<extra></extra>"),
        "name": "density", "meta": "density", "xgap": 0, "ygap": 2,
    }]
    data[0].pop("xperiod0")
    layout = _base_layout(labels, title=(
        f"{n_in_view:,} events in view: density per {unit} "
        f"(zoom in below {DENSITY_THRESHOLD:,} to see individual events)"),
        uirevision=uirevision, density=True)
    layout["meta"] = {"mode": "density", "unit": unit, "n": int(n_in_view)}
    return {"data": data, "layout": layout}


def zoom_on_cell(x, view, data_span) -> tuple[float, float] | None:
    """The view after clicking a density cell centred at ``x``: a 4x zoom-in
    around it (of the current view, or of ``data_span`` when unzoomed)."""
    centre = _to_day_number(x)
    span = view if view else data_span
    if centre is None or not span:
        return None
    half = max((span[1] - span[0]) / 8.0, 1.0)
    return (round(centre - half, 3), round(centre + half, 3))


def data_span(index: EventIndex, positions) -> tuple[float, float] | None:
    """(first start, last end) of the dated events at ``positions`` in day numbers."""
    positions = np.asarray(positions, dtype=np.int64)
    s = index.start[positions]
    s = s[~np.isnan(s)]
    if not len(s):
        return None
    e = index.end[positions]
    return float(s.min()), float(np.nanmax(e))


def event_options(index: EventIndex, positions, cap: int = GRAPH_CAP) -> list[dict]:
    """Dropdown options for the keyboard "jump to event" picker: the ``cap``
    best-sourced events (as in the graph), in date order."""
    positions = np.asarray(positions, dtype=np.int64)
    if len(positions) > cap:
        order = np.lexsort((positions, -index.n_actors[positions], -index.n_sources[positions]))
        positions = positions[order[:cap]]
    start = np.nan_to_num(index.start[positions], nan=1e9)
    out = []
    for i in positions[np.lexsort((positions, start))].tolist():
        ev = index.events[i]
        d = ev.get("date") or {}
        out.append({"label": f"{d.get('value') or 'undated'} \u00b7 {ev.get('type', '')} \u00b7 "
                             f"{_short(ev.get('label', ''), 70)}", "value": index.ids[i]})
    return out


def selection_shapes(ev: dict | None, documents: dict[str, dict] | None = None) -> list[dict]:
    """Timeline shapes marking the selected event: a band over its date
    interval (a day is one day wide) across all lanes, and a tick at the foot
    of the plot on each day a source reported it (:func:`report_dates`; with
    ``documents``, or the mentions' own ``dct``); none when undated.

    >>> [(s["x0"], s["x1"]) for s in selection_shapes({"date": {"start": "2001-07-01",
    ...                                                         "end": "2001-07-31"}})]
    [('2001-07-01', '2001-08-01')]
    """
    d = (ev or {}).get("date") or {}
    s, e = _day(d.get("start")), _day(d.get("end"))
    if s is None:
        return []
    e = e if e is not None and e >= s else s
    band = [{"type": "rect", "xref": "x", "yref": "paper", "x0": day_to_iso(s),
             "x1": day_to_iso(e + 1), "y0": 0, "y1": 1, "layer": "below",
             "fillcolor": "rgba(213, 94, 0, 0.12)", "line": {"color": "#D55E00", "width": 2},
             "name": "selected event"}]
    ticks = [{"type": "line", "xref": "x", "yref": "paper", "x0": r["start"], "x1": r["start"],
              "y0": 0, "y1": 0.12, "layer": "above",
              "line": {"color": "#444444", "width": 2, "dash": "dot" if r["estimated"] else "solid"},
              "name": f"reported by {r['doc']}" + (" (estimated)" if r["estimated"] else "")}
             for r in report_dates(ev, documents) if r["start"]]
    return band + ticks


def figure_event_ids(fig: dict) -> list[str]:
    """Event ids drawn in a points-mode figure (for tests and the hidden list)."""
    out: list[str] = []
    for tr in fig.get("data", []):
        if tr.get("meta") == "event":
            out.extend(tr.get("customdata") or [])
    return list(dict.fromkeys(out))


# ---------------------------------------------------------------- graph view


def graph_elements(index: EventIndex, positions, cap: int = GRAPH_CAP) -> tuple[list[dict], str]:
    """dash-cytoscape elements of the actor-event graph of the events at
    ``positions``: the ``cap`` events with most sources (then most actors,
    then id) and the actors tied to them, edges actor -> event with their
    role. Node ids are the graph's (``actor:<id>``, ``event:<hash>``).
    Returns ``(elements, caption)``; the caption says when events were left out.
    """
    positions = np.asarray(positions, dtype=np.int64)
    n_total = len(positions)
    if n_total > cap:
        # lexsort: last key is primary
        order = np.lexsort((positions, -index.n_actors[positions], -index.n_sources[positions]))
        keep = positions[order[:cap]]
    else:
        keep = positions
    actor_nodes: dict[str, str] = {}
    event_elems: list[dict] = []
    edge_elems: list[dict] = []
    seen_edges: set = set()
    for i in sorted(keep.tolist(), key=lambda i: index.ids[i]):
        ev = index.events[i]
        eid = index.ids[i] if index.ids[i].startswith("event:") else "event:" + index.ids[i]
        t = index.types[index.type_code[i]]
        d = ev.get("date") or {}
        disputed = bool(index.disputed is not None and index.disputed[i])
        event_elems.append({"data": {
            "id": eid, "label": _short(ev.get("label", ""), 40), "kind": "event", "type": t,
            "date": str(d.get("text") or d.get("value") or ""),
            "colour": TYPE_COLOURS.get(t, OTHER_COLOUR), "disputed": disputed},
            "classes": f"event {STATUSES[index.status_code[i]]}" + (" disputed" if disputed else "")})
        for a in ev.get("actors") or ():
            aid = str(a.get("id", ""))
            if not aid:
                continue
            node = "actor:" + aid
            actor_nodes.setdefault(node, index.actor_labels.get(aid, aid))
            role = str(a.get("role") or "participant")
            key = (node, eid, role)
            if key in seen_edges:
                continue
            seen_edges.add(key)
            edge_elems.append({"data": {"source": node,
                                        "target": eid, "role": role}, "classes": role})
    actor_elems = [{"data": {"id": node, "label": label, "kind": "actor",
                             "n": int(len(index.actors.get(node[6:], ())))}, "classes": "actor"}
                   for node, label in sorted(actor_nodes.items())]
    if n_total > cap:
        caption = (f"Graph shows the {cap} best-sourced of {n_total:,} matching events "
                   f"and their {len(actor_nodes)} actors; narrow the filters to see the rest.")
    else:
        caption = f"Graph shows all {n_total:,} matching events and their {len(actor_nodes)} actors."
    return actor_elems + event_elems + edge_elems, caption


# The panel is small and cytoscape zooms out to fit the whole graph, so sizes are large
# in graph units; actors with more events get bigger labels.
GRAPH_STYLESHEET = [
    {"selector": "node.actor", "style": {
        "shape": "round-rectangle", "background-color": "#e8e8e8", "border-color": "#555",
        "border-width": 1, "label": "data(label)", "font-size": "mapData(n, 1, 12, 22, 40)",
        "text-valign": "center", "width": "label", "height": "label", "padding": "6px"}},
    {"selector": "node.event", "style": {
        "shape": "ellipse", "background-color": "data(colour)", "width": 26, "height": 26,
        "border-color": "#222", "border-width": 1}},
    {"selector": "node.event.planned, node.event.hypothetical", "style": {
        "background-opacity": 0.15, "border-width": 2, "border-color": "data(colour)"}},
    {"selector": "node.event.denied", "style": {"shape": "diamond"}},
    {"selector": "node.event.disputed", "style": {
        "border-width": 5, "border-color": DISPUTED_COLOUR, "border-style": "double"}},
    {"selector": "node:selected", "style": {"border-width": 3, "border-color": "#000"}},
    {"selector": "edge", "style": {"width": 2, "line-color": "#bbb", "curve-style": "bezier"}},
    {"selector": "edge.source", "style": {"target-arrow-shape": "triangle",
                                          "target-arrow-color": "#bbb"}},
]


# ---------------------------------------------------------------- detail


def highlight_segments(sentence: str, sent_start: int, spans: list[dict]) -> list[tuple[str, str | None]]:
    """Cut ``sentence`` into ``(text, kind)`` pieces, ``kind`` None for plain text.

    ``spans`` hold document offsets (``start``, ``end``, ``kind`` and
    optionally ``text``); ``sent_start`` is the sentence's document offset.
    A span outside the sentence, or whose text does not match (offset drift),
    is dropped. Overlaps: the earliest, then the longest span wins (as
    spaCy's ``filter_spans``).

    >>> highlight_segments("China and Russia signed.", 100,
    ...     [{"start": 100, "end": 105, "kind": "actor"}])
    [('China', 'actor'), (' and Russia signed.', None)]
    """
    sentence = sentence or ""
    clean = []
    for sp in spans or ():
        try:
            s = int(sp["start"]) - int(sent_start)
            e = int(sp["end"]) - int(sent_start)
        except (KeyError, TypeError, ValueError):
            continue
        if not (0 <= s < e <= len(sentence)):
            continue
        want = sp.get("text")
        if want is not None and sentence[s:e] != want:
            continue
        clean.append((s, e, str(sp.get("kind", "mark"))))
    clean.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[str, str | None]] = []
    pos = 0
    for s, e, kind in clean:
        if s < pos:
            continue
        if s > pos:
            out.append((sentence[pos:s], None))
        out.append((sentence[s:e], kind))
        pos = e
    if pos < len(sentence):
        out.append((sentence[pos:], None))
    return out


def mention_spans(mention: dict) -> list[dict]:
    """The highlightable spans of one mention: time expression, trigger, actors."""
    spans = []
    if mention.get("timex"):
        spans.append({**mention["timex"], "kind": "timex"})
    if mention.get("trigger"):
        spans.append({**mention["trigger"], "kind": "trigger"})
    for a in mention.get("actors") or ():
        spans.append({**a, "kind": "actor"})
    return spans


def _edited_note(ev: dict, field: str):
    """``" edited; was …"`` beside a field a curator changed, else None."""
    from dash import html

    cur = ev.get("curation") or {}
    if field not in (cur.get("edited") or ()):
        return None
    was = (cur.get("original") or {}).get(field)
    if field == "date":
        was = (was or {}).get("value") if isinstance(was, dict) else was
    return html.Span([html.Strong("edited"), f"; was {_short(str(was if was is not None else '?'), 80)}"],
                     className="edited", title="changed by a curator; the extraction said otherwise")


def event_detail(ev: dict | None, documents: dict[str, dict]):
    """Dash components describing one event; every document-derived string is
    passed as component text (never as HTML). A curated event (see
    :func:`events.curation.apply_curation`) shows ``edited; was …`` beside each
    changed field and a rejected/accepted badge."""
    from dash import html  # local: keeps the pure figure code importable without dash

    if not ev:
        return [html.P("Click an event on the timeline or in the graph to see its evidence.",
                       className="hint")]
    cur = ev.get("curation") or {}
    badges = []
    if cur.get("rejected"):
        badges.append(html.Span("rejected", className="badge badge-rejected",
                                title="hidden from the timeline, graph and exports"))
    if cur.get("accepted"):
        badges.append(html.Span("accepted", className="badge badge-accepted"))
    if cur.get("edited"):
        badges.append(html.Span("edited", className="badge badge-edited"))
    d = ev.get("date") or {}
    span = d.get("start") or "undated"
    if d.get("end") and d.get("end") != d.get("start"):
        span += f" \u2013 {d['end']}"
    actors = [
        html.Li([html.Span(str(a.get("label") or a.get("id")), className="actor-name"),
                 html.Span(f" ({a.get('role', '')})", className="role")])
        for a in ev.get("actors") or ()
    ]
    colour = TYPE_COLOURS.get(ev.get("type", ""), OTHER_COLOUR)
    mentions = []
    for m in ev.get("mentions") or ():
        doc = documents.get(m.get("doc_id"), {})
        segs = highlight_segments(m.get("sentence", ""), m.get("start", 0), mention_spans(m))
        sentence = [seg if kind is None else html.Mark(seg, className=f"hl hl-{kind}", title=kind)
                    for seg, kind in segs]
        meta = " \u00b7 ".join(str(x) for x in (doc.get("outlet"), doc.get("published")) if x)
        read = html.Button("Read", id={"type": "open-doc", "doc": str(m.get("doc_id") or ""),
                                       "n": len(mentions)}, n_clicks=0,
                           className="btn btn-small read-doc",
                           title="Open the article with this evidence marked")
        mentions.append(html.Li([
            html.Div([str(doc.get("title") or m.get("doc_id") or "unknown document"), read],
                     className="doc-title"),
            html.Div(f"{meta} \u00b7 {m.get('doc_id', '')}" if meta else str(m.get("doc_id", "")),
                     className="doc-meta"),
            html.Blockquote(sentence, className="evidence"),
        ], className="mention"))
    def with_note(field, children):
        note = _edited_note(ev, field)
        return children + [" ", note] if note is not None else children

    return [
        html.H3(str(ev.get("label", "")), className="detail-title"),
        html.Div(badges, className="badges") if badges else None,
        html.Dl([
            html.Dt("Date"), html.Dd(with_note("date", [
                html.Span(date_with_value(d.get("value")) or "?", className="date-norm"),
                f" ({d.get('granularity') or '?'}; {span})",
                html.Span(f" written \u201c{d.get('text') or ''}\u201d", className="date-text")])),
            html.Dt("Type"), html.Dd(with_note("type", [html.Span("\u25cf ", style={"color": colour}),
                                                        str(ev.get("type", ""))])),
            html.Dt("Status"), html.Dd(with_note("status", [str(ev.get("status", ""))])),
            *([html.Dt("Label"), html.Dd(with_note("label", ["(title above)"]))]
              if "label" in (cur.get("edited") or ()) else []),
            html.Dt("Confidence"), html.Dd(f"{float(ev.get('confidence') or 0):.2f}"),
        ], className="detail-facts"),
        html.H4("Actors"), html.Ul(actors, className="actor-list"),
        html.H4(f"Evidence ({len(mentions)} mention{'s' if len(mentions) != 1 else ''})"),
        html.Ul(mentions, className="mentions"),
        html.P([html.Mark("time", className="hl hl-timex"), " ",
                html.Mark("actor", className="hl hl-actor"), " ",
                html.Mark("event word", className="hl hl-trigger")], className="legend-hl"),
    ]


_WORD = re.compile(r"\w[\w'\u2019-]*")


def differing_spans(sentence: str, other: str, base: int = 0) -> list[dict]:
    """The words of ``sentence`` that ``other`` does not have (case-folded), as spans
    (document offsets: ``base`` is the sentence's start) of kind ``diff``.

    >>> [s["text"] for s in differing_spans("signed on 4 February", "signed on 5 February")]
    ['4']
    """
    theirs = {w.group().casefold() for w in _WORD.finditer(other or "")}
    return [{"start": base + w.start(), "end": base + w.end(), "text": w.group(), "kind": "diff"}
            for w in _WORD.finditer(sentence or "") if w.group().casefold() not in theirs]


def _mention_of(ev: dict, mention_id) -> dict:
    for m in ev.get("mentions") or ():
        if isinstance(m, dict) and m.get("id") == mention_id:
            return m
    return {}


def _dispute_side(side: dict, mention: dict, other: dict, documents: dict):
    from dash import html

    doc = documents.get(side.get("doc")) or documents.get(mention.get("doc_id")) or {}
    sentence = mention.get("sentence", "")
    segs = highlight_segments(sentence, mention.get("start", 0),
                              differing_spans(sentence, other.get("sentence", ""), mention.get("start", 0)))
    published = str(doc.get("published") or mention.get("dct") or "date unknown")
    return html.Div([
        html.Div(str(doc.get("title") or side.get("doc") or "?"), className="doc-title"),
        html.Div(" · ".join(x for x in (str(doc.get("outlet") or ""), f"published {published}",
                                               str(side.get("doc") or "")) if x), className="doc-meta"),
        html.Div([html.Span("says ", className="says-label"),
                  html.Strong(str(side.get("says") or ""), className="says")], className="dispute-says"),
        html.Blockquote([seg if kind is None else html.Mark(seg, className="hl hl-diff",
                                                             title="not in the other report")
                         for seg, kind in segs], className="evidence"),
    ], className="dispute-side")


def dispute_section(ev: dict | None, documents: dict[str, dict], *, can_resolve: bool = False) -> list:
    """The disagreements of ``ev`` (:mod:`events.disputes`), each with its two reports side by
    side: document, date published, what each says and its sentence with the words the other
    lacks marked. A resolved one says so, with the curator's note; an open one has a "Mark
    resolved" button (id ``{"type": "resolve-dispute", "n": k}``), enabled with ``can_resolve``."""
    from dash import html

    disputes = [d for d in (ev or {}).get("disputes") or () if isinstance(d, dict)]
    if not disputes:
        return []
    n_open = sum(1 for d in disputes if not d.get("resolved"))
    out = [html.H4(f"Sources disagree ({n_open} open of {len(disputes)})" if n_open
                   else f"Sources disagreed ({len(disputes)}, all resolved)", className="disputes-title")]
    for k, d in enumerate(disputes):
        a, b = d.get("a") or {}, d.get("b") or {}
        ma, mb = _mention_of(ev, a.get("mention")), _mention_of(ev, b.get("mention"))
        res = d.get("resolved")
        if res:
            who = f" by {res['user']}" if res.get("user") else ""
            state = html.Div([html.Span("resolved", className="badge badge-resolved"),
                              f"{who}: {res.get('note') or '(no note)'}"], className="dispute-state")
        else:
            state = html.Button("Mark resolved", id={"type": "resolve-dispute", "n": k}, n_clicks=0,
                                className="btn btn-small resolve-dispute", disabled=not can_resolve,
                                title="Mark this disagreement resolved; the note field says how"
                                + ("" if can_resolve else " (needs a curator)"))
        out.append(html.Div([
            html.Div([html.Strong(str(d.get("kind") or "")), f": {a.get('says', '')} vs {b.get('says', '')}",
                      " ", state], className="dispute-head"),
            html.Div([_dispute_side(a, ma, mb, documents), _dispute_side(b, mb, ma, documents)],
                     className="dispute-sides"),
        ], className="dispute resolved" if res else "dispute"))
    return out


def report_section(ev: dict | None, documents: dict[str, dict]) -> list:
    """When each source reported ``ev`` (:func:`report_dates`): date published ("estimated"
    when the source gives none), before or after the event's own date, and the sentence."""
    from dash import html

    if not ev:
        return []
    d = ev.get("date") or {}
    items = []
    for r in report_dates(ev, documents):
        m = next((m for m in ev.get("mentions") or () if m.get("doc_id") == r["doc"]), {})
        when = ""
        if r["start"] and d.get("start") and d.get("end"):
            when = (" (before the event)" if r["end"] < d["start"] else
                    " (after the event)" if r["start"] > d["end"] else " (during the event)")
        title = (documents.get(r["doc"]) or {}).get("title") or r["doc"]
        items.append(html.Li([
            html.Span(r["published"] or "date unknown", className="report-date"),
            html.Span(" estimated", className="badge badge-estimated",
                      title="the source states no date; it was estimated") if r["estimated"] else None,
            when, " · ", html.Span(_short(str(title), 70), className="report-doc"),
            html.Div(_short(str(m.get("sentence") or ""), 200), className="report-sentence"),
        ], className="report"))
    return [html.H4(f"Reported ({len(items)})"), html.Ul(items, className="reports")] if items else []


_OP_WORDS = {"accept": "accepted", "reject": "rejected", "edit": "edited", "merge": "merged",
             "split": "split", "resolve": "resolved", "undo": "undid"}


def history_line(row: dict) -> str:
    """One curation operation (a row of ``CurationStore.history``) as a short sentence."""
    what = _OP_WORDS.get(str(row.get("op")), str(row.get("op")))
    payload = row.get("payload") or {}
    detail = ""
    if row.get("op") == "edit":
        parts = []
        for k, v in (payload.get("fields") or {}).items():
            v = v.get("value") if isinstance(v, dict) and k == "date" else v
            if k == "actors":
                v = ", ".join(str(a.get("label") or a.get("id")) for a in v or ())
            parts.append(f"{k} \u2192 {_short(str(v), 60)}")
        detail = ": " + "; ".join(parts)
    elif row.get("op") == "merge":
        detail = " " + " + ".join(str(i) for i in row.get("event_ids") or ())
    elif row.get("op") == "split":
        detail = f" off {len(payload.get('mention_ids') or ())} mention(s)"
    elif row.get("op") == "resolve":
        detail = f" a {(payload.get('dispute') or {}).get('kind', '')} dispute"
    elif row.get("op") == "undo":
        detail = f" operation {payload.get('op_id')}"
    time = str(row.get("time") or "")[:16].replace("T", " ")
    flag = " (undone)" if row.get("undone") else ""
    return f"#{row.get('id')} {time} {what}{detail}{flag}"


def curation_panel(ev: dict | None, history: list[dict] | None) -> list:
    """Notes and the operation history of an event (newest first), as components."""
    from dash import html

    if not ev:
        return []
    cur = ev.get("curation") or {}
    out = []
    if cur.get("notes"):
        out += [html.H4("Curator notes"),
                html.Ul([html.Li(str(n)) for n in cur["notes"]], className="notes")]
    rows = list(history or ())
    if rows:
        out += [html.H4(f"History ({len(rows)})"),
                html.Ol([html.Li(history_line(r), className="undone" if r.get("undone") else None)
                         for r in reversed(rows)], className="history", reversed=True)]
    return out


def last_undoable(history: list[dict] | None) -> dict | None:
    """The newest operation of ``history`` an Undo button would revert (not an undo, not undone)."""
    for row in reversed(list(history or ())):
        if row.get("op") != "undo" and not row.get("undone"):
            return row
    return None


def queue_options(items: list[dict]) -> list[dict]:
    """``review_queue`` items as RadioItems options: the label, a line break,
    then the reasons. Plain-text labels: Dash 4's RadioItems fails to render
    (React "reading 'props'") when options with component labels are added."""
    out = []
    for it in items:
        d = it.get("date") or "undated"
        out.append({"value": str(it.get("id")), "label": (
            f"{d} \u00b7 {it.get('type') or ''} \u00b7 {_short(it.get('label') or '', 70)}\n"
            + "; ".join(str(r) for r in it.get("reasons") or ()))})
    return out


def mention_options(ev: dict | None, documents: dict[str, dict]) -> list[dict]:
    """Checklist options for splitting an event: one per mention (id -> document and sentence)."""
    out = []
    for m in (ev or {}).get("mentions") or ():
        if not isinstance(m, dict) or not m.get("id"):
            continue
        doc = documents.get(m.get("doc_id"), {})
        title = doc.get("title") or m.get("doc_id") or "?"
        out.append({"value": str(m["id"]),
                    "label": f"{_short(str(title), 40)}: {_short(str(m.get('sentence') or ''), 90)}"})
    return out


# ---------------------------------------------------------------- URL state

#: The filter controls, by :class:`graph.query.Filter` field name (the filter bar's order).
CONTROL_KEYS = CONTROL_FIELDS


def empty_controls() -> dict:
    return Filter.empty_controls()


def controls_from_query(search: str | None, actor_labels: dict[str, str],
                        known_types=EVENT_TYPES, known_sources=None) -> dict:
    """Parse ``?actor=China&actor=RUS&from=2014&type=AGREE&q=treaty`` into
    control values (:meth:`graph.query.Filter.controls_from_params`). Actors
    may be given by label or id (case-insensitive); unknown actors, types,
    statuses and sources are dropped."""
    params = parse_qs((search or "").lstrip("?"), keep_blank_values=False)
    by_name = {}
    for aid, label in actor_labels.items():
        by_name.setdefault(str(label).casefold(), aid)
    for aid in actor_labels:
        by_name[str(aid).casefold()] = aid
    types = {t.casefold(): t for t in known_types}
    accept = {"actors": lambda a: by_name.get(a.strip().casefold()),
              "types": lambda t: types.get(t.casefold())}
    if known_sources is not None:
        accept["sources"] = lambda s: s if s in known_sources else None
    return Filter.controls_from_params(params, accept)


def query_from_controls(controls: dict, actor_labels: dict[str, str]) -> str:
    """Control values -> canonical query string (``""`` when no filter): the
    URL parameters of their filter (:meth:`graph.query.Filter.to_params`;
    what :meth:`~graph.query.Filter.lenient` leaves out is not written),
    actors by label."""
    params = Filter.lenient(controls)[0].to_params()
    actor = PARAMS["actors"]
    if actor in params:
        params[actor] = [actor_labels.get(a, a) for a in params[actor]]
    pairs = [(k, v) for k, vals in params.items() for v in vals]
    return ("?" + urlencode(pairs)) if pairs else ""
