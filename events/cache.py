"""Per-document cache of extraction results in one embedded SQLite file.

One row per (document key, extractor version); the value is the JSON of the
list of event records that :func:`events.extract.extract_document` returned
for that document.  A second table keeps the merged events of the last few
whole corpora (key: the ordered document keys), so an unchanged corpus skips
the merge as well as the extraction.  A third keeps each document's report
(:mod:`events.report`) beside its events, under the same key.  The key is the sha256 of everything that can change the
result: the text, the document id (it is written into every mention) and the
metadata the extractor reads (``published``, ``published_estimated``,
``dct_inferred``, title, outlet, ``meta``).  The extractor version is a second
key column, so new code or data files never see old results.  Rows that no current
document can use again (earlier versions of edited documents; in a corpus's own cache
also deleted documents) are removed by :meth:`EventCache.prune_stale`.

Only the process that runs the pipeline reads and writes the cache; workers
(process pool or Dask) stay pure.  The file is opened in WAL mode, so any
number of readers can use it while one writer commits; writes go in one
transaction per batch.  A file that is not a readable SQLite database (or has
the wrong schema) is moved aside as ``<name>.corrupt`` and rebuilt; the reason
is reported through :attr:`EventCache.problems`, never raised.

Examples
--------
>>> import tempfile, pathlib
>>> from events.model import Document
>>> path = pathlib.Path(tempfile.mkdtemp()) / "c.sqlite"
>>> doc = Document(id="d1", text="Rome agreed.")
>>> with EventCache(path, version="v1") as cache:
...     key = document_key(doc)
...     before = cache.get_many([key])
...     written = cache.put_many({key: [{"id": "event:1"}]})
...     after = cache.get_many([key])
>>> before, written, after[key]
({}, 1, [{'id': 'event:1'}])
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import orjson

from events.model import Document

#: File name of the cache when it lives inside the corpus folder.
CACHE_FILENAME = ".eventline-cache.sqlite"
#: Bump when the table layout changes; an old file is then rebuilt.
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    key TEXT NOT NULL,
    version TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    n_events INTEGER NOT NULL,
    value BLOB NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (key, version)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reports (
    key TEXT NOT NULL,
    version TEXT NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (key, version)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS merged (
    key TEXT NOT NULL,
    version TEXT NOT NULL,
    value BLOB NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (key, version)
) WITHOUT ROWID;
"""
#: How many merged corpus results one file keeps (newest first).
KEEP_MERGED = 3


def _drop_orphan_reports(conn) -> None:
    """Delete the reports whose events row is gone."""
    conn.execute("DELETE FROM reports WHERE NOT EXISTS (SELECT 1 FROM events e"
                 " WHERE e.key = reports.key AND e.version = reports.version)")


class CacheError(Exception):
    """The cache file cannot be used at all (e.g. its folder is not writable)."""


def document_key(doc: Document, options: dict | None = None) -> str:
    """sha256 hex of the text, the metadata and the extraction ``options``.

    >>> a = Document(id="x", text="Paris signed.", published="2020-01")
    >>> b = Document(id="x", text="Paris signed.", published="2020-02")
    >>> document_key(a) == document_key(b)
    False
    """
    fields = doc.record()
    fields.pop("file", None)  # moving a file does not change its events
    payload = orjson.dumps(
        {"record": fields, "meta": doc.meta or {}, "options": options or {}},
        option=orjson.OPT_SORT_KEYS,
        default=str,
    )
    h = hashlib.sha256()
    h.update(payload)
    h.update(b"\x00")
    h.update(doc.text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


_SCOPE_SEP = "\x1f"  # between a document id and the digest of non-default options


def cache_doc_id(doc_id: str, options: dict | None = None) -> str:
    """The ``doc_id`` a cache row is filed under: the document id, plus a digest of the
    extraction options when they are not the defaults, so that pruning tells an edited
    document from the same document read with other options.

    >>> cache_doc_id("a1")
    'a1'
    >>> cache_doc_id("a1", {"include_boilerplate": True}).startswith("a1\x1f")
    True
    """
    if not options:
        return doc_id
    digest = hashlib.sha256(orjson.dumps(options, option=orjson.OPT_SORT_KEYS)).hexdigest()[:12]
    return f"{doc_id}{_SCOPE_SEP}{digest}"


def user_cache_dir() -> Path:
    """The user's cache folder for eventline, as the platform has it (platformdirs):
    ``$XDG_CACHE_HOME/eventline`` or ``~/.cache/eventline`` on Linux, the platform's own
    elsewhere."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("eventline", appauthor=False))


def default_cache_path(corpus_dir: str | os.PathLike) -> Path:
    """Where the cache of a corpus folder lives by default.

    Inside the corpus (``<corpus>/.eventline-cache.sqlite``) if that folder
    is writable and not the bundled corpus, else in the user cache dir under a name derived from the
    sha256 of the corpus's absolute path.
    """
    from events.curation.locations import is_bundled

    corpus = Path(corpus_dir).resolve()
    if corpus.is_dir() and os.access(corpus, os.W_OK | os.X_OK) and not is_bundled(corpus):
        return corpus / CACHE_FILENAME
    return user_cache_path(corpus)


def user_cache_path(corpus_dir: str | os.PathLike) -> Path:
    """The corpus's cache file in the user cache dir (name from its path hash)."""
    corpus = Path(corpus_dir).resolve()
    digest = hashlib.sha256(str(corpus).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return user_cache_dir() / f"{corpus.name or 'corpus'}-{digest}.sqlite"


class EventCache:
    """SQLite store of per-document event lists for one extractor version.

    Parameters
    ----------
    path:
        The SQLite file; its folder is created if needed.
    version:
        The extractor version (``events.extract.EXTRACTOR_VERSION``).
    timeout:
        Seconds to wait for another writer's lock before giving up.

    Notes
    -----
    A corrupt or foreign file is moved aside and rebuilt; the reason is added
    to :attr:`problems`.  A row whose JSON cannot be decoded counts as a miss.
    Raises :class:`CacheError` only if no database can be created at ``path``.
    """

    def __init__(self, path: str | os.PathLike, version: str, *, timeout: float = 30.0):
        self.path = Path(path)
        self.version = str(version)
        self.timeout = timeout
        self.problems: list[str] = []
        self.conn = self._open()

    # -- opening, and rebuilding a broken file ----------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(_SCHEMA)
            row = conn.execute("SELECT value FROM meta WHERE name='schema'").fetchone()
            if row is None:
                conn.execute(
                    "INSERT OR IGNORE INTO meta(name, value) VALUES ('schema', ?)",
                    (str(SCHEMA_VERSION),),
                )
            elif row[0] != str(SCHEMA_VERSION):
                raise sqlite3.DatabaseError(f"schema version {row[0]}, expected {SCHEMA_VERSION}")
            # touch the table so a damaged page shows up now, not mid-run
            conn.execute("SELECT key, version, value FROM events LIMIT 1").fetchall()
        except BaseException:
            conn.close()
            raise
        return conn

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheError(f"cannot create cache folder {self.path.parent}: {exc}") from exc
        try:
            return self._connect()
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "unable to open" in str(exc):
                raise CacheError(f"cannot open cache {self.path}: {exc}") from exc
            reason = exc
        except sqlite3.DatabaseError as exc:  # "file is not a database", malformed...
            reason = exc
        aside = self.path.with_name(self.path.name + ".corrupt")
        self.problems.append(
            f"cache {self.path} was unreadable ({reason}); moved to {aside.name} and rebuilt"
        )
        try:
            for suffix in ("-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    side.unlink()
            os.replace(self.path, aside)
        except OSError as exc:
            raise CacheError(f"cache {self.path} is corrupt and cannot be moved: {exc}") from exc
        try:
            return self._connect()
        except sqlite3.Error as exc:
            raise CacheError(f"cannot create cache {self.path}: {exc}") from exc

    # -- reading and writing ------------------------------------------------
    def get_many(self, keys: Iterable[str]) -> dict[str, list[dict]]:
        """The cached event lists of those ``keys`` that are present."""
        found: dict[str, list[dict]] = {}
        for key, value in self._present(keys, "value")[0]:
            try:
                events = orjson.loads(value)
            except orjson.JSONDecodeError:
                continue  # damaged row: treat as a miss, it will be rewritten
            if isinstance(events, list):
                found[key] = events
        return found

    def count_many(self, keys: Iterable[str]) -> dict[str, int]:
        """``{key: number of events}`` for the present keys, without decoding values."""
        rows, complete = self._present(keys, "n_events")
        return dict(rows) if complete else {}

    def _present(self, keys: Iterable[str], column: str) -> tuple[list[tuple], bool]:
        """``(key, column)`` rows of this version for the present ``keys``, read in chunks
        under SQLite's variable limit, and whether every chunk could be read (a failure is
        reported in :attr:`problems`; the rows read before it are kept)."""
        keys = list(dict.fromkeys(keys))
        rows: list[tuple] = []
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            marks = ",".join("?" * len(chunk))
            try:
                rows += self.conn.execute(
                    f"SELECT key, {column} FROM events WHERE version=? AND key IN ({marks})",
                    (self.version, *chunk),
                ).fetchall()
            except sqlite3.DatabaseError as exc:
                self.problems.append(f"cache {self.path}: read failed ({exc}); extracting instead")
                return rows, False
        return rows, True

    def get_reports(self, keys: Iterable[str]) -> dict[str, dict]:
        """The cached document reports of those ``keys`` that are present."""
        keys = list(dict.fromkeys(keys))
        found: dict[str, dict] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            try:
                rows = self.conn.execute(
                    f"SELECT key, value FROM reports WHERE version=? AND key IN ({','.join('?' * len(chunk))})",
                    (self.version, *chunk)).fetchall()
            except sqlite3.DatabaseError as exc:
                self.problems.append(f"cache {self.path}: read failed ({exc}); extracting instead")
                return found
            for key, value in rows:
                try:
                    report = orjson.loads(value)
                except orjson.JSONDecodeError:
                    continue
                if isinstance(report, dict):
                    found[key] = report
        return found

    def put_many(self, items: Mapping[str, list[dict]], doc_ids: Mapping[str, str] | None = None,
                 reports: Mapping[str, dict] | None = None) -> int:
        """Store event lists (and document ``reports``) by key in one transaction;
        returns the event rows written."""
        now = time.time()
        rows = [
            (key, self.version, (doc_ids or {}).get(key, ""), len(events), orjson.dumps(events), now)
            for key, events in items.items()
        ]
        report_rows = [(key, self.version, orjson.dumps(r)) for key, r in (reports or {}).items()]
        if not rows:
            return 0

        def write(conn) -> int:
            conn.executemany(
                "INSERT OR REPLACE INTO events(key, version, doc_id, n_events, value, created)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            conn.executemany("INSERT OR REPLACE INTO reports(key, version, value) VALUES (?, ?, ?)",
                             report_rows)
            return len(rows)
        return self._transaction(write, "write failed", "; results not cached", 0)

    def _transaction(self, work, failure: str, consequence: str, fallback):
        """``work(conn)`` in one immediate transaction, and what it returns.  On an SQLite
        error the transaction is rolled back, the failure noted in ``problems`` and
        ``fallback`` returned: the cache never stops a run."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            out = work(self.conn)
            self.conn.execute("COMMIT")
            return out
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            self.problems.append(f"cache {self.path}: {failure} ({exc}){consequence}")
            return fallback

    # -- whole-corpus merged results ----------------------------------------
    def get_merged(self, key: str) -> list[dict] | None:
        """The merged events stored for this exact set of document keys, or None."""
        try:
            row = self.conn.execute(
                "SELECT value FROM merged WHERE key=? AND version=?", (key, self.version)
            ).fetchone()
            return orjson.loads(row[0]) if row else None
        except (sqlite3.DatabaseError, orjson.JSONDecodeError) as exc:
            self.problems.append(f"cache {self.path}: merged result unreadable ({exc}); merging")
            return None

    def put_merged(self, key: str, events: list[dict]) -> bool:
        """Store a merged result; keeps the newest ``KEEP_MERGED`` per file."""
        def write(conn) -> bool:
            conn.execute(
                "INSERT OR REPLACE INTO merged(key, version, value, created) VALUES (?, ?, ?, ?)",
                (key, self.version, orjson.dumps(events), time.time()),
            )
            conn.execute(
                "DELETE FROM merged WHERE key NOT IN (SELECT key FROM merged"
                " ORDER BY created DESC LIMIT ?)",
                (KEEP_MERGED,),
            )
            return True
        return self._transaction(write, "write failed", "; merged result not cached", False)

    def prune_stale(self, current: Mapping[str, str], whole_corpus: bool) -> int:
        """Delete the rows that no current document can use again; returns how many.

        ``current`` maps each current document's cache id (see :func:`cache_doc_id`) to
        its key.  Rows of those documents under another key are earlier versions of an
        edited file.  With ``whole_corpus`` (the file is this corpus's own cache), rows of
        documents that are no longer in the corpus go too; the same document read with
        other extraction options keeps its rows.
        """
        if not current:
            return 0

        def prune(conn) -> int:
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS current_docs("
                         "doc_id TEXT PRIMARY KEY, key TEXT NOT NULL, base TEXT NOT NULL)")
            conn.execute("DELETE FROM current_docs")
            conn.executemany(
                "INSERT OR REPLACE INTO current_docs(doc_id, key, base) VALUES (?, ?, ?)",
                [(d, k, d.split(_SCOPE_SEP, 1)[0]) for d, k in current.items()])
            n = conn.execute(
                "DELETE FROM events WHERE version = ? AND EXISTS (SELECT 1 FROM current_docs c"
                " WHERE c.doc_id = events.doc_id AND c.key != events.key)",
                (self.version,)).rowcount
            if whole_corpus:
                n += conn.execute(
                    "DELETE FROM events WHERE version = ? AND (CASE WHEN instr(doc_id, ?) > 0"
                    " THEN substr(doc_id, 1, instr(doc_id, ?) - 1) ELSE doc_id END)"
                    " NOT IN (SELECT base FROM current_docs)",
                    (self.version, _SCOPE_SEP, _SCOPE_SEP)).rowcount
            _drop_orphan_reports(conn)
            return n
        return self._transaction(prune, "prune failed", "", 0)

    def prune_other_versions(self) -> int:
        """Delete rows written by other extractor versions; returns how many."""
        try:
            cur = self.conn.execute("DELETE FROM events WHERE version != ?", (self.version,))
            self.conn.execute("DELETE FROM merged WHERE version != ?", (self.version,))
            _drop_orphan_reports(self.conn)
            return cur.rowcount
        except sqlite3.Error as exc:
            self.problems.append(f"cache {self.path}: prune failed ({exc})")
            return 0

    def __len__(self) -> int:
        return self.conn.execute(
            "SELECT count(*) FROM events WHERE version=?", (self.version,)
        ).fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> EventCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
