"""The events table and the document reader: their panel functions called
directly (no HTTP, no browser) on small records and a small corpus written here."""

from __future__ import annotations

import base64
import csv
import io
import json

import plotly
import pytest
from dash import no_update
from dash.exceptions import PreventUpdate

from explorer import filters, reader, table
from explorer.state import Session
from graph import reader as reader_views
from graph import table as table_views
from graph import views
from tests.conftest import make_event

ALL_ROWS = {"startRow": 0, "endRow": 100}


@pytest.fixture
def session(small_records):
    return Session(*small_records)


def _ids(out):
    return [r["id"] for r in out["response"]["rowData"]]


def test_tr001_rows_are_the_events_in_view_with_their_columns(session, small_records):
    out = table.get_rows(session, ALL_ROWS, views.empty_controls())
    assert out["response"]["rowCount"] == 6 and out["count"] == "6 events in view"
    row = next(r for r in out["response"]["rowData"] if r["id"] == "event:a2")
    assert row == {"id": "event:a2", "date": "2021-07", "granularity": "month", "basis": "text",
                   "type": "CONSULT", "status": "planned",
                   "label": "Norland plans harbour talks with Ostia", "actors": "Norland, Ostia",
                   "sources": 1, "dispute": ""}
    state = {**views.empty_controls(), "actors": ["SUD"]}
    out = table.get_rows(session, ALL_ROWS, state)
    assert sorted(_ids(out)) == ["event:a1", "event:a3"] and out["response"]["rowCount"] == 2
    with pytest.raises(PreventUpdate):
        table.get_rows(session, None, state)


@pytest.mark.parametrize("sort, first, last", [
    ([{"colId": "date", "sort": "asc"}], "event:a5", "event:a6"),   # 1990s first, undated last
    ([{"colId": "date", "sort": "desc"}], "event:a2", "event:a6"),  # undated last both ways
    ([{"colId": "label", "sort": "asc"}], "event:a6", "event:a4"),  # "An undated" .. "Westport"
    ([{"colId": "sources", "sort": "desc"}, {"colId": "label", "sort": "desc"}], "event:a3", "event:a6"),
    ([{"colId": "type", "sort": "asc"}], "event:a4", "event:a6"),   # ACCUSE .. STATEMENT
])
def test_tr002_sort_on_the_server(session, sort, first, last):
    ids = _ids(table.get_rows(session, {**ALL_ROWS, "sortModel": sort}, None))
    assert ids[0] == first and ids[-1] == last, ids


@pytest.mark.parametrize("model, expected", [
    ({"label": {"filterType": "text", "type": "contains", "filter": "NORLAND"}},
     ["event:a1", "event:a2", "event:a4", "event:a6"]),
    ({"label": {"filterType": "text", "type": "startsWith", "filter": "norland"}},
     ["event:a1", "event:a2"]),
    ({"actors": {"filterType": "text", "operator": "OR", "conditions": [
        {"filterType": "text", "type": "equals", "filter": "sudmark"},
        {"filterType": "text", "type": "contains", "filter": "westport"}]}},
     ["event:a3", "event:a4", "event:a5"]),
    ({"sources": {"filterType": "number", "type": "greaterThan", "filter": 1}}, ["event:a3"]),
    ({"date": {"filterType": "text", "type": "startsWith", "filter": "20"}},
     ["event:a1", "event:a2", "event:a3", "event:a4"]),
    ({"nosuchcolumn": {"filterType": "text", "type": "contains", "filter": "x"}},
     [f"event:a{i}" for i in range(1, 7)]),
])
def test_tr003_column_filters_on_the_server(session, model, expected):
    out = table.get_rows(session, {**ALL_ROWS, "filterModel": model}, None)
    assert sorted(_ids(out)) == expected
    if len(expected) < 6:
        assert out["count"] == f"{len(expected)} events (of 6 in view: column filters)", out["count"]


def test_tr004_only_the_block_asked_for_is_sent(session):
    out = table.get_rows(session, {"startRow": 2, "endRow": 4}, None)
    assert len(out["response"]["rowData"]) == 2 and out["response"]["rowCount"] == 6
    assert table_views.block({"startRow": 0, "endRow": 10**9}) == (0, table_views.MAX_BLOCK)
    assert table_views.block({"startRow": "x"}) == (0, table_views.BLOCK)


def test_tr005_row_click_asks_for_the_event(session):
    asked = table.clicked_event(session, {"rowId": "event:a3", "timestamp": 5})
    assert asked == {"id": "event:a3", "t": 5}
    assert table.clicked_event(session, {"rowId": "event:zz"}) is no_update
    assert table.clicked_event(session, None) is no_update
    patch = table.mark_on_timeline(session, "event:a3").to_plotly_json()
    shapes = patch["operations"][0]["params"]["value"]
    assert [(s["x0"], s["x1"]) for s in shapes if s["type"] == "rect"] == [("2015-01-01", "2016-01-01")]
    v = session.view()  # and a tick on each day a source reported it
    assert [s["x0"] for s in shapes if s["type"] == "line"] == [
        r["start"] for r in views.report_dates(v.find("event:a3"), v.docs_by_id)] != []


def test_tr006_csv_download_is_the_sorted_filtered_table_and_defused(small_records):
    docs, events = small_records
    events = events + [make_event("event:f1", "=HYPERLINK(\"http://x\")", actors=[("NOR", "-Norland", "source")],
                                  date=("2020", "year", "2020-01-01", "2020-12-31", "2020"))]
    s = Session(docs, events)
    state = {**views.empty_controls(), "actors": ["NOR"]}
    req = {**ALL_ROWS, "sortModel": [{"colId": "date", "sort": "asc"}]}
    data = table.download(s, state, req)
    assert data["filename"] == "table-eventline-norland.csv", data["filename"]
    rows = list(csv.reader(io.StringIO(base64.b64decode(data["content"]).decode("utf-8"))))
    assert rows[0] == ["id", "Date", "Granularity", "Date basis", "Type", "Status", "Label", "Actors",
                       "Sources", "Sources disagree"]
    assert [r[0] for r in rows[1:]] == ["event:a1", "event:a4", "event:f1", "event:a2", "event:a6"]
    formula = rows[3]
    assert formula[6] == "'=HYPERLINK(\"http://x\")" and formula[7] == "'-Norland", formula


# ---------------------------------------------------------------- reader

TEXT = ("Harbour talks open\n\nNorland and Sudmark met on Monday. Nothing else happened.\n"
        "On 12 April 2009 Norland and Sudmark signed a river accord. The end.\n")


@pytest.fixture
def corpus(tmp_path, small_records):
    """A one-document corpus whose text holds the sentence of event a1 at its offsets."""
    docs, events = small_records
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    sentence = "On 12 April 2009 Norland and Sudmark signed a river accord."
    start = TEXT.index(sentence)
    a1 = make_event("event:a1", "Norland and Sudmark sign a river accord", sources=("docB",),
                    date=("2009-04-12", "day", "2009-04-12", "2009-04-12", "12 April 2009"),
                    actors=[("NOR", "Norland", "participant")], sentence=sentence, sent_start=start)
    met = "Norland and Sudmark met on Monday."
    a7 = make_event("event:a7", "Norland and Sudmark meet", sources=("docB",), etype="CONSULT",
                    date=("2009-04-06", "day", "2009-04-06", "2009-04-06", "Monday"),
                    actors=[("NOR", "Norland", "participant")], sentence=met,
                    sent_start=TEXT.index(met))
    docs = [{**d, "published_basis": "manifest"} if d["id"] == "docB" else d for d in docs]
    return Session(docs, [a1, a7] + events[1:], corpus=tmp_path), tmp_path


def _marks(view):
    """(text, event id) of every <mark> in the components, in document order."""
    out = []

    def walk(c):
        if isinstance(c, list):
            for x in c:
                walk(x)
        elif isinstance(c, dict):
            if c.get("type") == "Mark":
                out.append((c["props"]["children"], c["props"]["id"]["event"]))
            walk(c.get("props", {}).get("children"))
    walk(json.loads(json.dumps(view, cls=plotly.utils.PlotlyJSONEncoder)))
    return out


def test_rd101_reader_shows_the_whole_text_with_the_event_sentences_marked(corpus):
    s, _folder = corpus
    out = reader.render_reader(s, "docB", selected="event:a1")
    assert out["hidden"] is False
    text = str(out["view"])
    assert "River accord" in text and "Sample Times" in text
    assert "2010-03 (estimated); from the corpus manifest" in text
    assert _marks(out["view"]) == [("Norland and Sudmark met on Monday.", "event:a7"),
                                   ("On 12 April 2009 Norland and Sudmark signed a river accord.",
                                    "event:a1")]
    paras = out["view"][-1].children  # one <p> a line, blank lines left out
    assert len(paras) == 3 and paras[0].children == ["Harbour talks open"], paras
    assert paras[1].children[1:] == [" Nothing else happened."] and paras[2].children[-1] == " The end."
    assert "doc-mark-selected" in paras[2].children[0].className  # the event shown in the detail
    assert reader.render_reader(s, None) == {"view": [], "hidden": True}
    assert "Unknown document" in str(reader.render_reader(s, "nope")["view"])


def test_rd102_a_changed_file_or_no_file_is_said(corpus, small_records):
    s, folder = corpus
    (folder / "b.txt").write_text("Different words now.\n", encoding="utf-8")
    s2 = Session(s.base_docs, s.base_events, corpus=folder)
    out = reader.render_reader(s2, "docB")
    assert _marks(out["view"]) == [] and "2 evidence sentence(s) are not at their place" in str(out["view"])
    s3 = Session(s.base_docs, s.base_events)  # no corpus folder: the sentences only
    out = reader.render_reader(s3, "docB")
    assert "not available to the server" in str(out["view"])
    assert [e for _t, e in _marks(out["view"])] == ["event:a7", "event:a1"]


def test_rd103_long_text_is_cut_and_said(corpus):
    marks, _ = reader_views.sentence_marks("docB", corpus[0].view().shown, TEXT)
    view = reader_views.document_view({"id": "docB"}, TEXT, marks, max_chars=40)
    said = str(view)
    assert "the first 40 of 147 characters" in said and "1 marked sentence(s) lie beyond" in said, said
    assert _marks(view) == [("Norland and Sudmark ", "event:a7")]  # cut where the text is


def test_rd104_the_file_name_is_never_a_path(tmp_path, small_records):
    docs, events = small_records
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    inner = tmp_path / "corpus"
    inner.mkdir()
    s = Session([{**docs[0], "file": "../secret.txt"}], events, corpus=inner)
    assert reader.document_text(s, s.base_docs[0]) is None


def test_rd105_url_doc_opens_and_is_kept(corpus):
    s, _ = corpus
    values = [[], [], [], "", "", [], "", [], "", ""]
    out = filters.sync_filters(s, "url", "?doc=docB&type=AGREE", values, None, views.empty_controls())
    assert out["doc"] == "docB" and out["search"] == "?type=AGREE&doc=docB", out
    out = filters.sync_filters(s, "url", "?doc=nosuch", values, None, views.empty_controls(), "docB")
    assert out["doc"] is None and out["search"] == "", out
    out = filters.sync_filters(s, "reader-doc", "", values, None, views.empty_controls(), "docB")
    assert out["search"] == "?doc=docB" and out["doc"] is no_update, out


def test_rd106_clicks_open_documents_and_events(corpus):
    s, _ = corpus
    assert reader.open_document({"type": "open-doc", "doc": "docB", "n": 0}, 1) == "docB"
    with pytest.raises(PreventUpdate):  # a button drawn with the detail, not clicked
        reader.open_document({"type": "open-doc", "doc": "docB", "n": 0}, 0)
    assert reader.open_document("reader-close", 1, close=True) is None
    asked = reader.mark_clicked(s, {"type": "doc-mark", "event": "event:a7", "n": "0-0"}, 1)
    assert asked["id"] == "event:a7"
    assert reader.mark_clicked(s, {"type": "doc-mark", "event": "event:zz", "n": "0"}, 1) is no_update
    assert reader.mark_clicked(s, {"type": "doc-mark", "event": "event:a7", "n": "0"}, 0) is no_update
