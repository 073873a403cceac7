"""One size limit for a document (issue 19, item 6): checked before work starts, the same
for a corpus folder, ``add``, the upload and ``timex``, raised by ``--max-document-mb``,
and no file within it fails half-way in the time tagger or the actor look-up."""

from __future__ import annotations

import pytest

import app
from events import actors, limits, timex
from events.pipeline import run_pipeline
from events.uploads import UploadError, check_document

ARTICLE = ("Chile signed a border treaty with Bolivia on 3 May 2004 in La Paz. "
           "Officials said the talks had lasted for years. ")


def run(capsys, *argv):
    code = app.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_lm001_a_text_over_five_million_characters_within_the_limit_is_extracted(tmp_path):
    # 5.3 million characters: read by the corpus (limit 25 MB), it used to fail in the
    # time tagger (5,000,000 characters) after being read
    filler = "The weather was mild and the streets were quiet that evening. " * 20 + "\n\n"
    n = 5_300_000 // len(filler) + 1
    (tmp_path / "long.txt").write_text(ARTICLE + filler * n + ARTICLE, encoding="utf-8")
    result = run_pipeline(tmp_path, workers=1, cache=False)
    assert not [p for p in result.problems if "failed" in p], result.problems
    assert result.stats["n_mentions"] >= 2, result.stats


def test_lm002_internal_limits_cover_every_allowed_document():
    biggest = limits.max_document_bytes(limits.CEILING_MB)
    assert timex.MAX_TEXT >= biggest and actors.MAX_TEXT_CHARS >= biggest


@pytest.mark.parametrize("command", ["serve", "extract", "export", "add", "timex"])
def test_lm003_every_reading_command_takes_the_option(capsys, command):
    code, out, _ = run(capsys, command, "--help")
    assert code == 0 and "--max-document-mb" in out, out


@pytest.mark.parametrize("value", ["0", "-1", "abc", str(limits.CEILING_MB + 1)])
def test_lm004_a_bad_limit_is_a_clear_error(capsys, tmp_path, value):
    code, _, err = run(capsys, "extract", "--corpus", tmp_path, "--max-document-mb", value)
    assert code == 2 and "--max-document-mb" in err, err


def test_lm005_extract_skips_a_file_over_the_option_and_names_the_option(capsys, tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "small.txt").write_text(ARTICLE, encoding="utf-8")
    other = "Peru accused Ecuador of a border raid on 5 June 2010. Nobody was hurt. "
    (corpus / "big.txt").write_text(other * 320, encoding="utf-8")  # 22 KB
    code, out, err = run(capsys, "extract", "--corpus", corpus, "--workers", "1", "--no-cache",
                         "--max-document-mb", "0.01")
    assert code == 0, err
    assert "big.txt: 22 KB is larger than the 10 KB limit" in err, err  # readable sizes
    assert "--max-document-mb" in err, err
    code, out2, err = run(capsys, "extract", "--corpus", corpus, "--workers", "1", "--no-cache")
    assert code == 0 and "big.txt" not in err and len(out2.splitlines()) > len(out.splitlines())


def test_lm006_add_and_upload_take_the_same_limit_as_a_corpus(capsys, tmp_path):
    six_mb = (ARTICLE * (6 * 2**20 // len(ARTICLE) + 1)).encode()
    assert check_document(six_mb, "six.txt")  # was refused over 5 MB, below the folder's 25
    with pytest.raises(UploadError, match="--max-document-mb"):
        check_document(six_mb, "six.txt", max_bytes=limits.max_document_bytes(5))
    corpus = tmp_path / "c"
    corpus.mkdir()
    src = tmp_path / "six.txt"
    src.write_bytes(six_mb)
    code, _, err = run(capsys, "add", "--corpus", corpus, src, "--max-document-mb", "5")
    assert code == 2 and "over the 5 MB limit" in err, err
    assert not list(corpus.glob("upload-*"))


def test_lm007_timex_checks_the_limit_before_reading(capsys, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE * 200, encoding="utf-8")
    code, out, err = run(capsys, "timex", f, "--max-document-mb", "0.01")
    assert code == 2 and out == "" and "limit" in err and "--max-document-mb" in err, err
    code, out, err = run(capsys, "timex", f, "--dct", "2004-05-04")
    assert code == 0 and "2004-05-03" in out, err
