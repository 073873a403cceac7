"""``app.py curate ...``: the curation command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from events.curation.replay import apply_curation
from events.curation.review import review_queue
from events.curation.store import CurationStore
from events.curation.validate import (
    DISPUTE_KINDS,
    EDITABLE_FIELDS,
    MAX_LABEL,
    CurationError,
    event_ids,
)
from events.model import EVENT_TYPES, STATUSES


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse would print usage and sys.exit(2)
        raise CurationError(f"{message}\n{self.format_usage().strip()}")


def add_parser(sub, parser_class=argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add ``curate`` with its subcommands to the subparsers ``sub`` of a parser (the
    main command line's, or :func:`run_curate_command`'s own)."""
    p = sub.add_parser(
        "curate", help="accept, reject, edit, merge, split or undo events; resolve a dispute; "
                       "history; review queue",
        description="Review and correct extracted events: human curation, kept in the corpus's "
                    "curation store and applied on top of every extraction.")
    common = parser_class(add_help=False)
    common.add_argument("--corpus", required=True, help="the corpus folder")
    common.add_argument("--store", help="curation database (default: inside the corpus folder, "
                        "else the user data dir)")
    common.add_argument("--note", help="why (kept with the operation)")
    common.add_argument("--json", action="store_true", help="print JSON instead of text")
    common.add_argument("--no-check", action="store_true",
                        help="do not check the ids against an extraction of the corpus")
    common.add_argument("--user", help="who makes this change (kept with the operation)")
    cmds = p.add_subparsers(dest="curate_command", metavar="SUBCOMMAND", required=True,
                            parser_class=parser_class)
    for name, text in (("accept", "mark an event right"), ("reject", "mark an event wrong")):
        s = cmds.add_parser(name, parents=[common], help=text)
        s.add_argument("event_id")
    s = cmds.add_parser("edit", parents=[common], help="change fields of an event")
    s.add_argument("event_id")
    s.add_argument("--date", help="TIMEX3 value: 2001, 2001-07, 2001-07-04, 2001-Q3, 2001-W27, 197X")
    s.add_argument("--type", choices=EVENT_TYPES, metavar="TYPE",
                   help=f"one of {', '.join(EVENT_TYPES)}")
    s.add_argument("--status", choices=STATUSES)
    s.add_argument("--label", help=f"new label (at most {MAX_LABEL} characters)")
    s.add_argument("--actors", help='JSON list: [{"id": "CHN", "label": "China", "kind": "state", '
                   '"country": "CHN", "role": "participant"}]')
    s = cmds.add_parser("merge", parents=[common], help="merge events into one")
    s.add_argument("event_ids", nargs="+")
    s = cmds.add_parser("split", parents=[common], help="move mentions into an event of their own")
    s.add_argument("event_id")
    s.add_argument("mention_ids", nargs="+")
    s = cmds.add_parser("resolve", parents=[common],
                        help="mark a disagreement between two reports of an event resolved")
    s.add_argument("event_id")
    s.add_argument("kind", choices=DISPUTE_KINDS, help="what the reports disagree on")
    s.add_argument("mention_a", help="one mention of the dispute (see the event's 'disputes')")
    s.add_argument("mention_b", help="the other mention")
    s = cmds.add_parser("undo", parents=[common], help="undo an operation (default: the last)")
    s.add_argument("op_id", nargs="?", type=int)
    s = cmds.add_parser("history", parents=[common], help="list operations")
    s.add_argument("event_id", nargs="?")
    s = cmds.add_parser("queue", parents=[common], help="events most worth a review")
    s.add_argument("--limit", type=int, default=20)
    p.set_defaults(func=cmd_curate)
    return p


def _parser() -> argparse.ArgumentParser:
    top = _Parser(prog="app.py")
    add_parser(top.add_subparsers(dest="command", parser_class=_Parser), _Parser)
    return top


def _curated_corpus(corpus: str, store: CurationStore):
    from events.pipeline import run_pipeline

    result = run_pipeline(corpus, workers=1, cache=True)
    return apply_curation(result.events, store)


def _op_line(row: dict) -> str:
    flag = " (undone)" if row["undone"] else ""
    detail = ""
    if row["op"] == "edit":
        detail = " " + ", ".join(f"{k}={v['value'] if k == 'date' else v}"
                                 for k, v in row["payload"]["fields"].items())
    elif row["op"] == "split":
        detail = " mentions " + ", ".join(row["payload"]["mention_ids"])
    elif row["op"] == "resolve":
        d = row["payload"]["dispute"]
        detail = f" {d['kind']} dispute of " + " / ".join(d["mentions"])
    elif row["op"] == "undo":
        detail = f" operation {row['payload']['op_id']}"
    note = f"  -- {row['note']}" if row["note"] else ""
    who = f"  by {row['user']}" if row.get("user") else ""
    return f"{row['id']:>5}  {row['time']}  {row['op']:<6} {' '.join(row['event_ids'])}{detail}{flag}{who}{note}"


def run_curate_command(args: list[str], out=None, err=None) -> int:
    """``app.py curate ...`` from a list of arguments (the main command line parses them
    itself and calls :func:`cmd_curate`): one operation, its result printed.

    Commands: ``accept ID``, ``reject ID``, ``edit ID [--date V] [--type T]
    [--status S] [--label L] [--actors JSON]``, ``merge ID ID...``, ``split ID
    MENTION...``, ``undo [OP]``, ``history [ID]``, ``queue [--limit N]``; each
    with ``--corpus DIR`` and optional ``--store``, ``--note``, ``--json``,
    ``--no-check``, ``--user``.  Unless ``--no-check``, ids are checked against the
    corpus's (cached) extraction with curation applied.

    Returns 0 on success, 2 with a message on stderr for bad input.
    """
    err = err or sys.stderr
    try:
        ns = _parser().parse_args(["curate", *args])
    except CurationError as exc:
        print(f"error: {exc}", file=err)
        return 2
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    return cmd_curate(ns, out=out, err=err)


def cmd_curate(ns, out=None, err=None) -> int:
    """Run the parsed ``curate`` command ``ns``; 0, or 2 with a message on stderr."""
    out = out or sys.stdout
    err = err or sys.stderr
    store = None
    try:
        corpus = Path(ns.corpus)
        if not corpus.is_dir():
            raise CurationError(f"corpus folder {ns.corpus!r} does not exist or is not a folder")
        store = CurationStore(ns.store) if ns.store else CurationStore.for_corpus(corpus)
        print(_run(ns, corpus, store), file=out)
        return 0
    except CurationError as exc:
        print(f"error: {exc}", file=err)
        return 2
    except Exception as exc:  # noqa: BLE001 - corpus and pipeline errors: a message, not a traceback
        from events.corpus import CorpusError
        from events.pipeline import PipelineError
        if isinstance(exc, (CorpusError, PipelineError, RecursionError)):
            print(f"error: {exc}", file=err)
            return 2
        raise
    finally:
        if store is not None:
            store.close()


def _dump(obj, indent=None) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent)


def _run(ns, corpus: Path, store: CurationStore) -> str:
    """What one curate command prints."""
    cmd = ns.curate_command
    user = getattr(ns, "user", None)
    if cmd == "history":
        rows = store.history(ns.event_id)
        if ns.json:
            return _dump(rows, 1)
        return "\n".join(_op_line(row) for row in rows) or "no operations"
    if cmd == "undo":
        op_id = (store.undo(ns.op_id, note=ns.note, user=user) if ns.op_id is not None
                 else store.undo_last(ns.note, user=user))
        row = store.get(op_id)
        return _dump(row) if ns.json else _op_line(row)
    events = None
    if cmd == "queue" or not ns.no_check:
        events = _curated_corpus(str(corpus), store)
    if cmd == "queue":
        items = review_queue(events, limit=ns.limit)
        if ns.json:
            return _dump([{k: v for k, v in it.items() if k != "event"} for it in items], 1)
        return "\n".join(f"{it['id']}  {it['date'] or '-':<10} {it['type']:<9} {it['label']}\n"
                         f"    score {it['score']}: {'; '.join(it['reasons'])}"
                         for it in items) or "nothing to review"
    if events is not None:
        _check_known(ns, cmd, events)
    row = store.get(_record(ns, cmd, store, user))
    return _dump(row) if ns.json else _op_line(row)


def _check_known(ns, cmd: str, events) -> None:
    ids = ns.event_ids if cmd == "merge" else [ns.event_id]
    owner = {i: ev["id"] for ev in events for i in event_ids(ev)}
    mentions = (ns.mention_ids if cmd == "split" else
                [ns.mention_a, ns.mention_b] if cmd == "resolve" else [])
    unknown = [i for i in ids + mentions if i not in owner]
    if unknown:
        raise CurationError(f"no event or mention with id {', '.join(unknown)} in "
                            f"{ns.corpus} (see 'queue' or the explorer for ids)")
    if cmd == "resolve":
        ev = next(ev for ev in events if ev["id"] == owner[ns.event_id])
        pair = sorted([ns.mention_a, ns.mention_b])
        if not any(d.get("kind") == ns.kind and sorted([d["a"]["mention"], d["b"]["mention"]]) == pair
                   for d in ev.get("disputes") or ()):
            raise CurationError(f"event {ev['id']} has no {ns.kind} dispute between "
                                f"{ns.mention_a} and {ns.mention_b}")


def _record(ns, cmd: str, store: CurationStore, user) -> int:
    if cmd == "accept":
        return store.accept(ns.event_id, note=ns.note, user=user)
    if cmd == "reject":
        return store.reject(ns.event_id, note=ns.note, user=user)
    if cmd == "edit":
        fields = {k: getattr(ns, k) for k in EDITABLE_FIELDS if getattr(ns, k) is not None}
        if "actors" in fields:
            try:
                fields["actors"] = json.loads(fields["actors"])
            except ValueError as exc:
                raise CurationError(f"--actors is not valid JSON: {exc}") from None
        return store.edit(ns.event_id, note=ns.note, user=user, **fields)
    if cmd == "merge":
        return store.merge(ns.event_ids, note=ns.note, user=user)
    if cmd == "resolve":
        return store.resolve(ns.event_id, ns.kind, ns.mention_a, ns.mention_b, note=ns.note,
                             user=user)
    return store.split(ns.event_id, ns.mention_ids, note=ns.note, user=user)


