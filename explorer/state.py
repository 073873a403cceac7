"""The explorer's server-side state: what the callbacks read.

:class:`Session` holds one app's data (the extraction it was started with,
the upload folder, the curation store) and a memo of derived views, keyed by
the uploads' file list and the store's operation ids, so that every callback
after a change sees the same :class:`View`, built once. The browser keeps only
the filter controls, the selected event and the visible date range.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from events.uploads import read_upload_index, upload_fingerprint, upload_total


class View:
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
        self.index = views.build_index(shown, self.docs_by_id)
        self._graph = None
        self._queue = None
        self._lock = threading.Lock()
        self._positions: dict[str, object] = {}
        self._derived: dict[tuple, object] = {}

    def graph(self):
        from graph.build import build_graph

        with self._lock:
            if self._graph is None:
                self._graph = build_graph(self.shown, self.documents)
            return self._graph

    def positions(self, state):
        """Filtered event positions, memoised per filter state: the timeline
        and graph callbacks of one filter change compute it once."""
        from graph.query import Filter

        key = json.dumps(state or {}, sort_keys=True)
        pos = self._positions.get(key)
        if pos is None:
            # a date the filter bar could not use is left out, as the bar says
            pos = self.index.positions(Filter.lenient(state or {})[0])
            pos.setflags(write=False)  # shared by callbacks: read-only
            if len(self._positions) > 32:
                self._positions.clear()
            self._positions[key] = pos
        return pos

    def derived(self, key: tuple, build):
        """``build()``, memoised for this view under ``key`` (the 32 newest kept):
        the events table's columns and orders."""
        hit = self._derived.get(key)
        if hit is None:
            hit = build()
            if len(self._derived) >= 32:
                try:  # the oldest goes; another thread may have taken it already
                    self._derived.pop(next(iter(self._derived)), None)
                except (RuntimeError, StopIteration):
                    pass
            self._derived[key] = hit
        return hit

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
        counts = views.actor_filter_counts(index)  # what choosing the actor then shows
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


class Session:
    """One app's data: the extraction it started with, uploads since, the
    curation store, and the memo of views derived from them.

    Parameters are those of :func:`explorer.create_app`. Nothing here is
    shared between apps; the memo keeps one entry per kind (dataset, view).
    """

    def __init__(self, documents: list[dict], events: list[dict], *, store=None,
                 corpus: str | os.PathLike | None = None,
                 upload_dir: str | os.PathLike | None = None, show_rejected: bool = False,
                 allow_private_urls: bool = False, read_only: bool = False,
                 max_document_bytes: int | None = None, reports: list[dict] | None = None):
        from events.curation import CurationStore
        from events.limits import MAX_DOCUMENT_BYTES

        if store is not None and not isinstance(store, CurationStore):
            store = CurationStore(store)
        self.store = store
        self.curating = store is not None
        self.show_rejected = show_rejected
        self.allow_private_urls = allow_private_urls
        self.read_only = read_only
        #: one uploaded document at most this; one upload twice that
        self.max_document_bytes = max_document_bytes or MAX_DOCUMENT_BYTES
        self.up_total = upload_total(self.max_document_bytes)
        #: dataset key -> the document reports of that dataset (Documents panel)
        self.reports_of = {("base",): list(reports or [])}
        self.base_docs, self.base_events = list(documents), list(events)
        self.up_dir = up_dir = Path(upload_dir).resolve() if upload_dir else None
        self.corpus = Path(corpus).resolve() if corpus else None  # the reader reads texts there
        self.in_corpus = (up_dir is not None and corpus is not None
                          and up_dir == Path(corpus).resolve())
        self.fp0 = upload_fingerprint(up_dir) if self.in_corpus else ()
        self.memo: dict[tuple, object] = {}
        self.memo_lock = threading.Lock()
        self.build_lock = threading.RLock()  # re-entrant: building a view may build the dataset

    def may(self, role: str) -> bool:
        """May this request's user act as ``role`` ("curator": curate and upload)? Without
        login (no user in the request) everybody may, unless the app is read-only."""
        from explorer.accounts import allows
        from explorer.security import current_user

        if self.read_only and role != "viewer":
            return False
        user = current_user()
        return user is None or user.get("name") is None or allows(user.get("role"), role)

    def may_curate(self) -> bool:
        return self.curating and self.may("curator")

    def may_upload(self) -> bool:
        return self.up_dir is not None and self.may("curator")

    def user_name(self) -> str | None:
        """Who makes this request (kept with each curation), or None without login."""
        from explorer.security import current_user

        return (current_user() or {}).get("name")

    def memoised(self, key, build):
        """``memo[key]``, built once: concurrent callbacks after a change wait
        for the one build instead of each rebuilding (one entry per kind kept)."""
        memo = self.memo
        hit = memo.get(key)
        if hit is not None:
            return hit
        with self.build_lock:
            hit = memo.get(key)
            if hit is None:
                hit = build()
                with self.memo_lock:
                    for k in [k for k in memo if k[0] == key[0]]:
                        del memo[k]
                    memo[key] = hit
            return hit

    def dataset(self):
        """(key, documents, events) including uploads made since the app started."""
        up_dir, base_docs, base_events = self.up_dir, self.base_docs, self.base_events
        fp = upload_fingerprint(up_dir)
        if fp == self.fp0:
            return ("base",), base_docs, base_events
        key = ("uploads", fp)

        def build():
            from events.merge import merge_events
            from events.pipeline import run_pipeline

            result = run_pipeline(up_dir, workers=1, cache=True,
                                  max_document_bytes=self.max_document_bytes)
            base = self.reports_of[("base",)]
            self.reports_of[key] = result.reports if self.in_corpus else base + result.reports
            if self.in_corpus:
                return key, result.documents, result.events
            seen = {str(d.get("id")) for d in base_docs}
            docs = base_docs + [d for d in result.documents if str(d.get("id")) not in seen]
            return key, docs, merge_events(base_events + result.events)
        return self.memoised(key, build)

    def reports(self, view: View) -> list[dict]:
        """The document reports of the dataset ``view`` shows."""
        return self.reports_of.get(view.key[1], self.reports_of[("base",)])

    def view(self) -> View:
        """The current view: the dataset with the store's curation applied."""
        from events.curation import apply_curation_fast, visible

        store, up_dir = self.store, self.up_dir
        dkey, docs, evs = self.dataset()
        ops = store.operations() if store is not None else []
        key = ("view", dkey, tuple(o["id"] for o in ops))

        def build():
            curated = apply_curation_fast(evs, ops) if store is not None else evs
            shown = list(curated) if self.show_rejected or store is None else visible(curated)
            return View(key, docs, curated, shown, read_upload_index(up_dir) if up_dir else {})
        return self.memoised(key, build)
