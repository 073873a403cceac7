"""Real-browser tests (dash_duo, headless Chromium) of the Documents panel, the empty
state of a corpus with no usable document, and uploads of files that are not text
(issue 19, items 4 and 5). Run: ``pytest tests/test_browser_documents.py``."""

from __future__ import annotations

import pytest

import app
from events.pipeline import run_pipeline
from tests.test_browser import _settle

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
ARTICLE = "Chile signed a border treaty with Bolivia on 3 May 2004 in La Paz.\n"


def _start(dash_duo, folder, **kw):
    result = run_pipeline(folder, workers=1, cache=False)
    dash_duo.start_server(app.create_app(result.documents, result.events, reports=result.reports,
                                         corpus=folder, **kw))
    dash_duo.wait_for_element("#timeline .js-plotly-plot", timeout=20)
    _settle(dash_duo)
    return result


def test_bd001_documents_panel_shows_a_skipped_files_reason(dash_duo, tmp_path):
    (tmp_path / "treaty.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "scan.png").write_bytes(PNG)
    _start(dash_duo, tmp_path)
    dash_duo.wait_for_contains_text("#documents-title", "Documents (1, 1 to look at)", timeout=20)
    dash_duo.find_element("#documents-panel summary").click()
    row = dash_duo.find_element("#documents-panel tr.doc-skipped")
    assert row.is_displayed()
    assert "scan.png" in row.text and "image" in row.text and "PNG image" in row.text, row.text
    assert "treaty.txt" in dash_duo.find_element("#documents-panel").text
    assert dash_duo.get_logs() == []


def test_bd002_a_corpus_of_only_a_pdf_and_an_image_says_why_it_is_empty(dash_duo, tmp_path):
    (tmp_path / "paper.pdf").write_bytes(PDF)
    (tmp_path / "photo.png").write_bytes(PNG)
    _start(dash_duo, tmp_path)
    dash_duo.wait_for_contains_text("#empty-state .empty-title", "No usable document", timeout=20)
    text = dash_duo.find_element("#empty-state .empty-title").text
    assert "paper.pdf (unreadable)" in text and "photo.png (image)" in text, text
    assert "No events match these filters" not in text
    assert dash_duo.find_element("#empty-state").is_displayed()
    assert dash_duo.get_logs() == []


def test_bd003_uploading_a_png_says_it_is_refused(dash_duo, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "treaty.txt").write_text(ARTICLE, encoding="utf-8")
    _start(dash_duo, corpus, upload_dir=corpus)
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)
    dash_duo.find_element("#upload input[type=file]").send_keys(str(photo))
    dash_duo.wait_for_contains_text("#upload-message", "Rejected photo.png", timeout=20)
    msg = dash_duo.find_element("#upload-message").text
    assert "a PNG image" in msg, msg
    assert not list(corpus.glob("upload-*"))
    assert dash_duo.get_logs() == []
