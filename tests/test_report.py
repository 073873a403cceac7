"""Every document gets a report (issue 19, item 5), and a mostly-discarded document says
so (item 2): plain data from the pipeline, cached with the events, printed by the command
line, shown in the explorer's Documents panel. Texts are written for these tests."""

from __future__ import annotations

import json
import re

import pytest

import app
from benchmarks.ui_bench import Client
from events.pipeline import run_pipeline
from graph.documents import NO_MATCH

DATED = "Chile signed a border treaty with Bolivia on 3 May 2004 in La Paz.\n\n"
NO_DATE = "The mood in the capital was calm. Shops opened as usual and the trams ran.\n"
NO_ACTOR = "On 3 May 2004 the committee signed the agreement after a long night.\n"
# a short article, then a long reader-comment thread: most of the page is comments
THREAD = (DATED + "The treaty settles a dispute that has lasted more than a century, officials said.\n\n"
          "12 Comments\n\n" + "".join(
              f"Reader {i}\nI have followed this dispute for years and I do not believe a word of "
              f"the statement, the treaty will be broken within a year.\nReply\n\n" for i in range(12)))
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in {"dated.txt": DATED, "nodate.txt": NO_DATE, "noactor.txt": NO_ACTOR,
                       "thread.txt": THREAD}.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "photo.png").write_bytes(PNG)
    (folder / "manifest.json").write_text(json.dumps({"documents": [
        {"file": "dated.txt", "id": "dated", "published": "2004-05-04"}]}), encoding="utf-8")
    return folder


def _by_file(result) -> dict[str, dict]:
    return {r["file"]: r for r in result.reports}


def test_rp001_every_document_and_skipped_file_has_a_report(corpus):
    reports = _by_file(run_pipeline(corpus, workers=1, cache=False))
    assert set(reports) == {"dated.txt", "nodate.txt", "noactor.txt", "thread.txt", "photo.png"}
    dated = reports["dated.txt"]
    assert dated["status"] == "events" and dated["events"] == 1 and dated["reason"] is None
    assert (dated["published"], dated["published_source"]) == ("2004-05-04", "manifest")
    assert reports["nodate.txt"]["reason"] == "no date", reports["nodate.txt"]
    assert "relative dates" in " ".join(reports["nodate.txt"]["warnings"])
    assert reports["noactor.txt"]["reason"] == "no actor", reports["noactor.txt"]
    assert reports["noactor.txt"]["published_source"] == "text"  # inferred from "3 May 2004"
    png = reports["photo.png"]
    assert (png["status"], png["reason"]) == ("skipped", "image") and "PNG image" in png["detail"]


def test_rp002_a_document_mostly_discarded_says_so(corpus):
    thread = _by_file(run_pipeline(corpus, workers=1, cache=False))["thread.txt"]
    assert thread["discarded_share"] > 0.5 and thread["discarded"]["comments"] > 0, thread
    assert any("left out as boilerplate (comments" in w for w in thread["warnings"]), thread
    # the article's own events, none from the comments
    assert 1 <= thread["events"] <= 2, thread
    from events.extract import extract_document
    from events.model import Document

    comments_at = THREAD.index("12 Comments")
    evs = extract_document(Document(id="t", text=THREAD, published="2004-05-04"))
    assert evs and all(m["start"] < comments_at for e in evs for m in e["mentions"]), evs


def test_rp003_reports_are_cached_with_the_events(corpus):
    first = run_pipeline(corpus, workers=1)
    again = run_pipeline(corpus, workers=1)
    assert again.stats["merge_cached"] and again.reports == first.reports
    (corpus / "nodate.txt").write_text(NO_DATE + "In 2019, Peru accused Chile of spying.\n",
                                       encoding="utf-8")
    changed = run_pipeline(corpus, workers=1)
    assert changed.stats["extracted_docs"] == 1 and changed.stats["cached_docs"] == 3
    reports = _by_file(changed)
    assert reports["nodate.txt"]["status"] == "events"
    assert reports["thread.txt"] == _by_file(first)["thread.txt"]


def test_rp004_extract_ends_with_a_summary_and_names_the_documents_that_gave_nothing(capsys, corpus):
    code = app.main(["extract", "--corpus", str(corpus), "--workers", "1", "--no-cache"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert all(json.loads(line)["id"].startswith("event:") for line in out.splitlines())
    assert re.search(r"eventline: 4 documents read: \d+ events? \(\d+ mentions\); 2 gave no "
                     r"events; 1 mostly boilerplate; 1 file skipped", err), err
    assert "nodate.txt: no events: no date" in err and "noactor.txt: no events: no actor" in err, err
    assert "photo.png: skipped: image" in err, err


def test_rp005_report_command_prints_a_table_or_json(capsys, corpus):
    code = app.main(["report", "--corpus", str(corpus), "--workers", "1", "--no-cache"])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["file", "status", "events"]
    row = next(line for line in lines if line.startswith("dated.txt"))
    assert "2004-05-04 (manifest)" in row
    code = app.main(["report", "--corpus", str(corpus), "--workers", "1", "--no-cache", "--json"])
    out, _ = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["file"]: r["reason"] for r in rows}["photo.png"] == "image"


def _documents_callback(dash_app):
    client = Client(dash_app)
    resp, _, _ = client.call("documents-body", {"data-version.data": 0}, ["data-version.data"])
    return resp


def test_rp006_explorer_panel_and_empty_state_name_the_skipped_files(tmp_path):
    folder = tmp_path / "only-images"
    folder.mkdir()
    (folder / "photo.png").write_bytes(PNG)
    (folder / "paper.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n")  # a damaged PDF: unreadable
    result = run_pipeline(folder, workers=1, cache=False)
    resp = _documents_callback(app.create_app(result.documents, result.events, reports=result.reports))
    empty = resp["empty-title"]["children"]
    assert empty != NO_MATCH and "No usable document" in empty, empty
    assert "photo.png (image)" in empty and "paper.pdf (unreadable)" in empty, empty
    assert "photo.png" in json.dumps(resp["documents-body"]["children"])


def test_rp007_empty_state_keeps_its_words_when_filters_hide_events(corpus):
    result = run_pipeline(corpus, workers=1, cache=False)
    resp = _documents_callback(app.create_app(result.documents, result.events, reports=result.reports))
    assert resp["empty-title"]["children"] == NO_MATCH
    assert resp["documents-title"]["children"].startswith("Documents (4, ")


def test_rp008_add_says_why_an_added_document_gave_no_events(capsys, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    note = tmp_path / "note.txt"
    note.write_text(NO_DATE, encoding="utf-8")
    assert app.main(["add", "--corpus", str(corpus), str(note)]) == 0
    err = capsys.readouterr().err
    assert "added note.txt as upload-" in err and "0 events (no date:" in err, err
