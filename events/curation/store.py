"""The operation log of one corpus in an SQLite file (see :mod:`events.curation`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

from events.curation.locations import default_store_path, user_data_dir
from events.curation.validate import (
    SCHEMA_VERSION,
    CurationError,
    check_dispute,
    check_id,
    check_ids,
    check_note,
    check_user,
    event_ids,
    validate_fields,
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ops (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    op TEXT NOT NULL,
    event_ids TEXT NOT NULL,
    payload TEXT NOT NULL,
    note TEXT,
    undone INTEGER NOT NULL DEFAULT 0,
    undone_by INTEGER,
    user TEXT
);
CREATE TABLE IF NOT EXISTS op_ids (
    op_id INTEGER NOT NULL REFERENCES ops(id),
    event_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS op_ids_event ON op_ids(event_id);
"""


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
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version >= SCHEMA_VERSION:
            return
        if version == 0:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    con.execute(statement)
        if version == 1:  # version 2 keeps who did each operation (earlier rows: unknown)
            con.execute("ALTER TABLE ops ADD COLUMN user TEXT")
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
                extra_ids: Iterable[str] = (), undo_target: int | None = None,
                user: str | None = None) -> int:
        note = check_note(note)
        user = check_user(user)
        payload_json = json.dumps(payload, ensure_ascii=False, sort_keys=True)

        def insert(con):
            if undo_target is not None:
                row = con.execute("SELECT op, undone FROM ops WHERE id=?", (undo_target,)).fetchone()
                if row is None:
                    raise CurationError(f"no operation with id {undo_target}")
                if row[1]:
                    raise CurationError(f"operation {undo_target} ({row[0]}) is already undone")
            cur = con.execute(
                "INSERT INTO ops(time, op, event_ids, payload, note, user) VALUES (?,?,?,?,?,?)",
                (_now(), op, json.dumps(event_ids, ensure_ascii=False), payload_json, note, user))
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

    def accept(self, event_id: str, note: str | None = None, *, user: str | None = None) -> int:
        """Mark an event as checked and right; returns the operation id. ``user``: who did
        it (kept with the operation; every method here takes it)."""
        return self._record("accept", [check_id(event_id)], {}, note, user=user)

    def reject(self, event_id: str, note: str | None = None, *, user: str | None = None) -> int:
        """Mark an event as wrong (kept, flagged; see :func:`visible`); returns the op id."""
        return self._record("reject", [check_id(event_id)], {}, note, user=user)

    def edit(self, event_id: str, note: str | None = None, *, user: str | None = None,
             **fields) -> int:
        """Change ``date`` (TIMEX3 value), ``type``, ``status``, ``label`` or ``actors``.

        Values are validated first (:func:`validate_fields`); returns the op id.
        """
        eid = check_id(event_id)
        return self._record("edit", [eid], {"fields": validate_fields(fields)}, note, user=user)

    def merge(self, event_ids: Iterable[str], note: str | None = None, *,
              user: str | None = None) -> int:
        """Merge two or more events into one; returns the op id."""
        return self._record("merge", check_ids(event_ids, "event ids", 2), {}, note, user=user)

    def split(self, event_id: str, mention_ids: Iterable[str], note: str | None = None, *,
              user: str | None = None) -> int:
        """Move the given mentions of an event into an event of their own; returns the op id."""
        eid = check_id(event_id)
        mids = check_ids(mention_ids, "mention ids", 1)
        return self._record("split", [eid], {"mention_ids": mids}, note, extra_ids=mids,
                            user=user)

    def resolve(self, event_id: str, kind: str, mention_a: str, mention_b: str,
                note: str | None = None, *, user: str | None = None) -> int:
        """Mark the disagreement of ``kind`` between mentions ``mention_a`` and ``mention_b``
        of an event resolved (see :mod:`events.disputes`); the note says how. Returns the op id."""
        eid = check_id(event_id)
        dispute = check_dispute(kind, mention_a, mention_b)
        return self._record("resolve", [eid], {"dispute": dispute}, note,
                            extra_ids=dispute["mentions"], user=user)

    def undo(self, op_id: int, note: str | None = None, *, user: str | None = None) -> int:
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
                            undo_target=op_id, user=user)

    def undo_last(self, note: str | None = None, *, user: str | None = None) -> int:
        """Undo the most recent operation that is not an undo and not undone yet."""
        with self._connect() as con:
            row = con.execute("SELECT id FROM ops WHERE undone=0 AND op!='undo' "
                              "ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            raise CurationError("nothing to undo")
        return self.undo(row[0], note=note, user=user)

    # ------------------------------------------------------------ reading

    @staticmethod
    def _row(r) -> dict:
        return {"id": r[0], "time": r[1], "op": r[2], "event_ids": json.loads(r[3]),
                "payload": json.loads(r[4]), "note": r[5], "undone": bool(r[6]),
                "undone_by": r[7], "user": r[8]}

    _COLS = "id, time, op, event_ids, payload, note, undone, undone_by, user"

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
                    (check_id(event_id),)).fetchall()
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
