"""eventline: command line and Dash explorer.

    python app.py                      # == serve on the bundled seeds/
    python app.py serve --corpus DIR   # browser explorer at http://127.0.0.1:8050
    python app.py extract --corpus DIR --output events.jsonl
    python app.py report --corpus DIR  # per document: events, date, text left out, why none
    python app.py timex article.txt --dct 2025-02-13
    python app.py export --corpus DIR --format graphml --output g.graphml --actor China
    python app.py curate reject event:3f2a9c1b7d4e --corpus DIR --note "not an event"
    python app.py add --corpus DIR new-article.txt more-articles/

Curation (``events.curation``) is applied on top of every extraction that
``serve``, ``extract`` and ``export`` run: rejected events are hidden unless
``--show-rejected``, and every event record carries ``curated``. Documents
added in the browser or with ``add`` are checked (text only, size-capped),
stored under generated names (never a name taken from the upload) and
extracted incrementally through the per-document cache.

Safety defaults: ``serve`` binds 127.0.0.1 unless ``--host``; Dash debug is off
unless ``--debug``; document text is only ever component text, never HTML.

The app is built by :func:`create_app` (a fresh app per call, nothing loaded
at import time); figures and components come from the pure builders in
:mod:`graph.views`; this module only wires them.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import threading
from pathlib import Path

from events.limits import (
    CEILING_MB,
    DEFAULT_MAX_DOCUMENT_MB,
    LimitError,
    format_mb,
    max_document_bytes,
)
from events.uploads import (  # the app's and its tests' names for them
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_TOTAL,  # noqa: F401 - the tests read it from here
    UploadError,
    check_document,
    read_upload_index,
    save_document,
    too_large,
    upload_fingerprint,
)

HERE = Path(__file__).resolve().parent
SEEDS = HERE / "seeds"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050
EXPORT_BUTTONS = (("graphml", "GraphML"), ("gexf", "GEXF"), ("csv", "CSV (zip)"), ("json", "JSON"))


class CliError(Exception):
    """A user error on the command line; the message is printed as one line."""


# ---------------------------------------------------------------- data loading


def load_corpus(corpus: str | os.PathLike | None, *, workers=None, dask=None, cache=True,
                progress=False, max_bytes: int | None = None):
    """Run the pipeline on ``corpus`` (default: the bundled seeds); files over
    ``max_bytes`` (default: the document limit, events/limits.py) are skipped.

    Returns the ``PipelineResult``; raises CliError for a missing folder.
    """
    from events.pipeline import run_pipeline

    path = Path(corpus) if corpus else SEEDS
    if not path.exists():
        raise CliError(f"corpus folder not found: {path}")
    if not path.is_dir():
        raise CliError(f"corpus is not a folder: {path}")
    return run_pipeline(path, workers=workers, dask=dask, cache=cache, progress=progress,
                        max_document_bytes=max_bytes)


def _require_documents(result, corpus) -> None:
    """A corpus with no usable document is an error (naming the files skipped and why)."""
    from events.report import no_documents_message

    if not result.documents:
        raise CliError(no_documents_message(corpus or SEEDS, getattr(result, "skipped", [])))


def _print_summary(result, n_events: int) -> None:
    """The one-line summary of a run and the documents that gave nothing, on stderr."""
    from events.report import nothing_lines, summary_line

    reports = getattr(result, "reports", None) or []
    print(f"eventline: {summary_line(reports, n_events)}", file=sys.stderr)
    for line in nothing_lines(reports):
        print(f"eventline:   {line}", file=sys.stderr)


def _report_problems(problems) -> None:
    for p in problems or ():
        print(f"eventline: note: {p}", file=sys.stderr)


# ---------------------------------------------------------------- filters


def resolve_actor(name: str, actor_labels: dict[str, str]) -> str:
    """An actor id from an id (``CHN``) or label (``China``), case-insensitive."""
    key = name.strip().casefold()
    if key.startswith("actor:"):
        key = key[6:]
    for aid in actor_labels:
        if aid.casefold() == key:
            return aid
    for aid, label in actor_labels.items():
        if str(label).casefold() == key:
            return aid
    known = ", ".join(sorted({str(v) for v in actor_labels.values()})[:12])
    raise CliError(f"unknown actor {name!r} (known actors include: {known})")


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


def open_store(corpus, store_path=None, *, create: bool):
    """The curation store of ``corpus`` (``--store`` wins); None when ``create``
    is false and no store exists yet (nothing to apply)."""
    from events.curation import CurationStore, default_store_path

    if store_path:
        return CurationStore(store_path)
    path = Path(corpus) if corpus else SEEDS
    if not create and not default_store_path(path).exists():
        return None
    return CurationStore.for_corpus(path)


def curate(events: list[dict], store, *, show_rejected: bool = False) -> list[dict]:
    """``events`` with the store's curation applied (every record gets
    ``curated``, also without a store); rejected ones left out unless
    ``show_rejected``. Unmatched operations are reported on stderr."""
    from events.curation import apply_curation, visible

    curated = apply_curation(events, store if store is not None else [])
    for w in curated.warnings[:20]:
        print(f"eventline: note: curation {w}", file=sys.stderr)
    return list(curated) if show_rejected else visible(curated)


# ---------------------------------------------------------------- Dash app


class _View:
    """Everything the callbacks read for one (documents, events, curation) state."""

    def __init__(self, key, documents, all_events, shown, uploads):
        from events.curation import event_ids
        from graph import views

        self.key = key
        self.documents = documents
        self.docs_by_id = {str(d.get("id")): d for d in documents}
        for d in documents:  # show the name a document was uploaded as
            up = uploads.get(str(d.get("file") or ""))
            if up:
                self.docs_by_id[str(d.get("id"))] = {**d, "title": f"{d.get('title') or ''} "
                                                     f"(uploaded as {up})".strip()}
        self.all_events = all_events
        self.warnings = list(getattr(all_events, "warnings", None) or ())
        self.owner = {}
        for ev in all_events:
            for i in event_ids(ev):
                self.owner.setdefault(i, ev)
        self.shown = shown
        self.index = views.build_index(shown)
        self._graph = None
        self._queue = None
        self._lock = threading.Lock()
        self._positions: dict[str, object] = {}

    def graph(self):
        from graph.build import build_graph

        with self._lock:
            if self._graph is None:
                self._graph = build_graph(self.shown, self.documents)
            return self._graph

    def positions(self, state):
        """Filtered event positions, memoised per filter state: the timeline
        and graph callbacks of one filter change compute it once."""
        from graph import views

        key = json.dumps(state or {}, sort_keys=True)
        pos = self._positions.get(key)
        if pos is None:
            try:
                pos = views.filter_positions(self.index, state or {})
            except views.ViewError:
                pos = views.filter_positions(self.index, {**(state or {}), "date_from": "", "date_to": ""})
            pos.setflags(write=False)  # shared by callbacks: read-only
            if len(self._positions) > 32:
                self._positions.clear()
            self._positions[key] = pos
        return pos

    def review_items(self, build):
        """The review queue of this view, computed once."""
        with self._lock:
            if self._queue is None:
                self._queue = build()
            return self._queue

    def find(self, some_id):
        """The (curated) event an event or mention id belongs to now, rejected ones included."""
        return self.owner.get(str(some_id)) if some_id else None

    def options(self):
        from events.model import EVENT_TYPES
        from graph import views

        index = self.index
        counts = views.actor_counts(index)
        actor_options = [
            {"label": f"{index.actor_labels.get(a, a)} ({n})", "value": a}
            for a, n in sorted(counts.items(), key=lambda kv: (-kv[1], index.actor_labels.get(kv[0], kv[0])))
        ]
        type_counts = {t: int((index.type_code == i).sum()) for i, t in enumerate(index.types)}
        type_options = [{"label": f"{t} ({type_counts.get(t, 0)})", "value": t}
                        for t in index.types if type_counts.get(t) or t in EVENT_TYPES]
        src_counts = {s: len(p) for s, p in index.sources.items()}
        source_options = [
            {"label": f"{views._short(self.docs_by_id.get(s, {}).get('title') or s, 60)} "
                      f"({src_counts.get(s, 0)})", "value": s}
            for s in sorted(set(self.docs_by_id) | set(src_counts))
        ]
        return actor_options, type_options, source_options

    @property
    def known_sources(self):
        return set(self.docs_by_id) | set(self.index.sources)


def create_app(documents: list[dict], events: list[dict], *, title: str = "eventline",
               store=None, corpus: str | os.PathLike | None = None,
               upload_dir: str | os.PathLike | None = None, show_rejected: bool = False,
               max_document_bytes: int = MAX_UPLOAD_BYTES, reports: list[dict] | None = None):
    """Build the Dash explorer over document and event records.

    Parameters
    ----------
    documents, events:
        The (uncurated) extraction: document and merged event records.
    store:
        A :class:`events.curation.CurationStore` or the path of one; None
        turns curation off (the buttons are disabled). Curation is re-applied
        from the store on every request whose operations changed, so several
        server processes and the ``curate`` command see each other's work.
    corpus:
        The corpus folder ``events`` came from (used when uploads go into it).
    upload_dir:
        Folder uploaded documents are stored in (under generated names);
        None turns uploads off. When it is ``corpus`` the corpus is re-run
        (cached: only new documents are extracted); otherwise the uploads'
        events are merged with ``events`` by ``events.merge.merge_events``.
    show_rejected:
        Keep rejected events in the timeline, graph and downloads.
    max_document_bytes:
        The size limit of one uploaded document (events/limits.py); one
        upload may carry twice that.
    reports:
        The document reports of the extraction (``PipelineResult.reports``),
        shown in the Documents panel and the empty state.

    Nothing is loaded at import and no module state is changed: every app
    has its own memo of derived views (keyed by the uploads' file list and the
    store's operation ids); the browser keeps only the filter controls, the
    selected event and the visible date range (small JSON in ``dcc.Store``).
    """
    import dash_cytoscape as cyto
    from dash import Dash, Input, Output, State, ctx, dcc, html, no_update

    from events.curation import (
        CurationError,
        CurationStore,
        apply_curation_fast,
        review_queue,
        visible,
    )
    from events.model import EVENT_TYPES, STATUSES
    from graph import documents as doc_views
    from graph import views

    if store is not None and not isinstance(store, CurationStore):
        store = CurationStore(store)
    base_docs, base_events = list(documents), list(events)
    reports_of = {("base",): list(reports or [])}  # dataset key -> its document reports
    up_dir = Path(upload_dir).resolve() if upload_dir else None
    in_corpus = up_dir is not None and corpus is not None and up_dir == Path(corpus).resolve()
    fp0 = upload_fingerprint(up_dir) if in_corpus else ()
    memo: dict[tuple, object] = {}
    memo_lock = threading.Lock()
    build_lock = threading.RLock()  # re-entrant: building a view may build the dataset

    def memoised(key, build):
        """``memo[key]``, built once: concurrent callbacks after a change wait
        for the one build instead of each rebuilding (one entry per kind kept)."""
        hit = memo.get(key)
        if hit is not None:
            return hit
        with build_lock:
            hit = memo.get(key)
            if hit is None:
                hit = build()
                with memo_lock:
                    for k in [k for k in memo if k[0] == key[0]]:
                        del memo[k]
                    memo[key] = hit
            return hit

    def dataset():
        """(key, documents, events) including uploads made since the app started."""
        fp = upload_fingerprint(up_dir)
        if fp == fp0:
            return ("base",), base_docs, base_events
        key = ("uploads", fp)

        def build():
            from events.merge import merge_events

            result = load_corpus(up_dir, workers=1, cache=True, max_bytes=max_document_bytes)
            reports_of[key] = result.reports if in_corpus else reports_of[("base",)] + result.reports
            if in_corpus:
                return key, result.documents, result.events
            seen = {str(d.get("id")) for d in base_docs}
            docs = base_docs + [d for d in result.documents if str(d.get("id")) not in seen]
            return key, docs, merge_events(base_events + result.events)
        return memoised(key, build)

    def view() -> _View:
        dkey, docs, evs = dataset()
        ops = store.operations() if store is not None else []
        key = ("view", dkey, tuple(o["id"] for o in ops))

        def build():
            curated = apply_curation_fast(evs, ops) if store is not None else evs
            shown = list(curated) if show_rejected or store is None else visible(curated)
            return _View(key, docs, curated, shown, read_upload_index(up_dir) if up_dir else {})
        return memoised(key, build)

    v0 = view()
    v0.graph()  # a malformed record fails here, at start-up, with its id
    actor_options, type_options, source_options = v0.options()
    status_options = [{"label": s, "value": s} for s in STATUSES]

    # compress=True gzips responses (flask-compress): the static bundles shrink from
    # about 6.5 MB to 1.9 MB on the first visit, layouts and figures by 5-10x.
    app = Dash(__name__, title=title, assets_folder=str(HERE / "assets"),
               suppress_callback_exceptions=False, update_title=None, compress=True)
    # a request larger than the upload limit (base64 is 4/3 the size) is refused
    up_total = 2 * max_document_bytes  # one upload: two documents at the limit
    app.server.config["MAX_CONTENT_LENGTH"] = up_total * 4 // 3 + 1024 * 1024

    def labelled(label, component, cls="field"):
        return html.Div([html.Label(label, htmlFor=component.id), component], className=cls)

    filter_bar = html.Section([
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
        html.Div([html.Button("Reset filters", id="reset-filters", n_clicks=0, className="btn")],
                 className="field buttons"),
    ], className="filter-bar", **{"aria-label": "Filters"})

    export_bar = html.Div(
        [html.Span("Download filtered graph:", className="export-label")]
        + [html.Button(label, id=f"download-{fmt}", n_clicks=0, className="btn btn-small",
                       title=f"Download the currently filtered graph as {label}")
           for fmt, label in EXPORT_BUTTONS]
        + [dcc.Download(id="download")],
        className="export-bar")

    curating = store is not None
    off = "" if curating else " (curation is off: no store)"
    curation_bar = html.Div([
        html.Div([
            html.Button("Accept", id="cur-accept", n_clicks=0, className="btn btn-small",
                        disabled=True, title="Mark this event as checked and right (key a)" + off),
            html.Button("Reject", id="cur-reject", n_clicks=0, className="btn btn-small",
                        disabled=True, title="Mark this event as wrong: it leaves the timeline, "
                        "graph and downloads (key r)" + off),
            html.Button("Edit", id="cur-edit", n_clicks=0, className="btn btn-small", disabled=True,
                        title="Correct date, type, status or label" + off),
            html.Button("Undo", id="cur-undo", n_clicks=0, className="btn btn-small", disabled=True,
                        title="Undo the last change to this event (key u)" + off),
            dcc.Input(id="cur-note", type="text", placeholder="note (why)", maxLength=500,
                      value="", className="cur-note", debounce=False),
        ], className="cur-buttons"),
        html.Div([
            labelled("Date (TIMEX3)", dcc.Input(id="edit-date", type="text", maxLength=40, value="",
                                                placeholder="2019, 2019-05, 2019-05-04, 2019-Q2")),
            labelled("Type", dcc.Dropdown(id="edit-type", options=list(EVENT_TYPES), clearable=False)),
            labelled("Status", dcc.Dropdown(id="edit-status", options=list(STATUSES), clearable=False)),
            labelled("Label", dcc.Input(id="edit-label", type="text", maxLength=300, value=""), "field wide"),
            html.Button("Save edit", id="cur-save", n_clicks=0, className="btn btn-small"),
        ], id="edit-form", className="edit-form", hidden=True),
        html.Details([
            html.Summary("Merge / split\u2026"),
            html.Div([
                dcc.Dropdown(id="merge-target", options=[], placeholder="merge with\u2026",
                             className="merge-target"),
                html.Button("Merge", id="cur-merge", n_clicks=0, className="btn btn-small",
                            disabled=True, title="Merge this event with the one chosen"),
            ], className="merge-row"),
            dcc.Checklist(id="split-mentions", options=[], value=[], className="split-list"),
            html.Button("Split checked mentions off", id="cur-split", n_clicks=0,
                        className="btn btn-small", disabled=True,
                        title="Move the ticked mentions into an event of their own (events with "
                              "several mentions only)"),
        ], className="merge-split"),
        html.Div(id="cur-message", className="cur-message", role="status"),
    ], className="curation-bar", **{"aria-label": "Curation"})

    up_limits = (f".txt, .md or .html; at most {format_mb(max_document_bytes)} each, "
                 f"{format_mb(up_total)} at once")
    upload_panel = html.Section([
        dcc.Upload(
            # no ``accept``: the browser would drop other files without a word; the
            # server refuses them with the reason
            id="upload", multiple=True,
            max_size=up_total, disabled=up_dir is None,
            children=html.Div(["Add documents: drop files here or ", html.U("choose files"),
                               html.Span(f" ({up_limits})" if up_dir is not None else
                                         " (uploads are off: serve a --corpus folder)",
                                         className="hint")]),
            className="upload-zone"),
        html.Div(id="upload-message", className="upload-message", role="status"),
    ], className="upload-panel", **{"aria-label": "Add documents"})

    review_panel = html.Details([
        html.Summary(["Review queue ", html.Span(id="queue-count", className="hint")]),
        html.P("Events most worth a look, least certain first. Keys: j/k next/previous, "
               "a accept, r reject, u undo (not while typing in a field).", className="hint"),
        dcc.RadioItems(id="review-queue", options=[], value=None, className="review-queue"),
    ], className="review-panel", id="review-panel")

    app.layout = html.Div([
        dcc.Location(id="url", refresh=False),
        dcc.Store(id="filter-state", data=views.empty_controls()),
        dcc.Store(id="view-range", data=None),
        dcc.Store(id="lane-count", data=views.DEFAULT_LANES),
        dcc.Store(id="selected-event", data=None),
        dcc.Store(id="data-version", data=0),
        html.Header([
            html.H1("eventline"),
            html.Div(id="counts", className="counts", role="status"),
            export_bar,
        ], className="app-header"),
        filter_bar,
        html.Div(id="filter-error", className="filter-error", role="alert"),
        html.Section([
            html.Div([
                html.Span(id="lane-note", className="lane-note"),
                html.Span("\u25cf day \u2501 month/year \u25cb planned/hypothetical \u2715 denied",
                          className="mark-key", title="How dates and statuses are drawn: a day is a "
                          "point; a month, year or decade a bar over its span; planned and hypothetical "
                          "events are hollow/dashed; denied events are crosses."),
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
        ], className="timeline-panel", **{"aria-label": "Timeline"}),
        html.Div([
            html.Div([
                dcc.Dropdown(id="event-picker", options=[], placeholder="Jump to an event\u2026",
                             clearable=True, className="event-picker"),
                curation_bar,
                html.Section(views.event_detail(None, v0.docs_by_id), id="event-detail",
                             className="detail-body",
                             **{"aria-label": "Event detail", "aria-live": "polite"}),
            ], className="detail-panel"),
            html.Section([
                html.Div(id="graph-caption", className="graph-caption"),
                cyto.Cytoscape(id="graph-view", elements=[], stylesheet=views.GRAPH_STYLESHEET,
                               layout={"name": "cose", "animate": False, "randomize": False,
                                       "idealEdgeLength": 60, "nodeRepulsion": 12000,
                                       "componentSpacing": 40, "gravity": 4, "padding": 6,
                                       "nodeDimensionsIncludeLabels": True},
                               style={"width": "100%", "height": "100%"}, minZoom=0.1, maxZoom=4,
                               responsive=True),
            ], className="graph-panel", **{"aria-label": "Actor-event graph"}),
        ], className="lower"),
        html.Div([review_panel, upload_panel], className="tools"),
        html.Details([html.Summary(id="documents-title"), html.Div(id="documents-body")],
                     id="documents-panel", className="documents-panel"),
    ], className="app")

    control_ids = ["actor-filter", "type-filter", "status-filter", "date-from", "date-to",
                   "source-filter", "text-search"]
    control_keys = ["actors", "types", "statuses", "date_from", "date_to", "sources", "query"]

    # One callback owns URL <-> controls <-> filter-state (a circular
    # callback, which Dash allows within one callback): no loops.
    @app.callback(
        Output("url", "search"),
        *[Output(c, "value") for c in control_ids],
        Output("filter-state", "data"),
        Output("filter-error", "children"),
        Input("url", "search"),
        *[Input(c, "value") for c in control_ids],
        Input("graph-view", "tapNodeData"),
        Input("reset-filters", "n_clicks"),
        Input("empty-reset", "n_clicks"),
        State("filter-state", "data"),
    )
    def sync_filters(search, *args):
        index = view().index
        values = list(args[: len(control_ids)])
        tap, _r1, _r2, state = args[len(control_ids):]
        trig = ctx.triggered_id
        if trig in (None, "url"):
            controls = views.controls_from_query(search, index.actor_labels,
                                                 known_types=index.types, known_sources=view().known_sources)
        elif trig in ("reset-filters", "empty-reset"):
            controls = views.empty_controls()
        else:
            controls = {k: (v if v is not None else ([] if k in ("actors", "types", "statuses", "sources") else ""))
                        for k, v in zip(control_keys, values, strict=True)}
            if trig == "graph-view":
                node = (tap or {}).get("id", "")
                if not str(node).startswith("actor:"):
                    return (no_update,) * (len(control_ids) + 3)
                aid = str(node)[6:]
                if aid not in controls["actors"]:
                    controls["actors"] = list(controls["actors"]) + [aid]
        errors = []
        effective = dict(controls)
        for key, name in (("date_from", "From"), ("date_to", "To")):
            try:
                views.parse_date_bound(controls[key], end=key == "date_to")
            except views.ViewError as exc:
                errors.append(f"{name}: {exc}; ignored.")
                effective[key] = ""
        try:
            views.filter_positions(index, {"date_from": effective["date_from"],
                                           "date_to": effective["date_to"]})
        except views.ViewError as exc:
            errors.append(f"{exc}; dates ignored.")
            effective["date_from"] = effective["date_to"] = ""
        new_search = views.query_from_controls(effective, index.actor_labels)
        out_search = new_search if new_search != (search or "") else no_update
        outs = [controls[k] if controls[k] != v else no_update
                for k, v in zip(control_keys, values, strict=True)]
        out_state = effective if effective != state else no_update
        return (out_search, *outs, out_state, " ".join(errors))

    @app.callback(
        Output("view-range", "data"),
        Input("timeline", "relayoutData"),
        Input("timeline", "clickData"),
        State("view-range", "data"),
        State("filter-state", "data"),
        prevent_initial_call=True,
    )
    def track_view(relayout, click, current, state):
        cur = tuple(current) if current else None
        if "timeline.clickData" in ctx.triggered_prop_ids:
            pts = (click or {}).get("points") or []
            if not pts or pts[0].get("customdata") is not None or "z" not in pts[0]:
                return no_update  # an event mark, not a density cell
            v = view()
            new = views.zoom_on_cell(pts[0].get("x"), cur, views.data_span(v.index, v.positions(state)))
            return list(new) if new else no_update
        new = views.view_from_relayout(relayout, cur)
        if new == cur:
            return no_update
        return list(new) if new else None

    @app.callback(
        Output("lane-count", "data"),
        Input("more-actors", "n_clicks"),
        Input("fewer-actors", "n_clicks"),
        State("lane-count", "data"),
        prevent_initial_call=True,
    )
    def change_lanes(_more, _fewer, n):
        n = int(n or views.DEFAULT_LANES)
        if ctx.triggered_id == "more-actors":
            return n + views.DEFAULT_LANES
        return max(views.DEFAULT_LANES, n - views.DEFAULT_LANES)

    @app.callback(
        Output("timeline", "figure"),
        Output("counts", "children"),
        Output("empty-state", "hidden"),
        Output("lane-note", "children"),
        Output("more-actors", "disabled"),
        Output("fewer-actors", "disabled"),
        Output("timeline", "style"),
        Input("filter-state", "data"),
        Input("view-range", "data"),
        Input("lane-count", "data"),
        Input("data-version", "data"),
    )
    def render_timeline(state, vrange, lanes, _version):
        v = view()
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
        # after "More actors" the plot grows (about 22 px a lane) and the page scrolls
        n_lanes = len(meta.get("lanes") or []) + 1
        style = {"height": "45vh", "minHeight": "260px"}
        if n_lanes > views.DEFAULT_LANES + 1:
            style["height"] = f"max(45vh, {n_lanes * 22 + 90}px)"
        return (fig, counts_text, len(pos) > 0, note, hidden == 0,
                int(lanes or views.DEFAULT_LANES) <= views.DEFAULT_LANES, style)

    @app.callback(
        Output("empty-title", "children"),
        Output("documents-title", "children"),
        Output("documents-body", "children"),
        Input("data-version", "data"),
    )
    def render_documents(_version):
        v = view()
        reps = reports_of.get(v.key[1], reports_of[("base",)])
        return (doc_views.empty_message(reps, len(v.all_events)), doc_views.documents_summary(reps),
                doc_views.documents_panel(reps, len(v.all_events)))

    @app.callback(
        Output("graph-view", "elements"),
        Output("graph-caption", "children"),
        Output("event-picker", "options"),
        Input("filter-state", "data"),
        Input("data-version", "data"),
    )
    def render_graph(state, _version):
        v = view()
        pos = v.positions(state)
        elements, caption = views.graph_elements(v.index, pos)
        return elements, caption, views.event_options(v.index, pos)

    @app.callback(
        Output("actor-filter", "options"),
        Output("type-filter", "options"),
        Output("source-filter", "options"),
        Input("data-version", "data"),
        prevent_initial_call=True,
    )
    def refresh_options(_version):
        return view().options()

    @app.callback(
        Output("review-queue", "options"),
        Output("review-queue", "value"),
        Output("queue-count", "children"),
        Input("data-version", "data"),
        State("review-queue", "value"),
        State("review-queue", "options"),
    )
    def render_queue(_version, current, old_options):
        v = view()
        items = v.review_items(lambda: review_queue(v.shown, limit=50))
        ids = [str(it["id"]) for it in items]
        value = current if current in ids else None
        if current and value is None:  # the current item was just decided: move to the next
            old = [o.get("value") for o in old_options or ()]
            after = old[old.index(current) + 1:] if current in old else []
            value = next((i for i in after if i in ids), None)
            if value is None:
                # its event may have a new id (merged): keep it selected if still queued
                ev = v.find(current)
                value = str(ev["id"]) if ev is not None and str(ev["id"]) in ids else None
        value = value if value != current else no_update
        count = f"({len(items)})"
        if v.warnings:  # curation of events a re-extraction no longer produces
            n = len(v.warnings)
            count += (f" \u00b7 {n} curation operation{'s' if n != 1 else ''} no longer "
                      f"match{'es' if n == 1 else ''} an event (see 'app.py curate history')")
        return views.queue_options(items), value, count

    @app.callback(
        Output("event-detail", "children"),
        Output("selected-event", "data"),
        Output("cur-accept", "disabled"),
        Output("cur-reject", "disabled"),
        Output("cur-edit", "disabled"),
        Output("cur-undo", "disabled"),
        Output("cur-undo", "title"),
        Output("edit-date", "value"),
        Output("edit-type", "value"),
        Output("edit-status", "value"),
        Output("edit-label", "value"),
        Output("merge-target", "options"),
        Output("split-mentions", "options"),
        Output("split-mentions", "value"),
        Output("cur-split", "disabled"),
        Output("cur-merge", "disabled"),
        Input("timeline", "clickData"),
        Input("graph-view", "tapNodeData"),
        Input("event-picker", "value"),
        Input("review-queue", "value"),
        Input("data-version", "data"),
        State("selected-event", "data"),
        prevent_initial_call=True,
    )
    def show_detail(click, tap, picked, queued, _version, selected):
        n_out = 16
        trig = ctx.triggered_id
        if trig == "event-picker":
            if not picked:
                return (no_update,) * n_out
            eid = picked
        elif trig == "review-queue":
            if not queued:
                return (no_update,) * n_out
            eid = queued
        elif trig == "graph-view":
            eid = (tap or {}).get("id", "")
            if not str(eid).startswith("event:"):
                return (no_update,) * n_out
        elif trig == "data-version":
            if not selected:
                return (no_update,) * n_out
            eid = selected
        else:
            pts = (click or {}).get("points") or []
            eid = next((p.get("customdata") for p in pts if isinstance(p.get("customdata"), str)), None)
            if eid is None:
                return (no_update,) * n_out
        v = view()
        ev = v.find(eid)
        if ev is None:
            return ([html.P(f"Unknown event {str(eid)[:80]}", className="hint")], None,
                    True, True, True, True, "", "", None, None, "", [], [], [], True, True)
        history = store.history_of(ev) if curating else []
        last = views.last_undoable(history)
        d = ev.get("date") or {}
        cur = ev.get("curation") or {}
        detail = views.event_detail(ev, v.docs_by_id) + views.curation_panel(ev, history)
        merge_opts = [o for o in views.event_options(v.index, range(len(v.index)))
                      if o["value"] != ev["id"]]
        split_opts = views.mention_options(ev, v.docs_by_id) if len(ev.get("mentions") or ()) > 1 else []
        undo_title = (f"Undo {views.history_line(last)}" if last else "Nothing to undo for this event")
        return (detail, str(eid), not curating or bool(cur.get("accepted")),
                not curating or bool(cur.get("rejected")), not curating, not curating or last is None,
                undo_title, str(d.get("value") or ""), ev.get("type") or None, ev.get("status") or None,
                str(ev.get("label") or ""), merge_opts, split_opts, [], not curating or not split_opts,
                not curating or not merge_opts)

    @app.callback(
        Output("edit-form", "hidden"),
        Input("cur-edit", "n_clicks"),
        State("edit-form", "hidden"),
        prevent_initial_call=True,
    )
    def toggle_edit(_n, hidden):
        return not hidden

    @app.callback(
        Output("data-version", "data"),
        Output("cur-message", "children"),
        Output("cur-note", "value"),
        Input("cur-accept", "n_clicks"),
        Input("cur-reject", "n_clicks"),
        Input("cur-save", "n_clicks"),
        Input("cur-undo", "n_clicks"),
        Input("cur-merge", "n_clicks"),
        Input("cur-split", "n_clicks"),
        State("selected-event", "data"),
        State("edit-date", "value"),
        State("edit-type", "value"),
        State("edit-status", "value"),
        State("edit-label", "value"),
        State("cur-note", "value"),
        State("merge-target", "value"),
        State("split-mentions", "value"),
        State("data-version", "data"),
        prevent_initial_call=True,
    )
    def curate_event(*args):
        selected, e_date, e_type, e_status, e_label, note, target, mentions, version = args[6:]
        action = str(ctx.triggered_id or "").removeprefix("cur-")
        if not curating:
            return no_update, "Curation is off (the app was started without a store).", no_update
        v = view()
        ev = v.find(selected)
        if ev is None:
            return no_update, "Choose an event first.", no_update
        note = (note or "").strip() or None
        eid = str(ev["id"])
        try:
            if action == "accept":
                op = store.accept(eid, note=note)
            elif action == "reject":
                op = store.reject(eid, note=note)
            elif action == "save":
                fields = {}
                if (e_date or "").strip() and e_date.strip() != str((ev.get("date") or {}).get("value") or ""):
                    fields["date"] = e_date.strip()
                if e_type and e_type != ev.get("type"):
                    fields["type"] = e_type
                if e_status and e_status != ev.get("status"):
                    fields["status"] = e_status
                if (e_label or "").strip() and e_label.strip() != str(ev.get("label") or ""):
                    fields["label"] = e_label.strip()
                if not fields:
                    return no_update, "Nothing changed: edit the date, type, status or label first.", no_update
                op = store.edit(eid, note=note, **fields)
            elif action == "undo":
                last = views.last_undoable(store.history_of(ev))
                if last is None:
                    return no_update, "Nothing to undo for this event.", no_update
                op = store.undo(last["id"], note=note)
            elif action == "merge":
                other = v.find(target)
                if other is None or str(other["id"]) == eid:
                    return no_update, "Choose another event to merge with.", no_update
                op = store.merge([eid, str(other["id"])], note=note)
            elif action == "split":
                ids = [m for m in mentions or () if isinstance(m, str)]
                if not ids:
                    return no_update, "Tick the mentions to split off first.", no_update
                op = store.split(eid, ids, note=note)
            else:
                return no_update, no_update, no_update
        except CurationError as exc:
            return no_update, f"Not saved: {exc}", no_update
        row = store.get(op)
        return int(version or 0) + 1, f"Saved: {views.history_line(row)}", ""

    @app.callback(
        Output("upload-message", "children"),
        Output("data-version", "data", allow_duplicate=True),
        Output("upload", "contents"),
        Input("upload", "contents"),
        State("upload", "filename"),
        State("data-version", "data"),
        prevent_initial_call=True,
    )
    def upload(contents, names, version):
        import base64
        import binascii

        if not contents:
            return no_update, no_update, no_update
        if up_dir is None:
            return "Uploads are off: start the explorer on a --corpus folder.", no_update, None
        contents = contents if isinstance(contents, list) else [contents]
        names = names if isinstance(names, list) else [names] * len(contents)
        lines, saved, total = [], [], 0
        for content, name in zip(contents, names, strict=False):
            shown = views.display_name(name)
            try:
                if not isinstance(content, str) or "," not in content:
                    raise UploadError(f"{shown}: the browser sent no file content")
                try:
                    data = base64.b64decode(content.split(",", 1)[1], validate=True)
                except (binascii.Error, ValueError):
                    raise UploadError(f"{shown}: the upload is damaged (bad base64)") from None
                total += len(data)
                if total > up_total:
                    raise UploadError(f"{shown}: over the {format_mb(up_total)} "
                                      "limit for one upload; add it separately")
                text = check_document(data, str(name or ""), max_document_bytes)
                saved.append((save_document(up_dir, text, str(name or "")), shown))
            except UploadError as exc:
                lines.append(html.Li(f"Rejected {exc}", className="upload-rejected"))
        if saved:
            try:
                v = view()
            except Exception as exc:  # noqa: BLE001 - extraction trouble: say so, keep the app
                for path, _shown in saved:
                    path.unlink(missing_ok=True)
                return ([html.Li(f"Could not extract the new documents ({exc}); they were removed.",
                                 className="upload-rejected")] + lines, no_update, None)
            for path, shown in saved:
                doc = next((d for d in v.documents if d.get("file") == path.name), None)
                n = len(v.index.sources.get(str(doc.get("id")), ())) if doc else 0
                lines.insert(0, html.Li(f"Added {shown}: {n} event{'s' if n != 1 else ''} found.",
                                        className="upload-added"))
        if not saved:
            lines.append(html.Li("Nothing was added; the documents already here are unchanged."))
        return html.Ul(lines), (int(version or 0) + 1) if saved else no_update, None

    @app.callback(
        Output("download", "data"),
        *[Input(f"download-{fmt}", "n_clicks") for fmt, _ in EXPORT_BUTTONS],
        State("filter-state", "data"),
        prevent_initial_call=True,
    )
    def download(*args):
        from graph.export import EXPORTERS

        fmt = str(ctx.triggered_id or "").removeprefix("download-")
        if fmt not in EXPORTERS:
            return no_update
        state = args[-1] or {}
        _fn, ext, _mime = EXPORTERS[fmt]
        buf = io.BytesIO()
        export_filtered(view().graph(), {**state, **_valid_dates(state)}, fmt, buf)
        ext = ext if str(ext).startswith(".") else "." + str(ext)
        return dcc.send_bytes(buf.getvalue(), f"eventline-filtered{ext}")

    return app


def create_server(corpus: str | None = None):
    """WSGI entry point: ``gunicorn 'app:create_server()'`` (loads the corpus,
    default the bundled seeds, when called -- never at import). Curation is
    read from and written to the corpus's store; uploads are off."""
    result = load_corpus(corpus)
    return create_app(result.documents, result.events, reports=result.reports,
                      store=open_store(corpus, create=True), corpus=corpus or SEEDS).server


def _valid_dates(state: dict) -> dict:
    from graph.views import ViewError, parse_date_bound

    out = {}
    for key in ("date_from", "date_to"):
        try:
            parse_date_bound(state.get(key))
        except ViewError:
            out[key] = ""
    return out


# ---------------------------------------------------------------- commands


def _upload_dir(args) -> Path | None:
    if args.no_uploads:
        return None
    if args.uploads:
        return Path(args.uploads)
    if args.corpus:
        return Path(args.corpus)
    from events.curation import user_data_dir

    return user_data_dir() / "uploads" / "seeds"  # never into the bundled seeds/


def cmd_serve(args) -> int:
    result = load_corpus(args.corpus, workers=args.workers, dask=args.dask, cache=not args.no_cache,
                         progress=True, max_bytes=_limit(args))
    _report_problems(result.problems)
    _print_summary(result, len(result.events))
    store = open_store(args.corpus, args.store, create=True)
    uploads = _upload_dir(args)
    app = create_app(result.documents, result.events, store=store, corpus=args.corpus or SEEDS,
                     upload_dir=uploads, show_rejected=args.show_rejected,
                     max_document_bytes=_limit(args), reports=getattr(result, "reports", None))
    print(f"eventline: {len(result.events)} events from {len(result.documents)} documents; "
          f"curation in {store.path}; uploads {'off' if uploads is None else 'into ' + str(uploads)}; "
          f"open http://{args.host}:{args.port}/", file=sys.stderr)
    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0


def cmd_curate(args) -> int:
    from events.curation import run_curate_command

    return run_curate_command(list(args.curate_args))


def cmd_add(args) -> int:
    """Copy documents into a corpus (the upload checks), then extract them."""
    from events.corpus import SUFFIXES

    corpus = Path(args.corpus)
    if not corpus.is_dir():
        raise CliError(f"corpus folder not found: {corpus}")
    files: list[Path] = []
    for item in args.paths:
        p = Path(item)
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUFFIXES
                           and not f.name.startswith("."))
            if not found:
                print(f"eventline: note: {p}: no .txt, .md or .html files in this folder", file=sys.stderr)
            files += found
        else:
            files.append(p)
    added, rejected = [], 0
    for f in files:
        try:
            if not f.is_file():
                raise UploadError(f"{f}: no such file")
            if f.stat().st_size > _limit(args):
                raise UploadError(too_large(f.name, f.stat().st_size, _limit(args)))
            text = check_document(f.read_bytes(), f.name, _limit(args))
            added.append((save_document(corpus, text, f.name), f.name))
        except (UploadError, OSError) as exc:
            rejected += 1
            msg = exc if isinstance(exc, UploadError) else f"{f}: {exc.strerror or exc}"
            print(f"eventline: rejected {msg}", file=sys.stderr)
    if added:
        result = load_corpus(corpus, workers=args.workers, cache=not args.no_cache,
                             max_bytes=_limit(args))
        _report_problems(result.problems)
        by_file = {d.get("file"): d.get("id") for d in result.documents}
        for path, name in added:
            doc_id = by_file.get(path.name)
            n = sum(1 for ev in result.events if doc_id in (ev.get("sources") or ()))
            why = next((f" ({r['reason']}: {r['detail']})" for r in getattr(result, "reports", ())
                        if r.get("file") == path.name and r.get("reason") and not n), "")
            print(f"eventline: added {name} as {path.name} (document {doc_id}): {n} events{why}",
                  file=sys.stderr)
        print(f"eventline: {len(result.events)} events from {len(result.documents)} documents in {corpus}",
              file=sys.stderr)
    if rejected:
        print(f"eventline: {rejected} file(s) rejected; {len(added)} added", file=sys.stderr)
        return 2
    return 0


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def cmd_extract(args) -> int:
    result = load_corpus(args.corpus, workers=args.workers, dask=args.dask, cache=not args.no_cache,
                         max_bytes=_limit(args))
    _report_problems(result.problems)
    _require_documents(result, args.corpus)
    events = curate(result.events, open_store(args.corpus, args.store, create=False),
                    show_rejected=args.show_rejected)
    lines = "".join(_dumps(ev) + "\n" for ev in events)
    if args.output:
        try:
            Path(args.output).write_text(lines, encoding="utf-8")
        except OSError as exc:
            raise CliError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        print(f"eventline: wrote {len(events)} events to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(lines)
    _print_summary(result, len(events))
    return 0


def cmd_report(args) -> int:
    """Every document's report (and every skipped file's) as a table or JSON Lines."""
    from events.report import report_table

    result = load_corpus(args.corpus, workers=args.workers, dask=args.dask, cache=not args.no_cache,
                         max_bytes=_limit(args))
    _report_problems(result.problems)
    if args.json:
        sys.stdout.write("".join(_dumps(r) + "\n" for r in result.reports))
    else:
        sys.stdout.write(report_table(result.reports) + "\n")
    _print_summary(result, len(result.events))
    return 0 if result.documents else 2


def cmd_timex(args) -> int:
    from events.corpus import read_text_file
    from events.timex import infer_dct, tag
    from graph.views import ViewError, parse_date_bound

    text = read_text_file(args.file, max_bytes=_limit(args))
    if args.dct:
        try:
            parse_date_bound(args.dct)  # a real day, month or year
        except ViewError as exc:
            raise CliError(f"--dct: {exc}") from None
        dct = args.dct.strip()
        if len(dct) not in (4, 7, 10):
            raise CliError(f"--dct: bad date {args.dct!r}: expected YYYY-MM-DD, YYYY-MM or YYYY")
    else:
        dct = infer_dct(text)
        if dct:
            print(f"eventline: no --dct given; inferred document date {dct} from the text",
                  file=sys.stderr)
        else:
            print("eventline: no --dct given and none could be inferred; relative dates stay "
                  "unresolved", file=sys.stderr)
    for tx in tag(text, dct):
        d = tx.to_dict() if hasattr(tx, "to_dict") else dict(tx)
        sys.stdout.write(_dumps(d) + "\n")
    return 0


def cmd_export(args) -> int:
    from graph.build import build_graph
    from graph.export import EXPORTERS
    from graph.views import ViewError, parse_date_bound

    if args.format not in EXPORTERS:
        raise CliError(f"unknown format {args.format!r}; choose from {', '.join(EXPORTERS)}")
    for opt, val in (("--from", args.date_from), ("--to", args.date_to)):
        try:
            parse_date_bound(val)
        except ViewError as exc:
            raise CliError(f"{opt}: {exc}") from None
    out = Path(args.output)
    if out.parent and not out.parent.exists():
        raise CliError(f"output folder does not exist: {out.parent}")
    result = load_corpus(args.corpus, workers=args.workers, dask=args.dask, cache=not args.no_cache,
                         max_bytes=_limit(args))
    _report_problems(result.problems)
    _require_documents(result, args.corpus)
    events = curate(result.events, open_store(args.corpus, args.store, create=False),
                    show_rejected=args.show_rejected)
    labels: dict[str, str] = {}
    for ev in events:
        for a in ev.get("actors") or ():
            labels.setdefault(str(a.get("id")), str(a.get("label") or a.get("id")))
    controls = {
        "actors": [resolve_actor(a, labels) for a in args.actor or ()],
        "types": [t.upper() for t in args.type or ()],
        "statuses": [s.lower() for s in args.status or ()],
        "date_from": args.date_from or "", "date_to": args.date_to or "",
        "sources": list(args.source or ()), "query": args.query or "",
    }
    G = build_graph(events, result.documents)
    try:
        export_filtered(G, controls, args.format, out)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(f"eventline: wrote {args.format} to {out}", file=sys.stderr)
    return 0


def _workers(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def _megabytes(text: str) -> float:
    try:
        mb = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of MB: {text!r}") from None
    try:
        max_document_bytes(mb)
    except LimitError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return mb


def _limit(args) -> int:
    """The document size limit in bytes of a command's ``--max-document-mb``."""
    return max_document_bytes(getattr(args, "max_document_mb", None))


def _port(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= n <= 65535:
        raise argparse.ArgumentTypeError("must be between 1 and 65535")
    return n


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="eventline",
        description="Dated events with actors, PLOVER types and provenance from a folder of news "
                    "articles; a timeline and actor-event graph explorer; graph exports. "
                    "Without a command: serve the bundled seeds/ corpus.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def limit_opt(sp):
        sp.add_argument("--max-document-mb", type=_megabytes, metavar="MB", default=None,
                        help=f"skip (and report) document files larger than this, before reading "
                             f"them (default {DEFAULT_MAX_DOCUMENT_MB} MB, at most {CEILING_MB})")

    def corpus_opts(sp):
        sp.add_argument("--corpus", metavar="DIR", default=None,
                        help="folder of articles (.txt/.md/.html, optional manifest.json); "
                             "default: the bundled seeds/")
        sp.add_argument("--workers", type=_workers, metavar="N", default=None,
                        help="extraction processes (default: all cores; 1 = in this process)")
        sp.add_argument("--dask", metavar="ADDR", default=None,
                        help="extract on Dask: 'local', 'local-threads' or a scheduler "
                             "address such as tcp://10.0.0.5:8786")
        sp.add_argument("--no-cache", action="store_true",
                        help="do not read or write the per-document extraction cache")
        limit_opt(sp)

    def curation_opts(sp):
        sp.add_argument("--store", metavar="FILE", default=None,
                        help="curation database (default: .eventline-curation.sqlite in the corpus "
                             "folder, else in the user data dir)")
        sp.add_argument("--show-rejected", action="store_true",
                        help="keep events a curator rejected (hidden by default)")

    sp = sub.add_parser("serve", help="run the browser explorer (the default command)",
                        description="Run the Dash explorer over a corpus.")
    corpus_opts(sp)
    curation_opts(sp)
    sp.add_argument("--uploads", metavar="DIR", default=None,
                    help="folder for documents added in the browser, stored under generated names "
                         "(default: the --corpus folder; for the bundled seeds a folder in the user "
                         "data dir)")
    sp.add_argument("--no-uploads", action="store_true", help="turn document uploads off")
    sp.add_argument("--host", default=DEFAULT_HOST,
                    help="interface to listen on (default 127.0.0.1: only this machine can "
                         "connect; use 0.0.0.0 only on a trusted network, the app has no login)")
    sp.add_argument("--port", type=_port, default=DEFAULT_PORT, help="port (default 8050)")
    sp.add_argument("--debug", action="store_true",
                    help="Dash debug mode (reloader, error pop-ups); off by default")
    sp.set_defaults(func=cmd_serve)

    sp = sub.add_parser("extract", help="extract events as JSON Lines",
                        description="Extract events, one JSON object a line; problems go to stderr.")
    corpus_opts(sp)
    curation_opts(sp)
    sp.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    sp.set_defaults(func=cmd_extract)

    sp = sub.add_parser("report", help="what became of each document: events, date, text left out",
                        description="One line per document (and per skipped file): the events "
                                    "found, the publication date used and where it came from, how "
                                    "much text was left out as boilerplate and as what, and why a "
                                    "document gave no events; the summary goes to stderr.")
    corpus_opts(sp)
    sp.add_argument("--json", action="store_true", help="one JSON object a document instead of a table")
    sp.set_defaults(func=cmd_report)

    sp = sub.add_parser("timex", help="list the time expressions of one text file",
                        description="One JSON object per time expression (start, end, text, "
                                    "type, value, granularity, mod, interval_start, interval_end, "
                                    "anchored); offsets index the file's decoded text.")
    sp.add_argument("file", metavar="FILE", help="a UTF-8 (or cp1252) text file")
    sp.add_argument("--dct", metavar="YYYY-MM-DD",
                    help="document creation time relative dates resolve against; a month "
                         "(YYYY-MM) or year is allowed when the day is not known "
                         "(default: inferred from the text, reported on stderr)")
    limit_opt(sp)
    sp.set_defaults(func=cmd_timex)

    sp = sub.add_parser("export", help="write the (filtered) actor-event graph to a file",
                        description="Export the graph filtered exactly as in the browser.")
    corpus_opts(sp)
    curation_opts(sp)
    sp.add_argument("--format", "-f", required=True, metavar="FMT",
                    help="graphml, gexf, csv (a zip of nodes/edges tables) or json (node-link)")
    sp.add_argument("--output", "-o", required=True, metavar="FILE", help="file to write")
    sp.add_argument("--actor", action="append", metavar="ID_OR_NAME",
                    help="keep events of this actor (id such as CHN or label such as China, "
                         "case-insensitive; repeat for any of several)")
    sp.add_argument("--from", dest="date_from", metavar="DATE",
                    help="keep events ending on/after DATE (YYYY, YYYY-MM or YYYY-MM-DD)")
    sp.add_argument("--to", dest="date_to", metavar="DATE",
                    help="keep events starting on/before DATE (YYYY, YYYY-MM or YYYY-MM-DD)")
    sp.add_argument("--type", action="append", metavar="T", help="PLOVER type such as AGREE (repeatable)")
    sp.add_argument("--status", action="append", metavar="S",
                    help="happened, planned, hypothetical or denied (repeatable)")
    sp.add_argument("--source", action="append", metavar="DOC", help="document id (repeatable)")
    sp.add_argument("--query", metavar="TEXT", help="words in the label or evidence")
    sp.set_defaults(func=cmd_export)

    sp = sub.add_parser(
        "curate", help="accept, reject, edit, merge, split or undo events; history; review queue",
        description="Human curation, kept in the corpus's curation store and applied on top of "
                    "every extraction. Subcommands: accept ID, reject ID, edit ID [--date V] "
                    "[--type T] [--status S] [--label L] [--actors JSON], merge ID ID..., split ID "
                    "MENTION..., undo [OP], history [ID], queue [--limit N]; each takes --corpus DIR "
                    "and optionally --store FILE, --note TEXT, --json, --no-check. "
                    "'app.py curate --help' shows the details.", add_help=False)
    sp.add_argument("curate_args", nargs=argparse.REMAINDER, metavar="SUBCOMMAND ...")
    sp.set_defaults(func=cmd_curate)

    sp = sub.add_parser(
        "add", help="copy documents into a corpus and extract them",
        description=f"Copy .txt, .md or .html files (or the ones in a folder) into a corpus under "
                    f"generated names (upload-<random>.txt; HTML is stored as its text), with the "
                    f"checks of the browser upload (at most {DEFAULT_MAX_DOCUMENT_MB} MB "
                    f"each unless --max-document-mb, text only), then extract them (cached: only "
                    f"the new ones).")
    sp.add_argument("--corpus", metavar="DIR", required=True, help="the corpus folder to add to")
    sp.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER")
    sp.add_argument("--workers", type=_workers, metavar="N", default=1,
                    help="extraction processes (default 1)")
    sp.add_argument("--no-cache", action="store_true",
                    help="do not read or write the per-document extraction cache")
    limit_opt(sp)
    sp.set_defaults(func=cmd_add)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (2 for any user error)."""
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["serve", *argv]  # "python app.py --corpus my-articles --port 8051"
    if argv[0] == "curate":  # every argument, options included, belongs to the curate parser
        from events.curation import run_curate_command

        return run_curate_command(argv[1:])
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed usage and the error
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        args = parser.parse_args(["serve", *argv])
    known = _known_errors()
    try:
        return int(args.func(args) or 0)
    except known as exc:
        msg = " ".join(str(exc).split()) or type(exc).__name__
        print(f"eventline: error: {msg}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _known_errors() -> tuple[type[BaseException], ...]:
    errs: list[type[BaseException]] = [CliError, UploadError, OSError, UnicodeError, ValueError]
    for mod, name in (("events.corpus", "CorpusError"), ("events.curation", "CurationError"), ("events.pipeline", "PipelineError"),
                      ("graph.build", "GraphBuildError"), ("graph.views", "ViewError"),
                      ("graph.query", "QueryError"), ("graph.export", "ExportError"),
                      ("events.timex", "TimexError")):
        try:
            errs.append(getattr(__import__(mod, fromlist=[name]), name))
        except (ImportError, AttributeError):
            continue
    return tuple(errs)


if __name__ == "__main__":
    sys.exit(main())
