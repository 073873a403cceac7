"""Regex building blocks shared by the taggers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


def trie_pattern(words: Iterable[str], space: str = r"\s+") -> str:
    """A regex alternation of ``words`` shaped as a character trie ("jan(?:uary|\\.)?").

    Python's ``re`` tries the alternatives of an alternation one by one at every
    position; sharing prefixes lets it test a few first letters instead, which keeps
    matching fast with thousands of words.  Longer words win at one start position
    (greedy optional groups, with backtracking to shorter ones), and a single space in a
    word matches ``space`` (any run of white space by default).
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [(space if ch == " " else re.escape(ch)) + build(child)
                for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        terminal = "" in node
        if len(alts) == 1 and not terminal:
            return alts[0]
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if terminal else body

    return build(trie)


def stands_alone(text: str, start: int, end: int, joined_before: str = "",
                 joined_after: str = "") -> bool:
    """Is ``text[start:end]`` a whole word: no letter or digit, nor one of the
    ``joined_*`` characters, right before or after it?"""
    return (start == 0 or not (text[start - 1].isalnum() or text[start - 1] in joined_before)) \
        and (end == len(text) or not (text[end].isalnum() or text[end] in joined_after))


def contains_word(text: str, phrase: str, joined_before: str = "", joined_after: str = "") -> bool:
    """Does ``phrase`` occur in ``text`` as a whole word (see :func:`stands_alone`)?"""
    i = text.find(phrase) if phrase else -1
    while i >= 0:
        if stands_alone(text, i, i + len(phrase), joined_before, joined_after):
            return True
        i = text.find(phrase, i + 1)
    return False


def keep_longest(candidates: Iterable, key) -> list:
    """The one overlap policy (spaCy's ``filter_spans``): keep non-overlapping candidates,
    the longest first, then the leftmost, then the lowest rank; empty spans are never kept.
    ``key(candidate)`` gives ``(start, end, rank)``. Returns the kept candidates by start.

    The time tagger ("3 March 2022" over "March") and the actor matcher ("Vladimir Putin"
    over "Putin") both use it.

    >>> keep_longest([(9, 14, 0), (0, 14, 1), (3, 3, 0), (15, 20, 2)], lambda c: c)
    [(0, 14, 1), (15, 20, 2)]
    """
    def order(c):
        s, e, rank = key(c)
        return s - e, s, rank

    taken = bytearray()  # 1 where a kept span covers the character
    kept = []
    for cand in sorted(candidates, key=order):
        s, e, _ = key(cand)
        if e <= s:
            continue
        if len(taken) < e:
            taken.extend(bytes(e - len(taken)))
        if 1 in taken[s:e]:
            continue
        taken[s:e] = b"\x01" * (e - s)
        kept.append(cand)
    kept.sort(key=lambda c: key(c)[0])
    return kept


def data_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line without trailing spaces) of a rules or word-list file's text,
    leaving out blank lines and comment lines ('#' first, after any indentation)."""
    for no, line in enumerate(text.splitlines(), 1):
        line = line.rstrip()
        if line and not line.lstrip().startswith("#"):
            yield no, line


def key_value(line: str, where: str, error: type[Exception]) -> tuple[str, str]:
    """A ``KEY: value`` line as (KEY, value), both stripped; any other line raises ``error``
    naming ``where``."""
    key, sep, val = line.partition(":")
    if not sep:
        raise error(f"{where}: expected 'KEY: value', got {line!r}")
    return key.strip(), val.strip()
