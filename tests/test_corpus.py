"""Corpus loading: files, manifest, decoding, boilerplate. Texts are written for these tests."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.corpus import (
    CorpusError,
    boilerplate_rules,
    decode_bytes,
    find_boilerplate,
    html_to_text,
    load_corpus,
    matching_view,
    read_text_file,
)
from events.sentences import split_sentences

DATA = Path(__file__).resolve().parents[1] / "events" / "data"


def write(folder: Path, name: str, content, mode="w"):
    p = folder / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return p


def test_matching_view_keeps_length_and_folds_typography():
    text = "Beijing\u2019s \u201cno\u00a0limits\u201d \u2014 pact\u2026"
    view = matching_view(text)
    assert len(view) == len(text)
    assert view == "Beijing's \"no limits\" - pact."


_FOLDED = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2008\u3000\t\u2018\u2019\u201a\u201b" \
    "\u2032\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2010\u2011\u2012\u2013\u2014\u2015" \
    "\u2212\u2026\u200b\ufeff\u00ad\x00\x07\x0b\x1f\x7f\x85\x9f"


@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from(_FOLDED + "\n -'\"."))))
def test_matching_view_folds_every_character_alone(text):
    # the view is computed by a regex over the characters to fold; folding each
    # character on its own must give the same string
    view = matching_view(text)
    assert len(view) == len(text)
    assert view == "".join(matching_view(c) for c in text)
    assert all(c == v or (not c.isascii() or c < " " or c == "\x7f") and v in " '\"-."
               for c, v in zip(text, view, strict=True))
    assert not any(c in view for c in _FOLDED if c != "\n")


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"   \n\t ", "empty"),
    (b"\x00\x01\x02binary\x00" * 20, "binary"),
    (bytes(range(1, 32)) * 40, "binary"),
])
def test_bad_bytes_are_refused_with_a_reason(data, message):
    with pytest.raises(CorpusError, match=message):
        decode_bytes(data, "x.txt")


def test_cp1252_text_is_decoded():
    raw = "Caf\u00e9 talks \u2013 \u201cagreed\u201d".encode("cp1252")
    assert decode_bytes(raw) == "Caf\u00e9 talks \u2013 \u201cagreed\u201d"


def test_utf8_bom_and_crlf_are_normalised():
    assert decode_bytes(b"\xef\xbb\xbfLine one\r\nLine two") == "Line one\nLine two"


def test_html_is_stripped_of_tags_and_scripts():
    text = html_to_text("<html><head><title>T</title></head><body><p>Talks <b>began</b>"
                        "</p><script>window.__pwned=1</script><p>A &amp; B</p></body></html>")
    assert "pwned" not in text and "<" not in text
    assert "Talks began" in text and "A & B" in text


def test_read_text_file_size_limit(tmp_path):
    p = write(tmp_path, "big.txt", "word " * 1000)
    with pytest.raises(CorpusError, match="larger than"):
        read_text_file(p, max_bytes=1000)


def test_load_corpus_reports_problems_and_keeps_good_files(tmp_path):
    write(tmp_path, "a.txt", "Alpha article. It reports things.")
    write(tmp_path, "b.txt", b"")
    write(tmp_path, "c.txt", b"\x00\x00\x00\xff" * 100)
    write(tmp_path, "d.md", "# Heading\n\nDelta article.")
    write(tmp_path, "notes.csv", "ignored,file")
    manifest = {"documents": [
        {"id": "A", "file": "a.txt", "title": "Alpha", "published": "2020-02-30"},
        {"id": "A", "file": "d.md", "title": "Duplicate id"},
        {"id": "Z", "file": "missing.txt"},
        {"id": "E", "file": "../etc/passwd"},
        {"id": 7, "file": "b.txt", "title": ["not", "text"]},
    ]}
    write(tmp_path, "manifest.json", json.dumps(manifest))
    corpus = load_corpus(tmp_path)
    ids = {d.id: d for d in corpus.documents}
    assert set(ids) == {"A", "d"}
    assert ids["A"].published is None  # February 30 is no date
    problems = "\n".join(corpus.problems)
    for expected in ("not a real date", "duplicate id", "missing.txt", "plain file name",
                     "empty", "binary"):
        assert expected in problems, problems


def test_load_corpus_missing_folder_raises(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nope")


def test_broken_manifest_is_reported_not_fatal(tmp_path):
    write(tmp_path, "a.txt", "Alpha.")
    write(tmp_path, "manifest.json", "{" * 5000)
    corpus = load_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["a"]
    assert "not valid JSON" in corpus.problems[0]


def test_every_boilerplate_example_matches_its_rule():
    rules = boilerplate_rules()
    lines = (DATA / "boilerplate.txt").read_text(encoding="utf-8").splitlines()
    rule_i = -1
    checked = 0
    for line in lines:
        if line.startswith("# EXAMPLE:"):
            assert rules[rule_i].regex.search(matching_view(line[len("# EXAMPLE:"):].strip())), line
            checked += 1
        elif line.strip() and not line.startswith("#"):
            rule_i += 1
    assert checked >= 10


ARTICLE = """Leaders meet in Vienna

by Jane Roe and John Doe

The foreign ministers met on Tuesday. They agreed to meet again.
Photo: Example Agency/Reuters

Related: Why the first round failed

The talks will resume in May.

Jane Roe is a correspondent.

  1. Great article, thanks!
  2. I disagree with all of this. The summit was a farce.

      1. Reply to the second comment.

Comments are closed.
"""


def test_boilerplate_finds_byline_credit_related_and_comments():
    regions = find_boilerplate(ARTICLE)
    kinds = {k for _, _, k in regions}
    assert {"byline", "credit", "related", "comments"} <= kinds
    comments = [(s, e) for s, e, k in regions if k == "comments"]
    s, e = comments[-1]
    assert ARTICLE[s:e].lstrip().startswith("1. Great article")
    assert e == len(ARTICLE)
    body = ARTICLE[: s]
    assert "The talks will resume in May." in body


def test_numbered_list_without_comment_marker_is_article_text():
    text = "Three steps were agreed:\n\n  1. A ceasefire.\n  2. Talks in June.\n"
    assert find_boilerplate(text) == []


def test_sentences_respect_abbreviations_and_offsets():
    text = ("Lt. Gen. Keith Roe met U.S. officials on Feb. 4. The U.S. National Security "
            "Strategy changed. George H. W. Bush signed it! Did they agree? Yes.")
    spans = split_sentences(text)
    got = [text[s:e] for s, e in spans]
    assert got == ["Lt. Gen. Keith Roe met U.S. officials on Feb. 4.",
                   "The U.S. National Security Strategy changed.",
                   "George H. W. Bush signed it!", "Did they agree?", "Yes."]


def _is_abbreviation_by_regex(text, dot):
    """The abbreviation test as first written, with a regex for the word before the dot."""
    from events import sentences as S

    if dot == 0 or text[dot - 1] not in S._WORD_CHARS:
        return False
    m = re.search(r"([A-Za-z][A-Za-z.]*)$", text[max(0, dot - 12):dot])
    if not m:
        return False
    word = m.group(1)
    if word in S.abbreviations() or word.rstrip(".") in S.abbreviations():
        return True
    if len(word) == 1 and word.isupper():
        return True
    if S._DOTTED_ACRONYM.fullmatch(word):
        nxt = S._NEXT_NAME.match(text[dot + 1:dot + 30])
        return bool(nxt) and nxt.group(1) not in {
            "The", "A", "An", "In", "On", "But", "And", "It", "He", "She", "They", "We",
            "This", "That", "These", "Those", "There", "Its", "His", "Her", "Their", "As",
            "At", "For", "If", "When", "While", "Yet", "So", "Now", "Then", "Still"}
    return False


@given(st.lists(st.sampled_from(["U.S.", "Gen.", "gen", "Feb.", "H.", "W", "etc.", "No.", ".",
                                 "..", " ", "  ", "The", "Smith", "a1.", "x", "\u00e9t\u00e9.",
                                 "approx.", "Lt.Gen.", "U.N.Security", "Internationally", "aaaaaaaaaaaaa"]),
                max_size=12))
def test_abbreviation_test_agrees_with_its_regex_version(parts):
    from events.sentences import is_abbreviation

    text = "".join(parts)
    for dot in (i for i, c in enumerate(text) if c == "."):
        assert is_abbreviation(text, dot) == _is_abbreviation_by_regex(text, dot), (text, dot)


def test_sentences_break_at_paragraphs():
    text = "Headline without a period\nFirst sentence here. Second one\n\nThird"
    got = [text[s:e] for s, e in split_sentences(text)]
    assert got == ["Headline without a period", "First sentence here.", "Second one", "Third"]
    assert all(re.match(r"\S", g) for g in got)
