"""Regex building blocks shared by the taggers."""

from __future__ import annotations

import re
from collections.abc import Iterable


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
