"""Disagreements between the reports of one happening (events/disputes.py) and how the
merge marks them (issue 17, items 1-2)."""

from __future__ import annotations

import re

import pytest

from events.disputes import DATA, claims, dispute_text, find_disputes, load_rules, numbers
from events.merge import DISPUTED_CONFIDENCE, merge_events, split_event

INTERVALS = {"2022": ("year", "2022-01-01", "2022-12-31"),
             "2022-02": ("month", "2022-02-01", "2022-02-28"),
             "2025-05": ("month", "2025-05-01", "2025-05-31")}
STATES = {"CHN": "China", "RUS": "Russia", "UKR": "Ukraine", "BLR": "Belarus", "EST": "Estonia"}


def rec(doc, value, sentence, trigger, *, status="happened", written="2022-02-06",
        typ="ASSAULT", source="RUS", target="UKR"):
    """One extracted record: ``trigger`` is the first occurrence of that word in ``sentence``;
    the document starts 100 characters before the sentence."""
    gran, start, end = INTERVALS.get(value, ("day", value, value))
    t = sentence.index(trigger)
    actors = [{"id": a, "label": STATES[a], "kind": "state", "country": a, "role": role}
              for a, role in ((source, "source"), (target, "target")) if a]
    return {"id": f"event:{doc}", "label": sentence[:40], "type": typ, "status": status,
            "trigger": trigger, "confidence": 0.8,
            "date": {"value": value, "type": "DATE", "granularity": gran, "start": start,
                     "end": end, "mod": None, "text": value},
            "actors": actors, "sources": [doc],
            "mentions": [{"id": f"event:{doc}", "doc_id": doc, "sentence": sentence,
                          "start": 100, "end": 100 + len(sentence),
                          "trigger": {"start": 100 + t, "end": 100 + t + len(trigger),
                                      "text": trigger},
                          "timex": None, "actors": [], "dct": written}],
            "merge_reasons": []}


def kinds(*records):
    return sorted(d["kind"] for d in find_disputes(list(records)))


# ------------------------------------------------------------ the EXAMPLE lines of the rules


def _examples():
    for line in DATA.read_text(encoding="utf-8").splitlines():
        m = re.match(r"# EXAMPLE: (\w+)\t(.+) \| (.+)\t-> (no dispute|dispute)$", line)
        if m:
            yield m.groups()


EXAMPLES = list(_examples())


def test_every_kind_has_examples():
    assert {k for k, *_ in EXAMPLES} == {"date", "status", "number"}
    assert len(EXAMPLES) >= 9


@pytest.mark.parametrize("kind, left, right, expected", EXAMPLES)
def test_rule_examples(kind, left, right, expected):
    if kind == "date":
        a = rec("a", left, "Russia shelled the town.", "shelled")
        b = rec("b", right, "Russia shelled the town.", "shelled")
    elif kind == "status":
        (sa, wa), (sb, wb) = left.split(), right.split()
        a = rec("a", "2025-05-09", "Xi visits Moscow on May 9.", "visits", status=sa, written=wa)
        b = rec("b", "2025-05-09", "Xi visits Moscow on May 9.", "visits", status=sb, written=wb)
    else:
        trig = left.split()[0] if left.split()[0] in ("killed",) else "deal"
        a = rec("a", "2022-02-04", f"Russia {left} in Kharkiv.", trig)
        b = rec("b", "2022-02-04", f"Russia {right} in Kharkiv.", trig)
        if trig == "deal":  # the number stands before the trigger: read it from the verb
            a = rec("a", "2022-02-04", f"Russia signed {left} in Kharkiv.", "signed")
            b = rec("b", "2022-02-04", f"Russia signed {right} in Kharkiv.", "signed")
    found = kinds(a, b)
    assert (kind in found) == (expected == "dispute"), (left, right, found)


# ------------------------------------------------------------ kinds


def test_granularity_is_never_a_dispute():
    year = rec("a", "2022", "Russia shelled Kharkiv in 2022.", "shelled")
    month = rec("b", "2022-02", "Russia shelled Kharkiv in February 2022.", "shelled")
    day = rec("c", "2022-02-04", "Russia shelled Kharkiv on February 4, 2022.", "shelled")
    assert kinds(year, month, day) == []
    other_day = rec("d", "2022-02-05", "Russia shelled Kharkiv on February 5, 2022.", "shelled")
    assert kinds(year, day, other_day) == ["date"]


def test_a_plan_before_the_date_and_the_happening_after_it_are_history():
    plan = rec("a", "2025-05", "Xi will travel to Moscow in May.", "travel",
               status="planned", written="2025-02-13", typ="CONSULT")
    done = rec("b", "2025-05", "Xi visited Moscow this month.", "visited",
               status="happened", written="2025-05-17", typ="CONSULT")
    assert kinds(plan, done) == []
    stale = dict(plan, mentions=[dict(plan["mentions"][0], dct="2025-06-02")])
    assert kinds(stale, done) == ["status"]
    month_only = dict(plan, mentions=[dict(plan["mentions"][0], dct="2025-06")])
    assert kinds(month_only, done) == []  # written "some day in June": not known to be after


def test_happened_against_denied():
    a = rec("a", "2022-02-04", "Putin visited Beijing on February 4.", "visited", typ="CONSULT")
    b = rec("b", "2022-02-04", "The Kremlin denied that Putin visited Beijing.", "visited",
            status="denied", typ="CONSULT")
    (d,) = find_disputes([b, a])
    assert d["kind"] == "status"
    assert (d["a"]["says"], d["a"]["doc"], d["b"]["says"], d["b"]["doc"]) == (
        "happened", "a", "denied", "b")
    assert d["a"]["mention"] == "event:a" and d["b"]["mention"] == "event:b"


def test_source_and_target_contradicted_but_not_for_talks():
    a = rec("a", "2022-02-04", "Russia shelled Estonia's border post.", "shelled", target="EST")
    b = rec("b", "2022-02-04", "Belarus shelled Estonia's border post.", "shelled",
            source="BLR", target="EST")
    assert kinds(a, b) == ["source"]
    c = rec("c", "2022-02-04", "Russia shelled Ukraine's border post.", "shelled")
    assert kinds(a, c) == ["target"]
    talks_a = rec("a", "2022-02-04", "Russia met China.", "met", typ="CONSULT", target="CHN")
    talks_b = rec("b", "2022-02-04", "China met Russia.", "met", typ="CONSULT",
                  source="CHN", target="RUS")
    assert kinds(talks_a, talks_b) == []
    no_source = rec("d", "2022-02-04", "Estonia's border post was shelled.", "shelled",
                    source=None, target="EST")
    assert kinds(a, no_source) == []  # not named is not contradicted


@pytest.mark.parametrize("left, right, disputed", [
    ("killed 12 civilians", "killed 30 civilians", True),
    ("killed at least 12 civilians", "killed 14 civilians", False),
    ("killed more than 300 civilians", "killed 170 civilians", True),
    ("killed about 330 civilians", "killed more than 300 civilians", False),
    ("killed twelve civilians", "killed 12 civilians", False),
    ("killed 10,000 troops", "killed 17,000 troops", True),
    ("signed a $8bn deal", "signed a $9 billion deal", True),
    ("signed a $8bn deal", "signed an $8 billion deal", False),
    ("signed a $8bn deal", "signed a €9bn deal", False),  # two currencies: not compared
    ("killed 12 civilians", "signed a $12bn deal", False),  # a count and an amount
    ("killed civilians under resolution 2231", "killed civilians under resolution 2232", False),
])
def test_numbers_of_the_trigger(left, right, disputed):
    verb = left.split()[0]
    a = rec("a", "2022-02-04", f"Russia {left} on Friday.", verb)
    b = rec("b", "2022-02-04", f"Russia {right} on Friday.", right.split()[0])
    assert (kinds(a, b) == ["number"]) is disputed, kinds(a, b)


def test_numbers_read_after_the_trigger_in_its_clause_and_not_in_the_date():
    s = "On 12 March Russia shelled Kharkiv, killing 7 civilians, and 40 troops were wounded."
    t = s.index("shelled")
    assert numbers(s, t, t + 7, [(3, 11)]) == {"count": (7.0, 7.0, "7 civilians")}
    passive = "In Kharkiv 12 people were killed on Friday."
    t = passive.index("killed")
    assert numbers(passive, t, t + 6, [])["count"][:2] == (12.0, 12.0)


def test_one_document_saying_two_things_is_no_dispute():
    a = rec("a", "2022-02-04", "Russia shelled Kharkiv.", "shelled")
    b = dict(rec("b", "2022-02-05", "Russia shelled Kharkiv.", "shelled"))
    b["mentions"] = [dict(b["mentions"][0], doc_id="a")]
    assert kinds(a, b) == []


def test_dispute_text_names_both_sides():
    a = rec("wsj-2022-02-06-beijing", "2022-02-04", "Putin met Xi.", "met", typ="CONSULT")
    b = rec("ps-0206", "2022-02-05", "Putin met Xi.", "met", typ="CONSULT")
    assert dispute_text(find_disputes([a, b])) == (
        "date: 2022-02-04 (wsj-2022-02\u2026) vs 2022-02-05 (ps-0206)")


def test_claims_of_a_record():
    c = claims(rec("a", "2022-02-04", "Russia killed 12 civilians.", "killed"))
    assert (c.date, c.status, c.sources, c.targets, c.directed) == (
        ("2022-02-04", "2022-02-04", "2022-02-04"), "happened", frozenset({"RUS"}),
        frozenset({"UKR"}), True)
    assert c.numbers == {"count": (12.0, 12.0, "12 civilians")}


def test_rules_file_errors_name_the_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("# header\nSCALE\tbn\tlots\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.tsv:2"):
        load_rules(bad)


# ------------------------------------------------------------ in the merge


def test_merge_keeps_one_disputed_event_never_a_confident_happened():
    a = rec("a", "2022-02-04", "Putin visited Beijing on February 4 for the Olympics.", "visited",
            typ="CONSULT", target="CHN")
    b = rec("b", "2022-02-04", "The Kremlin denied that Putin visited Beijing for the Olympics.",
            "visited", status="denied", typ="CONSULT", target="CHN")
    (ev,) = merge_events([a, b])
    assert ev["sources"] == ["a", "b"]
    assert ev["disputed"] is True and ev["dispute"] == "status: happened (a) vs denied (b)"
    assert ev["status"] == "denied" and ev["confidence"] <= DISPUTED_CONFIDENCE
    assert [d["kind"] for d in ev["disputes"]] == ["status"]


def test_merge_leaves_agreeing_reports_undisputed():
    a = rec("a", "2022", "Russia shelled Kharkiv's power plant in 2022.", "shelled")
    b = rec("b", "2022-02-04", "Russia shelled Kharkiv's power plant on February 4.", "shelled")
    (ev,) = merge_events([a, b])
    assert (ev["disputed"], ev["dispute"], ev["disputes"], ev["status"]) == (False, "", [], "happened")
    (single,) = merge_events([a])
    assert single["disputed"] is False and single["dispute"] == ""


def test_merge_joins_one_happening_reported_on_two_days():
    a = rec("a", "2022-02-04", "Russia shelled the Zaporizhzhia nuclear power plant.", "shelled")
    b = rec("b", "2022-02-05", "Russia shelled the Zaporizhzhia nuclear power plant.", "shelled")
    (ev,) = merge_events([a, b])
    assert ev["sources"] == ["a", "b"] and ev["dispute"] == "date: 2022-02-04 (a) vs 2022-02-05 (b)"
    assert "reported on different days" in ev["merge_reasons"][-1]
    far = rec("c", "2022-02-14", "Russia shelled the Zaporizhzhia nuclear power plant.", "shelled")
    assert len(merge_events([a, far])) == 2  # more than DATE_WINDOW_DAYS apart
    same_doc = dict(b, sources=["a"], mentions=[dict(b["mentions"][0], doc_id="a", start=500)])
    assert len(merge_events([a, same_doc])) == 2  # one document telling of two days
    other = rec("d", "2022-02-05", "Russia shelled a school in Kharkiv.", "shelled")
    assert len(merge_events([a, other])) == 2  # nothing in common but the verb and actors


def test_a_split_keeps_the_disputes_of_its_own_mentions():
    a = rec("a", "2022-02-04", "Russia shelled the Zaporizhzhia nuclear power plant.", "shelled")
    b = rec("b", "2022-02-05", "Russia shelled the Zaporizhzhia nuclear power plant.", "shelled")
    c = rec("c", "2022-02-05", "Russia shelled the Zaporizhzhia nuclear power plant.", "shelled")
    (ev,) = merge_events([a, b, c])
    assert ev["disputed"] and {d["b"]["mention"] for d in ev["disputes"]} == {"event:b"}
    left, right = split_event(ev, {"event:a"})
    assert (left["disputed"], left["dispute"], left["disputes"]) == (False, "", [])
    assert (right["disputed"], right["disputes"]) == (False, [])
    left, right = split_event(ev, {"event:c"})
    assert left["disputed"] and left["dispute"] == ev["dispute"] and not right["disputed"]
