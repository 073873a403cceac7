"""Curation: every operation and its undo, replay on a re-extraction by stable
mention identity, merge/split, unknown ids reported, the review queue, the CLI
layer, and bad input (a CurationError with a message, nothing recorded).

Records are hand-written single-mention events (as ``extract_document`` makes
them) combined with the real ``events.merge.merge_events``.
"""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.curation import (
    CURATION_FILENAME,
    SCHEMA_VERSION,
    CurationError,
    CurationStore,
    apply_curation,
    default_store_path,
    normalize_date,
    review_queue,
    run_curate_command,
    visible,
)
from events.merge import merge_events

STATES = {"NOR": "Norway", "ISL": "Iceland", "CAN": "Canada", "DNK": "Denmark",
          "FRA": "France", "DEU": "Germany"}
GRAN = {"2019-06-05": ("day", "2019-06-05", "2019-06-05"),
        "2019-06": ("month", "2019-06-01", "2019-06-30"),
        "2020-03-10": ("day", "2020-03-10", "2020-03-10"),
        "2021-11": ("month", "2021-11-01", "2021-11-30")}


def rec(mid, doc, value, typ, actors, sentence, trigger, confidence=0.8, status="happened"):
    gran, start, end = GRAN[value]
    return {
        "id": mid, "label": sentence[:50], "type": typ, "status": status, "trigger": trigger,
        "confidence": confidence,
        "date": {"value": value, "type": "DATE", "granularity": gran, "start": start,
                 "end": end, "mod": None, "text": value},
        "actors": [{"id": a, "label": STATES[a], "kind": "state", "country": a,
                    "role": "participant"} for a in actors],
        "sources": [doc],
        "mentions": [{"id": mid, "doc_id": doc, "sentence": sentence, "start": 0,
                      "end": len(sentence), "trigger": {"start": 0, "end": 1, "text": trigger},
                      "timex": {"text": value, "value": value, "anchored": False},
                      "actors": [], "carried_actors": [], "dct": "2021-12-01",
                      "dct_inferred": False}],
        "merge_reasons": [],
    }


PACT_A = rec("event:5a", "fish1", "2019-06-05", "AGREE", ["NOR", "ISL"],
             "Norway and Iceland signed a fisheries pact in Reykjavik on 5 June 2019.", "sign")
PACT_B = rec("event:7b", "fish2", "2019-06-05", "AGREE", ["NOR", "ISL"],
             "Oslo and Reykjavik signed the cod quota deal on June 5, 2019.", "sign")
TALKS = rec("event:3c", "arctic", "2020-03-10", "CONSULT", ["CAN", "DNK"],
            "Canada and Denmark held talks about Hans Island on March 10, 2020.", "meet")
SUMMIT = rec("event:9e", "euro", "2021-11", "CONSULT", ["FRA", "DEU"],
             "France and Germany met in Aachen in November 2021 to discuss energy prices.", "meet")
# one extra document, whose mention sorts first and joins the pact
PACT_LATE = rec("event:1d", "fish3", "2019-06", "AGREE", ["NOR", "ISL"],
                "In June 2019 Norway and Iceland signed a fisheries pact, the ministry recalled.",
                "sign")


#: what the merge adds to an event whose reports do not disagree (events/disputes.py)
UNDISPUTED = {"disputed": False, "dispute": "", "disputes": []}


@pytest.fixture
def store(tmp_path):
    return CurationStore(tmp_path / "c.sqlite")


def by_mention(events, mention_id):
    found = [e for e in events if mention_id in {m["id"] for m in e["mentions"]}]
    assert len(found) == 1, [e["id"] for e in events]
    return found[0]


def extraction(*records):
    return merge_events(list(records))


# ---------------------------------------------------------------- the store


def test_new_store_is_wal_versioned_and_empty(tmp_path):
    path = tmp_path / "sub" / "c.sqlite"
    store = CurationStore(path)
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        con.close()
    assert store.history() == []
    assert store.integrity_check() == "ok"
    with store._connect() as c:  # what every operation's connection uses
        assert c.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_not_a_database_is_reported_and_left_untouched(tmp_path):
    path = tmp_path / "c.sqlite"
    garbage = b"these are notes, not a database\n" * 200
    path.write_bytes(garbage)
    with pytest.raises(CurationError, match="not a curation database") as exc:
        CurationStore(path)
    assert path.read_bytes() == garbage, exc.value


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "c.sqlite"
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version=99")
    con.commit()
    con.close()
    with pytest.raises(CurationError, match="schema version 99 is newer"):
        CurationStore(path)


def test_store_path_that_is_a_folder(tmp_path):
    with pytest.raises(CurationError, match="is not a file"):
        CurationStore(tmp_path)


def test_default_path_inside_corpus_or_user_data_dir(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    assert default_store_path(corpus) == corpus.resolve() / CURATION_FILENAME
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr("events.curation.locations.os.access", lambda *a, **k: False)
    p = default_store_path(corpus)
    assert p.parent == tmp_path / "xdg" / "eventline", p
    assert p.name.startswith("corpus-") and p.name.endswith("-curation.sqlite"), p
    other = tmp_path / "elsewhere" / "corpus"
    other.mkdir(parents=True)
    assert default_store_path(other) != p  # two corpora never share a store


def test_corpus_loader_ignores_the_store(tmp_path):
    from events.corpus import load_corpus

    (tmp_path / "a.txt").write_text("Canada and Denmark held talks on March 10, 2020.\n")
    store = CurationStore.for_corpus(tmp_path)
    store.accept("event:x")
    assert store.path.parent == tmp_path.resolve()
    corpus = load_corpus(tmp_path)
    assert [d.file for d in corpus.documents] == ["a.txt"], corpus.problems
    assert corpus.problems == []


# ---------------------------------------------------------------- operations and undo


def test_accept_reject_and_their_undo(store):
    events = extraction(PACT_A, PACT_B, TALKS)
    a = store.accept("event:3c", note="checked against the source")
    out = apply_curation(events, store)
    talks = by_mention(out, "event:3c")
    assert talks["curated"] is True
    assert talks["curation"]["accepted"] and not talks["curation"]["rejected"]
    assert talks["curation"]["notes"] == ["checked against the source"]
    assert by_mention(out, "event:5a")["curated"] is False
    assert "curation" not in by_mention(out, "event:5a")

    r = store.reject("event:3c")  # later wins
    out = apply_curation(events, store)
    cur = by_mention(out, "event:3c")["curation"]
    assert cur["rejected"] and not cur["accepted"], cur
    assert [e["id"] for e in visible(out)] == [e["id"] for e in out if e["id"] != "event:3c"]
    assert len(out) == len(events)  # rejected events are kept, only flagged

    store.undo(r)
    cur = by_mention(apply_curation(events, store), "event:3c")["curation"]
    assert cur["accepted"] and not cur["rejected"]
    store.undo(a)
    assert by_mention(apply_curation(events, store), "event:3c")["curated"] is False


@pytest.mark.parametrize("fields, check", [
    ({"date": "2020-Q1"}, lambda e: (e["date"]["value"], e["date"]["start"], e["date"]["end"],
                                     e["date"]["granularity"])
     == ("2020-Q1", "2020-01-01", "2020-03-31", "quarter")),
    ({"date": "202X"}, lambda e: (e["date"]["start"], e["date"]["end"]) == ("2020-01-01", "2029-12-31")),
    ({"date": "2020-W11"}, lambda e: (e["date"]["start"], e["date"]["end"]) == ("2020-03-09", "2020-03-15")),
    ({"type": "cooperate"}, lambda e: e["type"] == "COOPERATE"),
    ({"status": "Planned"}, lambda e: e["status"] == "planned"),
    ({"label": "  Canada\x00 and Denmark\u200b\x1b agree\non Hans Island "},
     lambda e: e["label"] == "Canada and Denmark agree on Hans Island"),
    ({"actors": [{"id": "CAN", "label": "Canada", "kind": "state", "country": "CAN", "role": "source"},
                 {"id": "GRL", "label": "Greenland", "kind": "group", "country": None, "role": "target"}]},
     lambda e: [(a["id"], a["role"]) for a in e["actors"]] == [("CAN", "source"), ("GRL", "target")]),
])
def test_each_edit_applies_keeps_the_original_and_undoes(store, fields, check):
    events = extraction(TALKS, SUMMIT)
    before = json.dumps(events, sort_keys=True)
    op = store.edit("event:3c", **fields)
    out = apply_curation(events, store)
    talks = by_mention(out, "event:3c")
    assert check(talks), talks
    name = next(iter(fields))
    assert talks["curation"]["edited"] == [name]
    assert talks["curation"]["original"] == {name: TALKS[name]}
    assert by_mention(out, "event:9e") == {**SUMMIT, **UNDISPUTED, "curated": False}
    assert json.dumps(events, sort_keys=True) == before  # input untouched
    store.undo(op)
    again = by_mention(apply_curation(events, store), "event:3c")
    assert again == {**TALKS, **UNDISPUTED, "curated": False}


def test_two_edits_of_one_field_keep_the_first_original(store):
    events = extraction(TALKS)
    store.edit("event:3c", label="First fix")
    store.edit("event:3c", label="Second fix", type="AGREE")
    e = apply_curation(events, store)[0]
    assert e["label"] == "Second fix" and e["type"] == "AGREE"
    assert e["curation"]["edited"] == ["label", "type"]
    assert e["curation"]["original"] == {"label": TALKS["label"], "type": "CONSULT"}


BAD_EDITS = [
    ({"date": "2022-02-30"}, "not a real calendar date"),
    ({"date": "2022-13"}, "not a real calendar date"),
    ({"date": "2021-W53"}, "not a real calendar date"),
    ({"date": "0000"}, "not a real calendar date"),
    ({"date": "99999"}, "not a TIMEX3 date value"),
    ({"date": "2022-Q5"}, "not a TIMEX3 date value"),
    ({"date": "next week"}, "not a TIMEX3 date value"),
    ({"date": "P3Y"}, "not a real calendar date"),
    ({"date": ""}, "not a TIMEX3 date value"),
    ({"date": 2022}, "date must be a TIMEX3 value"),
    ({"type": "WAR"}, "type 'WAR' is not one of"),
    ({"type": None}, "is not one of AGREE"),
    ({"status": "rumoured"}, "status 'rumoured' is not one of happened"),
    ({"label": ""}, "label is empty"),
    ({"label": "\x00\x01\x7f \u200b"}, "label is empty"),
    ({"label": "x" * 301}, "301 characters long; at most 300"),
    ({"label": ["a"]}, "label must be text"),
    ({"actors": "CHN"}, "actors must be a list"),
    ({"actors": []}, "at least one actor"),
    ({"actors": [{"id": "CHN", "label": "China", "kind": "country", "role": "source"}]},
     "kind 'country' is not one of state"),
    ({"actors": [{"id": "CHN", "label": "China", "kind": "state", "role": "boss"}]},
     "role 'boss' is not one of source"),
    ({"actors": [{"id": "CHN", "label": "China", "kind": "state", "country": "china",
                  "role": "source"}]}, "ISO alpha-3"),
    ({"actors": [{"id": "", "kind": "state", "role": "source"}]}, r"actors\[0\].id is empty"),
    ({"actors": [{"id": "CHN", "kind": "state", "role": "source", "evil": 1}]}, "unknown keys evil"),
    ({"actors": [{"id": "CHN", "kind": "state", "role": "source"},
                 {"id": "CHN", "kind": "state", "role": "target"}]}, "listed twice"),
    ({"sources": ["x"]}, "cannot edit field 'sources'"),
    ({}, "edit needs at least one field"),
]


@pytest.mark.parametrize("fields, message", BAD_EDITS, ids=[str(i) for i in range(len(BAD_EDITS))])
def test_bad_edit_is_refused_and_nothing_recorded(store, fields, message):
    with pytest.raises(CurationError, match=message):
        store.edit("event:3c", **fields)
    assert store.history() == []


@pytest.mark.parametrize("call, message", [
    (lambda s: s.accept(""), "event id is empty"),
    (lambda s: s.accept(None), "event id must be text"),
    (lambda s: s.reject("event:\x00x"), "control characters"),
    (lambda s: s.accept("e" * 201), "at most 200"),
    (lambda s: s.accept("event:1", note=5), "note must be text"),
    (lambda s: s.merge(["event:1"]), "at least 2 distinct ids"),
    (lambda s: s.merge(["event:1", "event:1"]), "at least 2 distinct ids"),
    (lambda s: s.merge("event:1 event:2"), "must be a list of ids"),
    (lambda s: s.split("event:1", []), "at least 1 distinct ids"),
    (lambda s: s.undo(12345), "no operation with id 12345"),
    (lambda s: s.undo("abc"), "must be a whole number"),
    (lambda s: s.undo_last(), "nothing to undo"),
])
def test_bad_operation_arguments(store, call, message):
    with pytest.raises(CurationError, match=message):
        call(store)
    assert store.history() == []


def test_undo_twice_is_refused_and_undo_of_undo_redoes(store):
    events = extraction(TALKS)
    op = store.reject("event:3c")
    u = store.undo(op)
    with pytest.raises(CurationError, match="already undone"):
        store.undo(op)
    assert apply_curation(events, store)[0]["curated"] is False
    store.undo(u)  # redo
    assert apply_curation(events, store)[0]["curation"]["rejected"] is True
    ops = store.history()
    assert [(o["op"], o["undone"]) for o in ops] == [
        ("reject", False), ("undo", True), ("undo", False)], ops


def test_undo_last_skips_undos_and_undone_ops(store):
    first = store.accept("event:3c")
    second = store.edit("event:3c", label="Better label")
    u = store.undo_last()
    assert store.get(u)["payload"] == {"op_id": second}
    u2 = store.undo_last()
    assert store.get(u2)["payload"] == {"op_id": first}
    with pytest.raises(CurationError, match="nothing to undo"):
        store.undo_last()


def test_history_rows_and_event_filter(store):
    store.accept("event:3c", note="ok")
    store.split("event:5a", ["event:7b"])
    store.edit("event:9e", date="2021-11-12")
    rows = store.history()
    assert [r["op"] for r in rows] == ["accept", "split", "edit"]
    assert all(r["time"].endswith("Z") and r["time"][:2] == "20" for r in rows), rows
    assert rows[0]["note"] == "ok" and rows[0]["undone"] is False
    assert [r["op"] for r in store.history("event:7b")] == ["split"]  # by mention id too
    assert [r["op"] for r in store.history("event:9e")] == ["edit"]
    assert store.history("event:nothing") == []


# ---------------------------------------------------------------- stable identity


def test_edits_survive_reextraction_in_another_order_and_with_a_new_document(store):
    first = extraction(PACT_A, PACT_B, TALKS, SUMMIT)
    pact = by_mention(first, "event:7b")
    assert pact["id"] == "event:5a" and len(pact["mentions"]) == 2, pact
    store.edit(pact["id"], label="Norway-Iceland fisheries pact", date="2019-06-05")
    store.reject("event:9e", note="not an event, a background sentence")
    store.accept("event:3c")

    again = extraction(SUMMIT, TALKS, PACT_LATE, PACT_B, PACT_A)
    new_pact = by_mention(again, "event:7b")
    assert new_pact["id"] == "event:1d", new_pact  # the merged event got a new id
    out = apply_curation(again, store)
    assert out.unmatched == [], out.warnings
    pact2 = by_mention(out, "event:5a")
    assert pact2["label"] == "Norway-Iceland fisheries pact"
    assert len(pact2["mentions"]) == 3
    assert by_mention(out, "event:9e")["curation"]["rejected"] is True
    assert by_mention(out, "event:3c")["curation"]["accepted"] is True
    assert [e["id"] for e in visible(out)] == [e["id"] for e in out if e["id"] != "event:9e"]


def test_unknown_event_ids_are_reported_and_kept(store):
    events = extraction(TALKS, SUMMIT)
    op = store.accept("event:gone", note="from an article since deleted")
    store.edit("event:3c", status="planned")
    out = apply_curation(events, store)
    assert by_mention(out, "event:3c")["status"] == "planned"
    assert out.unmatched == [{"op_id": op, "op": "accept", "ids": ["event:gone"],
                              "reason": "no event has this id or a mention with it"}]
    assert "event:gone" in out.warnings[0] and str(op) in out.warnings[0]
    # still in the store: it applies again when the document comes back
    gone = rec("event:gone", "back", "2020-03-10", "CONSULT", ["CAN"],
               "Canada consulted allies about the Arctic on March 10, 2020.", "consult")
    out2 = apply_curation(events + [gone], store)
    assert out2.unmatched == [] and by_mention(out2, "event:gone")["curation"]["accepted"]


def test_merge_then_split_then_undo(store):
    events = extraction(TALKS, SUMMIT)
    assert len(events) == 2
    m = store.merge(["event:9e", "event:3c"], note="same diplomatic round")
    out = apply_curation(events, store)
    assert len(out) == 1, out
    merged = out[0]
    assert merged["id"] == "event:3c"
    assert sorted(mm["id"] for mm in merged["mentions"]) == ["event:3c", "event:9e"]
    assert merged["sources"] == ["arctic", "euro"]
    assert merged["curated"] and merged["curation"]["notes"] == ["same diplomatic round"]
    assert any(f"operation {m}" in r for r in merged["merge_reasons"]), merged["merge_reasons"]

    s = store.split("event:3c", ["event:9e"])
    out = apply_curation(events, store)
    assert sorted(e["id"] for e in out) == ["event:3c", "event:9e"]
    assert all(e["curated"] for e in out)

    store.undo(m)  # the split now has nothing to split: reported, not lost
    out = apply_curation(events, store)
    assert len(out) == 2
    assert [(u["op_id"], u["ids"]) for u in out.unmatched] == [(s, ["event:9e"])], out.unmatched


def test_merge_already_merged_by_extraction_is_satisfied(store):
    store.merge(["event:5a", "event:7b"])
    out = apply_curation(extraction(PACT_A, PACT_B), store)
    assert len(out) == 1 and out.unmatched == []
    assert out[0]["curated"] is True


def test_merge_with_one_missing_event_reports_it(store):
    store.merge(["event:3c", "event:9e", "event:zz"])
    out = apply_curation(extraction(TALKS, SUMMIT), store)
    assert len(out) == 1
    assert [u["ids"] for u in out.unmatched] == [["event:zz"]]


def test_split_of_extraction_merge_survives_reextraction(store):
    store.split("event:5a", ["event:7b"], note="two different deals")
    store.edit("event:7b", label="Cod quota deal")
    for records in ((PACT_A, PACT_B), (PACT_B, PACT_A, PACT_LATE)):
        out = apply_curation(extraction(*records), store)
        assert out.unmatched == [], out.warnings
        cod = by_mention(out, "event:7b")
        assert cod["id"] == "event:7b" and len(cod["mentions"]) == 1
        assert cod["label"] == "Cod quota deal"
        assert by_mention(out, "event:5a")["label"] != "Cod quota deal"


def test_split_with_every_mention_is_reported(store):
    store.split("event:5a", ["event:5a", "event:7b"])
    out = apply_curation(extraction(PACT_A, PACT_B), store)
    assert len(out) == 1 and out[0]["curated"] is False
    assert out.unmatched[0]["reason"].startswith("cannot split event:5a"), out.unmatched


def test_apply_accepts_operation_rows_and_rejects_bad_events(store):
    store.accept("event:3c")
    out = apply_curation(extraction(TALKS), store.operations())
    assert out[0]["curation"]["accepted"]
    with pytest.raises(CurationError, match="must be a list of event records"):
        apply_curation({"id": "x"}, store)
    with pytest.raises(CurationError, match=r"event #1 must be a dict record"):
        apply_curation([TALKS, "nope"], store)


# ---------------------------------------------------------------- review queue


def _variant(base, **changes):
    ev = json.loads(json.dumps(base))
    mention = changes.pop("mention", {})
    ev["mentions"][0].update(mention)
    ev.update(changes)
    return ev


def test_review_queue_puts_least_certain_first_with_reasons():
    solid = _variant(PACT_A, sources=["fish1", "fish2"], confidence=0.9)
    weak = _variant(TALKS, id="event:w1", confidence=0.4, status="hypothetical",
                    mention={"id": "event:w1", "carried_actors": ["CAN"], "dct_inferred": True})
    pattern = _variant(SUMMIT, id="event:p1", mention={"id": "event:p1"},
                       actors=[{"id": "jean-dupont-xq", "label": "Jean Dupont", "kind": "person",
                                "country": None, "role": "source"}])
    relative = _variant(SUMMIT, id="event:r1", sources=["a", "b"],
                        mention={"id": "event:r1", "dct": None,
                                 "timex": {"text": "last week", "anchored": True}})
    q = review_queue([solid, pattern, weak, relative])
    ids = [it["id"] for it in q]
    assert ids == ["event:w1", "event:p1", "event:r1"], q
    reasons = {it["id"]: " | ".join(it["reasons"]) for it in q}
    for phrase in ("low confidence (0.40 < 0.6)", "hedged status (hypothetical)",
                   "publication date inferred", "carried actors (CAN)", "single source"):
        assert phrase in reasons["event:w1"], reasons
    assert "unknown or pattern-found actor (Jean Dupont)" in reasons["event:p1"]
    assert reasons["event:r1"] == "inferred date (relative date without a publication date)"
    assert review_queue([solid, pattern, weak, relative], limit=1)[0]["id"] == "event:w1"


def test_review_queue_leaves_out_reviewed_events(store):
    weak = _variant(TALKS, confidence=0.3)
    store.accept("event:3c")
    assert review_queue(apply_curation([weak], store)) == []
    with pytest.raises(CurationError, match="limit"):
        review_queue([weak], limit=-1)
    with pytest.raises(CurationError, match="event #1 is a str"):
        review_queue([weak, "x"])
    with pytest.raises(CurationError, match="must be a list of event records"):
        review_queue(weak)


# ---------------------------------------------------------------- export flag


def test_build_graph_carries_the_curated_flag(store):
    from graph.build import build_graph
    store.accept("event:3c")
    G = build_graph(apply_curation(extraction(TALKS, SUMMIT), store))
    flags = {n: d.get("curated") for n, d in G.nodes(data=True) if d["kind"] == "event"}
    assert flags == {"event:3c": True, "event:9e": False}, flags
    # and the flag reaches every export format as a boolean
    from graph.export import export_bytes
    H = nx.read_graphml(io.BytesIO(export_bytes(G, "graphml")))
    assert {n: H.nodes[n]["curated"] for n in flags} == flags
    data = json.loads(export_bytes(G, "json"))
    assert {n["id"]: n["curated"] for n in data["nodes"] if n["kind"] == "event"} == flags
    X = nx.read_gexf(io.BytesIO(export_bytes(G, "gexf")))
    assert {n: X.nodes[n]["curated"] for n in flags} == flags


# ---------------------------------------------------------------- CLI layer


def _cli(args):
    out, err = io.StringIO(), io.StringIO()
    code = run_curate_command(args, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "arctic.txt").write_text(
        "Arctic diplomacy\n\nCanada and Denmark signed an agreement on Hans Island on "
        "June 14, 2022. Denmark accused Russia of violating its airspace on June 20, 2022.\n",
        encoding="utf-8")
    return folder


def test_cli_round_trip_on_a_real_corpus(corpus):
    from events.pipeline import run_pipeline

    events = run_pipeline(corpus, workers=1, cache=False).events
    assert events, "the test corpus should give events"
    eid = events[0]["id"]
    code, out, err = _cli(["accept", eid, "--corpus", str(corpus), "--note", "fine"])
    assert code == 0, err
    assert "accept" in out and eid in out and "fine" in out
    code, out, err = _cli(["edit", eid, "--corpus", str(corpus), "--date", "2022-06", "--json"])
    assert code == 0, err
    assert json.loads(out)["payload"]["fields"]["date"]["start"] == "2022-06-01"
    code, out, err = _cli(["history", "--corpus", str(corpus), "--json"])
    assert code == 0 and [r["op"] for r in json.loads(out)] == ["accept", "edit"], out + err
    code, out, err = _cli(["undo", "--corpus", str(corpus)])
    assert code == 0 and "undo" in out and "operation 2" in out, out + err
    code, out, err = _cli(["queue", "--corpus", str(corpus), "--json", "--limit", "5"])
    assert code == 0, err
    assert all(it["id"] != eid for it in json.loads(out))  # accepted: reviewed
    assert (corpus / CURATION_FILENAME).exists()


@pytest.mark.parametrize("args, message", [
    ([], "the following arguments are required: SUBCOMMAND"),
    (["dance", "--corpus", "."], "invalid choice: 'dance'"),
    (["accept", "event:1"], "the following arguments are required: --corpus"),
    (["accept", "event:1", "--corpus", "/no/such/folder"], "does not exist"),
    (["edit", "event:1", "--corpus", "{corpus}", "--no-check", "--date", "2022-02-30"],
     "not a real calendar date"),
    (["edit", "event:1", "--corpus", "{corpus}", "--no-check", "--type", "WAR"], "invalid choice"),
    (["edit", "event:1", "--corpus", "{corpus}", "--no-check", "--actors", "[{"], "not valid JSON"),
    (["edit", "event:1", "--corpus", "{corpus}", "--no-check"], "at least one field"),
    (["accept", "event:not-there", "--corpus", "{corpus}"], "no event or mention with id event:not-there"),
    (["undo", "7", "--corpus", "{corpus}"], "no operation with id 7"),
    (["undo", "x", "--corpus", "{corpus}"], "invalid int value"),
    (["queue", "--corpus", "{corpus}", "--limit", "-3"], "limit must be"),
])
def test_cli_bad_input_exits_2_with_a_message(corpus, args, message):
    args = [a.replace("{corpus}", str(corpus)) for a in args]
    code, out, err = _cli(args)
    assert code == 2, (out, err)
    assert message in err, err
    assert "Traceback" not in err


def test_cli_help_exits_0(capsys):
    assert run_curate_command(["--help"]) == 0
    assert "accept" in capsys.readouterr().out


def test_normalize_date_value_and_interval():
    d = normalize_date(" 2001-07-04 ")
    assert d == {"value": "2001-07-04", "type": "DATE", "granularity": "day",
                 "start": "2001-07-04", "end": "2001-07-04", "mod": None, "text": ""}
    assert normalize_date("2001")["granularity"] == "year"


def test_store_reopens_existing_file(tmp_path):
    path = tmp_path / "c.sqlite"
    op = CurationStore(path).accept("event:3c")
    again = CurationStore(Path(path))
    assert [r["id"] for r in again.history()] == [op]


def test_history_of_finds_ops_by_any_id_of_a_reextracted_event(store):
    op1 = store.edit("event:5a", label="Pact")
    op2 = store.accept("event:7b")
    store.accept("event:3c")
    again = extraction(PACT_LATE, PACT_B, PACT_A, TALKS)
    pact = by_mention(again, "event:5a")
    assert pact["id"] == "event:1d"
    assert store.history("event:1d") == []  # no op names the new id itself
    assert [r["id"] for r in store.history_of(pact)] == [op1, op2]
    assert apply_curation(again, store)[0]["curation"]["ops"] == [op1, op2]


def test_for_corpus_does_not_hide_a_broken_store(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / CURATION_FILENAME).write_bytes(b"not sqlite at all, but somebody's edits" * 100)
    with pytest.raises(CurationError, match="not a curation database"):
        CurationStore.for_corpus(corpus)
    assert not (tmp_path / "xdg").exists()  # no silent second store elsewhere


# ---------------------------------------------------------------- property: replay never loses a mention

POOL = [PACT_A, PACT_B, PACT_LATE, TALKS, SUMMIT]
MENTION_IDS = [r["id"] for r in POOL] + ["event:none"]
OP = st.one_of(
    st.tuples(st.just("accept"), st.sampled_from(MENTION_IDS)),
    st.tuples(st.just("reject"), st.sampled_from(MENTION_IDS)),
    st.tuples(st.just("edit"), st.sampled_from(MENTION_IDS),
              st.sampled_from([{"label": "Fixed"}, {"date": "2019-Q2"}, {"type": "AGREE"},
                               {"status": "denied"}])),
    st.tuples(st.just("merge"), st.lists(st.sampled_from(MENTION_IDS), min_size=2, max_size=3,
                                         unique=True)),
    st.tuples(st.just("split"), st.sampled_from(MENTION_IDS),
              st.lists(st.sampled_from(MENTION_IDS), min_size=1, max_size=2, unique=True)),
    st.tuples(st.just("undo"), st.integers(1, 8)),
)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(OP, max_size=8), subset=st.sets(st.sampled_from(range(len(POOL))), min_size=1),
       reverse=st.booleans())
def test_replay_keeps_every_mention_exactly_once(tmp_path_factory, ops, subset, reverse):
    store = CurationStore(tmp_path_factory.mktemp("prop") / "c.sqlite")
    for op in ops:
        try:
            if op[0] == "edit":
                store.edit(op[1], **op[2])
            elif op[0] in ("accept", "reject"):
                getattr(store, op[0])(op[1])
            else:
                getattr(store, op[0])(*op[1:])
        except CurationError as exc:  # only undo of a missing/undone op may be refused
            assert op[0] == "undo", exc
    records = [POOL[i] for i in sorted(subset, reverse=reverse)]
    events = extraction(*records)
    out = apply_curation(events, store)
    got = sorted(m["id"] for e in out for m in e["mentions"])
    assert got == sorted(r["id"] for r in records), (ops, [e["id"] for e in out])
    assert len({e["id"] for e in out}) == len(out)
    for e in out:
        assert e["id"] == min(m["id"] for m in e["mentions"]), e
        assert isinstance(e["curated"], bool)
        assert normalize_date(e["date"]["value"])["start"] == e["date"]["start"]
    again = apply_curation(list(reversed(events)), store)  # order of the input does not matter
    assert json.dumps(again, sort_keys=True) == json.dumps(out, sort_keys=True)
    assert again.unmatched == out.unmatched
    store.close()


def test_every_operation_keeps_who_did_it(tmp_path):
    store = CurationStore(tmp_path / "c.sqlite")
    a = store.accept("event:a", user="ana")
    store.edit("event:a", label="Talks in Geneva", user="bo")
    store.merge(["event:a", "event:b"], user="ana")
    store.split("event:a", ["event:b"], user="bo")
    store.undo(a, user="cy")
    store.reject("event:c")  # no accounts: who is unknown
    users = [(r["op"], r["user"]) for r in store.history()]
    assert users == [("accept", "ana"), ("edit", "bo"), ("merge", "ana"), ("split", "bo"),
                     ("undo", "cy"), ("reject", None)]
    with pytest.raises(CurationError, match="user"):
        store.accept("event:a", user="  ")
    store.close()


def test_a_version_1_store_is_upgraded_and_keeps_its_operations(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE ops (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL,
            op TEXT NOT NULL, event_ids TEXT NOT NULL, payload TEXT NOT NULL, note TEXT,
            undone INTEGER NOT NULL DEFAULT 0, undone_by INTEGER);
        CREATE TABLE op_ids (op_id INTEGER NOT NULL REFERENCES ops(id), event_id TEXT NOT NULL);
        INSERT INTO ops(time, op, event_ids, payload, note)
            VALUES ('2025-01-01T00:00:00.000Z', 'reject', '["event:x"]', '{}', 'dup');
        INSERT INTO op_ids VALUES (1, 'event:x');
        PRAGMA user_version=1;
    """)
    con.close()
    store = CurationStore(path)
    old = store.history()
    assert [(r["op"], r["note"], r["user"]) for r in old] == [("reject", "dup", None)]
    store.accept("event:y", user="ana")
    assert store.history()[-1]["user"] == "ana"
    store.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2


def test_the_bundled_corpus_keeps_its_store_and_cache_out_of_the_package(tmp_path, monkeypatch):
    from events.cache import default_cache_path
    from events.curation import default_store_path
    from events.curation.locations import BUNDLED_CORPUS

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert (BUNDLED_CORPUS / "manifest.json").is_file()  # it is the seeds folder
    store, cache = default_store_path(BUNDLED_CORPUS), default_cache_path(BUNDLED_CORPUS)
    assert tmp_path / "data" in store.parents and tmp_path / "cache" in cache.parents
    assert BUNDLED_CORPUS not in store.parents and BUNDLED_CORPUS not in cache.parents
    other = tmp_path / "mine"
    other.mkdir()
    assert default_store_path(other).parent == other.resolve()  # a corpus folder keeps its own
