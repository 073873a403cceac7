"""Curation never loses a committed edit: a writer killed with SIGKILL mid-burst,
and concurrent sessions (processes and threads) editing different events."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from events.curation import CurationStore, apply_curation

WRITER = Path(__file__).with_name("crash_writer.py")


def _start(db, prefix, *extra):
    return subprocess.Popen([sys.executable, str(WRITER), str(db), prefix, *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _event(eid):
    return {"id": eid, "label": "original", "type": "CONSULT", "status": "happened",
            "date": {"value": "2020", "type": "DATE", "granularity": "year",
                     "start": "2020-01-01", "end": "2020-12-31", "mod": None, "text": "2020"},
            "actors": [], "sources": ["d"], "mentions": [{"id": eid, "doc_id": "d"}]}


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_sigkill_mid_burst_loses_no_committed_edit(tmp_path):
    db = tmp_path / "c.sqlite"
    proc = _start(db, "event:k")
    printed: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(printed) < 5:
            line = proc.stdout.readline()
            if not line:
                pytest.fail(f"writer exited early: {proc.stderr.read()}")
            printed.append(int(line))
            assert time.monotonic() < deadline, "writer too slow"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        rest, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, err
    # lines printed before the kill landed were committed too (a cut last line is not)
    lines = rest.split("\n")
    printed += [int(x) for x in lines[:-1] if x.strip()]
    assert printed == list(range(1, len(printed) + 1)), printed[:20]

    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {r[0] for r in con.execute("SELECT id FROM ops WHERE op='edit'")}
    finally:
        con.close()
    missing = sorted(set(printed) - stored)
    assert not missing, f"committed ops lost after SIGKILL: {missing[:20]}"
    assert len(stored) - len(printed) <= 1, (len(stored), len(printed))  # at most the unprinted one

    # the store keeps working after the crash
    store = CurationStore(db)
    op = store.accept("event:k0")
    assert store.get(op)["op"] == "accept"
    assert store.integrity_check() == "ok"


def test_two_processes_editing_different_events_lose_nothing(tmp_path):
    db = tmp_path / "c.sqlite"
    CurationStore(db)  # created first, so both writers open an existing file
    procs = [_start(db, prefix, "--count", "40", "--events", "4")
             for prefix in ("event:left", "event:right")]
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        outs.append([int(x) for x in out.split()])
    assert all(len(o) == 40 for o in outs), outs
    assert not set(outs[0]) & set(outs[1])  # every op got its own id
    store = CurationStore(db)
    rows = store.history()
    assert sorted(r["id"] for r in rows) == sorted(outs[0] + outs[1])
    events = [_event(f"{p}{i}") for p in ("event:left", "event:right") for i in range(4)]
    out = apply_curation(events, store)
    labels = {e["id"]: e["label"] for e in out}
    for prefix in ("event:left", "event:right"):
        for i in range(4):
            last = max(n for n in range(40) if n % 4 == i)
            assert labels[f"{prefix}{i}"] == f"label {prefix} {last}", labels


def test_threads_sharing_one_store_and_threads_with_their_own(tmp_path):
    db = tmp_path / "c.sqlite"
    shared = CurationStore(db)
    errors: list[BaseException] = []
    ids: list[int] = []
    lock = threading.Lock()

    def work(name, own):
        store = CurationStore(db) if own else shared
        try:
            for i in range(25):
                op = store.edit(f"event:{name}", label=f"{name} {i}")
                with lock:
                    ids.append(op)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(f"t{n}", n % 2 == 0)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert len(ids) == 100 and len(set(ids)) == 100
    out = apply_curation([_event(f"event:t{n}") for n in range(4)], shared)
    assert {e["label"] for e in out} == {f"t{n} 24" for n in range(4)}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_store_object_used_again_after_fork(tmp_path):
    store = CurationStore(tmp_path / "c.sqlite")
    first = store.accept("event:parent")  # the parent's connection is now open
    pid = os.fork()
    if pid == 0:  # child: must open its own connection, not reuse the parent's
        code = 1
        try:
            store.accept("event:child")
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    last = store.reject("event:parent")
    rows = store.history()
    assert [(r["op"], r["event_ids"]) for r in rows] == [
        ("accept", ["event:parent"]), ("accept", ["event:child"]), ("reject", ["event:parent"])]
    assert rows[0]["id"] == first and rows[-1]["id"] == last
    assert store.integrity_check() == "ok"
    store.close()
