"""Reading saved web pages (trafilatura) and PDFs (pypdf): the text events are extracted
from, the page's metadata and date, and bad input refused or read with a clear note."""

from __future__ import annotations

import json
import socket
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pdf_maker import HEADER, PAGES, make_pdf

from benchmarks.body_eval import evaluate, overlap, prf
from events.corpus import CorpusError, load_corpus, read_document
from events.readers import decode_html, read_bytes, read_html, read_pdf, text_record

DATA = Path(__file__).parent / "data" / "pages"
TRUTH = json.loads((DATA / "truth.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- web pages


def test_rd001_body_extraction_meets_the_targets_on_the_test_pages():
    out = evaluate(DATA)
    ours, plain = out["trafilatura"], out["tag_stripper"]
    assert out["pages"] >= 12
    assert ours["f1"] >= 0.95 and ours["precision"] >= 0.93, ours
    assert ours["f1"] > plain["f1"] + 0.1, (ours, plain)  # the same run, the plain baseline


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_rd002_each_page_body_is_the_article(name):
    reading = read_bytes((DATA / name).read_bytes(), name)
    true = (DATA / name).with_suffix(".txt").read_text(encoding="utf-8")
    score = prf(*overlap(reading.text, true))
    # the worst page, an old table layout, keeps its menu and comments (precision 0.66)
    assert score["recall"] >= 0.95 and score["precision"] >= 0.65, (score, reading.text[:500])
    assert reading.reader == "trafilatura", reading.notes


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_rd003_page_date_is_the_correct_day_or_none(name):
    reading = read_bytes((DATA / name).read_bytes(), name)
    assert reading.published == TRUTH[name]["published"], reading


def test_rd004_metadata_title_author_site_come_from_the_page():
    r = read_bytes((DATA / "02-jsonld-cookie-related.html").read_bytes(), "02.html")
    assert (r.title, r.author, r.site) == ("EU foreign ministers extend sanctions on Belarus",
                                           "Tomas Reiner", "Continental Dispatch"), r
    assert not r.text.startswith(r.title)  # the headline is metadata, not the first sentence


def test_rd005_comments_cookie_banners_and_related_links_are_left_out():
    text = read_bytes((DATA / "01-wordpress-comments.html").read_bytes(), "01.html").text
    assert "grainwatcher" not in text and "who actually pays" not in text
    assert "Most read" not in text and "Previous:" not in text
    text = read_bytes((DATA / "02-jsonld-cookie-related.html").read_bytes(), "02.html").text
    assert "cookies" not in text and "Related stories" not in text and "Rail strike" not in text


def test_rd006_paragraph_breaks_are_kept():
    name = "07-drupal-breadcrumbs.html"
    text = read_bytes((DATA / name).read_bytes(), name).text
    true = (DATA / name).with_suffix(".txt").read_text(encoding="utf-8").strip()
    assert text.split("\n\n") == true.split("\n\n")


def test_rd007_legacy_encoding_from_meta_charset():
    data = (DATA / "05-legacy-iso-8859-2.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = read_bytes(data, "05.html").text
    assert "\u0141\u00f3d\u017a" in text and "Suwa\u0142ki" in text and "Naus\u0117da" in text
    # the server's charset wins over none; a declared charset over the cp1252 guess
    assert decode_html("<p>Ł</p>".encode("iso-8859-2"), "x", "iso-8859-2") == "<p>Ł</p>"
    assert decode_html("<p>é</p>".encode("cp1252"), "x") == "<p>é</p>"


def test_rd008_reading_never_touches_the_network(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError(f"network use while reading a page: {a}")
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    for name in TRUTH:
        read_bytes((DATA / name).read_bytes(), name)
    page = ("<html><head><link rel='canonical' href='https://example.org/2020/01/02/x'></head>"
            "<body><article><p>" + "Talks went on. " * 40 + "</p></article></body></html>")
    read_html(page, url="https://example.org/2020/01/02/x")


def test_rd009_today_printed_in_a_site_header_is_not_the_page_date():
    today = datetime.now(UTC).date()
    page = (f"<html><body><div class='top'>{today:%A, %B} {today.day}, {today.year}</div>"
            "<article><h1>Talks resume</h1>"
            + "<p>Chile and Peru held talks on fishing rights in Lima, officials said.</p>" * 6
            + "</article></body></html>")
    assert read_html(page).published is None
    # ...while a day written in the byline of an undated page is taken
    dated = page.replace("<h1>Talks resume</h1>", "<h1>Talks resume</h1><p>Posted on May 4, 2021</p>")
    assert read_html(dated).published == "2021-05-04"
    # ...and a bare copyright year is not a day
    year = page.replace("</article>", "</article><footer>&copy; 2019 The Paper</footer>")
    assert read_html(year).published is None


def test_rd010_no_body_falls_back_to_the_tag_stripper_and_says_so(tmp_path):
    # all its text in a page footer: trafilatura finds no article
    page = "<html><body><footer><p>Chile and Peru signed a deal on 2 May 2021.</p></footer></body></html>"
    (tmp_path / "links.html").write_text(page, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    doc = corpus.documents[0]
    assert "Chile and Peru signed" in doc.text
    record = doc.record()
    assert record["reader"] == "tag-stripper" and "tag stripper" in record["reading_notes"], record
    assert any("tag stripper" in p for p in corpus.problems), corpus.problems


@pytest.mark.parametrize("what, page", [
    ("deep nesting", "<html><body>" + "<div>" * 100_000 + "Chile signed a deal with Peru on 2 May 2021."
     + "</div>" * 100_000 + "</body></html>"),
    ("megabytes of one tag", "<html><body><p>Chile signed a deal with Peru on 2 May 2021.</p>"
     + "<b>" * 1_000_000 + "</body></html>"),
    ("one enormous tag", "<html><body><p>Chile signed a deal with Peru on 2 May 2021.</p><div class='"
     + "a" * 3_000_000 + "'>x</div></body></html>"),
])
def test_rd011_html_bomb_is_read_with_a_note_and_loses_nothing(tmp_path, what, page):
    (tmp_path / "bomb.html").write_text(page, encoding="utf-8")
    (tmp_path / "good.txt").write_text("Argentina signed a treaty with Uruguay on 9 September 2022.",
                                       encoding="utf-8")
    t0 = time.perf_counter()
    corpus = load_corpus(tmp_path)
    assert time.perf_counter() - t0 < 30, what
    docs = {d.file: d for d in corpus.documents}
    assert "good.txt" in docs and "Chile signed a deal with Peru" in docs["bomb.html"].text, corpus.problems
    assert docs["bomb.html"].record()["reader"] == "tag-stripper"
    assert any("bomb.html" in p and "tag stripper" in p for p in corpus.problems), corpus.problems


def test_rd012_page_without_text_is_refused_clearly():
    with pytest.raises(CorpusError, match="no text"):
        read_html("<html><body><script>var a = 1;</script><img src=x></body></html>", name="x.html")


# ---------------------------------------------------------------- the corpus and its dates


def test_rd013_publication_date_precedence_manifest_page_text(tmp_path):
    for name in ("01-wordpress-comments.html", "04-no-date.html"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    (tmp_path / "wire.txt").write_text("Published: 4 March 2024\n\nChile and Peru signed a deal.",
                                       encoding="utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps({"documents": [
        {"file": "04-no-date.html", "published": "2024-02-29"}]}), encoding="utf-8")
    docs = {d.file: d.record() for d in load_corpus(tmp_path).documents}
    page, manifest, text = docs["01-wordpress-comments.html"], docs["04-no-date.html"], docs["wire.txt"]
    assert (page["published"], page["published_basis"]) == ("2024-03-12", "page")
    assert page["title"] == "Beijing and Moscow sign grain corridor memorandum"
    assert page["author"] == "Maria Ellison"
    assert (manifest["published"], manifest["published_basis"]) == ("2024-02-29", "manifest")
    assert (text["published"], text["published_basis"], text["dct_inferred"]) == (None, "text", True)
    # the manifest beats the page too
    (tmp_path / "manifest.json").write_text(json.dumps({"documents": [
        {"file": "01-wordpress-comments.html", "published": "2024-03-13"}]}), encoding="utf-8")
    rec = text_record(tmp_path / "01-wordpress-comments.html")
    assert (rec["published"], rec["published_basis"]) == ("2024-03-13", "manifest")
    assert text_record(tmp_path / "04-no-date.html")["published_basis"] == "none"


def test_rd014_evidence_offsets_index_the_read_text(tmp_path):
    from events.extract import extract_document

    for name in TRUTH:
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    n = 0
    for doc in load_corpus(tmp_path).documents:
        assert doc.text == read_document(tmp_path / doc.file).text
        for ev in extract_document(doc):
            for m in ev["mentions"]:
                assert doc.text[m["start"]:m["end"]] == m["sentence"]
                n += 1
    assert n >= 20


# ---------------------------------------------------------------- PDF


def test_pd001_text_layer_without_headers_footers_page_numbers_and_hyphens():
    r = read_pdf(make_pdf(), "report.pdf")
    assert "agriculture ministries" in r.text and "agri-" not in r.text
    assert HEADER not in r.text and "Page 1 of 2" not in r.text and "Page" not in r.text
    assert "China and Russia signed a memorandum" in r.text and "signed in June." in r.text
    assert (r.title, r.author, r.reader) == ("Grain corridor", "Maria Ellison", "pypdf")
    # lines of a paragraph are one paragraph, paragraphs are kept apart
    assert "Monday, March 11, 2024, committing" in r.text
    assert "\n\nKazakhstan said" in r.text


def test_pd002_a_page_without_a_text_layer_is_reported():
    r = read_pdf(make_pdf(PAGES + [None]), "mixed.pdf")
    assert "signed in June." in r.text
    assert r.notes and "page 3 of 3 has no text layer" in r.notes[0], r.notes


def test_pd003_scanned_pdf_is_reported_as_such_not_read_as_empty(tmp_path):
    with pytest.raises(CorpusError, match="scanned PDF with no text layer .*OCR"):
        read_pdf(make_pdf([None, None]), "scan.pdf")
    (tmp_path / "scan.pdf").write_bytes(make_pdf([None]))
    corpus = load_corpus(tmp_path)
    assert not corpus.documents and "scanned PDF" in corpus.problems[0], corpus.problems


def test_pd004_encrypted_pdf_is_refused_with_a_clear_message():
    with pytest.raises(CorpusError, match="protected by a password"):
        read_pdf(make_pdf(encrypt="secret"), "locked.pdf")
    from reportlab.lib import pdfencrypt

    # an owner password only (printing and copying rules) opens without one
    enc = pdfencrypt.StandardEncryption("", ownerPassword="owner", canPrint=1)
    assert "grain corridor" in read_pdf(make_pdf(encrypt=enc), "rules.pdf").text


@pytest.mark.parametrize("data, reason", [
    (b"<html><body>Not a PDF at all</body></html>", "not a PDF file"),
    (b"%PDF-1.4\n1 0 obj garbage", "damaged PDF"),
    (b"   ", "empty"),
])
def test_pd005_a_pdf_that_is_not_a_pdf_is_refused_and_the_rest_loads(tmp_path, data, reason):
    (tmp_path / "fake.pdf").write_bytes(data)
    (tmp_path / "report.pdf").write_bytes(make_pdf())
    corpus = load_corpus(tmp_path)
    assert [d.file for d in corpus.documents] == ["report.pdf"]
    assert any("fake.pdf" in p and reason in p for p in corpus.problems), corpus.problems


# ---------------------------------------------------------------- python app.py text


def test_tx001_text_command_prints_the_text_the_extractor_reads(tmp_path, capsys):
    import app

    name = "02-jsonld-cookie-related.html"
    assert app.main(["text", str(DATA / name), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["text", "title", "author", "site", "url", "published", "published_basis"]
    assert out["text"] == read_document(DATA / name).text
    assert (out["published"], out["published_basis"]) == ("2023-02-27", "page")
    assert out["site"] == "Continental Dispatch" and out["url"] is None
    assert app.main(["text", str(DATA / name)]) == 0
    assert capsys.readouterr().out == out["text"] + "\n"
    (tmp_path / "report.pdf").write_bytes(make_pdf(PAGES + [None]))
    assert app.main(["text", str(tmp_path / "report.pdf"), "--json"]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert "agriculture ministries" in out["text"] and out["published_basis"] == "text"
    assert "page 3 of 3 has no text layer" in captured.err


@pytest.mark.parametrize("name, data, reason", [
    ("fake.pdf", b"<html>hello</html>", "not a PDF file"),
    ("locked.pdf", None, "protected by a password"),
    ("scan.pdf", make_pdf([None]), "scanned PDF"),
])
def test_tx002_text_command_bad_input_clear_message(tmp_path, capsys, name, data, reason):
    import app

    (tmp_path / name).write_bytes(data if data is not None else make_pdf(encrypt="pw"))
    assert app.main(["text", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("eventline: error: ") and reason in err, err


def test_rd015_a_date_the_article_reports_is_not_the_page_date():
    page = ("<html><body><article>"
            + "<p>Chile and Peru signed a fishing deal on 2 May 2021 in Lima, officials said.</p>" * 5
            + "</article></body></html>")
    assert read_html(page).published is None


def test_pd006_line_end_hyphens_joined_unless_the_document_hyphenates_that_compound():
    from events.readers import _paragraphs

    text = _paragraphs(["The two agri-", "culture ministries met to end a decades-",
                        "old dispute, one of several decades-old rows in the region that",
                        "year."])
    assert "agriculture ministries" in text and "a decades-old dispute" in text, text


def test_rd016_xhtml_page_with_an_xml_declaration_is_read_by_the_article_reader():
    page = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html><html '
            'xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head><body>'
            "<nav>Home News Sport</nav><article>"
            + "<p>Chile and Peru signed a fishing deal in Lima, officials said on Monday.</p>" * 4
            + "</article></body></html>")
    r = read_html(page)
    assert r.reader == "trafilatura" and "Home News" not in r.text and not r.notes, r
