"""The events table and the document reader in headless Chromium (dash.testing's
``dash_duo``) on the bundled seeds: rows from the server, sort, a row click to
the detail and the timeline, the reader opened from the URL and from the
detail, its marks and a click on one. Run: ``pytest tests/test_browser_table.py``."""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.by import By

import app
from graph import reader as reader_views
from graph import table as table_views
from graph import views

pytestmark = pytest.mark.browser

ROWS = "#events-table .ag-center-cols-container .ag-row"
GD = "var g = document.querySelector('#timeline .js-plotly-plot');"


@pytest.fixture(scope="module")
def seed_result():
    from events.pipeline import run_pipeline

    result = run_pipeline(app.SEEDS, workers=1, cache=False)
    assert result.events, result.problems
    return result


def start(dash_duo, seed_result, path=""):
    dash_duo.start_server(app.create_app(seed_result.documents, seed_result.events,
                                         corpus=app.SEEDS))
    if path:
        dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element("#timeline .js-plotly-plot", timeout=20)
    dash_duo.wait_for_contains_text("#counts", "events", timeout=20)
    settle(dash_duo)


def settle(dash_duo, timeout=10.0):
    end = time.time() + timeout
    time.sleep(0.3)
    while time.time() < end:
        if not dash_duo.driver.find_elements(By.CSS_SELECTOR, "[data-dash-is-loading='true']"):
            break
        time.sleep(0.1)
    time.sleep(0.4)


def cells(dash_duo, col) -> list[str]:
    """The text of column ``col`` in the rendered rows, top to bottom."""
    return dash_duo.driver.execute_script(
        "var rows = Array.from(document.querySelectorAll(arguments[0])), col = arguments[1];"
        "rows.sort(function (a, b) { return Number(a.getAttribute('row-index')) - "
        "  Number(b.getAttribute('row-index')); });"
        "return rows.map(function (r) { var c = r.querySelector('[col-id=\"' + col + '\"]');"
        "  return c ? c.textContent : null; });", ROWS, col)


def wait_rows(dash_duo, predicate, timeout=30):  # generous: CI machines are shared
    end = time.time() + timeout
    while time.time() < end:
        labels = cells(dash_duo, "label")
        if labels and all(labels) and predicate(labels):
            return labels
        time.sleep(0.2)
    raise AssertionError(f"table rows never matched: {cells(dash_duo, 'label')[:5]}")


def test_tb001_rows_sort_and_row_click_to_detail_and_timeline(dash_duo, seed_result):
    start(dash_duo, seed_result)
    events = seed_result.events
    ix = views.build_index(events)
    cols = table_views.TableColumns(ix)
    n = len(events)
    dash_duo.wait_for_text_to_equal("#table-count", f"{n:,} events in view", timeout=20)
    first = table_views.table_rows(ix, range(len(ix)))[0]["label"]
    wait_rows(dash_duo, lambda labels: labels[0] == first)

    # sort by date (one click: ascending; the server sorts, undated last)
    dash_duo.find_element("#events-table .ag-header-cell[col-id='date'] .ag-header-cell-label").click()
    order = table_views.table_order(cols, range(len(ix)), [{"colId": "date", "sort": "asc"}])
    want = [r["label"] for r in table_views.table_rows(ix, order[:5])]
    wait_rows(dash_duo, lambda labels: labels[:5] == want)
    dates = cells(dash_duo, "date")
    assert dates[0] == table_views.table_rows(ix, order[:1])[0]["date"], dates[:5]

    # a row click opens the event in the detail and marks it on the timeline
    row = dash_duo.find_element(f"{ROWS}[row-index='1'] [col-id='label']")
    ev = ix.events[int(order[1])]
    row.click()
    dash_duo.wait_for_contains_text("#event-detail .detail-title", str(ev["label"])[:30], timeout=15)
    settle(dash_duo)
    shapes = dash_duo.driver.execute_script(GD + "return (g.layout.shapes || []).map("
                                            "function (s) { return [s.x0, s.x1]; });")
    assert shapes == [[s["x0"], s["x1"]] for s in views.selection_shapes(ev)], shapes
    assert dash_duo.get_logs() == []


def test_tb002_table_follows_the_filters(dash_duo, seed_result):
    start(dash_duo, seed_result, "/?type=AGREE")
    agree = [e for e in seed_result.events if e.get("type") == "AGREE"]
    assert agree, "the seeds gave no AGREE event"
    dash_duo.wait_for_text_to_equal("#table-count", f"{len(agree):,} events in view", timeout=20)
    wait_rows(dash_duo, lambda labels: len(labels) == len(agree))
    assert set(cells(dash_duo, "type")) == {"AGREE"}
    assert sorted(cells(dash_duo, "label")) == sorted(e["label"] for e in agree)
    assert dash_duo.get_logs() == []


def _doc_with_most_marks(seed_result):
    from events.corpus import read_document

    best = None
    for d in seed_result.documents:
        text = read_document(app.SEEDS / d["file"]).text
        evs = [e for e in seed_result.events if d["id"] in (e.get("sources") or ())]
        marks, dropped = reader_views.sentence_marks(d["id"], evs, text)
        if best is None or len(marks) > len(best[1]):
            best = (d, marks, dropped)
    return best


def test_rd001_reader_from_the_url_marks_and_click_to_event(dash_duo, seed_result):
    doc, marks, dropped = _doc_with_most_marks(seed_result)
    assert marks and dropped == 0, (doc["id"], dropped)
    start(dash_duo, seed_result, f"/?doc={doc['id']}")
    dash_duo.wait_for_contains_text("#document-view .doc-view-title", doc["title"][:30], timeout=20)
    assert str(doc.get("outlet")) in dash_duo.find_element("#document-view .doc-facts").text
    main_marks = dash_duo.driver.find_elements(By.CSS_SELECTOR, "#document-view mark.doc-mark:not(.doc-mark-more)")
    assert len(main_marks) == len(marks), (len(main_marks), len(marks))
    assert main_marks[0].text.strip() == marks[0]["sentence"].strip()
    assert "doc=" + doc["id"] in dash_duo.driver.current_url

    # a click on the third mark opens its (first) event
    eid, _t, label = marks[2]["events"][0]
    main_marks[2].click()
    dash_duo.wait_for_contains_text("#event-detail .detail-title", label[:30], timeout=15)
    settle(dash_duo)
    assert "doc=" + doc["id"] in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_rd002_reader_opens_from_the_detail_and_closes(dash_duo, seed_result):
    start(dash_duo, seed_result)
    wait_rows(dash_duo, lambda labels: True)
    dash_duo.find_element(f"{ROWS}[row-index='0'] [col-id='label']").click()
    dash_duo.wait_for_element("#event-detail .read-doc", timeout=15)
    first_doc = seed_result.events[0]["mentions"][0]["doc_id"]
    title = next(d["title"] for d in seed_result.documents if d["id"] == first_doc)
    dash_duo.find_element("#event-detail .read-doc").click()
    dash_duo.wait_for_contains_text("#document-view .doc-view-title", title[:30], timeout=15)
    settle(dash_duo)
    assert "doc=" + first_doc in dash_duo.driver.current_url
    # the event shown is marked as the selected one in the text
    assert dash_duo.driver.find_elements(
        By.CSS_SELECTOR, f"#document-view mark.doc-mark-selected[data-event='{seed_result.events[0]['id']}']")
    dash_duo.find_element("#reader-close").click()
    settle(dash_duo)
    assert dash_duo.find_element("#reader-panel").get_attribute("hidden") is not None
    assert "doc=" not in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []
