"""Sentence splitting with character offsets into the original text.

A small rule splitter for news prose: a sentence ends at ``.``, ``!`` or ``?``
(optionally followed by closing quotes or brackets) before whitespace and an
upper-case letter, digit or opening quote, unless the period closes a known
abbreviation (``events/data/abbreviations.txt``), an initial or a dotted
acronym such as ``U.S.`` followed by a proper name. Line breaks that separate
paragraphs always end a sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data")

_END = re.compile(r"""[.!?]+["')\]\u2019\u201d]*(?=\s+["'(\[\u2018\u201c]?[A-Z0-9])""")
_PARA = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*\u2022]|\d+\.)\s)|\n")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    words = []
    for line in (DATA / "abbreviations.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.append(line)
    return frozenset(words)


_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")
_DOTTED_ACRONYM = re.compile(r"(?:[A-Z]\.)+[A-Z]")
_NEXT_NAME = re.compile(r"\s+([A-Z][a-z]+)")


def is_abbreviation(text: str, dot: int) -> bool:
    """Is the period at ``text[dot]`` the end of an abbreviation?"""
    if dot == 0 or text[dot - 1] not in _WORD_CHARS:
        return False  # "in 2022." cannot end an abbreviation
    # the word before: the run of letters and dots (at most 12 characters back) from its
    # first letter, as the regex ([A-Za-z][A-Za-z.]*)$ would find it (3x faster)
    lo, k = max(0, dot - 12), dot - 1
    while k > lo and text[k - 1] in _WORD_CHARS:
        k -= 1
    while k < dot and text[k] == ".":
        k += 1
    if k == dot:
        return False
    word = text[k:dot]
    if word in abbreviations() or word.rstrip(".") in abbreviations():
        return True
    if len(word) == 1 and word.isupper():  # an initial: "George H. W. Bush"
        return True
    if _DOTTED_ACRONYM.fullmatch(word):  # U.S / U.N / U.K
        nxt = _NEXT_NAME.match(text[dot + 1:dot + 30])
        # "the U.S. National Security Strategy": a capitalised word after an acronym
        # rarely starts a sentence unless it is a function word.
        return bool(nxt) and nxt.group(1) not in {
            "The", "A", "An", "In", "On", "But", "And", "It", "He", "She", "They", "We",
            "This", "That", "These", "Those", "There", "Its", "His", "Her", "Their", "As",
            "At", "For", "If", "When", "While", "Yet", "So", "Now", "Then", "Still"}
    return False


#: A "sentence" longer than this (text without punctuation) is cut at spaces into pieces of
#: at most this length, so the work per sentence stays bounded.
MAX_SENTENCE = 1000


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences: ``(start, end)`` offsets, stripped.
    Pieces longer than :data:`MAX_SENTENCE` characters are cut at a space.

    >>> t = "The U.S. and China met. Talks went on! Gen. Smith left."
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['The U.S. and China met.', 'Talks went on!', 'Gen. Smith left.']
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for pm_start, pm_end in _paragraphs(text, start, end):
        cur = pm_start
        for m in _END.finditer(text, pm_start, pm_end):
            dot = m.start()
            if text[dot] == "." and m.end() - m.start() == 1 and is_abbreviation(text, dot):
                continue
            _add(spans, text, cur, m.end())
            cur = m.end()
        _add(spans, text, cur, pm_end)
    return spans


def _paragraphs(text: str, start: int, end: int):
    cur = start
    for m in _PARA.finditer(text, start, end):
        yield cur, m.start()
        cur = m.end()
    yield cur, end


def _add(spans: list, text: str, s: int, e: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    while e - s > MAX_SENTENCE:
        cut = text.rfind(" ", s + MAX_SENTENCE // 2, s + MAX_SENTENCE)
        cut = cut if cut > s else s + MAX_SENTENCE
        _add(spans, text, s, cut)
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if e > s:
        spans.append((s, e))
