"""Cross-document merging of event mentions, on hand-made records."""

import itertools

import pytest

from events.merge import dates_compatible, merge_events, merge_reason, split_event

GRAN_INTERVAL = {
    "2022": ("year", "2022-01-01", "2022-12-31"),
    "2022-02": ("month", "2022-02-01", "2022-02-28"),
    "2022-02-04": ("day", "2022-02-04", "2022-02-04"),
    "2022-02-05": ("day", "2022-02-05", "2022-02-05"),
    "2025-05": ("month", "2025-05-01", "2025-05-31"),
    "2025-05-09": ("day", "2025-05-09", "2025-05-09"),
    "2021": ("year", "2021-01-01", "2021-12-31"),
}
STATES = {"CHN": "China", "RUS": "Russia", "USA": "United States", "FRA": "France"}


def ev(eid, doc, value, typ, actors, sentence, trigger="declare", status="happened"):
    gran, start, end = GRAN_INTERVAL[value]
    acts = []
    for a in actors:
        if a in STATES:
            acts.append({"id": a, "label": STATES[a], "kind": "state", "country": a,
                         "role": "participant"})
        else:
            acts.append({"id": a, "label": a.replace("-", " ").title(), "kind": "person",
                         "country": "CHN" if a == "xi-jinping" else "RUS", "role": "source"})
    return {"id": eid, "label": sentence[:40], "type": typ, "status": status, "trigger": trigger,
            "confidence": 0.7,
            "date": {"value": value, "type": "DATE", "granularity": gran, "start": start,
                     "end": end, "mod": None, "text": value},
            "actors": acts, "sources": [doc],
            "mentions": [{"id": eid, "doc_id": doc, "sentence": sentence, "start": 0,
                          "end": len(sentence), "actors": [], "timex": {"text": value}}],
            "merge_reasons": []}


NO_LIMITS_A = ev("event:a1", "docA", "2022", "STATEMENT", ["CHN", "RUS"],
                 "Soon before the invasion in 2022, Beijing declared its friendship with Moscow had \u201cno limits.\u201d")
NO_LIMITS_B = ev("event:b1", "docB", "2022-02-04", "STATEMENT", ["CHN", "RUS"],
                 "They declared there were \u201cno limits\u201d to the friendship on February 4.",
                 trigger="joint statement")
VISIT_A = ev("event:a2", "docA", "2025-05", "CONSULT", ["xi-jinping", "RUS"],
             "Xi will travel to Moscow in May to attend the Victory Day commemorations.",
             trigger="travel", status="planned")
VISIT_B = ev("event:b2", "docB", "2025-05", "CONSULT", ["xi-jinping", "RUS"],
             "Xi visited the Kremlin this month for the Victory Day parade.", trigger="visit")
OTHER_DAY = ev("event:c1", "docC", "2022-02-05", "STATEMENT", ["CHN", "RUS"],
               "Beijing declared on February 5 that talks on energy were \u201cno limits\u201d.")
OTHER_TYPE = ev("event:c2", "docC", "2022", "ASSAULT", ["RUS"],
                "Russia invaded in 2022 and declared \u201cno limits\u201d to its goals.", trigger="invade")
OTHER_ACTORS = ev("event:c3", "docC", "2022-02", "STATEMENT", ["USA", "FRA"],
                  "Washington and Paris declared \u201cno limits\u201d to support in February.")


def test_year_contains_day_but_two_days_never_match():
    assert dates_compatible(NO_LIMITS_A, NO_LIMITS_B)
    assert not dates_compatible(NO_LIMITS_B, OTHER_DAY)


def test_shared_quotation_merges_across_documents():
    why = merge_reason(NO_LIMITS_A, NO_LIMITS_B)
    assert why and "no limits" in why


def test_person_counts_as_their_state_and_month_mentions_merge():
    merged = merge_events([VISIT_A, VISIT_B])
    assert len(merged) == 1
    m = merged[0]
    assert m["sources"] == ["docA", "docB"]
    assert m["status"] == "happened"  # one source reports it as done
    assert len(m["mentions"]) == 2 and m["merge_reasons"]


@pytest.mark.parametrize("other", [OTHER_DAY, OTHER_TYPE, OTHER_ACTORS])
def test_non_merges(other):
    assert merge_reason(NO_LIMITS_B, other) is None


def test_merge_keeps_finest_date_and_is_order_independent():
    events = [NO_LIMITS_A, NO_LIMITS_B, OTHER_DAY, OTHER_TYPE, OTHER_ACTORS, VISIT_A, VISIT_B]
    results = set()
    for perm in itertools.permutations(events[:4]):
        merged = merge_events(list(perm) + events[4:])
        results.add(tuple(sorted((e["id"], tuple(e["sources"])) for e in merged)))
        no_limits = next(e for e in merged if "event:a1" in {m["id"] for m in e["mentions"]})
        assert no_limits["date"]["value"] == "2022-02-04"
        assert no_limits["sources"] == ["docA", "docB"]
    assert len(results) == 1
    assert len(merged) == 5


def test_split_undoes_a_merge():
    merged = merge_events([NO_LIMITS_A, NO_LIMITS_B])[0]
    a, b = split_event(merged, {"event:b1"})
    assert a["sources"] == ["docA"] and b["sources"] == ["docB"]
    assert {a["id"], b["id"]} == {"event:a1", "event:b1"}
    with pytest.raises(ValueError):
        split_event(merged, set())


# ------------------------------------------------------------ the indexed merge = the plain one


def _plain_merge(events):
    """The merge without an index: every (actor, year) block visited in full, in the order
    clusters joined it, each candidate judged by merge_reason alone.  merge_events must
    give the same events (it only skips candidates that merge_reason would refuse)."""
    from collections import defaultdict

    from events import merge as m

    order = sorted(events, key=lambda e: (
        m._GRAN_RANK.get((e.get("date") or {}).get("granularity"), 9), e["id"]))
    clusters, sigs, blocks, indexed = [], [], defaultdict(list), set()
    for e in order:
        e = dict(e, merge_reasons=list(e.get("merge_reasons", [])))
        sig = m.signature(e)
        target = reason = None
        seen = set()
        for key in sorted(m.actor_keys(e)):
            for year in m._years(e):
                for idx in blocks.get((key, year), ()):
                    if idx not in seen:
                        seen.add(idx)
                        reason = m.merge_reason(clusters[idx], e, sigs[idx], sig)
                        if reason:
                            target = idx
                            break
                if target is not None:
                    break
            if target is not None:
                break
        if target is None:
            clusters.append(e)
            sigs.append(sig)
            idx = len(clusters) - 1
        else:
            idx = target
            clusters[idx] = m._combine(clusters[idx], e, reason)
            sigs[idx] = tuple(a | b for a, b in zip(sigs[idx], sig, strict=True))
        for key in m.actor_keys(clusters[idx]):
            for year in m._years(clusters[idx]):
                if (key, year, idx) not in indexed:
                    indexed.add((key, year, idx))
                    blocks[(key, year)].append(idx)
    return sorted(clusters, key=lambda c: ((c["date"].get("start") or "9999"), c["id"]))


def test_indexed_merge_equals_the_plain_merge_on_extracted_mentions(tmp_path):
    """Mentions extracted from a synthetic corpus dense with events of few actors (many
    candidates per actor and year, every granularity, types that change as they merge)."""
    from benchmarks.synth_corpus import write_corpus
    from events.corpus import load_corpus
    from events.extract import extract_document

    write_corpus(tmp_path, 60, seed=9, profile="dense")
    mentions = [e for d in load_corpus(tmp_path).documents for e in extract_document(d)]
    assert len(mentions) > 800
    plain = _plain_merge(mentions)
    assert merge_events(mentions) == plain
    assert len(plain) < len(mentions)  # some did merge
    assert merge_events(list(reversed(mentions))) == plain
