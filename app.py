"""eventline: command line and Dash explorer.

    python app.py                      # == serve on the bundled seeds/
    python app.py serve --corpus DIR   # browser explorer at http://127.0.0.1:8050
    python app.py extract --corpus DIR --output events.jsonl
    python app.py timex article.txt --dct 2025-02-13
    python app.py export --corpus DIR --format graphml --output g.graphml --actor China

The app is built by :func:`create_app` (a fresh app per call, nothing loaded
at import time); figures and components come from the pure builders in
:mod:`graph.views`; this module only wires them.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = HERE / "seeds"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050
EXPORT_BUTTONS = (("graphml", "GraphML"), ("gexf", "GEXF"), ("csv", "CSV (zip)"), ("json", "JSON"))


class CliError(Exception):
    """A user error on the command line; the message is printed as one line."""


# ---------------------------------------------------------------- data loading


def load_corpus(corpus: str | os.PathLike | None, *, workers=None, dask=None, cache=True,
                progress=False):
    """Run the pipeline on ``corpus`` (default: the bundled seeds).

    Returns the ``PipelineResult``; raises CliError for a missing folder.
    """
    from events.pipeline import run_pipeline

    path = Path(corpus) if corpus else SEEDS
    if not path.exists():
        raise CliError(f"corpus folder not found: {path}")
    if not path.is_dir():
        raise CliError(f"corpus is not a folder: {path}")
    return run_pipeline(path, workers=workers, dask=dask, cache=cache, progress=progress)


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


# ---------------------------------------------------------------- Dash app


def create_app(documents: list[dict], events: list[dict], *, title: str = "eventline"):
    """Build the Dash explorer over document and event records.

    The graph and the column index are built once here and only read by the
    callbacks; the browser keeps only the filter controls and the visible
    date range (small JSON in ``dcc.Store``).
    """
    import dash_cytoscape as cyto
    from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

    from events.model import EVENT_TYPES, STATUSES
    from graph import views
    from graph.build import build_graph

    index = views.build_index(events)
    docs_by_id = {str(d.get("id")): d for d in documents}
    G = build_graph(events, documents)
    counts = views.actor_counts(index)
    actor_options = [
        {"label": f"{index.actor_labels.get(a, a)} ({n})", "value": a}
        for a, n in sorted(counts.items(), key=lambda kv: (-kv[1], index.actor_labels.get(kv[0], kv[0])))
    ]
    type_counts = {t: int((index.type_code == i).sum()) for i, t in enumerate(index.types)}
    type_options = [{"label": f"{t} ({type_counts.get(t, 0)})", "value": t}
                    for t in index.types if type_counts.get(t) or t in EVENT_TYPES]
    status_options = [{"label": s, "value": s} for s in STATUSES]
    src_counts = {s: len(p) for s, p in index.sources.items()}
    source_options = [
        {"label": f"{views._short(docs_by_id.get(s, {}).get('title') or s, 60)} ({src_counts.get(s, 0)})",
         "value": s}
        for s in sorted(set(docs_by_id) | set(src_counts))
    ]
    known_sources = set(docs_by_id) | set(src_counts)
    n_docs = len(known_sources)

    app = Dash(__name__, title=title, assets_folder=str(HERE / "assets"),
               suppress_callback_exceptions=False, update_title=None)

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

    app.layout = html.Div([
        dcc.Location(id="url", refresh=False),
        dcc.Store(id="filter-state", data=views.empty_controls()),
        dcc.Store(id="view-range", data=None),
        dcc.Store(id="lane-count", data=views.DEFAULT_LANES),
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
                html.P("No events match these filters.", className="empty-title"),
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
                html.Section(views.event_detail(None, docs_by_id), id="event-detail",
                             className="detail-body",
                             **{"aria-label": "Event detail", "aria-live": "polite"}),
            ], className="detail-panel"),
            html.Section([
                html.Div(id="graph-caption", className="graph-caption"),
                cyto.Cytoscape(id="graph-view", elements=[], stylesheet=views.GRAPH_STYLESHEET,
                               layout={"name": "cose", "animate": False, "randomize": False,
                                       "idealEdgeLength": 40, "nodeRepulsion": 6000,
                                       "componentSpacing": 30, "gravity": 2, "padding": 8,
                                       "nodeDimensionsIncludeLabels": True},
                               style={"width": "100%", "height": "100%"}, minZoom=0.1, maxZoom=4,
                               responsive=True),
            ], className="graph-panel", **{"aria-label": "Actor-event graph"}),
        ], className="lower"),
    ], className="app")
    del ALL

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
        values = list(args[: len(control_ids)])
        tap, _r1, _r2, state = args[len(control_ids):]
        trig = ctx.triggered_id
        if trig in (None, "url"):
            controls = views.controls_from_query(search, index.actor_labels,
                                                 known_types=index.types, known_sources=known_sources)
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
            new = views.zoom_on_cell(pts[0].get("x"), cur,
                                     views.data_span(index, positions_for(state)))
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

    @functools.lru_cache(maxsize=32)
    def _positions(key: str):
        state = json.loads(key)
        try:
            pos = views.filter_positions(index, state)
        except views.ViewError:
            pos = views.filter_positions(index, {**state, "date_from": "", "date_to": ""})
        pos.setflags(write=False)  # shared by callbacks: read-only
        return pos

    def positions_for(state):
        """Filtered event positions, memoised per filter state: the timeline
        and graph callbacks of one filter change compute it once."""
        return _positions(json.dumps(state or {}, sort_keys=True))

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
    )
    def render_timeline(state, view, lanes):
        pos = positions_for(state)
        fig = views.timeline_figure(index, pos, lanes=int(lanes or views.DEFAULT_LANES),
                                    pinned=(state or {}).get("actors") or (),
                                    view=tuple(view) if view else None)
        meta = fig["layout"].get("meta", {})
        n_actors = len(views.actor_counts(index, pos))
        n_src = views.source_count(index, pos)
        counts_text = (f"{len(pos):,} of {len(index):,} events \u00b7 {n_actors:,} actors \u00b7 "
                       f"{n_src:,} of {n_docs:,} documents")
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
        Output("graph-view", "elements"),
        Output("graph-caption", "children"),
        Output("event-picker", "options"),
        Input("filter-state", "data"),
    )
    def render_graph(state):
        pos = positions_for(state)
        elements, caption = views.graph_elements(index, pos)
        return elements, caption, views.event_options(index, pos)

    @app.callback(
        Output("event-detail", "children"),
        Input("timeline", "clickData"),
        Input("graph-view", "tapNodeData"),
        Input("event-picker", "value"),
        prevent_initial_call=True,
    )
    def show_detail(click, tap, picked):
        if ctx.triggered_id == "event-picker":
            if not picked:
                return no_update
            eid = picked
        elif ctx.triggered_id == "graph-view":
            eid = (tap or {}).get("id", "")
            if not str(eid).startswith("event:"):
                return no_update
        else:
            pts = (click or {}).get("points") or []
            eid = next((p.get("customdata") for p in pts if isinstance(p.get("customdata"), str)), None)
            if eid is None:
                return no_update
        i = index.pos.get(str(eid))
        if i is None:
            return [html.P(f"Unknown event {str(eid)[:80]}", className="hint")]
        return views.event_detail(index.events[i], docs_by_id)

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
        export_filtered(G, {**state, **_valid_dates(state)}, fmt, buf)
        ext = ext if str(ext).startswith(".") else "." + str(ext)
        return dcc.send_bytes(buf.getvalue(), f"eventline-filtered{ext}")

    return app


def create_server(corpus: str | None = None):
    """WSGI entry point: ``gunicorn 'app:create_server()'`` (loads the corpus,
    default the bundled seeds, when called -- never at import)."""
    result = load_corpus(corpus)
    return create_app(result.documents, result.events).server


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


def cmd_serve(args) -> int:
    result = load_corpus(args.corpus, workers=args.workers, dask=args.dask, cache=not args.no_cache,
                         progress=True)
    _report_problems(result.problems)
    app = create_app(result.documents, result.events)
    print(f"eventline: {len(result.events)} events from {len(result.documents)} documents; "
          f"open http://{args.host}:{args.port}/", file=sys.stderr)
    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def cmd_extract(args) -> int:
    result = load_corpus(args.corpus, workers=args.workers, dask=args.dask, cache=not args.no_cache)
    _report_problems(result.problems)
    lines = "".join(_dumps(ev) + "\n" for ev in result.events)
    if args.output:
        try:
            Path(args.output).write_text(lines, encoding="utf-8")
        except OSError as exc:
            raise CliError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        print(f"eventline: wrote {len(result.events)} events to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(lines)
    return 0


def cmd_timex(args) -> int:
    from events.corpus import read_text_file
    from events.timex import infer_dct, tag
    from graph.views import ViewError, parse_date_bound

    text = read_text_file(args.file)
    if args.dct:
        try:
            day = parse_date_bound(args.dct)
        except ViewError as exc:
            raise CliError(f"--dct: {exc}") from None
        if len(args.dct.strip()) != 10:
            raise CliError(f"--dct: bad date {args.dct!r}: expected YYYY-MM-DD")
        dct = day.isoformat()
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
    result = load_corpus(args.corpus, workers=args.workers, dask=args.dask, cache=not args.no_cache)
    _report_problems(result.problems)
    labels: dict[str, str] = {}
    for ev in result.events:
        for a in ev.get("actors") or ():
            labels.setdefault(str(a.get("id")), str(a.get("label") or a.get("id")))
    controls = {
        "actors": [resolve_actor(a, labels) for a in args.actor or ()],
        "types": [t.upper() for t in args.type or ()],
        "statuses": [s.lower() for s in args.status or ()],
        "date_from": args.date_from or "", "date_to": args.date_to or "",
        "sources": list(args.source or ()), "query": args.query or "",
    }
    G = build_graph(result.events, result.documents)
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

    sp = sub.add_parser("serve", help="run the browser explorer (the default command)",
                        description="Run the Dash explorer over a corpus.")
    corpus_opts(sp)
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
    sp.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    sp.set_defaults(func=cmd_extract)

    sp = sub.add_parser("timex", help="list the time expressions of one text file",
                        description="One JSON object per time expression (start, end, text, "
                                    "type, value, granularity, mod, interval_start, interval_end, "
                                    "anchored); offsets index the file's decoded text.")
    sp.add_argument("file", metavar="FILE", help="a UTF-8 (or cp1252) text file")
    sp.add_argument("--dct", metavar="YYYY-MM-DD",
                    help="document creation time relative dates resolve against "
                         "(default: inferred from the text, reported on stderr)")
    sp.set_defaults(func=cmd_timex)

    sp = sub.add_parser("export", help="write the (filtered) actor-event graph to a file",
                        description="Export the graph filtered exactly as in the browser.")
    corpus_opts(sp)
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
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (2 for any user error)."""
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        argv = ["serve"]
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
    errs: list[type[BaseException]] = [CliError, OSError, UnicodeError, ValueError]
    for mod, name in (("events.corpus", "CorpusError"), ("events.pipeline", "PipelineError"),
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
