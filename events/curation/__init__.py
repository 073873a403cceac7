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

from events.curation.cli import run_curate_command
from events.curation.locations import default_store_path, user_data_dir
from events.curation.replay import (
    CuratedEvents,
    apply_curation,
    apply_curation_fast,
    visible,
)
from events.curation.review import REVIEW_WEIGHTS, review_queue
from events.curation.store import CurationStore
from events.curation.validate import (
    CURATION_FILENAME,
    EDITABLE_FIELDS,
    HEDGED_STATUSES,
    MAX_ID,
    MAX_IDS,
    MAX_LABEL,
    MAX_NOTE,
    OPS,
    SCHEMA_VERSION,
    CurationError,
    event_ids,
    normalize_date,
    validate_fields,
)

__all__ = [
    "CURATION_FILENAME", "EDITABLE_FIELDS", "HEDGED_STATUSES", "MAX_ID", "MAX_IDS", "MAX_LABEL",
    "MAX_NOTE", "OPS", "REVIEW_WEIGHTS", "SCHEMA_VERSION", "CuratedEvents", "CurationError",
    "CurationStore", "apply_curation", "apply_curation_fast", "default_store_path", "event_ids",
    "normalize_date", "review_queue", "run_curate_command", "user_data_dir", "validate_fields",
    "visible",
]
