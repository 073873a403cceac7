"""Real-browser tests (dash_duo, headless Chromium) of curation, uploads and
safety: hostile document text stays text, a rejected event disappears and
stays rejected after a restart, an edited date moves the event and can be
undone, uploads add events or say why not, the review queue answers j/a.
Run one with ``pytest tests/test_browser_curation.py -k bc002``."""

from __future__ import annotations

import json
import time
from pathlib import Path

import networkx as nx
import pytest
from selenium.webdriver.common.keys import Keys

import app
from events.curation import CurationStore
from tests.ids import curate_button, download_button
from tests.test_app_curation import NEW_ARTICLE, write_corpus
from tests.test_browser import FIND_CY, GD, _settle, drawn_ids

pytestmark = pytest.mark.browser

HOSTILE_NAME = '<img src=x onerror="window.__pwned=4">.txt'
HOSTILE_TEXT = (
    'Treaty <b>news</b> <img src=x onerror="window.__pwned=3">\n\n'
    'In 2019, Chile signed a treaty with Peru <script>window.__pwned=1</script> and '
    '<img src=x onerror="window.__pwned=2"> in Lima.\n')


def launch(dash_duo, corpus: Path, **kw):
    result = app.load_corpus(corpus, workers=1, cache=True)
    assert result.events, result.problems
    dash_app = app.create_app(result.documents, result.events, store=CurationStore.for_corpus(corpus),
                              corpus=corpus, upload_dir=kw.pop("upload_dir", corpus), **kw)
    if dash_duo.server.started:  # a restart: a new app on a new port
        dash_duo.server.stop()
        dash_duo.server.started = False
    dash_duo.start_server(dash_app)
    dash_duo.wait_for_element("#timeline .js-plotly-plot", timeout=20)
    dash_duo.wait_for_contains_text("#counts", "events", timeout=20)
    _settle(dash_duo)
    return result


def open_event(dash_duo, eid: str):
    """Open an event's detail by tapping its node in the graph view."""
    dash_duo.driver.execute_script(FIND_CY + f"cy.getElementById({json.dumps(eid)}).emit('tap');")
    _settle(dash_duo)


def wait_until(fn, timeout=10.0, what="condition"):
    end = time.time() + timeout
    while time.time() < end:
        value = fn()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def event_x(dash_duo, eid: str) -> list[str]:
    """The x values (dates) the timeline draws for one event."""
    return dash_duo.driver.execute_script(GD + """
      var out = [];
      g.data.forEach(function (t) {
        if (t.meta !== 'event' || !t.customdata) { return; }
        t.customdata.forEach(function (c, i) { if (c === arguments[0]) { out.push(String(t.x[i])); } });
      });
      return out;""".replace("arguments[0]", json.dumps(eid)))


def by_word(result, word):
    return next(e["id"] for e in result.events if word in e["label"])


def test_bc001_hostile_text_and_file_name_render_as_text(dash_duo, tmp_path):
    corpus = tmp_path / "hostile"
    corpus.mkdir()
    (corpus / HOSTILE_NAME).write_text(HOSTILE_TEXT, encoding="utf-8")
    result = launch(dash_duo, corpus)
    eid = by_word(result, "treaty")
    open_event(dash_duo, eid)
    dash_duo.wait_for_contains_text("#event-detail", "window.__pwned=1", timeout=10)
    text = dash_duo.find_element("#event-detail").text
    assert "<script>window.__pwned=1</script>" in text, text
    assert '<img src=x onerror="window.__pwned=2">' in text, text
    assert 'Treaty <b>news</b> <img src=x onerror="window.__pwned=3">' in text, text  # title
    assert dash_duo.driver.find_elements("css selector", "#event-detail script, #event-detail img") == []
    time.sleep(0.5)
    assert dash_duo.driver.execute_script("return window.__pwned") is None
    assert dash_duo.get_logs() == []


def test_bc002_reject_edit_undo_and_restart(dash_duo, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    result = launch(dash_duo, corpus)
    accused, treaty = by_word(result, "accused"), by_word(result, "treaty")
    assert accused in drawn_ids(dash_duo)

    # reject: the event leaves the timeline, the store has the operation
    open_event(dash_duo, accused)
    dash_duo.wait_for_contains_text("#event-detail .detail-title", "accused")
    dash_duo.find_element("#cur-note").send_keys("not an accusation")
    dash_duo.find_element(curate_button("reject")).click()
    wait_until(lambda: accused not in drawn_ids(dash_duo), what="the rejected event to leave the timeline")
    dash_duo.wait_for_contains_text("#cur-message", "rejected")
    dash_duo.wait_for_contains_text("#event-detail", "not an accusation")
    n = len(result.events)
    dash_duo.wait_for_contains_text("#counts", f"{n - 1} of {n - 1} events")
    ops = CurationStore.for_corpus(corpus).history(accused)
    assert [o["op"] for o in ops] == ["reject"] and ops[0]["note"] == "not an accusation", ops

    # edit a date: the timeline moves the event, the detail shows the original
    open_event(dash_duo, treaty)
    dash_duo.wait_for_contains_text("#event-detail .detail-title", "treaty")
    assert event_x(dash_duo, treaty) and all(x.startswith("2019-05-04") for x in event_x(dash_duo, treaty))
    dash_duo.find_element(curate_button("edit")).click()
    dash_duo.wait_for_element("#edit-date", timeout=5)
    box = dash_duo.find_element("#edit-date")
    wait_until(lambda: box.is_displayed(), what="the edit form")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("2018-11")
    dash_duo.find_element(curate_button("save")).click()
    wait_until(lambda: "was 2019-05-04" in dash_duo.find_element("#event-detail").text, what=(
        "the edit to show: " + dash_duo.find_element("#cur-message").text + " | "
        + dash_duo.find_element("#event-detail").text[:300]))
    assert "edited" in dash_duo.find_element("#event-detail").text
    wait_until(lambda: event_x(dash_duo, treaty) and all(x.startswith("2018-11") for x in event_x(dash_duo, treaty)),
               what="the edited event to move on the timeline")

    # undo restores the extracted date
    dash_duo.find_element(curate_button("undo")).click()
    wait_until(lambda: "was 2019-05-04" not in dash_duo.find_element("#event-detail").text,
               what="the undo to show")
    wait_until(lambda: all(x.startswith("2019-05-04") for x in event_x(dash_duo, treaty) or ["?"]),
               what="the event to move back")

    # restart (a new create_app over the same store): still rejected
    launch(dash_duo, corpus)
    assert accused not in drawn_ids(dash_duo) and treaty in drawn_ids(dash_duo)
    assert dash_duo.get_logs() == []


def test_bc003_upload_adds_events_and_a_binary_file_is_refused(dash_duo, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    result = launch(dash_duo, corpus)
    before = set(drawn_ids(dash_duo))
    good = tmp_path / "ports.txt"
    good.write_text(NEW_ARTICLE, encoding="utf-8")
    dash_duo.find_element("#upload input[type=file]").send_keys(str(good))
    dash_duo.wait_for_contains_text("#upload-message", "Added ports.txt", timeout=20)
    wait_until(lambda: len(set(drawn_ids(dash_duo)) - before) == 1, what="the new event")
    n = len(result.events) + 1
    dash_duo.wait_for_contains_text("#counts", f"{n} of {n} events")
    _settle(dash_duo)
    assert dash_duo.get_logs() == []
    with_new = set(drawn_ids(dash_duo))

    bad = tmp_path / "blob.txt"
    bad.write_bytes(b"\x00\x01\x02\xff" * 300)
    picker = dash_duo.find_element("#upload input[type=file]")
    dash_duo.driver.execute_script("arguments[0].value = '';", picker)  # a fresh choice of files
    picker.send_keys(str(bad))
    dash_duo.wait_for_contains_text("#upload-message", "Rejected blob.txt", timeout=20)
    msg = dash_duo.find_element("#upload-message").text
    assert "binary" in msg and "unchanged" in msg, msg
    _settle(dash_duo)
    assert set(drawn_ids(dash_duo)) == with_new
    assert len(list(corpus.glob("upload-*.txt"))) == 1
    assert dash_duo.get_logs() == []


def test_bc004_graphml_of_a_curated_view_marks_the_edited_event(dash_duo, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    result = launch(dash_duo, corpus)
    eid = by_word(result, "talks")
    CurationStore.for_corpus(corpus).edit(eid, date="2021-07", note="the talks were in July")
    dash_duo.driver.refresh()  # curation written elsewhere (the CLI) shows on the next request
    dash_duo.wait_for_contains_text("#counts", "events", timeout=20)
    _settle(dash_duo)
    dash_duo.driver.execute_cdp_cmd("Page.setDownloadBehavior",
                                    {"behavior": "allow", "downloadPath": dash_duo.download_path})
    dash_duo.find_element(download_button("graphml")).click()
    target = Path(dash_duo.download_path) / "eventline-all.graphml"  # no filter
    wait_until(target.exists, timeout=15, what="the download")
    time.sleep(0.3)
    G = nx.read_graphml(target)
    flags = {n: d.get("curated") for n, d in G.nodes(data=True) if d.get("kind") == "event"}
    assert flags.get(eid) is True and sum(map(bool, flags.values())) == 1, flags
    assert G.nodes[eid]["start"] == "2021-07-01", G.nodes[eid]
    assert dash_duo.get_logs() == []


def test_bc005_review_queue_keys(dash_duo, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    launch(dash_duo, corpus)
    dash_duo.find_element("h1").click()
    body = dash_duo.driver.find_element("css selector", "body")
    body.send_keys("j")
    first = wait_until(lambda: dash_duo.driver.execute_script(
        "var r = document.querySelector('#review-queue input:checked'); return r && r.value;"),
        what="j to select the first queue item")
    dash_duo.wait_for_element("#event-detail .detail-title", timeout=10)
    _settle(dash_duo)
    dash_duo.driver.switch_to.active_element.send_keys("a")
    wait_until(lambda: [o["op"] for o in CurationStore.for_corpus(corpus).history(first)] == ["accept"],
               what="a to accept the selected event")
    _settle(dash_duo)
    queued = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#review-queue input')).map(function (r) { return r.value; });")
    assert first not in queued, queued
    assert dash_duo.get_logs() == []
