"""Cross-document merging of event mentions, on hand-made records."""

import itertools

import pytest

from events.merge import dates_compatible, merge_events, merge_reason, split_event

GRAN_INTERVAL = {
    "2022": ("year", "2022-01-01", "2022-12-31"),
    "2022-02": ("month", "2022-02-01", "2022-02-28"),
    "2022-02-04": ("day", "2022-02-04", "2022-02-04"),
    "2022-02-05": ("day", "2022-02-05", "2022-02-05"),
    "2022-02-14": ("day", "2022-02-14", "2022-02-14"),
    "2025-05": ("month", "2025-05-01", "2025-05-31"),
    "2025-05-09": ("day", "2025-05-09", "2025-05-09"),
    "2025-05-05": ("day", "2025-05-05", "2025-05-05"),
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
OTHER_DAY = ev("event:c1", "docC", "2022-02-14", "STATEMENT", ["CHN", "RUS"],
               "Beijing declared on February 14 that talks on energy were \u201cno limits\u201d.")
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


PAIRS = {  # two reports of one happening, each found by another of _happening's tests
    "same 'meet' on": ("2022-02-04", "meet", "Putin met Xi in the capital on Friday.",
                       "2022-02-04", "hold talks", "The leaders held talks in a closed room."),
    "shared quotation": ("2022", "warn", "China warned of \u201ca dangerous course\u201d in 2022.",
                         "2022-02-04", "urge", "Beijing urged calm, saying \u201ca dangerous course\u201d loomed."),
    "shared name": ("2022-02", "warn", "China warned about the Nord Stream pipeline in February.",
                    "2022-02-04", "urge", "Beijing urged an inquiry into the Nord Stream blasts."),
    "shared words": ("2022-02-04", "warn", "China warned about grain corridors on Friday.",
                     "2022-02-04", "urge", "Beijing urged that grain corridors stay open."),
    "shared words ": ("2022", "warn", "China warned about grain corridors and tariffs in 2022.",
                      "2022-02-04", "urge", "Beijing urged grain corridors without tariffs."),
}


@pytest.mark.parametrize("why", sorted(PAIRS))
def test_each_test_of_happening_merges_through_the_index(why):
    d1, t1, s1, d2, t2, s2 = PAIRS[why]
    a = ev("event:p1", "docA", d1, "STATEMENT", ["CHN", "RUS"], s1, trigger=t1)
    b = ev("event:p2", "docB", d2, "STATEMENT", ["CHN", "RUS"], s2, trigger=t2)
    merged = merge_events([a, b])
    assert len(merged) == 1, merge_reason(a, b)
    assert merged[0]["merge_reasons"][0].split(": ", 1)[1].startswith(why.strip())


# ------------------------------------------------------------ the indexed merge = the plain one


def _plain_merge(events):
    """The merge without an index: every (actor, year) block visited in full, in the order
    clusters joined it, each candidate judged by merge_reason alone.  merge_events must
    give the same events (it only skips candidates that merge_reason would refuse)."""
    from collections import defaultdict

    from events import merge as m

    order = sorted(events, key=lambda e: (
        m._GRAN_RANK.get((e.get("date") or {}).get("granularity"), 9), e["id"]))
    clusters, sigs, members, blocks, indexed = [], [], [], defaultdict(list), set()
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
            members.append([e])
            idx = len(clusters) - 1
        else:
            idx = target
            members[idx].append(e)
            clusters[idx] = m._combine(clusters[idx], e, reason)
            sigs[idx] = tuple(a | b for a, b in zip(sigs[idx], sig, strict=True))
        for key in m.actor_keys(clusters[idx]):
            for year in m._years(clusters[idx]):
                if (key, year, idx) not in indexed:
                    indexed.add((key, year, idx))
                    blocks[(key, year)].append(idx)
    return m.finish(clusters, sigs, members)


@pytest.fixture(scope="module")
def dense_mentions(tmp_path_factory):
    """Mentions extracted from a synthetic corpus dense with events of few actors (many
    candidates per actor and year, every granularity, types that change as they merge)."""
    from benchmarks.synth_corpus import write_corpus
    from events.corpus import load_corpus
    from events.extract import extract_document

    folder = tmp_path_factory.mktemp("dense")
    write_corpus(folder, 60, seed=9, profile="dense")
    return [e for d in load_corpus(folder).documents for e in extract_document(d)]


def _on_one_day(mentions, every, start="2023-06-01"):
    """Every ``every``-th mention dated 2023-06-01 instead (as a publication date would
    date them), its interval from ``start``: many mentions share one date."""
    out = []
    for i, e in enumerate(mentions):
        if i % every == 0:
            e = {**e, "date": {"value": "2023-06-01", "type": "DATE", "granularity": "day",
                               "start": start, "end": "2023-06-01", "mod": None,
                               "text": "published"}}
        out.append(e)
    return out


@pytest.mark.parametrize("variant", ["as extracted", "half on one day", "all on one day",
                                     "a third up to one day"])
def test_indexed_merge_equals_the_plain_merge_on_extracted_mentions(dense_mentions, variant):
    mentions = {"as extracted": dense_mentions,
                "half on one day": _on_one_day(dense_mentions, 2),
                "all on one day": _on_one_day(dense_mentions, 1),
                "a third up to one day": _on_one_day(dense_mentions, 3, start="2023-01-01"),
                }[variant]
    assert len(mentions) > 800
    plain = _plain_merge(mentions)
    assert merge_events(mentions) == plain
    assert len(plain) < len(mentions)  # some did merge
    assert merge_events(list(reversed(mentions))) == plain


def test_merge_reports_progress():
    calls = []
    events = _one_day_reports(1200)
    merge_events(events, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(500, 1200), (1000, 1200), (1200, 1200)]


# ------------------------------------------------------------ the merge's work grows linearly


def _one_day_reports(n):
    """``n`` reports of one day with one actor: half of them one happening told again and
    again (one cluster that keeps growing), half each about something else (clusters that
    every later report of that day and actor could be compared with)."""
    events = []
    for i in range(n):
        if i % 2:
            sentence = f"China said the grain corridor talks would resume, official {i} told reporters."
            trigger, typ = "say", "STATEMENT"
        else:
            w = "".join(chr(97 + (i // 26 ** k) % 26) for k in range(3))  # its own words
            sentence = f"China proposed {w}abc {w}def {w}ghi."
            trigger, typ = f"propose{i}", "STATEMENT"
        e = ev(f"event:{i:05d}", f"doc{i % 7}", "2022-02-04", typ, ["CHN"], sentence,
               trigger=trigger)
        e["mentions"][0]["start"] = i * 100
        events.append(e)
    return events


def _calls(fn, *args) -> int:
    """How many Python and built-in function calls ``fn(*args)`` makes (a count of work
    that does not depend on the machine's speed)."""
    import sys

    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        fn(*args)
    finally:
        sys.setprofile(None)
    return count


def test_merge_work_grows_linearly_when_many_mentions_share_one_date():
    small, large = _one_day_reports(400), _one_day_reports(800)
    merged = merge_events(large)
    assert max(len(e["mentions"]) for e in merged) == 400  # the told-again happening
    assert len(merged) == 401
    ratio = _calls(merge_events, large) / _calls(merge_events, small)
    assert ratio < 2.2, f"twice the mentions cost {ratio:.2f} times the calls"


def _with_roles(e, roles, basis="text"):
    e = dict(e, date_basis=basis, actors=[dict(a, role=roles.get(a["id"], a["role"])) for a in e["actors"]])
    for m in e["mentions"]:
        m["date_basis"] = basis
    return e


def test_a_visit_told_by_its_month_is_the_one_visit_on_a_day_of_that_month():
    plan = _with_roles(ev("event:m1", "docA", "2025-05", "CONSULT", ["xi-jinping", "RUS"],
                          "Xi will travel to Moscow in May for the commemorations.",
                          trigger="travel", status="planned"), {"RUS": "target"})
    done = _with_roles(ev("event:m2", "docB", "2025-05-09", "CONSULT", ["xi-jinping", "RUS"],
                          "Xi stood beside Putin at the parade on Red Square on May 9.",
                          trigger="visit"), {"RUS": "target"})
    out = merge_events([plan, done])
    assert len(out) == 1, [e["merge_reasons"] for e in out]
    assert out[0]["date"]["value"] == "2025-05-09" and out[0]["status"] == "happened"
    assert any("is the one of 2025-05-09" in r for r in out[0]["merge_reasons"])
    # two visits on days of that month: the month does not say which, so it joins neither
    other = _with_roles(ev("event:m3", "docC", "2025-05-05", "CONSULT", ["xi-jinping", "RUS"],
                           "Xi landed in Moscow for talks on May 5.", trigger="visit"),
                        {"RUS": "target"})
    out = merge_events([plan, done, other])
    assert len(out) == 3
    # a month-precise happening of another doer stays apart
    someone = _with_roles(ev("event:m4", "docD", "2025-05", "CONSULT", ["FRA", "RUS"],
                             "France will send a minister to Moscow in May.", trigger="travel"),
                          {"FRA": "source", "RUS": "target"})
    assert len(merge_events([someone, done])) == 2


def test_a_report_dated_by_publication_joins_the_dated_happening_it_tells_again():
    dated = _with_roles(ev("event:p1", "docA", "2022-02-04", "CONSULT", ["xi-jinping", "RUS"],
                           "Xi visited Moscow on February 4.", trigger="visit"), {"RUS": "target"})
    told = _with_roles(ev("event:p2", "docB", "2025-05", "CONSULT", ["xi-jinping", "RUS"],
                          "Xi has visited Moscow, where he was greeted warmly.", trigger="visit"),
                       {"RUS": "target"}, basis="publication")
    out = merge_events([dated, told])
    assert len(out) == 1 and out[0]["date"]["value"] == "2022-02-04"
    assert out[0]["date_basis"] == "text" and sorted(out[0]["sources"]) == ["docA", "docB"]
    # no target: only an event of the same trigger word by the very same doers, told as done
    invaded = _with_roles(ev("event:p4", "docA", "2022", "ASSAULT", ["RUS", "FRA"],
                             "Russia invaded France in 2022.", trigger="invade"),
                          {"RUS": "source", "FRA": "target"})
    again = _with_roles(ev("event:p5", "docB", "2025-05", "ASSAULT", ["RUS"],
                           "It is three years since Russia has invaded its neighbour.",
                           trigger="invade"), {"RUS": "source"}, basis="publication")
    again["mentions"][0]["trigger"] = {"text": "invaded"}
    out = merge_events([invaded, again])
    assert len(out) == 1 and out[0]["date"]["value"] == "2022"
    envoy = _with_roles(ev("event:p6", "docC", "2025-05", "CONSULT", ["CHN"],
                           "A Chinese envoy has visited several countries.", trigger="visit"),
                        {"CHN": "source"}, basis="publication")
    envoy["mentions"][0]["trigger"] = {"text": "visited"}
    assert len(merge_events([dated, envoy])) == 2  # not Xi's own visit
    willing = dict(again, id="event:p7", trigger="invade")
    willing["mentions"] = [dict(again["mentions"][0], id="event:p7", trigger={"text": "invades"})]
    assert len(merge_events([invaded, willing])) == 2  # a present tense tells no earlier happening
