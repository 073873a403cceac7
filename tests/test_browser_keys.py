"""Real-browser tests (dash_duo, headless Chromium) of the review keys
(assets/20_review_keys.js): typing the shortcut letters in any field of the
page changes no curation; with nothing focused the keys work, also in
sequence (j, j, a). Issue 19, item 1: under dash 4 typing "r" in "Jump to an
event..." rejected the event shown."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from events.curation import CurationStore
from tests.ids import curate_button
from tests.test_app_curation import write_corpus
from tests.test_browser import _settle
from tests.test_browser_curation import launch, open_event, wait_until

pytestmark = pytest.mark.browser

LETTERS = "arujk"

#: Every element a user can type or choose in, with the component it belongs to
#: (the nearest ancestor with an id). A dropdown's menu lives in a portal, so a
#: closed dropdown shows only its trigger; its inputs are reached by opening it.
JS_FIELD_OWNERS = """
  var sel = "input, textarea, select, [contenteditable], [role=combobox], [role=listbox], .dash-dropdown";
  var out = [];
  document.querySelectorAll(sel).forEach(function (el) {
    var owner = el.closest("[id]");
    if (el.classList.contains("dash-dropdown-focus-target")) {  // the dropdown's keyboard stop
      owner = el.parentElement.querySelector(".dash-dropdown[id]");
    }
    out.push(owner ? owner.id : "(no id) " + el.tagName);
  });
  return Array.from(new Set(out)).sort();"""

DROPDOWNS = ("actor-filter", "type-filter", "status-filter", "source-filter", "event-picker",
             "edit-type", "edit-status", "merge-target")
TEXT_INPUTS = ("date-from", "date-to", "text-search", "cur-note", "edit-date", "edit-label",
               "add-url", "reported-from", "reported-to")
CHOICES = ("review-queue", "split-mentions", "upload", "disputed-filter")  # radios, checkboxes, the file input


def ops(corpus) -> list[tuple[str, str]]:
    return [(o["op"], o["id"]) for o in CurationStore.for_corpus(corpus).history()]


def active(dash_duo) -> str:
    return dash_duo.driver.execute_script(
        "var a = document.activeElement; return a ? a.outerHTML.slice(0, 160) : 'none';")


def type_keys(dash_duo, keys: str = LETTERS) -> None:
    """Key presses to whatever has the focus (as a user typing)."""
    ActionChains(dash_duo.driver).send_keys(keys).perform()


def reveal_everything(dash_duo) -> None:
    """Open the edit form, the merge/split details and the review queue."""
    dash_duo.find_element(curate_button("edit")).click()
    wait_until(lambda: dash_duo.find_element("#edit-date").is_displayed(), what="the edit form")
    dash_duo.driver.execute_script(
        "document.querySelectorAll('details').forEach(function (d) { d.open = true; });")
    _settle(dash_duo)


def type_in_dropdown(dash_duo, cid: str) -> list[str]:
    """Focus the dropdown as Tab does and type; open it, type in its search,
    move onto an option, type again."""
    dash_duo.driver.execute_script(
        f"document.getElementById('{cid}').parentElement.querySelector('.dash-dropdown-focus-target').focus();")
    focused = [active(dash_duo)]
    type_keys(dash_duo)
    dash_duo.find_element(f"#{cid}").click()
    _settle(dash_duo, timeout=3)
    focused.append(active(dash_duo))
    type_keys(dash_duo)
    type_keys(dash_duo, Keys.BACKSPACE * len(LETTERS))
    type_keys(dash_duo, Keys.ARROW_DOWN)
    focused.append(active(dash_duo))
    type_keys(dash_duo)
    type_keys(dash_duo, Keys.ESCAPE)
    _settle(dash_duo, timeout=3)
    return focused


def type_in_input(dash_duo, cid: str) -> list[str]:
    el = dash_duo.find_element(f"#{cid}")
    el.click()
    focused = [active(dash_duo)]
    type_keys(dash_duo)
    type_keys(dash_duo, Keys.BACKSPACE * len(LETTERS))
    return focused


def type_on_choice(dash_duo, cid: str) -> list[str]:
    """Focus the first radio, checkbox or file input of ``cid`` (a script's
    focus: clicking a file input would open a dialog) and type."""
    found = dash_duo.driver.execute_script(
        f"var el = document.querySelector('#{cid} input'); if (el) {{ el.focus(); }} return !!el;")
    focused = [active(dash_duo)] if found else []
    if found:
        type_keys(dash_duo)
    return focused


@pytest.fixture
def page(dash_duo, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    result = launch(dash_duo, corpus)
    eid = next(e["id"] for e in result.events
               if len(e.get("mentions") or ()) > 0 and "accused" in e["label"])
    open_event(dash_duo, eid)
    dash_duo.wait_for_contains_text("#event-detail .detail-title", "accused")
    return dash_duo, corpus, eid


def test_bk001_typing_the_shortcut_letters_in_any_field_curates_nothing(page):
    dash_duo, corpus, eid = page
    reveal_everything(dash_duo)
    owners = set(dash_duo.driver.execute_script(JS_FIELD_OWNERS))
    tested = set(DROPDOWNS) | set(TEXT_INPUTS) | set(CHOICES)
    assert owners <= tested, f"fields this test does not type in: {sorted(owners - tested)}"
    assert ops(corpus) == []
    for cid in DROPDOWNS + TEXT_INPUTS + CHOICES:
        if cid in DROPDOWNS:
            focused = type_in_dropdown(dash_duo, cid)
        elif cid in TEXT_INPUTS:
            focused = type_in_input(dash_duo, cid)
        else:
            focused = type_on_choice(dash_duo, cid)
        _settle(dash_duo, timeout=3)
        assert ops(corpus) == [], f"typing {LETTERS!r} in #{cid} curated: {ops(corpus)}; focus was {focused}"
        # the letters reached the field, not the page: an event stays open
        assert dash_duo.find_element("#event-detail .detail-title").text
    # and with nothing focused the same keys do act: the test can see a change
    dash_duo.driver.execute_script("document.activeElement && document.activeElement.blur();")
    dash_duo.find_element("h1").click()
    shown = dash_duo.driver.execute_script("return document.querySelector('#event-detail .detail-title').textContent")
    type_keys(dash_duo, "r")
    wait_until(lambda: [o for o, _ in ops(corpus)] == ["reject"], what=f"r to reject {shown!r}")
    assert dash_duo.get_logs() == []


def test_bk002_j_j_a_in_sequence_accepts_the_second_queue_item(dash_duo, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    launch(dash_duo, corpus)
    queued = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#review-queue input')).map(function (r) { return r.value; });")
    assert len(queued) >= 3, queued
    dash_duo.find_element("h1").click()
    checked = "var r = document.querySelector('#review-queue input:checked'); return r && r.value;"
    type_keys(dash_duo, "j")
    wait_until(lambda: dash_duo.driver.execute_script(checked) == queued[0], what="j to select item 1")
    _settle(dash_duo)
    type_keys(dash_duo, "j")
    wait_until(lambda: dash_duo.driver.execute_script(checked) == queued[1], what="j to select item 2")
    _settle(dash_duo)
    assert "radio" not in active(dash_duo), active(dash_duo)
    type_keys(dash_duo, "a")
    wait_until(lambda: ops(corpus) and ops(corpus)[0][0] == "accept", what="a to accept")
    assert CurationStore.for_corpus(corpus).history(queued[1]), ops(corpus)
    assert not CurationStore.for_corpus(corpus).history(queued[0])
    _settle(dash_duo)
    # the accepted item left the queue; k goes back to the first, u undoes nothing there
    type_keys(dash_duo, "k")
    wait_until(lambda: dash_duo.driver.execute_script(checked) == queued[0], what="k to go back")
    assert dash_duo.get_logs() == []


def test_bk003_after_a_mouse_click_on_a_queue_item_the_keys_act(dash_duo, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    launch(dash_duo, corpus)
    dash_duo.driver.execute_script("document.getElementById('review-panel').open = true;")
    items = dash_duo.driver.find_elements("css selector", "#review-queue label")
    assert len(items) >= 2
    value = items[1].find_element("css selector", "input").get_attribute("value")
    items[1].click()
    dash_duo.wait_for_element("#event-detail .detail-title", timeout=10)
    _settle(dash_duo)
    assert "radio" not in active(dash_duo), active(dash_duo)
    type_keys(dash_duo, "a")
    wait_until(lambda: [o for o, _ in ops(corpus)] == ["accept"], what="a to accept the clicked item")
    assert CurationStore.for_corpus(corpus).history(value), ops(corpus)
    # the keyboard way into the queue keeps its focus (arrows move within it), and then
    # the letters are typing, not shortcuts
    radio = dash_duo.driver.find_element("css selector", "#review-queue input")
    dash_duo.driver.execute_script("arguments[0].focus();", radio)
    type_keys(dash_duo, Keys.ARROW_DOWN)
    _settle(dash_duo)
    assert "radio" in active(dash_duo), active(dash_duo)
    type_keys(dash_duo, "r")
    _settle(dash_duo, timeout=3)
    assert [o for o, _ in ops(corpus)] == ["accept"], ops(corpus)
    assert dash_duo.get_logs() == []


def test_bk004_r_rejects_and_u_undoes_the_event_shown(dash_duo, tmp_path):
    # the keys press the curation buttons, found by their pattern-matching ids
    # ({"action":"reject","type":"curate"} in the DOM)
    corpus = write_corpus(tmp_path / "corpus")
    result = launch(dash_duo, corpus)
    eid = next(e["id"] for e in result.events if "accused" in e["label"])
    open_event(dash_duo, eid)
    dash_duo.wait_for_contains_text("#event-detail .detail-title", "accused", timeout=10)
    undo = dash_duo.find_element(curate_button("undo"))
    assert not undo.is_enabled()
    dash_duo.find_element("h1").click()
    type_keys(dash_duo, "r")
    wait_until(lambda: [o for o, _ in ops(corpus)] == ["reject"], what="r to reject the event shown")
    assert [o["op"] for o in CurationStore.for_corpus(corpus).history(eid)] == ["reject"]
    dash_duo.wait_for_contains_text("#cur-message", "rejected", timeout=10)
    wait_until(lambda: undo.is_enabled(), what="Undo to be enabled")
    _settle(dash_duo)
    type_keys(dash_duo, "u")
    wait_until(lambda: [o for o, _ in ops(corpus)] == ["reject", "undo"], what="u to undo it")
    assert [o["op"] for o in CurationStore.for_corpus(corpus).history(eid)] == ["reject", "undo"]
    assert dash_duo.get_logs() == []
