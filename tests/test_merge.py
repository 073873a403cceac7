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
