"""Curation and uploads in the Dash app, through its callbacks over HTTP
(Flask test client, as dash-renderer calls them), on a small corpus written
for these tests and run through the real pipeline."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import networkx as nx
import pytest

import app
from benchmarks.ui_bench import Client, initial_values
from events.curation import CurationStore
from graph import views
from tests.ids import action_id, button_id, clicks, out

ARTICLES = {
    "andes.txt": (
        "Andean neighbours agree on water sharing\n\n"
        "On 4 May 2019, Chile signed a water-sharing treaty with Peru in Lima. Officials said the "
        "accord covers three rivers.\n\n"
        "In March 2020, Bolivia accused Chile of diverting the Silala river.\n"),
    "quito.txt": (
        "Ministers meet in Quito\n\n"
        "Ecuador and Colombia held talks on border security on 12 June 2021 in Quito.\n"),
}
NEW_ARTICLE = (
    "Pacific ports deal\n\n"
    "On 9 September 2022, Argentina signed a port cooperation agreement with Uruguay in Montevideo.\n")


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "corpus")


def build(corpus: Path, **kw):
    result = app.load_corpus(corpus, workers=1, cache=True)
    store = CurationStore.for_corpus(corpus)
    dash_app = app.create_app(result.documents, result.events, store=store, corpus=corpus,
                              upload_dir=kw.pop("upload_dir", corpus), **kw)
    return Client(dash_app), result, store


def event_id(result, word: str) -> str:
    hits = [e["id"] for e in result.events if word in e["label"]]
    assert len(hits) == 1, ([e["label"] for e in result.events], word)
    return hits[0]


def drawn(client, version=0, state=None):
    v = {**initial_values(), "data-version.data": version,
         "filter-state.data": state or views.empty_controls()}
    resp, _, _ = client.call("timeline", v, ["data-version.data"])
    return resp, views.figure_event_ids(resp["timeline"]["figure"])


def act(client, action: str, selected: str, version: int, **fields):
    button = clicks(action_id(action))
    v = {**initial_values(), button: 1, "selected-event.data": selected, "data-version.data": version}
    v.update({k.replace("_", "-", 1) + ".value": val for k, val in fields.items()})
    resp, _, _ = client.call("data-version", v, [button])
    return resp


def off(d, action: str) -> bool:
    """Is the curation button of ``action`` disabled in the detail response ``d``?"""
    return d[out(action_id(action))]["disabled"]


def detail(client, eid: str, version: int = 0):
    v = {**initial_values(), "event-picker.value": eid, "data-version.data": version}
    resp, _, _ = client.call("event-detail", v, ["event-picker.value"])
    return resp


def test_cu001_reject_hides_the_event_and_survives_a_restart(corpus):
    client, result, store = build(corpus)
    eid = event_id(result, "accused")
    _, ids = drawn(client)
    assert eid in ids, ids
    resp = act(client, "reject", eid, 0, cur_note="not a real accusation")
    assert resp["data-version"]["data"] == 1, resp
    assert "rejected" in resp["cur-message"]["children"], resp
    rows = store.history(eid)
    assert [r["op"] for r in rows] == ["reject"] and rows[0]["note"] == "not a real accusation", rows
    timeline, ids = drawn(client, 1)
    assert eid not in ids and len(ids) == len(result.events) - 1, ids
    assert timeline["counts"]["children"].startswith(f"{len(result.events) - 1} of"), timeline
    # the detail still shows it, marked rejected, with its note and history
    d = detail(client, eid, 1)
    text = str(d["event-detail"]["children"])
    assert "rejected" in text and "not a real accusation" in text, text[:2000]
    assert off(d, "reject") is True and off(d, "undo") is False, d
    # a new app over the same store (a restart) still hides it
    client2, _, _ = build(corpus)
    assert eid not in drawn(client2)[1]


def test_cu002_edit_date_moves_the_event_shows_the_original_and_undo_restores(corpus):
    client, result, store = build(corpus)
    eid = event_id(result, "treaty")
    resp = act(client, "save", eid, 0, edit_date="2018-11", edit_type="AGREE",
               edit_status="happened", edit_label="Chile signed a water-sharing treaty with Peru in Lima")
    assert resp["data-version"]["data"] == 1, resp
    fields = store.history(eid)[-1]["payload"]["fields"]
    assert list(fields) == ["date"] and fields["date"]["start"] == "2018-11-01", fields
    timeline, _ = drawn(client, 1)
    xs = [x for tr in timeline["timeline"]["figure"]["data"] if tr.get("meta") == "event"
          for x, c in zip(tr.get("x") or (), tr.get("customdata") or (), strict=False) if c == eid]
    assert xs and all(str(x).startswith("2018-11") for x in xs if x), xs
    d = detail(client, eid, 1)
    text = str(d["event-detail"]["children"])
    assert "edited" in text and "was 2019-05-04" in text and "2018-11" in text, text[:3000]
    assert d["edit-date"]["value"] == "2018-11"
    undo = act(client, "undo", eid, 1)
    assert undo["data-version"]["data"] == 2 and "undid" in undo["cur-message"]["children"], undo
    d = detail(client, eid, 2)
    text = str(d["event-detail"]["children"])
    assert d["edit-date"]["value"] == "2019-05-04" and "was 2019-05-04" not in text, text[:2000]


@pytest.mark.parametrize("fields, message", [
    ({}, "Nothing changed"),
    ({"edit_date": "2019-13-45"}, "Not saved"),
    ({"edit_date": "<script>alert(1)</script>"}, "Not saved"),
    ({"edit_date": "2019\x00-05"}, "Not saved"),
])
def test_cu003_bad_or_empty_edits_are_refused_with_a_message(corpus, fields, message):
    client, result, store = build(corpus)
    eid = event_id(result, "treaty")
    ev = next(e for e in result.events if e["id"] == eid)
    base = {"edit_date": ev["date"]["value"], "edit_type": ev["type"], "edit_status": ev["status"],
            "edit_label": ev["label"]}
    resp = act(client, "save", eid, 0, **{**base, **fields})
    assert message in resp["cur-message"]["children"], resp
    assert "data-version" not in resp and store.history() == [], resp


def test_cu004_merge_then_split_through_the_ui(corpus):
    client, result, store = build(corpus)
    a, b = event_id(result, "treaty"), event_id(result, "accused")
    d = detail(client, a)
    assert b in [o["value"] for o in d["merge-target"]["options"]]
    assert off(d, "split") is True and off(d, "merge") is False, d  # one mention
    resp = act(client, "merge", a, 0, merge_target=b)
    assert resp["data-version"]["data"] == 1, resp
    _, ids = drawn(client, 1)
    assert len(ids) == len(result.events) - 1 and min(a, b) in ids, ids
    d = detail(client, a, 1)
    opts = [o["value"] for o in d["split-mentions"]["options"]]
    assert sorted(opts) == sorted([a, b]), opts
    assert off(d, "split") is False, d
    resp = act(client, "split", a, 1, split_mentions=[b])
    assert resp["data-version"]["data"] == 2, resp
    assert sorted(drawn(client, 2)[1]) == sorted(e["id"] for e in result.events)
    assert [r["op"] for r in store.history()] == ["merge", "split"]
    # merging an event with itself or with nothing is refused
    assert "another event" in act(client, "merge", a, 2, merge_target=a)["cur-message"]["children"]
    assert "Tick" in act(client, "split", a, 2, split_mentions=[])["cur-message"]["children"]


def test_cu005_review_queue_lists_reasons_and_moves_on_after_a_decision(corpus):
    client, result, store = build(corpus)
    v = {**initial_values(), "data-version.data": 0, "review-queue.value": None, "review-queue.options": []}
    resp, _, _ = client.call("review-queue", v, [])
    opts = resp["review-queue"]["options"]
    assert opts and "single source" in str(opts[0]["label"]), opts
    first, second = opts[0]["value"], opts[1]["value"]
    act(client, "accept", first, 0)
    v = {**v, "data-version.data": 1, "review-queue.value": first, "review-queue.options": opts}
    resp, _, _ = client.call("review-queue", v, ["data-version.data"])
    assert first not in [o["value"] for o in resp["review-queue"]["options"]]
    assert resp["review-queue"]["value"] == second, resp["review-queue"]
    d, _, _ = client.call("event-detail", {**initial_values(), "review-queue.value": second},
                          ["review-queue.value"])
    assert d["selected-event"]["data"] == second


def test_cu006_without_a_store_curation_is_off(small_records):
    docs, events = small_records
    client = Client(app.create_app(docs, events))
    d = detail(client, "event:a1")
    assert off(d, "accept") is True and off(d, "reject") is True, d
    resp = act(client, "reject", "event:a1", 0)
    assert "Curation is off" in resp["cur-message"]["children"] and "data-version" not in resp
    up = upload(client, [("x.txt", b"Chile signed a deal with Peru in 2019.")])
    assert "Uploads are off" in str(up["upload-message"]["children"])


def test_cu007_download_of_a_curated_view_marks_the_edited_event(corpus):
    client, result, _ = build(corpus)
    eid = event_id(result, "talks")
    act(client, "save", eid, 0, edit_date="2021-07", edit_type="CONSULT", edit_status="happened",
        edit_label="x")
    graphml = clicks(button_id("graphml"))
    v = {**initial_values(), graphml: 1}
    resp, _, _ = client.call("download", v, [graphml])
    G = nx.read_graphml(io.BytesIO(base64.b64decode(resp["download"]["data"]["content"])))
    flags = {n: d.get("curated") for n, d in G.nodes(data=True) if d.get("kind") == "event"}
    assert flags[eid] is True and sum(bool(f) for f in flags.values()) == 1, flags
    assert G.nodes[eid]["start"] == "2021-07-01", G.nodes[eid]


# ---------------------------------------------------------------- uploads


def upload(client, files, version=0):
    contents = ["data:application/octet-stream;base64," + base64.b64encode(data).decode()
                for _, data in files]
    v = {**initial_values(), "upload.contents": contents, "upload.filename": [n for n, _ in files],
         "data-version.data": version}
    resp, _, _ = client.call("upload-message", v, ["upload.contents"])
    return resp


def test_up001_uploaded_text_adds_its_events_under_a_generated_name(corpus, monkeypatch):
    from events import extract

    client, result, _ = build(corpus)
    before = set(drawn(client)[1])
    extracted = []
    real = extract.extract_document
    monkeypatch.setattr(extract, "extract_document", lambda doc, *a, **kw: extracted.append(doc.file) or real(doc, *a, **kw))
    resp = upload(client, [("../../ports <img src=x onerror=alert(1)>.txt", NEW_ARTICLE.encode("utf-8"))])
    assert len(extracted) == 1 and extracted[0].startswith("upload-"), extracted  # only the new document
    msg = str(resp["upload-message"]["children"])
    assert "Added ports <img src=x onerror=alert(1)>.txt: 1 event found" in msg, msg
    assert resp["data-version"]["data"] == 1 and resp["upload"]["contents"] is None, resp
    stored = sorted(p.name for p in corpus.glob("upload-*.txt"))
    assert len(stored) == 1 and "<img" not in stored[0], stored
    assert not (corpus.parent.parent / "ports <img src=x onerror=alert(1)>.txt").exists()
    after = set(drawn(client, 1)[1])
    assert before < after and len(after - before) == 1, (before, after)
    new = next(iter(after - before))
    d = detail(client, new, 1)
    assert "Argentina" in str(d["event-detail"]["children"])
    assert "uploaded as ports <img src=x onerror=alert(1)>.txt" in str(d["event-detail"]["children"])
    # the options of the filters follow
    v = {**initial_values(), "data-version.data": 1}
    client.dep_for = lambda _oid, *_: next(d for d in client.deps if "actor-filter.options" in d["output"])
    opts, _, _ = client.call("actor-filter", v, ["data-version.data"])
    assert any(o["value"] == "ARG" for o in opts["actor-filter"]["options"]), opts


def test_up002_html_upload_is_read_as_text(corpus):
    from events.corpus import read_text_file

    client, _, _ = build(corpus)
    page = ("<html><head><script>window.__pwned=1</script></head><body><p>"
            + NEW_ARTICLE.replace("\n\n", "</p><p>") + "</p></body></html>")
    resp = upload(client, [("page.html", page.encode("utf-8"))])
    assert "Added page.html: 1 event" in str(resp["upload-message"]["children"]), resp
    # stored as it came (its metadata is read like any saved page's), read as its article text
    stored = read_text_file(next(corpus.glob("upload-*.html")))
    assert "<p>" not in stored and "__pwned" not in stored and "Argentina" in stored, stored
    assert not list(corpus.glob("upload-*.txt"))


@pytest.mark.parametrize("name, data, reason", [
    ("blob.txt", b"\x00\x01\x02\x03PNG\x00" * 50, "binary"),
    ("empty.txt", b"   \n", "empty"),
    ("photo.png", b"Chile signed a treaty with Peru in 2019.", "only .txt"),
    ("noext", b"Chile signed a treaty with Peru in 2019.", "no extension"),
    ("big.txt", b"Chile and Peru. " * (app.MAX_UPLOAD_BYTES // 16 + 10), "limit for one document"),
    ("latin.txt", b"\x81\x8d\x8f\x90\x9d" * 10, "not UTF-8"),
])
def test_up002_bad_upload_is_refused_and_nothing_changes(corpus, name, data, reason):
    client, result, _ = build(corpus)
    before = drawn(client)[1]
    resp = upload(client, [(name, data)])
    msg = str(resp["upload-message"]["children"])
    assert "Rejected" in msg and reason in msg and "Nothing was added" in msg, msg
    assert "data-version" not in resp, resp
    assert list(corpus.glob("upload-*")) == []
    assert drawn(client)[1] == before


def test_up003_one_bad_file_does_not_stop_the_good_one(corpus):
    client, _, _ = build(corpus)
    resp = upload(client, [("bad.txt", b"\x00" * 100), ("good.md", NEW_ARTICLE.encode())])
    msg = str(resp["upload-message"]["children"])
    assert "Added good.md" in msg and "Rejected bad.txt" in msg, msg
    assert len(list(corpus.glob("upload-*.txt"))) == 1


def test_up004_uploads_to_a_separate_folder_merge_with_the_corpus(corpus, tmp_path):
    client, result, _ = build(corpus, upload_dir=tmp_path / "uploads")
    resp = upload(client, [("new.txt", NEW_ARTICLE.encode())])
    assert "Added new.txt: 1 event" in str(resp["upload-message"]["children"]), resp
    assert list(corpus.glob("upload-*")) == [] and len(list((tmp_path / "uploads").glob("upload-*.txt"))) == 1
    assert len(drawn(client, 1)[1]) == len(result.events) + 1


def test_up005_server_refuses_requests_over_the_total_limit(corpus):
    client, _, _ = build(corpus)
    huge = b"x" * (app.MAX_UPLOAD_TOTAL * 4 // 3 + 2 * 1024 * 1024)
    r = client.c.post("/_dash-update-component", data=huge, content_type="application/json")
    assert r.status_code == 413, r.status_code


@pytest.mark.parametrize("name, shown", [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("C:\\Users\\me\\notes.md", "notes.md"),
    ("a\u202egnp.txt", "agnp.txt"),
    ("line\nbreak\x00.txt", "linebreak.txt"),
    ("", "unnamed file"),
    (None, "unnamed file"),
    ("x" * 500 + ".txt", "x" * 79 + "\u2026"),
])
def test_up006_display_names_are_safe(name, shown):
    assert views.display_name(name) == shown


def test_up007_save_document_never_uses_the_given_name(tmp_path):
    p = app.save_document(tmp_path, "text", "../escape.txt")
    assert p.parent == tmp_path and p.name.startswith("upload-") and p.suffix == ".txt", p
    assert not (tmp_path.parent / "escape.txt").exists()
    assert app.read_upload_index(tmp_path) == {p.name: "escape.txt"}


def test_up008_the_same_text_twice_is_refused(corpus):
    client, _, _ = build(corpus)
    assert "Added" in str(upload(client, [("one.txt", NEW_ARTICLE.encode())])["upload-message"]["children"])
    resp = upload(client, [("copy.txt", NEW_ARTICLE.encode())], version=1)
    msg = str(resp["upload-message"]["children"])
    assert "Rejected copy.txt: the same text was already added (as one.txt)" in msg, msg
    assert len(list(corpus.glob("upload-*.txt"))) == 1 and "data-version" not in resp


def test_cu008_fast_curation_equals_the_full_replay(corpus, small_records, monkeypatch):
    import events.curation.replay as curation

    _, result, store = build(corpus)
    events = result.events + small_records[1]  # six more events no operation names
    treaty, accused, talks = (event_id(result, w) for w in ("treaty", "accused", "talks"))
    store.reject(talks, note="dup")
    store.merge([treaty, accused])
    store.edit(treaty, label="Chile and Peru water treaty")
    undone = store.accept(talks)
    store.undo(undone)
    store.split(treaty, [accused])
    ops = store.operations()
    full = curation.apply_curation(events, ops)
    seen = []
    real = curation.apply_curation
    monkeypatch.setattr(curation, "apply_curation", lambda evs, o: seen.append(len(evs)) or real(evs, o))
    fast = curation.apply_curation_fast(events, ops)
    assert seen == [3], seen  # only the three named events were replayed
    assert fast == list(full), (fast, list(full))
    assert sum(e["curated"] for e in fast) == 3 and len(fast) == len(events), fast
    assert fast.warnings == full.warnings == []


def test_cu009_operations_on_vanished_events_are_reported_in_the_queue_panel(corpus):
    client, result, store = build(corpus)
    store.reject("event:000000000000", note="from an older extraction")
    v = {**initial_values(), "data-version.data": 1, "review-queue.value": None, "review-queue.options": []}
    resp, _, _ = client.call("review-queue", v, ["data-version.data"])
    assert "1 curation operation no longer matches an event" in resp["queue-count"]["children"], resp["queue-count"]
    assert len(drawn(client, 1)[1]) == len(result.events)  # nothing else changed
