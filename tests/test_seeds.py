"""Acceptance on the bundled seeds: the headline events, the cross-document merges,
nothing from the readers' comments. These run the real pipeline on the real files."""

from functools import lru_cache
from pathlib import Path

import pytest

from events.corpus import find_boilerplate, load_corpus
from events.pipeline import run_pipeline

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@lru_cache(maxsize=1)
def seed_events():
    return run_pipeline(SEEDS, cache=False, workers=1).events


def actor_keys(ev):
    keys = set()
    for a in ev["actors"]:
        keys.add(a["id"])
        if a.get("country"):
            keys.add(a["country"])
    return keys


def find(predicate):
    return [e for e in seed_events() if predicate(e)]


def evidence(ev):
    return " ".join(m["sentence"] for m in ev["mentions"])


@pytest.mark.parametrize("name, value, words, actors", [
    ("treaty of good-neighborliness", "2001-07", ["Treaty of Good-Neighborliness"], {"CHN", "RUS"}),
    ("2015 peacekeeping pledge", "2015", ["8,000", "peacekeeping"], {"CHN"}),
    ("no limits joint statement", "2022-02-04", ["no limits"], {"CHN", "RUS"}),
    ("2023 peace framework", "2023-02", ["framework"], {"CHN"}),
    ("Victory Day visit to Moscow", "2025-05", ["Moscow"], {"xi-jinping", "RUS"}),
])
def test_headline_event_found_with_date_and_actors(name, value, words, actors):
    hits = find(lambda e: (e["date"]["value"] == value or e["date"]["value"].startswith(value + "-"))
                and all(w.lower() in evidence(e).lower() for w in words))
    assert hits, f"{name}: no event dated {value} mentioning {words}"
    assert any(actors <= actor_keys(e) for e in hits), \
        f"{name}: actors {[sorted(actor_keys(e)) for e in hits]} lack {actors}"


def test_no_limits_is_one_event_from_two_documents():
    hits = find(lambda e: "no limits" in evidence(e).lower() and e["type"] == "STATEMENT")
    merged = [e for e in hits if len(e["sources"]) >= 2]
    assert merged, [(e["date"]["value"], e["sources"]) for e in hits]
    assert merged[0]["date"]["value"] == "2022-02-04"


def test_xi_may_2025_moscow_trip_is_one_event_from_two_documents():
    hits = find(lambda e: e["date"]["value"].startswith("2025-05") and e["type"] == "CONSULT"
                and "xi-jinping" in actor_keys(e))
    assert any(len(e["sources"]) >= 2 for e in hits), [(e["label"], e["sources"]) for e in hits]


def test_xi_trip_planned_before_and_reported_after_is_history_not_a_dispute():
    (trip,) = [e for e in find(lambda e: e["date"]["value"].startswith("2025-05")
                               and "xi-jinping" in actor_keys(e)) if len(e["sources"]) >= 2]
    said = {m["dct"] for m in trip["mentions"]}
    assert "2025-02-13" in said and "2025-05-17" in said, said  # the plan, then the visit
    assert trip["disputed"] is False and trip["dispute"] == "" and trip["status"] == "happened"


def test_nothing_comes_from_reader_comments():
    corpus = {d.id: d for d in load_corpus(SEEDS).documents}
    for ev in seed_events():
        for m in ev["mentions"]:
            regions = [r for r in find_boilerplate(corpus[m["doc_id"]].text) if r[2] == "comments"]
            assert all(not (s <= m["start"] < e) for s, e, _ in regions), m["sentence"]


def test_every_mention_points_at_its_sentence():
    corpus = {d.id: d for d in load_corpus(SEEDS).documents}
    for ev in seed_events():
        assert ev["sources"] == sorted({m["doc_id"] for m in ev["mentions"]})
        for m in ev["mentions"]:
            text = corpus[m["doc_id"]].text
            assert text[m["start"]:m["end"]] == m["sentence"]
            t = m["timex"]
            # a report dated by publication has no time expression of its own
            assert (t is None) == (m["date_basis"] == "publication")
            assert t is None or m["start"] <= t["start"] < t["end"] <= m["end"] or ev["mentions"][0] is not m \
                or text[t["start"]:t["end"]] == t["text"]
            assert text[m["trigger"]["start"]:m["trigger"]["end"]] == m["trigger"]["text"]
            for a in m["actors"]:
                assert text[a["start"]:a["end"]] == a["text"]


def test_seed_yield_is_in_a_plausible_range():
    # about forty dated events a careful reader finds; far more would mean noise
    n = sum(e["date_basis"] == "text" for e in seed_events())
    assert 30 <= n <= 80, n
    # reports without a date of their own: the seeds are mostly analysis and comment, and
    # about half of their ~300 sentences hold a trigger; far more would mean noise
    reports = [e for e in seed_events() if e["date_basis"] == "publication"]
    assert len(reports) <= 1.5 * n, [e["label"] for e in reports]


def test_no_publication_dated_seed_event_repeats_a_text_dated_one():
    # a repeat: the same document, type and kind of happening, and a shared actor
    from events.merge import TRIGGER_FAMILIES
    evs = seed_events()
    dated = [e for e in evs if e["date_basis"] == "text"]
    for r in (e for e in evs if e["date_basis"] == "publication"):
        fam = TRIGGER_FAMILIES.get(r["trigger"], r["trigger"])
        keys = {a["id"] for a in r["actors"]}
        same = [d["label"] for d in dated if set(d["sources"]) & set(r["sources"])
                and d["type"] == r["type"] and TRIGGER_FAMILIES.get(d["trigger"], d["trigger"]) == fam
                and keys & {a["id"] for a in d["actors"]}]
        assert not same, (r["label"], same)
