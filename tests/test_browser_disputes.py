"""Real-browser tests (dash_duo, headless Chromium) of disputed events and report dates
(issue 17, items 3-5) on tests/data/disputes: two short articles, one saying a fishing
treaty was signed on 4 February 2022, the other on 5 February. Marks on the timeline,
graph and table; the two reports side by side; the disputed and report-date filters in
the URL; "Mark resolved" and Undo. Run one with ``pytest tests/test_browser_disputes.py -k bd003``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from selenium.webdriver.common.keys import Keys

from events.curation import CurationStore
from tests.ids import curate_button
from tests.test_browser import FIND_CY, GD, _settle, drawn_ids
from tests.test_browser_curation import launch, open_event, wait_until

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).parent / "data" / "disputes"
ROWS = "#events-table .ag-center-cols-container .ag-row"
JS_RINGED = GD + """
  if (!g || !g.data) { return null; }
  var out = [];
  g.data.forEach(function (t) { if (t.meta === 'disputed') { out = out.concat(t.customdata); } });
  return out;"""


@pytest.fixture
def corpus(tmp_path):
    dest = tmp_path / "disputes"
    shutil.copytree(CORPUS, dest)
    return dest


def treaty_of(result) -> str:
    (eid,) = [e["id"] for e in result.events if e.get("disputed")]
    return eid


def ringed(dash_duo) -> list[str]:
    return dash_duo.driver.execute_script(JS_RINGED) or []


def goto(dash_duo, query):
    dash_duo.driver.get(dash_duo.server_url + query)
    dash_duo.wait_for_element("#timeline .js-plotly-plot", timeout=20)
    dash_duo.wait_for_contains_text("#counts", "events", timeout=20)
    _settle(dash_duo)


def test_bd001_disputed_event_is_marked_on_timeline_graph_and_table(dash_duo, corpus):
    result = launch(dash_duo, corpus)
    eid = treaty_of(result)
    assert set(drawn_ids(dash_duo)) == {e["id"] for e in result.events}
    assert set(ringed(dash_duo)) == {eid}  # a ring in each lane it is drawn in
    classes = dash_duo.driver.execute_script(
        FIND_CY + "return cy.nodes('[kind = \"event\"]').map(function (n) {"
        " return [n.id(), n.hasClass('disputed')]; });")
    assert {i for i, marked in classes if marked} == {eid}, classes
    dash_duo.driver.execute_script(
        "document.querySelector('#events-table').scrollIntoView();"
        "var v = document.querySelector('#events-table .ag-center-cols-viewport');"
        "if (v) { v.scrollLeft = 100000; }")
    cells = wait_until(lambda: dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(function (r) {"
        " var c = r.querySelector('[col-id=\"dispute\"]');"
        " return [r.getAttribute('row-id'), c ? c.textContent : null]; });", ROWS) or None,
        what="table rows")
    by_id = dict(cells)
    assert by_id[eid].startswith("date: 2022-02-04"), cells
    assert all(v == "" for k, v in by_id.items() if k != eid), cells
    assert dash_duo.get_logs() == []


def test_bd002_detail_shows_the_two_reports_side_by_side(dash_duo, corpus):
    result = launch(dash_duo, corpus)
    open_event(dash_duo, treaty_of(result))
    dash_duo.wait_for_element("#event-detail .dispute-sides", timeout=10)
    sides = dash_duo.driver.find_elements("css selector", "#event-detail .dispute-side")
    assert len(sides) == 2
    left, right = sides
    assert left.location["y"] == right.location["y"] and left.location["x"] < right.location["x"]
    assert "Harbour Gazette" in left.text and "published 2022-02-06" in left.text
    assert "Valley Courier" in right.text and "published 2022-02-08" in right.text
    marks = [[m.text for m in s.find_elements("css selector", "mark.hl-diff")] for s in sides]
    assert "4" in marks[0] and "5" in marks[1] and "signed" not in marks[0] + marks[1], marks
    reports = dash_duo.find_element("#event-detail .reports").text
    assert reports.index("2022-02-06") < reports.index("2022-02-08"), reports
    # the timeline shows the report dates as ticks beside the event's own date
    ticks = dash_duo.driver.execute_script(
        GD + "return (g.layout.shapes || []).filter(function (s) { return s.type === 'line'; })"
        ".map(function (s) { return String(s.x0).slice(0, 10); });")
    assert ticks == ["2022-02-06", "2022-02-08"], ticks
    assert dash_duo.get_logs() == []


def test_bd003_disputed_filter_and_its_url(dash_duo, corpus):
    result = launch(dash_duo, corpus)
    eid = treaty_of(result)
    dash_duo.find_element("#disputed-filter input").click()
    wait_until(lambda: "disputed=1" in dash_duo.driver.current_url, what="disputed=1 in the URL")
    _settle(dash_duo)
    assert set(drawn_ids(dash_duo)) == {eid}
    goto(dash_duo, "/")
    assert set(drawn_ids(dash_duo)) == {e["id"] for e in result.events}
    goto(dash_duo, "/?disputed=1")
    assert set(drawn_ids(dash_duo)) == {eid}
    assert dash_duo.find_element("#disputed-filter input").is_selected()
    assert dash_duo.get_logs() == []


def test_bd004_report_date_filter_and_its_url(dash_duo, corpus):
    result = launch(dash_duo, corpus)
    eid = treaty_of(result)
    courier = {e["id"] for e in result.events if "valley-courier" in e["sources"]}
    assert len(courier) == 2 and eid in courier
    box = dash_duo.find_element("#reported-to")
    box.send_keys("2022-02-06")
    box.send_keys(Keys.ENTER)
    wait_until(lambda: "reported_to=2022-02-06" in dash_duo.driver.current_url, what="the URL")
    _settle(dash_duo)
    assert set(drawn_ids(dash_duo)) == {eid}  # only the Gazette's report is that early
    goto(dash_duo, "/?reported_from=2022-02-07")
    assert set(drawn_ids(dash_duo)) == courier
    assert dash_duo.find_element("#reported-from").get_attribute("value") == "2022-02-07"
    goto(dash_duo, "/?reported_from=2023")
    assert drawn_ids(dash_duo) == []
    assert dash_duo.get_logs() == []


def test_bd005_mark_resolved_then_undo(dash_duo, corpus):
    result = launch(dash_duo, corpus)
    eid = treaty_of(result)
    open_event(dash_duo, eid)
    dash_duo.wait_for_element("#event-detail .resolve-dispute", timeout=10)
    dash_duo.find_element("#cur-note").send_keys("the ministry's release says 4 February")
    dash_duo.find_element("#event-detail .resolve-dispute").click()
    dash_duo.wait_for_contains_text("#cur-message", "Saved", timeout=10)
    dash_duo.wait_for_contains_text("#event-detail", "all resolved", timeout=10)
    assert "the ministry's release says 4 February" in dash_duo.find_element("#event-detail .dispute").text
    _settle(dash_duo)
    wait_until(lambda: ringed(dash_duo) == [], what="the ring to go")
    assert [r["op"] for r in CurationStore.for_corpus(corpus).history()] == ["resolve"]
    dash_duo.find_element(curate_button("undo")).click()
    dash_duo.wait_for_element("#event-detail .resolve-dispute", timeout=10)
    wait_until(lambda: set(ringed(dash_duo)) == {eid}, what="the ring to come back")
    assert dash_duo.get_logs() == []
