"""Corpus folder in, merged events out: load, map extraction over documents, merge.

The map is the only expensive step and the only one that runs elsewhere::

    load_corpus(dir)  ->  [cache lookup]  ->  extract_document per document  ->  merge_events
       (this process)      (this process)      (in process | process pool | Dask)   (this process)

* ``workers=1`` runs in this process; ``workers=None`` uses all cores through a
  :class:`concurrent.futures.ProcessPoolExecutor`, ``workers=N`` uses N.  Documents
  go to workers in batches (a few batches per worker, at most ``MAX_BATCH``) so
  that pickling and scheduling cost little next to extraction.  Runs with fewer
  than ``MIN_DOCS_FOR_POOL`` documents to extract stay in process: starting a
  pool costs more than it saves.
* ``dask="local"`` starts a ``LocalCluster`` (2 worker processes, 1 thread each,
  or ``workers`` processes); ``dask="local-threads"`` does the same with threads
  in this process (quick, for tests and debugging); ``dask="tcp://host:8786"``
  connects to a running scheduler.  The batches are submitted as futures; every
  worker must be able to ``import events`` at the same version.
* The cache (:mod:`events.cache`) is read and written only here, never by
  workers: a document whose text and metadata are unchanged since the last run
  of the same extractor version is not extracted again, and an unchanged corpus
  is not merged again either (the merged result is stored too).
* One document whose extraction raises is reported in ``problems`` with its id
  and the error, and skipped.  A worker process that dies takes its batch with
  it; those documents are reported the same way.

Results never depend on the mode: events are collected in corpus order before
the merge, so sequential, process-pool and Dask runs give identical records.

``events.corpus.CorpusError`` (missing folder, not a folder) propagates
unchanged; bad arguments raise :class:`PipelineError`.
"""

from __future__ import annotations

import hashlib
import logging
import math
import multiprocessing
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from events.model import Document
from events.progress import Progress

#: Upper bound of documents per batch sent to a worker.
MAX_BATCH = 64
#: Batches per worker: more balances uneven documents, fewer costs less overhead.
BATCHES_PER_WORKER = 4
#: Below this many documents to extract, a pool is not worth starting.
MIN_DOCS_FOR_POOL = 8
#: Seconds to wait for a remote Dask scheduler to answer.
DASK_CONNECT_TIMEOUT = 10.0


class PipelineError(Exception):
    """Bad arguments to :func:`run_pipeline` or an unreachable Dask scheduler."""


@dataclass
class PipelineResult:
    """What :func:`run_pipeline` returns.

    ``documents``: document records (``Document.record()``), corpus order.
    ``events``: merged event records (see :mod:`events.model`).
    ``problems``: human-readable notes: skipped files and documents and why,
    cache trouble.  ``stats``: counts and timings (see :func:`run_pipeline`).
    ``skipped``: each file that is no document, ``{"file", "reason", "message"}``
    (see :data:`events.corpus.SKIP_REASONS`).  ``reports``: one report per
    document, then one per skipped file (:mod:`events.report`).
    """

    documents: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    skipped: list[dict] = field(default_factory=list)
    reports: list[dict] = field(default_factory=list)


# ---------------------------------------------------------------------------
# The map step: pure, picklable, importable by name (process pool and Dask)
# ---------------------------------------------------------------------------

def extract_batch(docs: list[Document], include_boilerplate: bool = False
                  ) -> list[tuple[list[dict] | None, str | None, dict]]:
    """Extract every document of a batch; one ``(events, error, report)`` triple each.

    ``report``: :func:`events.report.document_report` of the document.  A
    document whose extraction raises gets ``(None, "ExcType: message", report)``
    (a failed report); the rest of the batch carries on.
    """
    from events import extract  # looked up per call so tests can monkeypatch it
    from events.report import document_report, failed_report

    kwargs = {"include_boilerplate": True} if include_boilerplate else {}
    out: list[tuple[list[dict] | None, str | None, dict]] = []
    for doc in docs:
        stats: dict = {}
        try:
            events = list(extract.extract_document(doc, **kwargs, stats=stats))
            stats.setdefault("events", len(events))
            out.append((events, None, document_report(doc.record(), stats)))
        except Exception as exc:  # noqa: BLE001 - reported per document, by design
            text = str(exc).strip()
            message = text.splitlines()[0][:300] if text else ""
            error = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
            out.append((None, error, failed_report(doc.record(), error)))
    return out


def _batches(indices: list[int], size: int) -> list[list[int]]:
    return [indices[i:i + size] for i in range(0, len(indices), size)]


def batch_size_for(n_docs: int, workers: int) -> int:
    """Documents per batch: about ``BATCHES_PER_WORKER`` batches per worker.

    >>> batch_size_for(10, 1), batch_size_for(1000, 2), batch_size_for(100000, 2)
    (3, 64, 64)
    """
    if n_docs <= 0:
        return 1
    return max(1, min(MAX_BATCH, math.ceil(n_docs / (max(1, workers) * BATCHES_PER_WORKER))))


# ---------------------------------------------------------------------------
# Executors: each yields (batch indices, per-document results) as they finish
# ---------------------------------------------------------------------------

BatchResult = tuple[list[int], list[tuple[list[dict] | None, str | None, dict]]]


def _lost(docs: list[Document], batch: list[int], error: str) -> list[tuple[None, str, dict]]:
    """The results of a batch that never came back."""
    from events.report import failed_report

    return [(None, error, failed_report(docs[i].record(), error)) for i in batch]


def _run_in_process(docs: list[Document], batches: list[list[int]], opts: dict
                    ) -> Iterator[BatchResult]:
    for batch in batches:
        yield batch, extract_batch([docs[i] for i in batch], **opts)


def _mp_context():
    # fork is cheapest, but forking a process that runs other threads (a Dash
    # server, a Dask client) can deadlock the child: use forkserver there.
    if threading.active_count() > 1 and "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return None


def _run_pool(docs: list[Document], batches: list[list[int]], workers: int, opts: dict
              ) -> Iterator[BatchResult]:
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context())
    try:
        pending = {pool.submit(extract_batch, [docs[i] for i in b], **opts): b for b in batches}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                batch = pending.pop(fut)
                try:
                    yield batch, fut.result()
                except BrokenProcessPool as exc:
                    # the pool is unusable: every unfinished batch is lost
                    lost = [batch, *pending.values()]
                    pending.clear()
                    for b in lost:
                        yield b, _lost(docs, b, f"worker process died ({exc})")
                    break
                except Exception as exc:  # noqa: BLE001 - e.g. unpicklable result
                    yield batch, _lost(docs, batch, f"{type(exc).__name__}: {exc}")
    finally:
        # on Ctrl-C or an error in the caller, do not start the batches still queued
        pool.shutdown(wait=True, cancel_futures=True)


def _dask_client(dask: str, workers: int | None):
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask[distributed] is a dependency here
        raise PipelineError(
            "dask mode needs the 'distributed' package: pip install 'dask[distributed]'"
        ) from exc
    if dask in ("local", "local-threads"):
        cluster = LocalCluster(
            n_workers=workers or 2, threads_per_worker=1, processes=(dask == "local"),
            dashboard_address=None, silence_logs=logging.ERROR,
        )
        return Client(cluster), cluster
    if "://" not in dask:
        raise PipelineError(
            f"dask={dask!r}: expected 'local', 'local-threads' or a scheduler address "
            "such as 'tcp://host:8786'"
        )
    try:
        return Client(dask, timeout=DASK_CONNECT_TIMEOUT), None
    except (OSError, TimeoutError) as exc:
        raise PipelineError(f"cannot reach Dask scheduler {dask}: {exc}") from exc


def _run_dask(docs: list[Document], batches: list[list[int]], client, opts: dict
              ) -> Iterator[BatchResult]:
    from distributed import as_completed

    tag = uuid.uuid4().hex[:8]
    futures = {}
    for n, batch in enumerate(batches):
        fut = client.submit(extract_batch, [docs[i] for i in batch], **opts,
                            key=f"eventline-extract-{tag}-{n}", pure=False)
        futures[fut] = batch
    for fut in as_completed(list(futures)):
        batch = futures[fut]
        try:
            yield batch, fut.result()
        except Exception as exc:  # noqa: BLE001 - a worker died or the task failed
            yield batch, _lost(docs, batch, f"dask task failed: {type(exc).__name__}: {exc}")
        fut.release()


# ---------------------------------------------------------------------------
# The pipeline
# ---------------------------------------------------------------------------

def _open_cache(cache, corpus_dir, version: str, problems: list[str]):
    from events.cache import CacheError, EventCache, default_cache_path

    if cache is False or cache is None:
        return None
    path = default_cache_path(corpus_dir) if cache is True else Path(cache)
    try:
        store = EventCache(path, version)
    except CacheError as exc:
        if cache is not True:
            problems.append(f"{exc}; running without cache")
            return None
        # the corpus folder looked writable but is not usable: try the user dir
        from events.cache import user_cache_path
        fallback = user_cache_path(corpus_dir)
        try:
            store = EventCache(fallback, version)
        except CacheError as exc2:
            problems.append(f"{exc}; {exc2}; running without cache")
            return None
    problems.extend(store.problems)
    store.problems.clear()
    return store


def _corpus_key(keys: list[str], opts: dict) -> str:
    """sha256 of the ordered document keys and options: names one merged result."""
    h = hashlib.sha256(repr(sorted(opts.items())).encode())
    for key in keys:
        h.update(key.encode())
    return h.hexdigest()


def _with_record(report: dict, doc: Document) -> dict:
    """A cached report with the document's current file name and title (they are not
    part of the cache key: a renamed file keeps its events)."""
    return {**report, "id": doc.id, "file": doc.file, "title": doc.title}


def _safe_merge(mentions: list[dict], merge_events, problems: list[str],
                meter: Progress | None = None) -> tuple[list[dict], bool]:
    """``merge_events``; if it raises, the unmerged mention records and a problem.
    With a ``meter``, the merge's progress is shown on it."""
    try:
        if meter is None:
            return merge_events(mentions), True
        done = [0]

        def advance(n: int, total: int) -> None:
            meter.update(docs=n - done[0])
            done[0] = n

        merged = merge_events(mentions, progress=advance)
        meter.close()
        return merged, True
    except Exception as exc:  # noqa: BLE001 - a merge bug must not lose the extraction
        problems.append(f"merging failed ({type(exc).__name__}: {str(exc)[:300]}); "
                        f"the {len(mentions)} events are shown unmerged, one per mention")
        return list(mentions), False


def run_pipeline(
    corpus_dir: str | os.PathLike,
    *,
    workers: int | None = None,
    dask: str | None = None,
    cache: bool | str | os.PathLike = True,
    progress: bool = False,
    include_boilerplate: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
    max_document_bytes: int | None = None,
) -> PipelineResult:
    """Extract and merge the events of every document in ``corpus_dir``.

    Parameters
    ----------
    corpus_dir:
        A folder of articles (see :func:`events.corpus.load_corpus`).
    workers:
        ``None``: all cores; ``1``: in this process; ``N``: a pool of N
        processes.  With ``dask="local"`` the number of Dask workers (default 2).
    dask:
        ``None``; ``"local"`` (LocalCluster, worker processes);
        ``"local-threads"`` (LocalCluster, threads in this process); or a
        scheduler address such as ``"tcp://10.0.0.5:8786"``.
    cache:
        ``True``: the default file (see :func:`events.cache.default_cache_path`);
        ``False``: no cache; a path: that SQLite file.
    progress:
        Print a progress line on stderr.
    include_boilerplate:
        Passed to ``extract_document``: also extract from lines that look like
        site boilerplate or reader comments (part of the cache key).
    on_progress:
        Called as ``on_progress(done_docs, total_docs)`` after each batch
        (for a UI progress bar).
    max_document_bytes:
        Files larger than this are reported and skipped before they are read
        (default: the document limit of :mod:`events.limits`).

    Returns
    -------
    PipelineResult
        ``stats`` holds ``n_docs``, ``n_events`` (merged), ``n_mentions``
        (before merge), ``cached_docs``, ``extracted_docs``, ``failed_docs``,
        ``bytes``, ``seconds`` and per stage ``load_seconds``,
        ``extract_seconds``, ``merge_seconds``, plus ``merge_cached``,
        ``mode``, ``workers``, ``batch_size``, ``cache_path``,
        ``extractor_version``.

    Raises
    ------
    events.corpus.CorpusError
        The folder is missing or not a folder.
    PipelineError
        ``workers`` < 1, a malformed ``dask`` value, an unreachable scheduler.

    Notes
    -----
    With a cache, an unchanged corpus is answered from the stored merged
    result without decoding the per-document rows; one changed document is
    extracted alone and the corpus is merged again.  A run in which some
    document failed stores the others but not the merged result.
    """
    _check_args(workers, dask)
    from events.corpus import load_corpus

    t0 = time.perf_counter()
    opts = {"include_boilerplate": True} if include_boilerplate else {}
    corpus = load_corpus(corpus_dir) if max_document_bytes is None else \
        load_corpus(corpus_dir, max_bytes=max_document_bytes)
    run = _Run(corpus, corpus_dir, opts, cache, progress, on_progress, t0)
    try:
        done = run.from_merged_cache()
        if done is not None:  # unchanged corpus: nothing to extract or merge
            return done
        todo = run.from_document_cache()
        mode, n_workers, size, results = run.map(todo, workers, dask)
        failed = run.collect(results)
        return run.merge(todo, failed, mode, n_workers, size)
    finally:
        run.close()


def _check_args(workers, dask) -> None:
    if workers is not None and (not isinstance(workers, int) or isinstance(workers, bool) or workers < 1):
        raise PipelineError(f"workers must be a positive integer or None, not {workers!r}")
    if dask is not None and not isinstance(dask, str):
        raise PipelineError(f"dask must be None, 'local' or a scheduler address, not {dask!r}")
    if isinstance(dask, str) and dask not in ("local", "local-threads") and "://" not in dask:
        raise PipelineError(
            f"dask={dask!r}: expected 'local', 'local-threads' or a scheduler address "
            "such as 'tcp://host:8786'"
        )


class _Run:
    """One run of :func:`run_pipeline`: the corpus, its cache and what has been found, in
    the order the steps use them (merged cache, per-document cache, the map, the merge)."""

    def __init__(self, corpus, corpus_dir, opts: dict, cache, progress: bool,
                 on_progress, t0: float) -> None:
        from events import extract
        from events.cache import document_key
        from events.report import skipped_report

        self.corpus, self.opts, self.cache, self.progress = corpus, opts, cache, progress
        self.on_progress, self.t0 = on_progress, t0
        self.docs: list[Document] = list(corpus.documents)
        self.problems: list[str] = list(corpus.problems)
        self.sizes = [len(d.text.encode("utf-8", "surrogatepass")) for d in self.docs]
        version = str(getattr(extract, "EXTRACTOR_VERSION", "unversioned"))
        self.t_loaded = time.perf_counter()
        self.stats = {
            "n_docs": len(self.docs), "n_events": 0, "n_mentions": 0, "cached_docs": 0,
            "extracted_docs": 0, "failed_docs": 0, "bytes": sum(self.sizes), "seconds": 0.0,
            "load_seconds": round(self.t_loaded - t0, 4), "extract_seconds": 0.0,
            "merge_seconds": 0.0, "merge_cached": False, "mode": "cache", "workers": 1,
            "batch_size": 1, "cache_path": None, "extractor_version": version,
        }
        self.meter = Progress(len(self.docs), sum(self.sizes), enabled=progress)
        self.store = _open_cache(cache, corpus_dir, version, self.problems)
        self.keys = [document_key(d, opts) for d in self.docs] if self.store is not None else []
        self.skipped_reports = [skipped_report(s) for s in corpus.skipped]
        self.per_doc: list[list[dict] | None] = [None] * len(self.docs)
        self.reports: list[dict | None] = [None] * len(self.docs)
        self.cached: list[int] = []
        self.client = self.cluster = None
        if self.store is not None:
            self.stats["cache_path"] = str(self.store.path)

    def _result(self, merged: list[dict], reports: list[dict]) -> PipelineResult:
        return PipelineResult([d.record() for d in self.docs], merged, self.problems, self.stats,
                              self.corpus.skipped, reports + self.skipped_reports)

    def from_merged_cache(self) -> PipelineResult | None:
        """The stored merged result of an unchanged corpus, or None."""
        store, docs, keys = self.store, self.docs, self.keys
        if store is None:
            return None
        counts = store.count_many(keys)
        cached_reports = store.get_reports(keys) if len(counts) == len(set(keys)) else {}
        if not (docs and len(counts) == len(set(keys)) and len(cached_reports) == len(set(keys))):
            return None
        merged = store.get_merged(_corpus_key(keys, self.opts))
        if merged is None:
            return None
        self.meter.update(docs=len(docs), events=len(merged), nbytes=sum(self.sizes))
        if self.on_progress is not None:
            self.on_progress(len(docs), len(docs))
        t_end = time.perf_counter()
        self.stats.update(n_events=len(merged), n_mentions=sum(counts.values()),
                          cached_docs=len(docs), merge_cached=True,
                          extract_seconds=round(t_end - self.t_loaded, 4),
                          seconds=round(t_end - self.t0, 4))
        self.problems.extend(store.problems)
        reports = [_with_record(cached_reports[k], d) for k, d in zip(keys, docs, strict=True)]
        return self._result(merged, reports)

    def from_document_cache(self) -> list[int]:
        """Fill what the per-document cache holds; the indices of the documents to extract."""
        if self.store is not None:
            hits = self.store.get_many(self.keys)
            hit_reports = self.store.get_reports(self.keys)
            for i, key in enumerate(self.keys):
                if key in hit_reports:  # a row without its report is extracted again
                    self.per_doc[i] = hits.get(key)
                    self.reports[i] = _with_record(hit_reports[key], self.docs[i])
        self.cached = [i for i, evs in enumerate(self.per_doc) if evs is not None]
        if self.cached:
            self.meter.update(docs=len(self.cached),
                              events=sum(len(self.per_doc[i]) for i in self.cached),
                              nbytes=sum(self.sizes[i] for i in self.cached))
        return [i for i, evs in enumerate(self.per_doc) if evs is None]

    def map(self, todo: list[int], workers, dask):
        """Where the documents to extract go: (mode, workers, batch size, batch results)."""
        n_cores = os.cpu_count() or 1
        if dask is not None:
            mode, n_workers = f"dask:{dask}", workers or 2
        elif workers == 1 or len(todo) < MIN_DOCS_FOR_POOL:
            mode, n_workers = "in-process", 1
        else:
            mode, n_workers = "process-pool", min(workers or n_cores, len(todo))
        size = batch_size_for(len(todo), n_workers)
        batches = _batches(todo, size)
        if not todo:
            results: Iterable[BatchResult] = ()
        elif dask is not None:
            self.client, self.cluster = _dask_client(dask, workers)
            results = _run_dask(self.docs, batches, self.client, self.opts)
        elif mode == "in-process":
            results = _run_in_process(self.docs, batches, self.opts)
        else:
            results = _run_pool(self.docs, batches, n_workers, self.opts)
        return mode, n_workers, size, results

    def collect(self, results) -> int:
        """Take in each batch's events and reports, store them; the number that failed."""
        from events.cache import cache_doc_id

        failed = 0
        for batch, outcome in results:
            fresh: dict[str, list[dict]] = {}
            fresh_reports: dict[str, dict] = {}
            ids: dict[str, str] = {}
            n_new = 0
            for i, (events, error, report) in zip(batch, outcome, strict=True):
                doc = self.docs[i]
                self.reports[i] = report
                if error is not None:
                    failed += 1
                    self.problems.append(f"{doc.id} ({doc.file or 'no file'}): extraction "
                                         f"failed, document skipped: {error}")
                    self.per_doc[i] = []
                    continue
                self.per_doc[i] = events
                n_new += len(events)
                if self.store is not None:
                    fresh[self.keys[i]] = events
                    fresh_reports[self.keys[i]] = report
                    ids[self.keys[i]] = cache_doc_id(doc.id, self.opts)
            if fresh:
                self.store.put_many(fresh, ids, fresh_reports)
            self.meter.update(docs=len(batch), events=n_new,
                              nbytes=sum(self.sizes[i] for i in batch))
            if self.on_progress is not None:
                self.on_progress(self.meter.docs, len(self.docs))
        return failed

    def merge(self, todo: list[int], failed: int, mode: str, n_workers: int,
              size: int) -> PipelineResult:
        """Prune the cache, merge the mentions, store and return the result."""
        from events.cache import cache_doc_id
        from events.merge import merge_events

        store = self.store
        if store is not None:  # the corpus changed (else the merged result was cached)
            if todo:
                store.prune_other_versions()
            store.prune_stale({cache_doc_id(d.id, self.opts): k
                               for d, k in zip(self.docs, self.keys, strict=True)},
                              whole_corpus=self.cache is True)
        t_extracted = time.perf_counter()
        mentions = [ev for evs in self.per_doc for ev in (evs or ())]
        self.meter.close()
        merged, merged_ok = _safe_merge(mentions, merge_events, self.problems, Progress(
            len(mentions), label="merge", unit="mentions") if self.progress else None)
        if store is not None and merged_ok and not failed and self.docs:
            store.put_merged(_corpus_key(self.keys, self.opts), merged)
        t_end = time.perf_counter()
        if store is not None:
            self.problems.extend(store.problems)
        self.stats.update(
            n_events=len(merged), n_mentions=len(mentions), cached_docs=len(self.cached),
            extracted_docs=len(todo) - failed, failed_docs=failed,
            extract_seconds=round(t_extracted - self.t_loaded, 4),
            merge_seconds=round(t_end - t_extracted, 4), seconds=round(t_end - self.t0, 4),
            mode=mode if todo else "cache", workers=n_workers, batch_size=size,
        )
        return self._result(merged, [r for r in self.reports if r is not None])

    def close(self) -> None:
        self.meter.close()
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        if self.store is not None:
            self.store.close()
