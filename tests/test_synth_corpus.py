"""The synthetic corpus generator: deterministic, seeds-format manifest, loadable."""

from __future__ import annotations

import json
import re

import pytest

from benchmarks.synth_corpus import generate_text, write_corpus


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_gives_identical_files(tmp_path):
    write_corpus(tmp_path / "a", 12, seed=7)
    write_corpus(tmp_path / "b", 12, seed=7)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a == b, sorted(set(a) ^ set(b))


def test_other_seed_gives_other_texts(tmp_path):
    m1 = write_corpus(tmp_path / "a", 5, seed=1)
    m2 = write_corpus(tmp_path / "b", 5, seed=2)
    ids1 = [d["id"] for d in m1["documents"]]
    ids2 = [d["id"] for d in m2["documents"]]
    assert set(ids1).isdisjoint(ids2), (ids1, ids2)


def test_small_corpus_is_prefix_of_larger(tmp_path):
    small = write_corpus(tmp_path / "s", 4, seed=3)["documents"]
    large = write_corpus(tmp_path / "l", 40, seed=3)["documents"]
    strip = [re.sub(r"^\d+_", "", d["id"]) for d in small]
    assert strip == [re.sub(r"^\d+_", "", d["id"]) for d in large[:4]]


def test_manifest_has_seeds_format(tmp_path):
    write_corpus(tmp_path, 30, seed=0)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    seeds_keys = {"id", "file", "title", "author", "outlet", "genre", "published",
                  "published_hint", "published_estimated"}
    assert set(manifest) == {"about", "documents"}
    assert len(manifest["documents"]) == 30
    for doc in manifest["documents"]:
        assert set(doc) == seeds_keys, doc
        assert (tmp_path / doc["file"]).is_file(), doc
        pub = doc["published"]
        assert pub is None or re.fullmatch(r"\d{4}-\d\d(-\d\d)?", pub), doc
    published = [d["published"] for d in manifest["documents"]]
    # the mix of full dates, months and missing DCTs is part of the workload
    assert any(p is None for p in published), published
    assert any(p and len(p) == 7 for p in published), published
    assert any(p and len(p) == 10 for p in published), published


def test_texts_contain_the_advertised_variety(tmp_path):
    write_corpus(tmp_path, 40, seed=0)
    text = "\n".join(p.read_text(encoding="utf-8") for p in tmp_path.glob("*.txt"))
    expected = [
        r"\bon (January|February|March|April|May|June|July|August|September|October|November"
        r"|December) \d{1,2}, \d{4}\b",                       # absolute day
        r"\b\d{4}-\d\d-\d\d\b",                               # ISO day
        r"\bin the (early |late )?\d{3}0s\b",                 # decade
        r"\blast (month|week|year)\b",                        # relative
        r"\bon (Monday|Tuesday|Wednesday|Thursday|Friday)\b",  # weekday
        r"\b(two|three|four|five|six|ten) years ago\b",
        r"\d percent\b", r"\b\d,\d{3}\b",                     # traps
        r"\bsigned an agreement with\b", r"\baccused\b", r"\bdenied that\b",
        r"\bwill visit\b", r"\bIf .+ were to\b",
        r"\b(President|Foreign Minister|Chancellor|Prime Minister)\b",
        r"\b(NATO|the United Nations|the European Union)\b",
    ]
    missing = [pat for pat in expected if not re.search(pat, text)]
    assert not missing, missing


def test_corpus_loads_with_load_corpus(tmp_path):
    corpus_mod = pytest.importorskip("events.corpus")
    manifest = write_corpus(tmp_path, 15, seed=4)
    corpus = corpus_mod.load_corpus(tmp_path)
    assert corpus.problems == [], corpus.problems
    assert [d.id for d in sorted(corpus.documents, key=lambda d: d.id)] == sorted(
        d["id"] for d in manifest["documents"])
    by_id = {d["id"]: d for d in manifest["documents"]}
    for doc in corpus.documents:
        assert doc.published == by_id[doc.id]["published"], (doc.id, doc.published)
        assert doc.text.strip(), doc.id


@pytest.mark.parametrize("n_bytes", [0, 1, 300, 5000, 50_000])
def test_generate_text_size_and_determinism(n_bytes):
    text = generate_text(n_bytes, seed=5)
    size = len(text.encode("utf-8"))
    assert size <= n_bytes, size
    assert n_bytes < 1000 or size > n_bytes * 0.9, size
    assert text == generate_text(n_bytes, seed=5)


@pytest.mark.parametrize("bad", [-1, -100])
def test_negative_sizes_are_rejected(tmp_path, bad):
    with pytest.raises(ValueError, match="must be >= 0"):
        write_corpus(tmp_path, bad)
    with pytest.raises(ValueError, match="must be >= 0"):
        generate_text(bad)


def test_news_profile_is_as_sparse_as_real_reporting_and_dense_is_not(tmp_path):
    """The default profile holds about as many dated events per KB as the seeds (1.0) and
    TimeBank/AQUAINT newswire (0.5-0.9); the dense stress profile several times more."""
    corpus_mod = pytest.importorskip("events.corpus")
    from events.extract import extract_document

    def events_per_kb(folder, profile):
        write_corpus(folder, 25, seed=2, profile=profile)
        docs = corpus_mod.load_corpus(folder).documents
        kb = sum(len(d.text.encode("utf-8")) for d in docs) / 1024
        # text-dated events: what the profiles are calibrated on (reports dated only by
        # publication came later and are not part of the calibration)
        return sum(e["date_basis"] == "text" for d in docs for e in extract_document(d)) / kb

    news = events_per_kb(tmp_path / "news", "news")
    dense = events_per_kb(tmp_path / "dense", "dense")
    assert 0.4 <= news <= 1.6, news
    assert dense >= 4 * news, (news, dense)


def test_unknown_profile_is_rejected(tmp_path):
    with pytest.raises(ValueError, match="profile must be one of"):
        write_corpus(tmp_path, 1, profile="sparse")
    with pytest.raises(ValueError, match="profile must be one of"):
        generate_text(100, profile="sparse")
    assert not list(tmp_path.iterdir())
