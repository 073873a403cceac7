"""The per-document SQLite cache: keys, versions, corruption, concurrency."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from events import cache as cache_mod
from events.cache import EventCache, default_cache_path, document_key
from events.model import Document

EVENTS = [{"id": "event:abc", "type": "AGREE", "label": "Oslo signs with Quito — “ü”"}]


def _doc(**kw):
    base = dict(id="d1", text="Oslo signed a pact with Quito on 3 May 2011.", file="d1.txt",
                published="2011-05-04")
    base.update(kw)
    return Document(**base)


def test_round_trip_keeps_unicode_records(tmp_path):
    key = document_key(_doc())
    with EventCache(tmp_path / "c.sqlite", "v1") as c:
        assert c.get_many([key]) == {}
        assert c.put_many({key: EVENTS}, {key: "d1"}) == 1
    with EventCache(tmp_path / "c.sqlite", "v1") as c:
        got = c.get_many([key, "absent"])
        assert got == {key: EVENTS}, got
        assert len(c) == 1


def test_other_extractor_version_misses_and_prune_removes_old(tmp_path):
    key = document_key(_doc())
    with EventCache(tmp_path / "c.sqlite", "v1") as c:
        c.put_many({key: EVENTS})
    with EventCache(tmp_path / "c.sqlite", "v2") as c:
        assert c.get_many([key]) == {}
        assert c.prune_other_versions() == 1
    with EventCache(tmp_path / "c.sqlite", "v1") as c:
        assert c.get_many([key]) == {}


def test_a_failing_write_is_rolled_back_reported_and_not_fatal(tmp_path):
    # every write runs in one transaction: an SQLite error mid-way (here a trigger that
    # refuses the second statement) leaves the file as it was and is noted in problems
    path = tmp_path / "c.sqlite"
    key, other = document_key(_doc()), document_key(_doc(text="Oslo met Quito on 4 May 2011."))
    with EventCache(path, "v1") as c:
        c.put_many({key: EVENTS}, {key: "d1"})
        c.put_merged("m0", EVENTS)
        c.conn.execute("CREATE TRIGGER no_second BEFORE INSERT ON events WHEN "
                       "(SELECT count(*) FROM events) >= 1 BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        c.conn.execute("CREATE TRIGGER no_merged BEFORE INSERT ON merged WHEN NEW.key = 'm1' "
                       "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        c.conn.execute("CREATE TRIGGER no_prune BEFORE DELETE ON events "
                       "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        assert c.put_many({key: [], other: EVENTS}) == 0
        assert c.put_merged("m1", EVENTS) is False
        assert c.prune_stale({"d1": "another-key"}, whole_corpus=True) == 0
        assert [p.split(": ", 1)[1].split(" (")[0] for p in c.problems] == \
            ["write failed", "write failed", "prune failed"]
        assert "results not cached" in c.problems[0] and "merged result" in c.problems[1]
        assert not c.conn.in_transaction
        assert c.get_many([key, other]) == {key: EVENTS}  # nothing half-written
        assert c.get_merged("m1") is None and c.get_merged("m0") == EVENTS


@pytest.mark.parametrize("change", [
    {"text": "Oslo signed a pact with Quito on 4 May 2011."},
    {"published": "2011-06-01"},
    {"published": None},
    {"published_estimated": True},
    {"dct_inferred": True},
    {"id": "d2"},
    {"meta": {"genre": "narrative"}},
])
def test_key_changes_with_what_extraction_reads(change):
    assert document_key(_doc()) != document_key(_doc(**change)), change


def test_key_ignores_file_name():
    assert document_key(_doc()) == document_key(_doc(file="moved/elsewhere.txt"))


@pytest.mark.parametrize("garbage", [
    b"this is not a database at all\n" * 50,
    b"SQLite format 3\x00" + b"\xff" * 4000,   # right magic, broken pages
    b"\x00" * 10,
], ids=["text", "broken-pages", "nul-bytes"])
def test_corrupt_file_is_reported_moved_aside_and_rebuilt(tmp_path, garbage):
    path = tmp_path / "c.sqlite"
    path.write_bytes(garbage)
    with EventCache(path, "v1") as c:
        assert len(c.problems) == 1, c.problems
        assert "rebuilt" in c.problems[0] and str(path) in c.problems[0], c.problems
        key = document_key(_doc())
        c.put_many({key: EVENTS})
        assert c.get_many([key]) == {key: EVENTS}
    assert (tmp_path / "c.sqlite.corrupt").read_bytes() == garbage


def test_foreign_sqlite_schema_is_rebuilt(tmp_path):
    path = tmp_path / "c.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE events (x INTEGER)")
    conn.commit()
    conn.close()
    with EventCache(path, "v1") as c:
        assert c.problems and "rebuilt" in c.problems[0], c.problems
        c.put_many({"k": EVENTS})
        assert c.get_many(["k"]) == {"k": EVENTS}


def test_damaged_row_counts_as_miss(tmp_path):
    path = tmp_path / "c.sqlite"
    with EventCache(path, "v1") as c:
        c.put_many({"good": EVENTS, "bad": EVENTS})
        c.conn.execute("UPDATE events SET value = x'7b7b7b' WHERE key = 'bad'")
        assert c.get_many(["good", "bad"]) == {"good": EVENTS}


def test_wal_mode_and_concurrent_reader_during_writes(tmp_path):
    path = tmp_path / "c.sqlite"
    writer = EventCache(path, "v1")
    reader = EventCache(path, "v1")
    assert writer.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    errors: list[BaseException] = []
    seen: list[int] = []

    def read_loop():
        try:
            for _ in range(200):
                seen.append(len(reader.get_many([f"k{i}" for i in range(100)])))
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            errors.append(exc)

    t = threading.Thread(target=read_loop)
    t.start()
    for i in range(100):
        writer.put_many({f"k{i}": EVENTS})
    t.join()
    assert errors == [], errors
    assert seen == sorted(seen), "a reader saw rows disappear"
    assert len(reader.get_many([f"k{i}" for i in range(100)])) == 100
    writer.close()
    reader.close()


def test_default_path_inside_writable_corpus(tmp_path):
    assert default_cache_path(tmp_path) == tmp_path.resolve() / ".eventline-cache.sqlite"


def test_default_path_falls_back_to_user_cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(cache_mod.os, "access", lambda *a, **k: False)
    corpus = tmp_path / "my corpus"
    corpus.mkdir()
    path = default_cache_path(corpus)
    assert path.parent == tmp_path / "xdg" / "eventline", path
    assert path.name.startswith("my corpus-") and path.suffix == ".sqlite", path
    other = tmp_path / "other" / "my corpus"
    other.mkdir(parents=True)
    assert default_cache_path(other) != path  # same name, other folder: other file


def test_unusable_location_raises_cache_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(cache_mod.CacheError, match="cannot create cache folder"):
        EventCache(blocker / "sub" / "c.sqlite", "v1")


def test_count_many_and_merged_results(tmp_path):
    with EventCache(tmp_path / "c.sqlite", "v1") as c:
        c.put_many({"a": EVENTS, "b": EVENTS * 3, "c": []})
        assert c.count_many(["a", "b", "c", "zz"]) == {"a": 1, "b": 3, "c": 0}
        assert c.get_merged("corpus1") is None
        for n in range(5):  # only the newest KEEP_MERGED are kept
            assert c.put_merged(f"corpus{n}", EVENTS * (n + 1))
        assert c.get_merged("corpus4") == EVENTS * 5
        assert c.get_merged("corpus0") is None
        kept = c.conn.execute("select count(*) from merged").fetchone()[0]
        assert kept == cache_mod.KEEP_MERGED, kept
    with EventCache(tmp_path / "c.sqlite", "v2") as c:
        assert c.get_merged("corpus4") is None  # another extractor version


def test_extractor_version_covers_every_module_extraction_imports():
    """The cache key changes with the code of every events module extraction runs."""
    import subprocess
    import sys

    code = ("import sys, events.extract, events.merge; "
            "print(' '.join(sorted(m[7:] for m in sys.modules if m.startswith('events.'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    from events.extract import EXTRACTION_MODULES

    assert set(out) <= set(EXTRACTION_MODULES), set(out) - set(EXTRACTION_MODULES)
