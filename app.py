"""eventline: the command line, and the wiring of the Dash explorer (package explorer/).

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

This module is the command line and the wiring: the explorer itself (layout,
view state, one module per panel) is the package :mod:`explorer`, whose
:func:`create_app` builds a fresh app per call (nothing is loaded at import
time); figures and components come from the pure builders in :mod:`graph.views`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from events.limits import (
    CEILING_MB,
    DEFAULT_MAX_DOCUMENT_MB,
    LimitError,
    max_document_bytes,
)
from events.uploads import (  # noqa: F401 - the app's and its tests' names for them
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_TOTAL,
    UPLOAD_SUFFIXES,
    UploadError,
    add_document,
    check_document,
    read_upload_index,
    save_document,
    too_large,
    upload_fingerprint,
)
from explorer import create_app
from explorer.controls import EmptyExport, export_filtered, make_filter  # noqa: F401 - also the CLI's

HERE = Path(__file__).resolve().parent
SEEDS = HERE / "seeds"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050


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


def resolve_actor(name: str, actor_labels: dict[str, str], aliases=None) -> str:
    """An actor id from an id (``CHN``), label (``China``), gazetteer alias
    (``Trump``) or label word (``putin``), case-insensitive; an unknown or
    ambiguous name is a CliError naming up to 5 close known actors
    (:func:`graph.names.resolve_actor_name`). ``aliases`` (id -> names)
    defaults to the gazetteer's, for the ids in ``actor_labels``."""
    from graph.names import ActorNameError, resolve_actor_name

    if aliases is None:
        aliases = _gazetteer_aliases(actor_labels)
    try:
        return resolve_actor_name(name, actor_labels, aliases)
    except ActorNameError as exc:
        raise CliError(str(exc)) from None


def _gazetteer_aliases(actor_labels) -> dict[str, list[str]]:
    try:
        from events.actors import get_gazetteer

        g = get_gazetteer()
    except Exception:  # noqa: BLE001 - a broken gazetteer only costs the aliases
        return {}
    out = {}
    for aid in actor_labels:
        rec = g.actor(aid) or {}
        out[aid] = list(rec.get("aliases") or ())
    return out


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


# ---------------------------------------------------------------- the explorer


def create_server(corpus: str | None = None):
    """WSGI entry point: ``gunicorn 'app:create_server()'`` (loads the corpus,
    default the bundled seeds, when called -- never at import). Curation is
    read from and written to the corpus's store; uploads are off."""
    from explorer.accounts import open_users

    result = load_corpus(corpus)
    users = open_users()
    return create_app(result.documents, result.events, reports=result.reports,
                      store=open_store(corpus, create=True), corpus=corpus or SEEDS,
                      users=users, login=bool(users and users.has_users())).server


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


def _accounts(args):
    """The accounts file of ``serve`` (None when there is none) and whether to ask for a
    login (explorer.serving.login_required: refuses an open server off this machine)."""
    from explorer.accounts import open_users
    from explorer.serving import ServeError, login_required

    users = open_users(args.users)
    try:
        return users, login_required(args.host, users, no_login=args.no_login)
    except ServeError as exc:
        raise CliError(str(exc)) from None


def cmd_serve(args) -> int:
    from explorer.serving import run

    users, login = _accounts(args)  # before the work: a refused start costs nothing
    result = load_corpus(args.corpus, workers=args.workers, dask=args.dask, cache=not args.no_cache,
                         progress=True, max_bytes=_limit(args))
    _report_problems(result.problems)
    _print_summary(result, len(result.events))
    store = open_store(args.corpus, args.store, create=True)
    uploads = None if args.read_only else _upload_dir(args)
    app = create_app(result.documents, result.events, store=store, corpus=args.corpus or SEEDS,
                     upload_dir=uploads, show_rejected=args.show_rejected,
                     allow_private_urls=args.allow_private_urls,
                     max_document_bytes=_limit(args), reports=getattr(result, "reports", None),
                     users=users, login=login, read_only=args.read_only)
    access = ("read-only; " if args.read_only else "") + (
        f"login required ({users.path})" if login else "no login")
    print(f"eventline: {len(result.events)} events from {len(result.documents)} documents; "
          f"curation in {store.path}; uploads {'off' if uploads is None else 'into ' + str(uploads)}; "
          f"{access}; open http://{args.host}:{args.port}/", file=sys.stderr)
    run(app, args.host, args.port, debug=args.debug, behind_proxy=args.behind_proxy)
    return 0


def cmd_add(args) -> int:
    """Copy documents into a corpus (the upload checks), then extract them."""
    from events.corpus import SUFFIXES

    corpus = Path(args.corpus)
    if not corpus.is_dir():
        raise CliError(f"corpus folder not found: {corpus}")
    files: list[Path] = []
    urls = [item for item in args.paths if _looks_like_url(item)]
    for item in args.paths:
        p = Path(item)
        if item in urls:
            continue
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUFFIXES
                           and not f.name.startswith("."))
            if not found:
                print(f"eventline: note: {p}: no .txt, .md, .html or .pdf files in this folder", file=sys.stderr)
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
            added.append((add_document(corpus, f.read_bytes(), f.name, _limit(args)), f.name))
        except (UploadError, OSError) as exc:
            rejected += 1
            msg = exc if isinstance(exc, UploadError) else f"{f}: {exc.strerror or exc}"
            print(f"eventline: rejected {msg}", file=sys.stderr)
    for url in urls:
        try:
            added.append(_add_url(corpus, url, args.allow_private_urls))
        except UploadError as exc:
            rejected += 1
            print(f"eventline: rejected {exc}", file=sys.stderr)
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


def _looks_like_url(text: str) -> bool:
    from events.fetch import looks_like_url

    return looks_like_url(text)


def _add_url(corpus: Path, url: str, allow_private: bool) -> tuple[Path, str]:
    from events.uploads import add_url

    path, final = add_url(corpus, url, allow_private=allow_private)
    return path, final


def cmd_text(args) -> int:
    """The text events are extracted from, as the extractor reads it (offsets index it)."""
    from events.readers import text_record

    record = text_record(args.file)
    for note in record.pop("notes", ()):
        print(f"eventline: note: {note}", file=sys.stderr)
    if args.json:
        sys.stdout.write(_dumps(record) + "\n")
    else:
        sys.stdout.write(record["text"] + ("" if record["text"].endswith("\n") else "\n"))
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
    from graph.query import QueryError, date_interval

    text = read_text_file(args.file, max_bytes=_limit(args))
    if args.dct:
        try:
            date_interval(args.dct)  # a real day, month or year
        except QueryError as exc:
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
    from dataclasses import replace

    from graph.build import build_graph
    from graph.export import EXPORTERS
    from graph.query import Filter, QueryError, date_interval

    if args.format not in EXPORTERS:
        raise CliError(f"unknown format {args.format!r}; choose from {', '.join(EXPORTERS)}")
    for opt, val in (("--from", args.date_from), ("--to", args.date_to),
                     ("--reported-from", args.reported_from), ("--reported-to", args.reported_to)):
        try:
            if val and val.strip():
                date_interval(val)
        except QueryError as exc:
            raise CliError(f"{opt}: {exc}") from None
    try:  # all but the actors, which need the corpus's names: checked before it is read
        flt = Filter(types=tuple(args.type or ()), statuses=tuple(args.status or ()),
                     date_from=args.date_from or "", date_to=args.date_to or "",
                     sources=tuple(args.source or ()), query=args.query or "",
                     disputed=args.disputed, reported_from=args.reported_from or "",
                     reported_to=args.reported_to or "")
    except QueryError as exc:
        raise CliError(str(exc)) from None
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
    flt = replace(flt, actors=tuple(resolve_actor(a, labels) for a in args.actor or ()))
    G = build_graph(events, result.documents)
    try:
        n = export_filtered(G, flt, args.format, out, allow_empty=False)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(f"eventline: wrote {args.format} with {n} event{'s' if n != 1 else ''} to {out}",
          file=sys.stderr)
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


def limit_opt(sp) -> None:
    sp.add_argument("--max-document-mb", type=_megabytes, metavar="MB", default=None,
                    help=f"skip (and report) document files larger than this, before reading "
                         f"them (default {DEFAULT_MAX_DOCUMENT_MB} MB, at most {CEILING_MB})")


def _port(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= n <= 65535:
        raise argparse.ArgumentTypeError("must be between 1 and 65535")
    return n


def corpus_opts(sp) -> None:
    """The corpus and extraction options of serve, extract and export."""
    sp.add_argument("--corpus", metavar="DIR", default=None,
                    help="folder of articles (.txt/.md/.html/.pdf, optional manifest.json); "
                         "default: the bundled seeds/")
    sp.add_argument("--workers", type=_workers, metavar="N", default=None,
                    help="extraction processes (default: all cores; 1 = in this process)")
    sp.add_argument("--dask", metavar="ADDR", default=None,
                    help="extract on Dask: 'local', 'local-threads' or a scheduler "
                         "address such as tcp://10.0.0.5:8786")
    sp.add_argument("--no-cache", action="store_true",
                    help="do not read or write the per-document extraction cache")
    limit_opt(sp)


def curation_opts(sp) -> None:
    """The curation options of serve, extract and export."""
    sp.add_argument("--store", metavar="FILE", default=None,
                    help="curation database (default: .eventline-curation.sqlite in the corpus "
                         "folder, else in the user data dir)")
    sp.add_argument("--show-rejected", action="store_true",
                    help="keep events a curator rejected (hidden by default)")


def _serve_parser(sub) -> None:
    sp = sub.add_parser("serve", help="run the browser explorer (the default command)",
                        description="Run the Dash explorer over a corpus.")
    corpus_opts(sp)
    curation_opts(sp)
    sp.add_argument("--uploads", metavar="DIR", default=None,
                    help="folder for documents added in the browser, stored under generated names "
                         "(default: the --corpus folder; for the bundled seeds a folder in the user "
                         "data dir)")
    sp.add_argument("--no-uploads", action="store_true", help="turn document uploads off")
    sp.add_argument("--allow-private-urls", action="store_true",
                    help="let the add box fetch pages from loopback, private and link-local "
                         "addresses (refused by default: the server must not fetch from its own "
                         "network)")
    sp.add_argument("--host", default=DEFAULT_HOST,
                    help="interface to listen on (default 127.0.0.1: only this machine can "
                         "connect). Any other address needs accounts ('users add') or --no-login")
    sp.add_argument("--port", type=_port, default=DEFAULT_PORT, help="port (default 8050)")
    sp.add_argument("--users", metavar="FILE", default=None,
                    help="accounts file (default: users.sqlite in the user data dir); with "
                         "accounts, every visitor logs in")
    sp.add_argument("--no-login", action="store_true",
                    help="serve without login on a non-loopback address (a trusted network only)")
    sp.add_argument("--read-only", action="store_true",
                    help="turn uploads and curation off for everybody")
    sp.add_argument("--behind-proxy", action="store_true",
                    help="trust one reverse proxy's X-Forwarded-Proto/Host/For (HTTPS cookies)")
    sp.add_argument("--debug", action="store_true",
                    help="Flask's development server with Dash debug mode (reloader, error "
                         "pop-ups) instead of waitress; never on a shared machine")
    sp.set_defaults(func=cmd_serve)


def _file_parsers(sub) -> None:
    """timex and text: commands over one file."""
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

    sp = sub.add_parser("text", help="print the text events are extracted from (a page's article body)",
                        description="Print one file's text exactly as the extractor reads it: a web "
                                    "page's article body, a PDF's text layer; the offsets of evidence "
                                    "index this text.")
    sp.add_argument("file", metavar="FILE", help="a .txt, .md, .html, .htm or .pdf file")
    sp.add_argument("--json", action="store_true",
                    help="one JSON object: text, title, author, site, url, published and "
                         "published_basis (manifest, page, text or none)")
    sp.set_defaults(func=cmd_text)


def _add_parser(sub) -> None:
    sp = sub.add_parser(
        "add", help="copy documents into a corpus and extract them",
        description=f"Copy .txt, .md, .html or .pdf files (or the ones in a folder), or web pages by "
                    f"their URL, into a corpus under "
                    f"generated names (upload-<random>.txt, a file stored as its text; "
                    f"upload-<random>.html, a web page as it came), with the "
                    f"checks of the browser upload (at most {DEFAULT_MAX_DOCUMENT_MB} MB each unless "
                    f"--max-document-mb, text only), then extract them (cached: only the new "
                    f"ones).")
    sp.add_argument("--corpus", metavar="DIR", required=True, help="the corpus folder to add to")
    sp.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER_OR_URL",
                    help="files, folders, or http(s) URLs of web pages (downloaded and stored as "
                         ".html with their URL in the manifest)")
    sp.add_argument("--allow-private-urls", action="store_true",
                    help="let URLs reach loopback, private and link-local addresses (refused by "
                         "default: a server must not fetch from its own network)")
    sp.add_argument("--workers", type=_workers, metavar="N", default=1,
                    help="extraction processes (default 1)")
    sp.add_argument("--no-cache", action="store_true",
                    help="do not read or write the per-document extraction cache")
    limit_opt(sp)
    sp.set_defaults(func=cmd_add)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="eventline",
        description="Dated events with actors, PLOVER types and provenance from a folder of news "
                    "articles; a timeline and actor-event graph explorer; graph exports. "
                    "Without a command: serve the bundled seeds/ corpus.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    _serve_parser(sub)

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

    _file_parsers(sub)

    sp = sub.add_parser("export", help="write the (filtered) actor-event graph to a file",
                        description="Export the graph filtered exactly as in the browser.")
    corpus_opts(sp)
    curation_opts(sp)
    sp.add_argument("--format", "-f", required=True, metavar="FMT",
                    help="graphml, gexf, csv (a zip of nodes/edges tables) or json (node-link)")
    sp.add_argument("--output", "-o", required=True, metavar="FILE", help="file to write")
    sp.add_argument("--actor", action="append", metavar="ID_OR_NAME",
                    help="keep events of this actor: id (CHN), name (China), alias or surname "
                         "(trump), case-insensitive; an unknown name lists close ones; repeat for "
                         "any of several. A filter that matches no event writes nothing (exit 2)")
    sp.add_argument("--from", dest="date_from", metavar="DATE",
                    help="keep events ending on/after DATE (YYYY, YYYY-MM or YYYY-MM-DD)")
    sp.add_argument("--to", dest="date_to", metavar="DATE",
                    help="keep events starting on/before DATE (YYYY, YYYY-MM or YYYY-MM-DD)")
    sp.add_argument("--type", action="append", metavar="T", help="PLOVER type such as AGREE (repeatable)")
    sp.add_argument("--status", action="append", metavar="S",
                    help="happened, planned, hypothetical or denied (repeatable)")
    sp.add_argument("--source", action="append", metavar="DOC", help="document id (repeatable)")
    sp.add_argument("--query", metavar="TEXT", help="words in the label or evidence")
    sp.add_argument("--disputed", action="store_true",
                    help="only events whose sources disagree (and no curator marked it resolved)")
    sp.add_argument("--reported-from", metavar="DATE",
                    help="keep events a document of which was published on/after DATE")
    sp.add_argument("--reported-to", metavar="DATE",
                    help="keep events a document of which was published on/before DATE")
    sp.set_defaults(func=cmd_export)

    from events.curation.cli import add_parser as curate_parser

    curate_parser(sub)

    _add_parser(sub)
    from explorer.users_cli import add_parser as users_parser

    users_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (2 for any user error)."""
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["serve", *argv]  # "python app.py --corpus my-articles --port 8051"
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
                      ("events.timex", "TimexError"), ("explorer.accounts", "AccountError"),
                      ("events.limits", "LimitError")):
        try:
            errs.append(getattr(__import__(mod, fromlist=[name]), name))
        except (ImportError, AttributeError):
            continue
    return tuple(errs)


if __name__ == "__main__":
    sys.exit(main())
