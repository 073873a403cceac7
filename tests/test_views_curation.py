"""Pure view builders for curation: edited markers, history lines, the undo
target, review-queue and split options (no Dash server)."""

from __future__ import annotations

import pytest

from events.curation import CurationStore, apply_curation
from graph import views


def _text(components) -> str:
    """All text of a component tree (what a browser would show)."""
    out = []

    def walk(c):
        if c is None:
            return
        if isinstance(c, (list, tuple)):
            for x in c:
                walk(x)
        elif isinstance(c, str):
            out.append(c)
        elif hasattr(c, "children"):
            walk(c.children)
        else:
            out.append(str(c))
    walk(components)
    return " ".join(out)


@pytest.fixture
def curated(small_records, tmp_path):
    docs, events = small_records
    store = CurationStore(tmp_path / "c.sqlite")
    store.edit("event:a1", date="2009-05", status="planned", note="<script>alert('n')</script> later")
    store.reject("event:a3", note="duplicate")
    op = store.accept("event:a2")
    store.undo(op)
    return docs, apply_curation(events, store), store


def test_vc001_edited_fields_show_the_original_beside_them(curated):
    docs, events, _ = curated
    ev = next(e for e in events if e["id"] == "event:a1")
    text = _text(views.event_detail(ev, {d["id"]: d for d in docs}))
    assert "2009-05" in text and "was 2009-04-12" in text and "was happened" in text, text
    assert "edited" in text and "rejected" not in text
    plain = next(e for e in events if e["id"] == "event:a4")
    assert "edited" not in _text(views.event_detail(plain, {}))


def test_vc002_rejected_badge_notes_and_history(curated):
    docs, events, store = curated
    ev = next(e for e in events if e["id"] == "event:a3")
    assert "rejected" in _text(views.event_detail(ev, {}))
    history = store.history_of(ev)
    panel = _text(views.curation_panel(ev, history))
    assert "duplicate" in panel and "rejected" in panel and "History (1)" in panel, panel
    a1 = next(e for e in events if e["id"] == "event:a1")
    panel = _text(views.curation_panel(a1, store.history_of(a1)))
    assert "<script>alert('n')</script> later" in panel, panel  # a note is text
    assert "date \u2192 2009-05" in panel and "status \u2192 planned" in panel, panel


def test_vc003_last_undoable_skips_undos_and_undone_ops(curated):
    _, events, store = curated
    a2 = next(e for e in events if e["id"] == "event:a2")
    rows = store.history_of(a2)
    assert [r["op"] for r in rows] == ["accept", "undo"], rows
    assert views.last_undoable(rows) is None
    a1 = next(e for e in events if e["id"] == "event:a1")
    assert views.last_undoable(store.history_of(a1))["op"] == "edit"
    assert views.last_undoable([]) is None and views.last_undoable(None) is None


def test_vc004_history_lines_name_the_operation(curated):
    _, _, store = curated
    lines = [views.history_line(r) for r in store.history()]
    assert lines[0].startswith("#1 ") and "edited: date \u2192 2009-05" in lines[0], lines
    assert "rejected" in lines[1] and "(undone)" in lines[2] and "undid operation 3" in lines[3], lines


def test_vc005_queue_and_mention_options_are_plain_text():
    items = [{"id": "event:x", "label": "Talks <b>held</b>", "type": "CONSULT", "date": None,
              "reasons": ["single source", "low confidence (0.40 < 0.6)"]}]
    opts = views.queue_options(items)
    assert opts == [{"value": "event:x", "label": "undated \u00b7 CONSULT \u00b7 Talks <b>held</b>\n"
                                                   "single source; low confidence (0.40 < 0.6)"}]
    ev = {"mentions": [{"id": "m1", "doc_id": "d1", "sentence": "One."}, {"doc_id": "d2"},
                       "garbage", {"id": "m3", "doc_id": "d3", "sentence": "Three " * 40}]}
    mo = views.mention_options(ev, {"d1": {"title": "Doc one"}})
    assert [o["value"] for o in mo] == ["m1", "m3"], mo
    assert mo[0]["label"] == "Doc one: One." and mo[1]["label"].endswith("\u2026")
    assert views.mention_options(None, {}) == []
