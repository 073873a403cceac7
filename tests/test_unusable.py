"""Unusable input is reported, never met with silence (issue 19, item 4).

PDFs, images and other formats in a corpus folder are named with their reason; a folder
with no usable document is an error in ``extract`` and ``export``; ``timex`` refuses a PDF.
The files are built here: a PDF whose bytes all decode as Windows-1252 (so only its
leading ``%PDF-`` tells it from text), a PNG and a JPEG header, a Word (zip) file.
"""

from __future__ import annotations

import pytest

import app
from events.corpus import SKIP_REASONS, load_corpus, sniff
from events.uploads import UploadError, check_document

PDF = (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
       b"4 0 obj\n<< /Length 1920 /Filter /FlateDecode >>\nstream\n"
       + bytes(range(0xa0, 0x100)) * 20 + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
DOCX = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml"
GOOD = "Chile signed a border treaty with Bolivia on 3 May 2004 in La Paz.\n"


def run(capsys, *argv):
    code = app.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _folder(tmp_path, good: bool):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(PDF)
    (folder / "scan.txt").write_bytes(PDF)  # a PDF under a text name
    (folder / "photo.png").write_bytes(PNG)
    (folder / "photo2.jpg").write_bytes(JPEG)
    (folder / "notes.docx").write_bytes(DOCX)
    if good:
        (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


def test_un001_every_skipped_file_is_named_with_its_reason(tmp_path):
    corpus = load_corpus(_folder(tmp_path, good=True))
    assert [d.file for d in corpus.documents] == ["good.txt"]
    reasons = {s["file"]: s["reason"] for s in corpus.skipped}
    # report.pdf has no pages: unreadable (a PDF is read, see test_readers.py)
    assert reasons == {"report.pdf": "unreadable", "scan.txt": "unsupported type",
                       "photo.png": "image", "photo2.jpg": "image",
                       "notes.docx": "unsupported type"}, corpus.skipped
    assert all(s["reason"] in SKIP_REASONS for s in corpus.skipped)
    text = "\n".join(corpus.problems)
    assert "skipped scan.txt: a PDF document, not text" in text, text
    assert "skipped photo.png: a PNG image; only .txt" in text, text


@pytest.mark.parametrize("command", ["extract", "export"])
def test_un002_a_folder_of_only_pdfs_and_images_is_an_error(capsys, tmp_path, command):
    folder = _folder(tmp_path, good=False)
    extra = ["--format", "json", "--output", tmp_path / "g.json"] if command == "export" else []
    code, out, err = run(capsys, command, "--corpus", folder, "--workers", "1", "--no-cache", *extra)
    assert code != 0 and out == "", (code, out, err)
    assert "no usable document in corpus" in err, err
    assert "report.pdf (unreadable)" in err and "photo.png (image)" in err, err
    assert not (tmp_path / "g.json").exists()


def test_un003_an_empty_folder_is_an_error_too(capsys, tmp_path):
    code, out, err = run(capsys, "extract", "--corpus", tmp_path, "--workers", "1", "--no-cache")
    assert code == 2 and "no usable document" in err and ".txt" in err, err


def test_un004_timex_refuses_a_pdf_it_cannot_read(capsys, tmp_path):
    # a PDF is read through its text layer (tests/test_readers.py); this one has no pages
    f = tmp_path / "paper.pdf"
    f.write_bytes(PDF)
    code, out, err = run(capsys, "timex", f, "--dct", "2020-01-01")
    assert code == 2 and out == "" and "damaged PDF" in err, err
    g = tmp_path / "paper.txt"  # and a PDF under a text name is not read as text
    g.write_bytes(PDF)
    code, out, err = run(capsys, "timex", g, "--dct", "2020-01-01")
    assert code == 2 and out == "" and "a PDF document, not text" in err, err


@pytest.mark.parametrize("name, data, what", [
    ("paper.pdf", PDF, "a damaged PDF"), ("photo.png", PNG, "a PNG image"),
    ("paper.txt", PDF, "a PDF document"), ("notes.docx", DOCX, "ZIP archive"),
], ids=["pdf", "png", "pdf-as-txt", "docx"])
def test_un005_an_upload_says_what_the_file_is(name, data, what):
    with pytest.raises(UploadError, match=what):
        check_document(data, name)


def test_un006_plain_text_is_not_sniffed_as_a_format():
    for text in (b"PDF files are not read.", b"GIF images", b"%PDF is a word", b"MM\x00"):
        assert sniff(text) is None, text
