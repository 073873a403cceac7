"""run_pipeline: same results in every mode, cache behaviour, failures reported, not fatal."""

from __future__ import annotations

import io
import json
import multiprocessing
import sqlite3

import pytest

from events import extract, pipeline
from events.corpus import CorpusError
from events.pipeline import PipelineError, PipelineResult, batch_size_for, run_pipeline
from events.progress import Progress

# Written for these tests (not from seeds/): dated events between known actors.
ARTICLES = {
    "alpha": ("2019-03-15", "Leaders meet in Brasília\n\n"
              "China signed an agreement with Russia on 12 March 2019 in Moscow. "
              "Brazil accused Argentina of violating the trade accord last month. "
              "Growth reached 4.5 percent in 2018, officials said.\n"),
    "bravo": ("2020-06-02", "A tense week\n\n"
              "Turkey threatened to impose sanctions on Greece on Monday. "
              "France sent humanitarian aid to Lebanon in May 2020. "
              "India will visit Japan next week, the ministry announced.\n"),
    "charlie": ("2021-11", "Talks resume\n\n"
                "Germany held talks with Poland in October 2021. "
                "Iran denied that it had supplied drones to Russia. "
                "The United States imposed sanctions on Iran in 2020.\n"),
    "delta": (None, "Undated commentary\n\n"
              "Ukraine called on Russia to withdraw its troops in February 2022. "
              "Some 2,000 delegates attended the summit in 1,990 cars, organisers said.\n"),
}


def write_corpus(folder, articles=ARTICLES):
    folder.mkdir(parents=True, exist_ok=True)
    docs = []
    for doc_id, (published, text) in articles.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        docs.append({"id": doc_id, "file": f"{doc_id}.txt", "title": text.splitlines()[0],
                     "author": None, "outlet": "Test Wire", "published": published,
                     "published_estimated": False})
    (folder / "manifest.json").write_text(json.dumps({"about": "test", "documents": docs}),
                                          encoding="utf-8")
    return folder


def many_articles(n):
    """n distinct articles (enough to use a process pool: MIN_DOCS_FOR_POOL)."""
    base = list(ARTICLES.values())
    out = {}
    for i in range(n):
        published, text = base[i % len(base)]
        out[f"doc{i:02d}"] = (published, text + f"Kenya hosted Chile for talks in {1990 + i}.\n")
    return out


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def big_corpus(tmp_path):
    return write_corpus(tmp_path / "big", many_articles(12))


def ids(result: PipelineResult) -> list[str]:
    return [e["id"] for e in result.events]


def test_result_shape_and_stats(corpus):
    r = run_pipeline(corpus, workers=1, cache=False)
    assert r.problems == [], r.problems
    assert [d["id"] for d in r.documents] == sorted(ARTICLES), r.documents
    assert r.events, "no events extracted from the test corpus"
    for ev in r.events:
        assert ev["id"].startswith("event:"), ev
        for m in ev["mentions"]:
            assert m["doc_id"] in ARTICLES, m
    s = r.stats
    assert s["n_docs"] == 4 and s["extracted_docs"] == 4 and s["cached_docs"] == 0, s
    assert s["n_events"] == len(r.events) and s["n_mentions"] >= s["n_events"], s
    assert s["extractor_version"] == extract.EXTRACTOR_VERSION, s
    assert s["cache_path"] is None and s["mode"] == "in-process", s


def test_sequential_equals_process_pool(big_corpus):
    seq = run_pipeline(big_corpus, workers=1, cache=False)
    par = run_pipeline(big_corpus, workers=2, cache=False)
    assert par.stats["mode"] == "process-pool", par.stats
    assert ids(seq) == ids(par)
    assert seq.events == par.events
    assert seq.documents == par.documents


def test_dask_local_cluster_equals_sequential(big_corpus):
    pytest.importorskip("distributed")
    seq = run_pipeline(big_corpus, workers=1, cache=False)
    # worker processes, as in production; 2 workers, 1 thread each
    dsk = run_pipeline(big_corpus, dask="local", workers=2, cache=False)
    assert dsk.stats["mode"] == "dask:local", dsk.stats
    assert dsk.problems == [], dsk.problems
    assert ids(seq) == ids(dsk)
    assert seq.events == dsk.events


def test_dask_local_threads_equals_sequential(corpus):
    pytest.importorskip("distributed")
    seq = run_pipeline(corpus, workers=1, cache=False)
    dsk = run_pipeline(corpus, dask="local-threads", cache=False)
    assert seq.events == dsk.events


def test_cache_hit_on_rerun_and_one_changed_file(corpus, tmp_path):
    db = tmp_path / "cache.sqlite"
    cold = run_pipeline(corpus, workers=1, cache=db)
    assert cold.stats["extracted_docs"] == 4 and cold.stats["cached_docs"] == 0, cold.stats
    warm = run_pipeline(corpus, workers=1, cache=db)
    assert warm.stats["extracted_docs"] == 0 and warm.stats["cached_docs"] == 4, warm.stats
    assert warm.stats["mode"] == "cache", warm.stats
    assert warm.stats["merge_cached"] and not cold.stats["merge_cached"], warm.stats
    assert warm.events == cold.events

    path = corpus / "bravo.txt"
    path.write_text(path.read_text(encoding="utf-8") + "Chile praised Peru in 2017.\n",
                    encoding="utf-8")
    changed = run_pipeline(corpus, workers=1, cache=db)
    assert changed.stats["extracted_docs"] == 1 and changed.stats["cached_docs"] == 3, changed.stats
    assert not changed.stats["merge_cached"], changed.stats
    assert "Chile" in json.dumps(changed.events) and "Chile" not in json.dumps(cold.events)
    # the other documents' events are unchanged
    def by_doc(res, doc):
        return sorted(e["id"] for e in res.events if doc in e["sources"])
    for doc in ("alpha", "charlie", "delta"):
        assert by_doc(changed, doc) == by_doc(cold, doc), doc


def _rows(db) -> list[tuple[str, str]]:
    import sqlite3

    con = sqlite3.connect(db)
    try:
        return sorted(con.execute("SELECT doc_id, key FROM events").fetchall())
    finally:
        con.close()


def test_cache_keeps_one_row_per_document_and_options(corpus):
    """Edited and deleted articles leave no rows behind in the corpus's own cache; the
    same article read with other options keeps its own row."""
    db = corpus / ".eventline-cache.sqlite"
    run_pipeline(corpus, workers=1)
    assert [d for d, _ in _rows(db)] == ["alpha", "bravo", "charlie", "delta"]
    before = dict(_rows(db))
    path = corpus / "bravo.txt"
    path.write_text(path.read_text(encoding="utf-8") + "Chile praised Peru in 2017.\n",
                    encoding="utf-8")
    run_pipeline(corpus, workers=1)
    after = dict(_rows(db))
    assert sorted(after) == ["alpha", "bravo", "charlie", "delta"], after
    assert after["bravo"] != before["bravo"] and after["alpha"] == before["alpha"]
    # another reading of the same articles is kept beside the default one
    run_pipeline(corpus, workers=1, include_boilerplate=True)
    run_pipeline(corpus, workers=1)
    assert len(_rows(db)) == 8, _rows(db)
    assert run_pipeline(corpus, workers=1, include_boilerplate=True).stats["extracted_docs"] == 0
    # a deleted article goes, with both its readings
    (corpus / "delta.txt").unlink()
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    manifest["documents"] = [d for d in manifest["documents"] if d["id"] != "delta"]
    (corpus / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    r = run_pipeline(corpus, workers=1)
    assert r.stats["extracted_docs"] == 0, r.stats
    assert {d.split("\x1f")[0] for d, _ in _rows(db)} == {"alpha", "bravo", "charlie"}
    assert len(_rows(db)) == 6, _rows(db)


def test_a_shared_cache_file_keeps_other_corpora(corpus, tmp_path):
    """A cache file given by path may serve several corpora: only edited versions of the
    current corpus's own documents are dropped, never other documents."""
    db = tmp_path / "shared.sqlite"
    other = write_corpus(tmp_path / "other", {"zulu": ("2021-03-01",
                                                        "Zulu\n\nPeru met Chile in 2020.\n")})
    run_pipeline(other, workers=1, cache=db)
    run_pipeline(corpus, workers=1, cache=db)
    assert "zulu" in {d for d, _ in _rows(db)}
    path = corpus / "alpha.txt"
    path.write_text(path.read_text(encoding="utf-8") + "Kenya met Chad in 2016.\n",
                    encoding="utf-8")
    run_pipeline(corpus, workers=1, cache=db)
    docs = [d for d, _ in _rows(db)]
    assert sorted(docs) == ["alpha", "bravo", "charlie", "delta", "zulu"], docs


def test_merge_failure_keeps_unmerged_events(corpus, tmp_path, monkeypatch):
    from events import merge

    good = run_pipeline(corpus, workers=1, cache=False)

    def broken(events):
        raise KeyError("date")

    monkeypatch.setattr(merge, "merge_events", broken)
    db = tmp_path / "c.sqlite"
    r = run_pipeline(corpus, workers=1, cache=db)
    assert any("merging failed (KeyError" in p for p in r.problems), r.problems
    assert len(r.events) == good.stats["n_mentions"], (len(r.events), good.stats)
    monkeypatch.undo()
    again = run_pipeline(corpus, workers=1, cache=db)  # the broken merge was not cached
    assert again.events == good.events and again.problems == [], again.problems


def _run_into(corpus, db, queue):
    r = run_pipeline(corpus, workers=1, cache=db)
    queue.put((r.problems, r.stats["n_events"], [e["id"] for e in r.events]))


def test_two_processes_share_one_cache_file(big_corpus, tmp_path):
    db = tmp_path / "shared.sqlite"
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_run_into, args=(big_corpus, db, queue)) for _ in range(2)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0, p.exitcode
    assert results[0][0] == [] and results[1][0] == [], results
    assert results[0][2] == results[1][2]
    again = run_pipeline(big_corpus, workers=1, cache=db)
    assert again.stats["extracted_docs"] == 0 and again.problems == [], again.problems
    assert [e["id"] for e in again.events] == results[0][2]


def test_changed_publication_date_reextracts(corpus, tmp_path):
    db = tmp_path / "cache.sqlite"
    run_pipeline(corpus, workers=1, cache=db)
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    manifest["documents"][0]["published"] = "2019-04-20"
    (corpus / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    again = run_pipeline(corpus, workers=1, cache=db)
    assert again.stats["extracted_docs"] == 1, again.stats


def test_default_cache_lives_in_corpus_folder(corpus):
    r = run_pipeline(corpus, workers=1)
    assert r.stats["cache_path"] == str(corpus.resolve() / ".eventline-cache.sqlite"), r.stats
    again = run_pipeline(corpus, workers=1)
    assert again.stats["extracted_docs"] == 0, again.stats
    assert again.problems == [], again.problems  # the cache file is not taken for an article


def test_new_extractor_version_misses_cache(corpus, tmp_path, monkeypatch):
    db = tmp_path / "cache.sqlite"
    run_pipeline(corpus, workers=1, cache=db)
    monkeypatch.setattr(extract, "EXTRACTOR_VERSION", extract.EXTRACTOR_VERSION + "-changed")
    r = run_pipeline(corpus, workers=1, cache=db)
    assert r.stats["extracted_docs"] == 4, r.stats


def _fail_on(doc_id, real):
    def fake(doc, **kw):
        if doc.id == doc_id:
            raise ValueError(f"cannot parse <script>alert(1)</script> in {doc.id}\nsecond line")
        return real(doc, **kw)
    return fake


@pytest.mark.parametrize("workers", [1, 2])
def test_failing_document_is_reported_and_skipped(big_corpus, tmp_path, monkeypatch, workers):
    good = run_pipeline(big_corpus, workers=1, cache=False)
    monkeypatch.setattr(extract, "extract_document", _fail_on("doc03", extract.extract_document))
    # pool workers must inherit the patched function: pin the fork start method
    # (the pipeline picks forkserver when other threads, e.g. Dask's, are alive)
    monkeypatch.setattr(pipeline, "_mp_context", lambda: multiprocessing.get_context("fork"))
    db = tmp_path / "c.sqlite"
    r = run_pipeline(big_corpus, workers=workers, cache=db)
    assert r.stats["failed_docs"] == 1 and r.stats["extracted_docs"] == 11, r.stats
    assert len(r.problems) == 1, r.problems
    assert "doc03" in r.problems[0] and "ValueError" in r.problems[0], r.problems
    assert "second line" not in r.problems[0], r.problems
    assert all("doc03" not in e["sources"] for e in r.events)
    assert len(r.events) < len(good.events)
    # the failure is not cached: once the bug is gone the document is extracted
    monkeypatch.undo()
    again = run_pipeline(big_corpus, workers=1, cache=db)
    assert again.stats["extracted_docs"] == 1 and again.stats["cached_docs"] == 11, again.stats
    assert again.events == good.events


def test_worker_process_death_is_reported_not_fatal(big_corpus, monkeypatch):
    import os

    real = extract.extract_document

    def dies(doc, **kw):
        if doc.id == "doc05":
            os._exit(3)  # a segfault-like death of the worker process
        return real(doc, **kw)

    monkeypatch.setattr(extract, "extract_document", dies)
    monkeypatch.setattr(pipeline, "_mp_context", lambda: multiprocessing.get_context("fork"))
    r = run_pipeline(big_corpus, workers=2, cache=False)
    died = [p for p in r.problems if "worker process died" in p]
    assert any("doc05" in p for p in died), r.problems
    assert r.stats["failed_docs"] == len(died) >= 1, (r.stats, r.problems)
    assert r.stats["extracted_docs"] + r.stats["failed_docs"] == 12, r.stats


@pytest.mark.parametrize("garbage", [b"not sqlite\n" * 100, b"SQLite format 3\x00" + b"\x01" * 5000],
                         ids=["text", "broken-pages"])
def test_corrupt_cache_is_reported_and_rebuilt(corpus, tmp_path, garbage):
    db = tmp_path / "cache.sqlite"
    db.write_bytes(garbage)
    r = run_pipeline(corpus, workers=1, cache=db)
    assert r.stats["extracted_docs"] == 4, r.stats
    assert any("rebuilt" in p for p in r.problems), r.problems
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from events").fetchone()[0] == 4
    conn.close()
    again = run_pipeline(corpus, workers=1, cache=db)
    assert again.stats["extracted_docs"] == 0 and again.problems == [], (again.stats, again.problems)


@pytest.mark.parametrize("where", ["under-a-file", "a-directory"])
def test_unusable_cache_path_runs_without_cache(corpus, tmp_path, where):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    path = blocker / "sub" / "c.sqlite" if where == "under-a-file" else tmp_path
    r = run_pipeline(corpus, workers=1, cache=path)
    assert r.stats["extracted_docs"] == 4 and r.stats["cache_path"] is None, r.stats
    assert any("without cache" in p for p in r.problems), r.problems


def test_bad_files_are_problems_not_crashes(corpus):
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\xff\xfe" * 100)
    (corpus / "empty.txt").write_bytes(b"")
    r = run_pipeline(corpus, workers=1, cache=False)
    assert r.stats["n_docs"] >= 4, r.stats
    assert r.problems, "binary and empty files should be reported"


def test_empty_folder_gives_empty_result(tmp_path):
    r = run_pipeline(tmp_path, workers=1, cache=False)
    assert r.events == [] and r.stats["n_docs"] == 0, r


@pytest.mark.parametrize("bad", ["missing-folder", "a-file.txt"])
def test_missing_or_non_folder_raises_corpus_error(tmp_path, bad):
    (tmp_path / "a-file.txt").write_text("x")
    with pytest.raises(CorpusError):
        run_pipeline(tmp_path / bad, cache=False)


@pytest.mark.parametrize("kwargs, message", [
    ({"workers": 0}, "positive integer"),
    ({"workers": -2}, "positive integer"),
    ({"workers": 1.5}, "positive integer"),
    ({"workers": True}, "positive integer"),
    ({"dask": 5}, "dask must be"),
    ({"dask": "my-cluster"}, "scheduler address"),
])
def test_bad_arguments_raise_pipeline_error(corpus, kwargs, message):
    with pytest.raises(PipelineError, match=message):
        run_pipeline(corpus, cache=False, **kwargs)


def test_unreachable_scheduler_is_a_clear_error(corpus, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(pipeline, "DASK_CONNECT_TIMEOUT", 1.0)
    with pytest.raises(PipelineError, match="cannot reach Dask scheduler"):
        run_pipeline(corpus, dask="tcp://127.0.0.1:1", cache=False)


def test_progress_line_and_callback(big_corpus, capsys):
    calls = []
    run_pipeline(big_corpus, workers=1, cache=False, progress=True,
                 on_progress=lambda done, total: calls.append((done, total)))
    err = capsys.readouterr().err
    assert "12/12 docs" in err and "docs/s" in err and "KB/s" in err, err
    assert calls and calls[-1] == (12, 12), calls
    lines = err.splitlines()  # not a terminal: whole lines, the merge's after extraction's
    merge_lines = [i for i, ln in enumerate(lines) if ln.startswith("merge ")]
    assert merge_lines and min(merge_lines) > max(
        i for i, ln in enumerate(lines) if ln.startswith("extract ")), lines
    assert " mentions/s" in lines[merge_lines[0]] and " in " in lines[merge_lines[-1]], lines
    assert all(" mentions " in lines[i] for i in merge_lines), lines
    assert [c[0] for c in calls] == sorted(c[0] for c in calls), calls


def test_progress_printer_eta_and_final_line():
    out = io.StringIO()
    p = Progress(10, 10_000, stream=out, interval=0)
    p.update(docs=5, events=7, nbytes=5000)
    p.close()
    lines = out.getvalue().splitlines()
    assert "5/10 docs" in lines[0] and "ETA" in lines[0], lines
    assert "7 events" in lines[-1] and "ETA" not in lines[-1], lines


@pytest.mark.parametrize("n, workers", [(0, 1), (1, 8), (7, 2), (10_000, 2), (100, 64)])
def test_batch_size_bounds(n, workers):
    size = batch_size_for(n, workers)
    assert 1 <= size <= 64, size
    if n:
        assert -(-n // size) >= min(n, workers), (n, workers, size)  # enough batches for all
