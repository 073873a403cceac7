"""Human curation of extracted events that survives re-extraction and crashes.

A :class:`CurationStore` is an embedded SQLite file (separate from the
extraction cache) holding an append-only log of operations: ``accept``,
``reject``, ``edit``, ``merge``, ``split`` and ``undo``.  Each row has an id,
its UTC time, the operation, the event ids it names, a JSON payload, an
optional note and an ``undone`` flag.  Nothing is ever deleted: an undo sets
the flag on its target and is itself a row, so the history stays complete.

:func:`apply_curation` replays the operations that are not undone, in order,
on top of a (re-)extraction.  Operations name events by *stable identity*: an
id given to an operation matches the event whose own id, or the id of one of
whose mentions, equals it.  Mention ids hash the document id, the sentence and
the trigger, so an edit keeps finding its event when the extractor re-merges
mentions differently, when documents are added, or when the order changes.
Operations whose events are gone are kept in the store and reported
(:attr:`CuratedEvents.unmatched`), never dropped.

Storage choices
---------------
* WAL journal, so readers never block the writer and a killed process leaves
  the database consistent (the next open replays or discards the WAL).
* ``synchronous=FULL``: every commit is fsynced to the WAL before the call
  returns.  ``NORMAL`` is already safe against a *process* crash but may lose
  the last commits on power loss or an OS crash; curation edits are human work,
  few and small, so one extra fsync per edit is worth never losing one.
* Every operation runs in one ``BEGIN IMMEDIATE`` transaction: concurrent
  writers (other processes, other threads) queue on the write lock for up to
  ``busy_timeout`` instead of failing half way.
* Each thread (and each forked process) gets its own connection, opened on
  first use and kept, so one store object may be shared by the threads of a
  web server, and several processes may use one file; :meth:`CurationStore.close`
  closes them.
* ``PRAGMA user_version`` holds the schema version; a file from a newer
  version, or a file that is not an SQLite database, raises
  :class:`CurationError` -- it is never moved aside or rebuilt, because it
  holds work that cannot be recomputed (unlike the extraction cache).

Who wins
--------
Operations apply in the order they were committed; a later edit of a field
replaces an earlier one, ``accept`` clears ``rejected`` and ``reject`` clears
``accepted``.  A curated merge combines events with the rules of
:mod:`events.merge` (finest date, strongest role, ...), so a field edited
before the merge may be replaced by the other event's value: edit after
merging.  A split gives both parts the curation state of the event it split.

Examples
--------
>>> import tempfile, pathlib
>>> store = CurationStore(pathlib.Path(tempfile.mkdtemp()) / "c.sqlite")
>>> ev = {"id": "event:a", "label": "Talks", "type": "CONSULT", "status": "happened",
...       "date": {"value": "2022", "type": "DATE", "granularity": "year",
...                "start": "2022-01-01", "end": "2022-12-31", "mod": None, "text": "2022"},
...       "actors": [], "sources": ["d1"], "mentions": [{"id": "event:a", "doc_id": "d1"}]}
>>> op = store.edit("event:a", date="2022-03", note="the article says March")
>>> out = apply_curation([ev], store)
>>> out[0]["date"]["start"], out[0]["curation"]["edited"], out.unmatched
('2022-03-01', ['date'], [])
>>> _ = store.undo(op)
>>> apply_curation([ev], store)[0]["curated"]
False
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
import sys
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from events.model import ACTOR_KINDS, EVENT_TYPES, ROLES, STATUSES

__all__ = [
    "CURATION_FILENAME", "EDITABLE_FIELDS", "SCHEMA_VERSION", "CuratedEvents",
    "CurationError", "CurationStore", "apply_curation", "default_store_path",
    "normalize_date", "review_queue", "run_curate_command", "user_data_dir", "visible",
    "event_ids", "apply_curation_fast",
]

#: File name of the store when it lives inside the corpus folder.
CURATION_FILENAME = ".eventline-curation.sqlite"
#: Bump when the table layout changes (stored as ``PRAGMA user_version``).
SCHEMA_VERSION = 1
#: Fields :meth:`CurationStore.edit` accepts.
EDITABLE_FIELDS = ("date", "type", "status", "label", "actors")
OPS = ("accept", "reject", "edit", "merge", "split", "undo")
MAX_LABEL = 300
MAX_ID = 200
MAX_NOTE = 2000
MAX_IDS = 1000
#: Statuses the review queue treats as uncertain reports.
HEDGED_STATUSES = ("hypothetical", "denied")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ops (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    op TEXT NOT NULL,
    event_ids TEXT NOT NULL,
    payload TEXT NOT NULL,
    note TEXT,
    undone INTEGER NOT NULL DEFAULT 0,
    undone_by INTEGER
);
CREATE TABLE IF NOT EXISTS op_ids (
    op_id INTEGER NOT NULL REFERENCES ops(id),
    event_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS op_ids_event ON op_ids(event_id);
"""


class CurationError(Exception):
    """A curation operation or store that cannot be used; the message says why."""


# ---------------------------------------------------------------- locations


def user_data_dir() -> Path:
    """``$XDG_DATA_HOME/eventline`` or ``~/.local/share/eventline``."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "share")
    return Path(base) / "eventline"


def default_store_path(corpus_dir: str | os.PathLike) -> Path:
    """Where the curation of a corpus folder lives by default.

    ``<corpus>/.eventline-curation.sqlite`` when the folder is writable, else
    a file in :func:`user_data_dir` named after the sha256 of the corpus's
    absolute path (so two corpora never share a store).
    """
    corpus = Path(corpus_dir).resolve()
    if corpus.is_dir() and os.access(corpus, os.W_OK | os.X_OK):
        return corpus / CURATION_FILENAME
    digest = hashlib.sha256(str(corpus).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return user_data_dir() / f"{corpus.name or 'corpus'}-{digest}-curation.sqlite"


# ---------------------------------------------------------------- validation

_CTRL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _nonchar(ch: str) -> bool:
    """Unicode noncharacters (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF): never text, XML-forbidden."""
    o = ord(ch)
    return 0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE


def _clean_text(value: str) -> str:
    """Control and format characters, noncharacters and lone surrogates dropped,
    whitespace collapsed."""
    out = []
    for ch in value:
        cat = unicodedata.category(ch)
        if ch in "\t\n\r\f\v":
            out.append(" ")
        elif cat in ("Cc", "Cs") or (cat == "Cf" and ch not in "\u200d") or _nonchar(ch):
            continue
        else:
            out.append(ch)
    return " ".join("".join(out).split())


def _check_id(value, what: str = "event id") -> str:
    if not isinstance(value, str):
        raise CurationError(f"{what} must be text, got {type(value).__name__}")
    v = value.strip()
    if not v:
        raise CurationError(f"{what} is empty")
    if len(v) > MAX_ID:
        raise CurationError(f"{what} is {len(v)} characters long; at most {MAX_ID} allowed")
    if _CTRL.search(v) or any(unicodedata.category(c) == "Cs" for c in v):
        raise CurationError(f"{what} {v[:40]!r} contains control characters")
    return v


def _check_ids(values, what: str, at_least: int) -> list[str]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise CurationError(f"{what} must be a list of ids, got {type(values).__name__}")
    out: list[str] = []
    for v in values:
        v = _check_id(v, what[:-1] if what.endswith("s") else what)
        if v not in out:
            out.append(v)
        if len(out) > MAX_IDS:
            raise CurationError(f"{what}: more than {MAX_IDS} ids")
    if len(out) < at_least:
        raise CurationError(f"{what}: need at least {at_least} distinct ids, got {len(out)}")
    return out


def _check_note(note) -> str | None:
    if note is None:
        return None
    if not isinstance(note, str):
        raise CurationError(f"note must be text, got {type(note).__name__}")
    note = _clean_text(note)
    if len(note) > MAX_NOTE:
        raise CurationError(f"note is {len(note)} characters long; at most {MAX_NOTE} allowed")
    return note or None


def normalize_date(value) -> dict:
    """A TIMEX3 DATE value as an event ``date`` dict with its interval recomputed.

    Accepts what :data:`events.timex.VALUE_RE` accepts *and* covers a span of
    real calendar days: ``2001``, ``2001-07``, ``2001-07-04``, ``2001-Q3``,
    ``2001-W27``, ``2001-H2``, ``2001-SU``, ``197X`` (a decade), ``19XX``.

    >>> normalize_date("2001-07")["end"]
    '2001-07-31'
    >>> normalize_date("2022-02-30")
    Traceback (most recent call last):
    ...
    events.curation.CurationError: date '2022-02-30' is not a real calendar date or span ...
    """
    from events import timex

    if not isinstance(value, str):
        raise CurationError(f"date must be a TIMEX3 value such as '2001-07', got {type(value).__name__}")
    v = value.strip()
    if not v or len(v) > 40 or not timex.VALUE_RE.match(v):
        raise CurationError(
            f"date {v[:40]!r} is not a TIMEX3 date value; use YYYY, YYYY-MM, YYYY-MM-DD, "
            "YYYY-Qn, YYYY-Wnn or a decade such as 197X")
    start, end = timex.interval(v)
    if start is None or end is None or start[:4] == "0000":
        raise CurationError(
            f"date {v!r} is not a real calendar date or span (expected e.g. 2001, 2001-07, "
            "2001-07-04, 2001-Q3, 2001-W27, 197X)")
    return {"value": v, "type": "TIME" if "T" in v else "DATE",
            "granularity": timex.granularity(v, "DATE"), "start": start, "end": end,
            "mod": None, "text": ""}


def _check_actor(a, i: int) -> dict:
    if not isinstance(a, dict):
        raise CurationError(f"actors[{i}] must be an object with id, label, kind, country, role")
    unknown = set(a) - {"id", "label", "kind", "country", "role"}
    if unknown:
        raise CurationError(f"actors[{i}]: unknown keys {', '.join(sorted(map(str, unknown)))}")
    aid = _check_id(a.get("id"), f"actors[{i}].id")
    label = a.get("label", aid)
    if not isinstance(label, str) or not _clean_text(label):
        raise CurationError(f"actors[{i}].label must be non-empty text")
    label = _clean_text(label)[:MAX_LABEL]
    kind = a.get("kind")
    if kind not in ACTOR_KINDS:
        raise CurationError(f"actors[{i}].kind {kind!r} is not one of {', '.join(ACTOR_KINDS)}")
    country = a.get("country")
    if country is not None and (not isinstance(country, str)
                                or not re.fullmatch(r"[A-Z]{3}", country.strip())):
        raise CurationError(f"actors[{i}].country {country!r} must be an ISO alpha-3 code or null")
    role = a.get("role")
    if role not in ROLES:
        raise CurationError(f"actors[{i}].role {role!r} is not one of {', '.join(ROLES)}")
    return {"id": aid, "label": label, "kind": kind,
            "country": country.strip() if country else None, "role": role}


def validate_fields(fields: dict) -> dict:
    """The edited fields, checked and normalised; raises CurationError naming the field."""
    if not fields:
        raise CurationError(f"edit needs at least one field: {', '.join(EDITABLE_FIELDS)}")
    out = {}
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise CurationError(f"cannot edit field {name!r}; editable: {', '.join(EDITABLE_FIELDS)}")
        if name == "date":
            out["date"] = normalize_date(value)
        elif name == "type":
            t = value.strip().upper() if isinstance(value, str) else value
            if t not in EVENT_TYPES:
                raise CurationError(f"type {value!r} is not one of {', '.join(EVENT_TYPES)}")
            out["type"] = t
        elif name == "status":
            s = value.strip().lower() if isinstance(value, str) else value
            if s not in STATUSES:
                raise CurationError(f"status {value!r} is not one of {', '.join(STATUSES)}")
            out["status"] = s
        elif name == "label":
            if not isinstance(value, str):
                raise CurationError(f"label must be text, got {type(value).__name__}")
            label = _clean_text(value)
            if not label:
                raise CurationError("label is empty (after removing control characters)")
            if len(label) > MAX_LABEL:
                raise CurationError(f"label is {len(label)} characters long; at most {MAX_LABEL} allowed")
            out["label"] = label
        elif name == "actors":
            if isinstance(value, (str, dict)) or not isinstance(value, Iterable):
                raise CurationError("actors must be a list of {id, label, kind, country, role} objects")
            actors = [_check_actor(a, i) for i, a in enumerate(value)]
            if not actors:
                raise CurationError("actors: an event needs at least one actor")
            ids = [a["id"] for a in actors]
            if len(set(ids)) != len(ids):
                raise CurationError("actors: the same actor id is listed twice")
            out["actors"] = actors
    return out


# ---------------------------------------------------------------- the store


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class CurationStore:
    """The operation log of one corpus in an SQLite file (see the module docstring).

    Parameters
    ----------
    path:
        The database file; created (with its folder) when missing.
    timeout:
        Seconds a write waits for another writer (``busy_timeout``).

    Raises
    ------
    CurationError
        The folder cannot be created, the file is not an SQLite database or
        was written by a newer schema.
    """

    def __init__(self, path: str | os.PathLike, *, timeout: float = 15.0) -> None:
        self.path = Path(path)
        self.timeout = float(timeout)
        self._cons: dict[tuple[int, int], sqlite3.Connection] = {}
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CurationError(
                f"cannot create folder {str(self.path.parent)!r}: {exc.strerror or exc}") from None
        if self.path.exists() and not self.path.is_file():
            raise CurationError(f"{str(self.path)!r} is not a file")
        with self._connect() as con:
            try:
                version = con.execute("PRAGMA user_version").fetchone()[0]
                mode = con.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            except sqlite3.DatabaseError as exc:
                self.close()
                raise CurationError(
                    f"{self.path.name}: not a curation database ({exc}); it was left untouched, "
                    "move it away to start a new one") from None
            if mode.lower() != "wal":
                self.close()
                raise CurationError(f"{self.path.name}: cannot switch to WAL mode (got {mode})")
            if version > SCHEMA_VERSION:
                self.close()
                raise CurationError(
                    f"{self.path.name}: schema version {version} is newer than this eventline "
                    f"understands ({SCHEMA_VERSION}); upgrade eventline")
            if version < SCHEMA_VERSION:
                self._write(con, self._create)

    @staticmethod
    def _create(con) -> None:
        # inside BEGIN IMMEDIATE: a second process creating the file waits, then finds it done
        if con.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
            return
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                con.execute(statement)
        con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    @classmethod
    def for_corpus(cls, corpus_dir: str | os.PathLike, **kw) -> CurationStore:
        """The store at :func:`default_store_path` of ``corpus_dir``.

        When the corpus folder looked writable but the file could not be
        *created* there, the user data dir is used instead; an existing file
        that cannot be used raises (falling back would hide its edits).
        """
        path = default_store_path(corpus_dir)
        corpus = Path(corpus_dir).resolve()
        existed = path.exists()
        try:
            return cls(path, **kw)
        except CurationError:
            if existed or path.parent != corpus:
                raise
            digest = hashlib.sha256(str(corpus).encode("utf-8", "surrogatepass")).hexdigest()[:16]
            return cls(user_data_dir() / f"{corpus.name or 'corpus'}-{digest}-curation.sqlite", **kw)

    # ------------------------------------------------------------ plumbing

    def _open(self) -> sqlite3.Connection:
        try:
            con = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None,
                                  check_same_thread=False)
        except sqlite3.Error as exc:
            raise CurationError(f"cannot open {str(self.path)!r}: {exc}") from None
        try:
            con.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
            con.execute("PRAGMA synchronous=FULL")
            con.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            con.close()
            raise CurationError(f"{self.path.name}: not a curation database ({exc})") from None
        return con

    def _connect(self) -> _Borrowed:
        """This thread's connection (opened on first use; a forked child opens its own).

        Connections stay open between calls: closing the last connection of a
        WAL database checkpoints and deletes the WAL, which made every edit
        cost ~20 ms instead of ~4 ms.
        """
        key = (os.getpid(), threading.get_ident())
        con = self._cons.get(key)
        if con is None:
            con = self._open()
            with self._lock:
                self._cons[key] = con
        return _Borrowed(con)

    def close(self) -> None:
        """Close the connections this process opened (the store reopens on next use)."""
        pid = os.getpid()
        with self._lock:
            mine = [k for k in self._cons if k[0] == pid]
            cons = [self._cons.pop(k) for k in mine]
        for con in cons:
            try:
                con.close()
            except sqlite3.Error:
                pass

    def __enter__(self) -> CurationStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _write(self, con, fn):
        try:
            con.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise CurationError(f"{self.path.name}: the store is busy or read-only ({exc})") from None
        try:
            result = fn(con)
            con.execute("COMMIT")
            return result
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def _record(self, op: str, event_ids: list[str], payload: dict, note: str | None,
                extra_ids: Iterable[str] = (), undo_target: int | None = None) -> int:
        note = _check_note(note)
        payload_json = json.dumps(payload, ensure_ascii=False, sort_keys=True)

        def insert(con):
            if undo_target is not None:
                row = con.execute("SELECT op, undone FROM ops WHERE id=?", (undo_target,)).fetchone()
                if row is None:
                    raise CurationError(f"no operation with id {undo_target}")
                if row[1]:
                    raise CurationError(f"operation {undo_target} ({row[0]}) is already undone")
            cur = con.execute(
                "INSERT INTO ops(time, op, event_ids, payload, note) VALUES (?,?,?,?,?)",
                (_now(), op, json.dumps(event_ids, ensure_ascii=False), payload_json, note))
            op_id = cur.lastrowid
            con.executemany("INSERT INTO op_ids(op_id, event_id) VALUES (?,?)",
                            [(op_id, e) for e in dict.fromkeys([*event_ids, *extra_ids])])
            if undo_target is not None:
                con.execute("UPDATE ops SET undone=1, undone_by=? WHERE id=?", (op_id, undo_target))
                if row[0] == "undo":  # undoing an undo re-does its target
                    target = json.loads(con.execute(
                        "SELECT payload FROM ops WHERE id=?", (undo_target,)).fetchone()[0])["op_id"]
                    con.execute("UPDATE ops SET undone=0, undone_by=NULL WHERE id=?", (target,))
            return op_id

        with self._connect() as con:
            try:
                return self._write(con, insert)
            except sqlite3.Error as exc:
                raise CurationError(f"{self.path.name}: could not record {op}: {exc}") from None

    # ------------------------------------------------------------ operations

    def accept(self, event_id: str, note: str | None = None) -> int:
        """Mark an event as checked and right; returns the operation id."""
        return self._record("accept", [_check_id(event_id)], {}, note)

    def reject(self, event_id: str, note: str | None = None) -> int:
        """Mark an event as wrong (kept, flagged; see :func:`visible`); returns the op id."""
        return self._record("reject", [_check_id(event_id)], {}, note)

    def edit(self, event_id: str, note: str | None = None, **fields) -> int:
        """Change ``date`` (TIMEX3 value), ``type``, ``status``, ``label`` or ``actors``.

        Values are validated first (:func:`validate_fields`); returns the op id.
        """
        eid = _check_id(event_id)
        return self._record("edit", [eid], {"fields": validate_fields(fields)}, note)

    def merge(self, event_ids: Iterable[str], note: str | None = None) -> int:
        """Merge two or more events into one; returns the op id."""
        return self._record("merge", _check_ids(event_ids, "event ids", 2), {}, note)

    def split(self, event_id: str, mention_ids: Iterable[str], note: str | None = None) -> int:
        """Move the given mentions of an event into an event of their own; returns the op id."""
        eid = _check_id(event_id)
        mids = _check_ids(mention_ids, "mention ids", 1)
        return self._record("split", [eid], {"mention_ids": mids}, note, extra_ids=mids)

    def undo(self, op_id: int, note: str | None = None) -> int:
        """Undo operation ``op_id`` (undoing an undo re-does its target); returns the undo's id."""
        if isinstance(op_id, bool) or not isinstance(op_id, int):
            try:
                op_id = int(str(op_id).strip())
            except ValueError:
                raise CurationError(f"operation id must be a whole number, got {op_id!r:.40}") from None
        target = self.get(op_id)
        if target is None:
            raise CurationError(f"no operation with id {op_id}")
        return self._record("undo", list(target["event_ids"]), {"op_id": op_id}, note,
                            undo_target=op_id)

    def undo_last(self, note: str | None = None) -> int:
        """Undo the most recent operation that is not an undo and not undone yet."""
        with self._connect() as con:
            row = con.execute("SELECT id FROM ops WHERE undone=0 AND op!='undo' "
                              "ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            raise CurationError("nothing to undo")
        return self.undo(row[0], note=note)

    # ------------------------------------------------------------ reading

    @staticmethod
    def _row(r) -> dict:
        return {"id": r[0], "time": r[1], "op": r[2], "event_ids": json.loads(r[3]),
                "payload": json.loads(r[4]), "note": r[5], "undone": bool(r[6]),
                "undone_by": r[7]}

    _COLS = "id, time, op, event_ids, payload, note, undone, undone_by"

    def get(self, op_id: int) -> dict | None:
        """One operation row, or None."""
        with self._connect() as con:
            r = con.execute(f"SELECT {self._COLS} FROM ops WHERE id=?", (op_id,)).fetchone()
        return None if r is None else self._row(r)

    def history(self, event_id: str | None = None) -> list[dict]:
        """Every operation (oldest first), or those naming ``event_id`` (as an event
        id, or as a mention id of a split).  Each: ``id, time, op, event_ids,
        payload, note, undone, undone_by``."""
        with self._connect() as con:
            if event_id is None:
                rows = con.execute(f"SELECT {self._COLS} FROM ops ORDER BY id").fetchall()
            else:
                rows = con.execute(
                    f"SELECT {self._COLS} FROM ops WHERE id IN "
                    "(SELECT op_id FROM op_ids WHERE event_id=?) ORDER BY id",
                    (_check_id(event_id),)).fetchall()
        return [self._row(r) for r in rows]

    def history_of(self, event: dict) -> list[dict]:
        """Every operation naming ``event`` by its id or one of its mention ids
        (what :func:`apply_curation` matches on), oldest first."""
        if not isinstance(event, dict):
            raise CurationError(f"history_of needs an event record, got {type(event).__name__}")
        ids = list(dict.fromkeys(event_ids(event)))
        if not ids:
            return []
        out: dict[int, dict] = {}
        with self._connect() as con:
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                rows = con.execute(
                    f"SELECT {self._COLS} FROM ops WHERE id IN (SELECT op_id FROM op_ids "
                    f"WHERE event_id IN ({','.join('?' * len(chunk))}))", chunk).fetchall()
                out.update((r[0], self._row(r)) for r in rows)
        return [out[k] for k in sorted(out)]

    def operations(self) -> list[dict]:
        """The operations :func:`apply_curation` replays: not undone, not undos, oldest first."""
        with self._connect() as con:
            rows = con.execute(f"SELECT {self._COLS} FROM ops WHERE undone=0 AND op!='undo' "
                               "ORDER BY id").fetchall()
        return [self._row(r) for r in rows]

    def integrity_check(self) -> str:
        """``PRAGMA integrity_check`` result (``'ok'`` when healthy)."""
        with self._connect() as con:
            return "; ".join(r[0] for r in con.execute("PRAGMA integrity_check").fetchall())


class _Borrowed:
    """A cached connection lent for one ``with`` block (not closed at its end)."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self._con = con

    def __enter__(self) -> sqlite3.Connection:
        return self._con

    def __exit__(self, *exc) -> None:
        return None


# ---------------------------------------------------------------- applying


class CuratedEvents(list):
    """The list :func:`apply_curation` returns, with what could not be applied.

    ``unmatched``: one dict per operation (or part of one) whose events or
    mentions are not in these events: ``op_id``, ``op``, ``ids`` (the missing
    ones), ``reason``.  ``warnings``: the same as sentences.
    """

    unmatched: list[dict]
    warnings: list[str]


def event_ids(ev: dict) -> list[str]:
    """The ids an operation may name an event by: its own id, then its mentions' ids."""
    ids = [ev["id"]] if ev.get("id") else []
    ids += [m["id"] for m in ev.get("mentions") or () if isinstance(m, dict) and m.get("id")]
    return ids


def _fresh_curation() -> dict:
    return {"accepted": False, "rejected": False, "edited": [], "original": {}, "notes": [],
            "ops": []}


def _combined_curation(parts: list[dict]) -> dict:
    out = _fresh_curation()
    curated = [p["curation"] for p in parts if p.get("curation")]
    if not curated:
        return out
    out["accepted"] = any(c["accepted"] for c in curated)
    out["rejected"] = all(p.get("curation", {}).get("rejected") for p in parts)
    if out["rejected"]:
        out["accepted"] = False
    for c in curated:
        for f in c["edited"]:
            if f not in out["edited"]:
                out["edited"].append(f)
        for k, v in c["original"].items():
            out["original"].setdefault(k, v)
        out["notes"] += [n for n in c["notes"] if n not in out["notes"]]
        out["ops"] += [o for o in c["ops"] if o not in out["ops"]]
    out["ops"].sort()
    return out


class _Working:
    """The events being curated, findable by any of their ids."""

    def __init__(self, events: list[dict]) -> None:
        self.events: dict[int, dict] = {}
        self.owner: dict[str, int] = {}
        self.serial = 0
        for ev in events:
            self.add(dict(ev))

    def add(self, ev: dict) -> int:
        key = self.serial
        self.serial += 1
        self.events[key] = ev
        for i in event_ids(ev):
            self.owner[i] = key
        return key

    def remove(self, key: int) -> dict:
        ev = self.events.pop(key)
        for i in event_ids(ev):
            if self.owner.get(i) == key:
                del self.owner[i]
        return ev

    def find(self, some_id: str) -> int | None:
        return self.owner.get(some_id)

    def touch(self, key: int, op: dict) -> dict:
        ev = self.events[key]
        cur = ev.get("curation")
        ev["curation"] = copy.deepcopy(cur) if cur else _fresh_curation()
        ev["curated"] = True
        c = ev["curation"]
        if op["id"] not in c["ops"]:
            c["ops"].append(op["id"])
        if op.get("note") and op["note"] not in c["notes"]:
            c["notes"].append(op["note"])
        return c


def apply_curation(events: list[dict], store: CurationStore | Iterable[dict]) -> CuratedEvents:
    """Replay the curation ``store`` holds (or a list of its operation rows) on ``events``.

    ``events`` are merged event records (as :func:`events.pipeline.run_pipeline`
    returns); they are not modified.  Returns new records sorted like
    :func:`events.merge.merge_events` output (date start, then id), each with
    ``curated`` (bool) and, when curated, ``curation`` = ``{"accepted",
    "rejected", "edited" (field names), "original" ({field: value before the
    first edit}), "notes", "ops" (operation ids)}``.  Rejected events are kept
    (see :func:`visible`).  Operations that name events which are not there
    are listed in ``.unmatched`` / ``.warnings`` of the result.
    """
    from events.merge import _combine, split_event

    if isinstance(events, (str, bytes, dict)) or not isinstance(events, Iterable):
        raise CurationError(f"events must be a list of event records, got {type(events).__name__}")
    events = list(events)
    for i, ev in enumerate(events):
        if not isinstance(ev, dict) or not isinstance(ev.get("id"), str):
            raise CurationError(f"event #{i} must be a dict record with a text 'id'")
    ops = store.operations() if isinstance(store, CurationStore) else list(store)
    work = _Working(events)
    unmatched: list[dict] = []

    def missing(op, ids, reason):
        unmatched.append({"op_id": op["id"], "op": op["op"], "ids": list(ids), "reason": reason})

    for op in ops:
        kind, ids = op["op"], op["event_ids"]
        if kind in ("accept", "reject", "edit", "split"):
            key = work.find(ids[0])
            if key is None:
                missing(op, ids[:1], "no event has this id or a mention with it")
                continue
            if kind == "split":
                ev = work.events[key]
                own = {m.get("id") for m in ev.get("mentions") or ()}
                wanted = [m for m in op["payload"]["mention_ids"] if m in own]
                gone = [m for m in op["payload"]["mention_ids"] if m not in own]
                if gone:
                    missing(op, gone, f"mentions not in event {ev['id']}")
                if not wanted:
                    continue
                try:
                    a, b = split_event(ev, set(wanted))
                except ValueError as exc:
                    missing(op, wanted, f"cannot split {ev['id']}: {exc}")
                    continue
                work.remove(key)
                for part in (a, b):
                    if ev.get("curation"):
                        part["curation"] = copy.deepcopy(ev["curation"])
                    work.touch(work.add(part), op)
                continue
            c = work.touch(key, op)
            ev = work.events[key]
            if kind == "accept":
                c["accepted"], c["rejected"] = True, False
            elif kind == "reject":
                c["accepted"], c["rejected"] = False, True
            else:
                for name, value in op["payload"]["fields"].items():
                    if name not in c["original"]:
                        c["original"][name] = copy.deepcopy(ev.get(name))
                    if name not in c["edited"]:
                        c["edited"].append(name)
                    ev[name] = copy.deepcopy(value)
        elif kind == "merge":
            keys: list[int] = []
            gone = [i for i in ids if work.find(i) is None]
            for i in ids:
                key = work.find(i)
                if key is not None and key not in keys:
                    keys.append(key)
            if gone:
                missing(op, gone, "no event has this id or a mention with it")
            if len(keys) < 2:
                if len(keys) == 1 and not gone:
                    work.touch(keys[0], op)  # already one event (re-extraction merged them)
                continue
            parts = [work.remove(k) for k in keys]
            parts.sort(key=lambda e: e["id"])
            merged = parts[0]
            for other in parts[1:]:
                merged = _combine(merged, other, f"curated merge (operation {op['id']})")
            merged["curation"] = _combined_curation(parts)
            merged["curated"] = True
            work.touch(work.add(merged), op)
        else:
            missing(op, ids, f"unknown operation {kind!r}")

    out = CuratedEvents()
    for ev in work.events.values():
        if not ev.get("curated"):
            ev["curated"] = False
            ev.pop("curation", None)
        out.append(ev)
    out.sort(key=lambda e: (((e.get("date") or {}).get("start") or "9999"), e["id"]))
    out.unmatched = unmatched
    out.warnings = [f"operation {u['op_id']} ({u['op']}): {', '.join(u['ids'])}: {u['reason']}"
                    for u in unmatched]
    return out


def visible(events: Iterable[dict]) -> list[dict]:
    """The events that are not rejected."""
    return [e for e in events if not (e.get("curation") or {}).get("rejected")]


# ---------------------------------------------------------------- review queue


def _known_actor():
    try:
        from events.actors import get_gazetteer
        gaz = get_gazetteer()
    except Exception:  # noqa: BLE001 - no gazetteer: every actor counts as known
        return lambda actor_id: True

    def known(actor_id: str) -> bool:
        rec = gaz.actor(actor_id)
        return rec is not None and rec.get("source") != "pattern"
    return known


#: Reason -> weight in the review queue ranking.
REVIEW_WEIGHTS = {"low confidence": 3, "hedged status": 2, "inferred date": 2, "no calendar date": 2,
                  "unknown or pattern-found actor": 2, "carried actors": 2, "single source": 1}


def review_queue(events: Iterable[dict], limit: int = 50) -> list[dict]:
    """Events most worth a human look, least certain first.

    Events already accepted or rejected are left out.  Each item:
    ``{"id", "label", "type", "date", "confidence", "score", "reasons", "event"}``;
    ``reasons`` are phrases such as ``"low confidence (0.45 < 0.6)"``, ``"hedged
    status (hypothetical)"``, ``"inferred date (no publication date)"``,
    ``"single source"``, ``"unknown or pattern-found actor (..)"``, ``"carried
    actors (CHN)"``; ``score`` sums :data:`REVIEW_WEIGHTS`.
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise CurationError(f"limit must be a whole number >= 0, got {limit!r}")
    if isinstance(events, (str, bytes, dict)) or not isinstance(events, Iterable):
        raise CurationError(f"events must be a list of event records, got {type(events).__name__}")
    known = None
    items = []
    for i, ev in enumerate(events):
        if not isinstance(ev, dict):
            raise CurationError(f"event #{i} is a {type(ev).__name__}, not an event record")
        cur = ev.get("curation") or {}
        if cur.get("accepted") or cur.get("rejected"):
            continue
        reasons: list[tuple[str, str]] = []
        conf = ev.get("confidence")
        if isinstance(conf, (int, float)) and conf < 0.6:
            reasons.append(("low confidence", f"low confidence ({conf:.2f} < 0.6)"))
        if ev.get("status") in HEDGED_STATUSES:
            reasons.append(("hedged status", f"hedged status ({ev['status']})"))
        mentions = [m for m in ev.get("mentions") or () if isinstance(m, dict)]
        why = set()
        for m in mentions:
            if m.get("dct_inferred"):
                why.add("publication date inferred from the text")
            t = m.get("timex") or {}
            if t.get("anchored") and not m.get("dct"):
                why.add("relative date without a publication date")
        if why:
            reasons.append(("inferred date", f"inferred date ({'; '.join(sorted(why))})"))
        if not (ev.get("date") or {}).get("start"):
            reasons.append(("no calendar date", "no calendar date"))
        if len(ev.get("sources") or ()) < 2:
            reasons.append(("single source", "single source"))
        if known is None:
            known = _known_actor()
        odd = [a.get("label") or a.get("id") for a in ev.get("actors") or ()
               if a.get("kind") not in ACTOR_KINDS or not known(a.get("id"))]
        if odd or not ev.get("actors"):
            reasons.append(("unknown or pattern-found actor",
                            f"unknown or pattern-found actor ({', '.join(map(str, odd)) or 'none'})"))
        carried = sorted({a for m in mentions for a in m.get("carried_actors") or ()})
        if carried:
            reasons.append(("carried actors", f"carried actors ({', '.join(carried)})"))
        if not reasons:
            continue
        score = sum(REVIEW_WEIGHTS[k] for k, _ in reasons)
        items.append({"id": ev.get("id"), "label": ev.get("label"), "type": ev.get("type"),
                      "date": (ev.get("date") or {}).get("value"),
                      "confidence": conf, "score": score, "reasons": [r for _, r in reasons],
                      "event": ev})
    items.sort(key=lambda it: (-it["score"], it["confidence"] if isinstance(
        it["confidence"], (int, float)) else 1.0, str(it["id"])))
    return items[:limit]


# ---------------------------------------------------------------- command line


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse would print usage and sys.exit(2)
        raise CurationError(f"{message}\n{self.format_usage().strip()}")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="app.py curate", description="Review and correct extracted events.")
    common = _Parser(add_help=False)
    common.add_argument("--corpus", required=True, help="the corpus folder")
    common.add_argument("--store", help="curation database (default: inside the corpus folder, "
                        "else the user data dir)")
    common.add_argument("--note", help="why (kept with the operation)")
    common.add_argument("--json", action="store_true", help="print JSON instead of text")
    common.add_argument("--no-check", action="store_true",
                        help="do not check the ids against an extraction of the corpus")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, text in (("accept", "mark an event right"), ("reject", "mark an event wrong")):
        s = sub.add_parser(name, parents=[common], help=text)
        s.add_argument("event_id")
    s = sub.add_parser("edit", parents=[common], help="change fields of an event")
    s.add_argument("event_id")
    s.add_argument("--date", help="TIMEX3 value: 2001, 2001-07, 2001-07-04, 2001-Q3, 2001-W27, 197X")
    s.add_argument("--type", choices=EVENT_TYPES, metavar="TYPE",
                   help=f"one of {', '.join(EVENT_TYPES)}")
    s.add_argument("--status", choices=STATUSES)
    s.add_argument("--label", help=f"new label (at most {MAX_LABEL} characters)")
    s.add_argument("--actors", help='JSON list: [{"id": "CHN", "label": "China", "kind": "state", '
                   '"country": "CHN", "role": "participant"}]')
    s = sub.add_parser("merge", parents=[common], help="merge events into one")
    s.add_argument("event_ids", nargs="+")
    s = sub.add_parser("split", parents=[common], help="move mentions into an event of their own")
    s.add_argument("event_id")
    s.add_argument("mention_ids", nargs="+")
    s = sub.add_parser("undo", parents=[common], help="undo an operation (default: the last)")
    s.add_argument("op_id", nargs="?", type=int)
    s = sub.add_parser("history", parents=[common], help="list operations")
    s.add_argument("event_id", nargs="?")
    s = sub.add_parser("queue", parents=[common], help="events most worth a review")
    s.add_argument("--limit", type=int, default=20)
    return p


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
    elif row["op"] == "undo":
        detail = f" operation {row['payload']['op_id']}"
    note = f"  -- {row['note']}" if row["note"] else ""
    return f"{row['id']:>5}  {row['time']}  {row['op']:<6} {' '.join(row['event_ids'])}{detail}{flag}{note}"


def run_curate_command(args: list[str], out=None, err=None) -> int:
    """``app.py curate ...``: parse ``args``, run one operation, print the result.

    Commands: ``accept ID``, ``reject ID``, ``edit ID [--date V] [--type T]
    [--status S] [--label L] [--actors JSON]``, ``merge ID ID...``, ``split ID
    MENTION...``, ``undo [OP]``, ``history [ID]``, ``queue [--limit N]``; each
    with ``--corpus DIR`` and optional ``--store``, ``--note``, ``--json``,
    ``--no-check``.  Unless ``--no-check``, ids are checked against the
    corpus's (cached) extraction with curation applied.

    Returns 0 on success, 2 with a message on stderr for bad input.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    store = None
    try:
        ns = _parser().parse_args(list(args))
        corpus = Path(ns.corpus)
        if not corpus.is_dir():
            raise CurationError(f"corpus folder {ns.corpus!r} does not exist or is not a folder")
        store = CurationStore(ns.store) if ns.store else CurationStore.for_corpus(corpus)
        cmd = ns.command
        if cmd in ("history", "undo"):
            if cmd == "history":
                rows = store.history(ns.event_id)
                if ns.json:
                    print(json.dumps(rows, ensure_ascii=False, indent=1), file=out)
                else:
                    for row in rows:
                        print(_op_line(row), file=out)
                    if not rows:
                        print("no operations", file=out)
                return 0
            op_id = store.undo(ns.op_id, note=ns.note) if ns.op_id is not None else store.undo_last(ns.note)
            row = store.get(op_id)
            print(json.dumps(row, ensure_ascii=False) if ns.json else _op_line(row), file=out)
            return 0
        events = None
        if cmd == "queue" or not ns.no_check:
            events = _curated_corpus(str(corpus), store)
        if cmd == "queue":
            items = review_queue(events, limit=ns.limit)
            if ns.json:
                print(json.dumps([{k: v for k, v in it.items() if k != "event"} for it in items],
                                 ensure_ascii=False, indent=1), file=out)
            else:
                for it in items:
                    print(f"{it['id']}  {it['date'] or '-':<10} {it['type']:<9} {it['label']}\n"
                          f"    score {it['score']}: {'; '.join(it['reasons'])}", file=out)
                if not items:
                    print("nothing to review", file=out)
            return 0
        ids = ns.event_ids if cmd == "merge" else [ns.event_id]
        if events is not None:
            owner = {i: ev["id"] for ev in events for i in event_ids(ev)}
            unknown = [i for i in ids + (ns.mention_ids if cmd == "split" else []) if i not in owner]
            if unknown:
                raise CurationError(f"no event or mention with id {', '.join(unknown)} in "
                                    f"{ns.corpus} (see 'queue' or the explorer for ids)")
        if cmd == "accept":
            op_id = store.accept(ns.event_id, note=ns.note)
        elif cmd == "reject":
            op_id = store.reject(ns.event_id, note=ns.note)
        elif cmd == "edit":
            fields = {k: getattr(ns, k) for k in EDITABLE_FIELDS if getattr(ns, k) is not None}
            if "actors" in fields:
                try:
                    fields["actors"] = json.loads(fields["actors"])
                except ValueError as exc:
                    raise CurationError(f"--actors is not valid JSON: {exc}") from None
            op_id = store.edit(ns.event_id, note=ns.note, **fields)
        elif cmd == "merge":
            op_id = store.merge(ns.event_ids, note=ns.note)
        else:
            op_id = store.split(ns.event_id, ns.mention_ids, note=ns.note)
        row = store.get(op_id)
        print(json.dumps(row, ensure_ascii=False) if ns.json else _op_line(row), file=out)
        return 0
    except CurationError as exc:
        print(f"error: {exc}", file=err)
        return 2
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
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


def apply_curation_fast(events: list[dict], ops: list[dict]):
    """Same records as :func:`apply_curation` ``(events, ops)``, but only
    the events an operation names (by event or mention id) go through it; the
    others are copied with ``curated: False``. Operations only ever change the
    events they name, so the result is identical; at 100k events it saves
    about a second per curation change. Returns a ``CuratedEvents`` list
    (with ``unmatched`` and ``warnings``)."""
    named: set[str] = set()
    for op in ops:
        named.update(op.get("event_ids") or ())
        named.update((op.get("payload") or {}).get("mention_ids") or ())
    touched = [ev for ev in events if any(i in named for i in event_ids(ev))] if named else []
    if len(touched) * 2 > len(events):
        return apply_curation(events, ops)
    done = apply_curation(touched, ops)
    keep = {id(ev) for ev in touched}
    out = CuratedEvents([{**ev, "curated": False} for ev in events if id(ev) not in keep] + list(done))
    out.sort(key=lambda e: (((e.get("date") or {}).get("start") or "9999"), e["id"]))
    out.unmatched, out.warnings = done.unmatched, done.warnings
    return out
