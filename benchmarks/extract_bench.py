"""Extraction benchmarks: throughput (1 worker, all workers, vs dateparser) and the cache.

Each ``bench_*`` function sets up outside the timed region, warms up, and
returns a :class:`Section`: table rows for humans and flat ``figures`` for the
JSON line.  Every time is reported next to a baseline measured in the same
run (1 worker, dateparser, the cold run), because bare seconds on a shared
2-core machine mean little.
"""

from __future__ import annotations

import os
import resource
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.synth_corpus import write_corpus

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@dataclass
class Section:
    """One block of the report: ``rows`` are (metric, value, unit, note)."""

    name: str
    rows: list[tuple[str, float | int | str, str, str]] = field(default_factory=list)
    figures: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, key: str, label: str, value, unit: str = "", note: str = "") -> None:
        if isinstance(value, float):
            value = round(value, 4)
        self.figures[key] = value
        self.rows.append((label, value, unit, note))


def _loadavg() -> float:
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):  # not on every platform
        return float("nan")


def _kb(docs) -> float:
    return sum(len(d.text.encode("utf-8", "surrogatepass")) for d in docs) / 1024


def _best(fn, repeat: int):
    """Run ``fn`` ``repeat`` times; the fastest (seconds, result)."""
    best = None
    for _ in range(max(1, repeat)):
        t = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t
        if best is None or dt < best[0]:
            best = (dt, out)
    return best


def bench_throughput(quick: bool = False, workers: int | None = None,
                     tmp: Path | None = None) -> Section:
    """Extraction KB/s and docs/s on a synthetic corpus (news profile): 1 worker, all
    workers, dateparser; then extraction against dateparser on the dense synthetic profile,
    on TimeBank + AQUAINT newswire (when ../shared/timeml is there) and on the seeds."""
    from events import extract, pipeline
    from events.corpus import load_corpus
    from events.pipeline import extract_batch, run_pipeline

    sec = Section("extraction throughput")
    n_docs = 60 if quick else 400
    repeat = 1 if quick else 4  # best of 4: the machines are shared and noisy
    n_cores = workers or os.cpu_count() or 1
    tmp = Path(tmp or tempfile.mkdtemp(prefix="eventline-bench-"))
    corpus_dir = tmp / "throughput"
    write_corpus(corpus_dir, n_docs, seed=11)
    docs = load_corpus(corpus_dir).documents
    kb = _kb(docs)

    extract_batch(docs[:2])  # warm-up: data files loaded, regexes compiled
    load_before = _loadavg()
    # 1 worker, the map alone, in this process; CPU time too, since wall time on a
    # shared machine also measures the other jobs
    cpu0 = time.process_time()
    t1, _ = _best(lambda: extract_batch(docs), repeat)
    cpu1 = (time.process_time() - cpu0) / max(1, repeat)
    sec.add("extract_kb_s_1", "extract, 1 worker (in process)", kb / t1, "KB/s",
            f"{n_docs} docs, {kb:.0f} KB, {extract.EXTRACTOR_VERSION}")
    sec.add("extract_docs_s_1", "extract, 1 worker", n_docs / t1, "docs/s")
    sec.add("extract_kb_cpu_s_1", "extract, 1 worker, per CPU second", kb / cpu1, "KB/cpu-s",
            f"this process got {cpu1 / t1:.0%} of a core")

    # all workers: the pipeline's own pool (start-up included), map only
    batches = pipeline._batches(list(range(len(docs))), pipeline.batch_size_for(len(docs), n_cores))

    def pooled():
        return list(pipeline._run_pool(docs, batches, n_cores, {}))

    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    tn_map, out = _best(pooled, repeat)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_n = (r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) / max(1, repeat)
    failed = sum(1 for _, res in out for _, err, _ in res if err)
    sec.add("extract_kb_s_n", f"extract, {n_cores} workers (process pool)", kb / tn_map, "KB/s",
            f"map only, pool start-up included, {len(batches)} batches")
    sec.add("extract_docs_s_n", f"extract, {n_cores} workers", n_docs / tn_map, "docs/s")
    sec.add("parallel_speedup", f"speed-up {n_cores} workers / 1 worker", t1 / tn_map, "x",
            f"ideal {n_cores}x; cores are shared with other jobs")
    sec.add("pool_cpu_overhead", "pool CPU seconds / in-process CPU seconds", cpu_n / cpu1, "x",
            "1.0 = no overhead; idle-machine speed-up ~ workers / this")
    sec.add("workers", "workers", n_cores)
    sec.add("load_average", "machine load average (1 min) before / after",
            f"{load_before:.1f} / {_loadavg():.1f}", "", f"{os.cpu_count()} cores")
    if failed:
        sec.notes.append(f"{failed} document(s) failed to extract")

    # full runs: the same map on a Dask LocalCluster (worker processes)
    if not quick:
        _bench_dask(sec, docs, batches, kb, t1, n_cores)

    # once, the whole pipeline (load + map + merge), no cache
    t = time.perf_counter()
    res = run_pipeline(corpus_dir, workers=n_cores, cache=False)
    sec.add("pipeline_seconds_n", "whole pipeline (load+map+merge), no cache", time.perf_counter() - t,
            "s", f"merge {res.stats['merge_seconds']:.2f} s for {res.stats['n_mentions']} mentions"
            f" -> {res.stats['n_events']} events")
    sec.add("merge_share", "share of the pipeline spent merging",
            res.stats["merge_seconds"] / max(res.stats["seconds"], 1e-9), "")

    # dateparser search_dates on the same texts, for a fixed time budget
    try:
        from dateparser.search import search_dates
    except ImportError:
        sec.notes.append("dateparser not installed: no baseline ratio")
        return sec
    budget = 2.0 if quick else 8.0
    search_dates(docs[0].text[:500], languages=["en"])  # warm-up
    dp, dp_cpu, n = _dateparser_rate(search_dates, docs, budget)
    sec.add("dateparser_kb_s", "dateparser search_dates, 1 core", dp, "KB/s",
            f"the first {n} docs, languages=['en']")
    # the ratio compares both on the documents dateparser got through: its speed (like
    # ours) depends on how many dates a text holds
    same = docs[:n]
    t_same, _ = _best(lambda: extract_batch(same), repeat)
    sec.add("extract_vs_dateparser", "extract (full events) / dateparser (dates only)",
            (_kb(same) / t_same) / dp, "x", f"wall time, the same {n} docs; target >= 20x")
    sec.add("extract_vs_dateparser_cpu", "the same ratio in CPU time",
            _extract_rate(same, repeat) / dp_cpu, "x",
            "less sensitive to other jobs on the machine")

    # one long document: does the cost per KB stay flat (no quadratic scans)?
    from benchmarks.synth_corpus import generate_text
    from events import timex

    def tag_afresh(text):  # tag keeps a text's matches for the next call: not here
        timex._selected.cache_clear()
        return timex.tag(text, "2024-01-01")

    small, large = (generate_text(n, seed=2).replace("\n", " ") for n in (200_000, 1_600_000))
    t_small = _best(lambda: tag_afresh(small), repeat)[0] / len(small)
    t_large = _best(lambda: tag_afresh(large), repeat)[0] / len(large)
    sec.add("tag_long_line_growth", "time tagger per KB, 1.6 MB / 0.2 MB on one line",
            t_large / t_small, "x", "1.0 = linear")

    # the same comparison on other texts: event-dense synthetic text, real newswire
    others = [("dense", "synthetic, dense profile (~8 events/KB)",
               _synthetic_docs(tmp / "dense", n_docs, "dense"))]
    news = newswire_docs()
    if news:
        others.append(("newswire", f"newswire: TimeBank + AQUAINT ({len(news)} docs)", news))
    else:
        sec.notes.append("no TimeBank/AQUAINT folder (../shared/timeml or EVENTLINE_TIMEML): "
                         "no newswire figures")
    if SEEDS.is_dir():
        others.append(("seeds", "the bundled seeds (5 articles)", load_corpus(SEEDS).documents))
    for key, label, texts in others:
        ours = _extract_rate(texts, repeat=2 if quick else 3)
        _, theirs, n = _dateparser_rate(search_dates, texts, budget / 2)
        ours_same = ours if n == len(texts) else _extract_rate(texts[:n], repeat=2 if quick else 3)
        n_ev = sum(len(extract.extract_document(d)) for d in texts)
        sec.add(f"{key}_extract_kb_cpu_s", f"{label}: extract", ours, "KB/cpu-s",
                f"{_kb(texts):.0f} KB, {n_ev / max(_kb(texts), 1e-9):.1f} event mentions/KB")
        sec.add(f"{key}_dateparser_kb_cpu_s", f"{label}: dateparser", theirs, "KB/cpu-s",
                f"the first {n} of {len(texts)} docs")
        sec.add(f"{key}_vs_dateparser_cpu", f"{label}: extract / dateparser", ours_same / theirs,
                "x", f"CPU time, one core, the same {n} docs")
    return sec


def _synthetic_docs(folder: Path, n_docs: int, profile: str):
    from events.corpus import load_corpus

    write_corpus(folder, n_docs, seed=11, profile=profile)
    return load_corpus(folder).documents


def newswire_docs() -> list:
    """TimeBank and AQUAINT texts with their creation times as documents, or [] when the
    collections are not there (they are not bundled)."""
    from benchmarks.timex_eval import default_timeml_dir, load_collection
    from events.model import Document

    base = default_timeml_dir()
    docs = []
    for name in ("TimeBank", "AQUAINT"):
        if (base / name).is_dir():
            docs += [Document(id=d.name, text=d.text, published=d.dct)
                     for d in load_collection(base, name) if d.text.strip()]
    return docs


def _extract_rate(docs, repeat: int) -> float:
    """KB per CPU second of extract_document over docs (best of ``repeat``, after warm-up)."""
    from events import timex
    from events.extract import extract_document

    extract_document(docs[0])
    best = None
    for _ in range(max(1, repeat)):
        t = time.process_time()
        for d in docs:
            timex._selected.cache_clear()  # no matches kept from the last repeat (few docs)
            extract_document(d)
        dt = time.process_time() - t
        best = dt if best is None else min(best, dt)
    return _kb(docs) / max(best, 1e-9)


def _dateparser_rate(search_dates, docs, budget: float) -> tuple[float, float, int]:
    """dateparser's (KB per wall second, KB per CPU second, docs done) within ``budget`` s."""
    done_kb, spent, n = 0.0, 0.0, 0
    cpu0 = time.process_time()
    for doc in docs:
        t = time.perf_counter()
        search_dates(doc.text, languages=["en"])
        spent += time.perf_counter() - t
        done_kb += _kb([doc])
        n += 1
        if spent > budget:
            break
    return done_kb / max(spent, 1e-9), done_kb / max(time.process_time() - cpu0, 1e-9), n


def _bench_dask(sec: Section, docs, batches, kb: float, t1: float, n_workers: int) -> None:
    """Map over the batches on a LocalCluster; start-up timed apart from the map."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        sec.notes.append("dask.distributed not installed: no Dask figures")
        return
    import logging

    from events import pipeline

    t = time.perf_counter()
    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        client.run(pipeline.extract_batch, docs[:2])  # warm every worker: imports, data files
        t_start = time.perf_counter() - t
        t = time.perf_counter()
        out = list(pipeline._run_dask(docs, batches, client, {}))
        t_map = time.perf_counter() - t
    finally:
        client.close()
        cluster.close()
    failed = sum(1 for _, res in out for _, err, _ in res if err)
    sec.add("dask_kb_s", f"extract, Dask LocalCluster {n_workers} processes", kb / t_map, "KB/s",
            f"map only; cluster start-up + warm-up {t_start:.1f} s"
            + (f"; {failed} failed" if failed else ""))
    sec.add("dask_vs_1_worker", "Dask / 1 worker", t1 / t_map, "x")


def _copy_corpus(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".eventline-cache*"))
    return dst


def bench_cache(quick: bool = False, tmp: Path | None = None) -> Section:
    """Cold vs cached re-run, on the seeds and on a synthetic corpus."""
    from events.pipeline import run_pipeline

    sec = Section("cache")
    tmp = Path(tmp or tempfile.mkdtemp(prefix="eventline-bench-"))
    corpora = []
    if SEEDS.is_dir():
        corpora.append(("seeds", _copy_corpus(SEEDS, tmp / "seeds")))
    else:
        sec.notes.append(f"no seeds folder at {SEEDS}")
    # the merge grows faster than linearly, so the full run stays at 400 documents
    n_syn = 100 if quick else 400
    write_corpus(tmp / "synthetic", n_syn, seed=5)
    corpora.append((f"synthetic{n_syn}", tmp / "synthetic"))

    for name, folder in corpora:
        db = tmp / f"{name}.sqlite"
        t = time.perf_counter()
        cold = run_pipeline(folder, cache=db)
        t_cold = time.perf_counter() - t
        t = time.perf_counter()
        warm = run_pipeline(folder, cache=db)
        t_warm = time.perf_counter() - t
        n = cold.stats["n_docs"]
        sec.add(f"{name}_cold_s", f"{name}: cold run ({n} docs)", t_cold, "s",
                f"{cold.stats['n_events']} events, mode {cold.stats['mode']}, "
                f"merge {cold.stats['merge_seconds']:.2f} s")
        sec.add(f"{name}_cached_s", f"{name}: cached re-run", t_warm, "s",
                f"extracted {warm.stats['extracted_docs']} docs, "
                f"merge {warm.stats['merge_seconds']:.2f} s"
                + ("; target < 1 s" if name == "seeds" else ""))
        if cold.stats["failed_docs"]:
            sec.notes.append(f"{name}: {cold.stats['failed_docs']} document(s) failed to extract "
                             f"(retried on every run): {cold.problems[:2]}")
        sec.add(f"{name}_cache_speedup", f"{name}: cold / cached", t_cold / t_warm, "x")
        if warm.stats["extracted_docs"] != 0 or warm.events != cold.events:  # pragma: no cover
            sec.notes.append(f"{name}: cached re-run differs from the cold run!")
        # one changed file re-extracts only itself
        first = sorted(folder.glob("*.txt"))[0]
        first.write_text(first.read_text(encoding="utf-8") + "\nOslo signed a pact with Quito.\n",
                         encoding="utf-8")
        t = time.perf_counter()
        one = run_pipeline(folder, cache=db)
        t_one = time.perf_counter() - t
        sec.add(f"{name}_one_changed_s", f"{name}: re-run, 1 file changed", t_one, "s",
                f"extracted {one.stats['extracted_docs']} doc(s)")
    return sec


_ENGINE_RUN = r"""
import json, sys
from benchmarks.extract_bench import _extract_rate
from events import fastre
from events.corpus import load_corpus
docs = load_corpus(sys.argv[1]).documents
print(json.dumps({"engine": fastre.engine(), "kb_s": _extract_rate(docs, int(sys.argv[2]))}))
"""


def bench_engines(quick: bool = False, tmp: Path | None = None) -> Section:
    """What the optional ``pcre2`` extra buys: extraction KB per CPU second on the same
    synthetic news corpus with PCRE2 and with ``re`` alone (``EVENTLINE_REGEX=re``), each
    in a fresh process, the two alternated and the best of each kept."""
    import json
    import subprocess
    import sys

    sec = Section("regex engine")
    try:
        import pcre2  # noqa: F401
    except ImportError:
        sec.notes.append("pcre2 is not installed (pip install -e '.[fast]'): nothing to compare")
        return sec
    own = tmp is None
    tmp = Path(tempfile.mkdtemp()) if own else tmp
    try:
        folder = tmp / "engines"
        write_corpus(folder, 40 if quick else 200, seed=11, profile="news")
        best: dict[str, float] = {}
        for _ in range(1 if quick else 3):
            for forced in ("", "re"):
                env = dict(os.environ, EVENTLINE_REGEX=forced)
                out = subprocess.run([sys.executable, "-c", _ENGINE_RUN, str(folder), "2"],
                                     cwd=ROOT, env=env, capture_output=True, text=True,
                                     check=True)
                got = json.loads(out.stdout.strip().splitlines()[-1])
                best[got["engine"]] = max(best.get(got["engine"], 0.0), got["kb_s"])
    finally:
        if own:
            shutil.rmtree(tmp, ignore_errors=True)
    sec.add("pcre2_kb_s", "extraction with pcre2", best["pcre2"], "KB/s", "one core")
    sec.add("re_kb_s", "extraction with re alone", best["re"], "KB/s", "EVENTLINE_REGEX=re")
    sec.add("pcre2_speedup", "pcre2 / re", best["pcre2"] / best["re"], "x",
            "what the optional [fast] extra buys")
    return sec
