"""Names the gazetteer does not know: organisations and persons found by their shape.

A capitalised name that no gazetteer entry covers becomes an actor of its own when its words
say what it is (``events/data/gazetteer/name_kinds.tsv``):

* an organisation: a name whose words include an organisation word ("Acme Corporation",
  "Human Rights Watch", "Nezavisimaya Gazeta"), an acronym of two to five capitals ("BP"),
  or a one-word name right after a state's possessive or its demonym and a description
  ("Russia's Rosneft", "Russian oil company Rosneft": country RUS; two or three words so
  placed are a person);
* a person: the words after a title ("District Attorney Kathleen Rice", "Mr. Lowe"), or two
  or three capitalised words starting with a given name of ``first_names.txt`` ("Peter
  Kuznick");
* never a place ("Nassau County", "West Bank") or a meeting, plan or law ("Munich Security
  Conference").

An organisation whose name holds a state ("National Union for the Total Independence of
Angola", "Bank of England") is that state's: the state is its country, no actor of its own.

A state named just before such a name, as its possessor or its demonym with at most three
lower-case words between ("Russia's Rosneft", "Russian oil company Rosneft"), gives the
name its country and is no actor of its own there. Pure functions over a sentence and the
gazetteer's mentions of it.

>>> [(n.text, n.kind, n.country) for n in unknown_names("BP sold its stake to Russia's Rosneft.",
...                                                    [(21, 27, "RUS", "name")])]
[('BP', 'organisation', None), ('Rosneft', 'organisation', 'RUS')]
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

DATA = Path(__file__).with_name("data") / "gazetteer" / "name_kinds.tsv"
KINDS = ("org", "place", "compass", "event", "sector", "title", "stop")

_TOKEN = r"(?:Mc|Mac|O')?[A-Z][a-z]+(?:[-'][A-Za-z][a-z]+)*\.?|[A-Z]{2,5}\b|[A-Z]\."
_JOIN = r"(?:\s+(?:of|for|de|du|da|al|el|bin|von|van|der|la|&)(?:\s+the)?\s+|\s+|-)"
NAME = re.compile(rf"(?<![\w'-])(?:{_TOKEN})(?:{_JOIN}(?:{_TOKEN}))*")
_ACRONYM = re.compile(r"[A-Z]{2,5}")
_WORD_AND_SPACE = re.compile(r"\S+\s*")
_ORG_OF = re.compile(r"\s(?:of|for)(?:\s+the)?\s")
_POSSESSIVE = re.compile(r"(?:'s|\u2019s|')\s+$")
_DEMONYM_GAP = re.compile(r"^\s+(?:(?!(?:and|or|of|in|on|at|to|for|with|by|from|the|a|an)\s)[a-z][\w-]*\s+){0,3}$")


class NameMention(NamedTuple):
    start: int
    end: int
    text: str
    kind: str  # organisation | person
    country: str | None
    #: the (start, end) of the state mention that is this name's possessor or demonym
    owner: tuple[int, int] | None


@lru_cache(maxsize=1)
def load_name_kinds() -> dict[str, frozenset[str]]:
    """``name_kinds.tsv`` as {kind: words}; a malformed line is refused with its number."""
    words: dict[str, set[str]] = {k: set() for k in KINDS}
    for lineno, line in enumerate(DATA.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or parts[0] not in KINDS or not parts[1].strip():
            raise ValueError(f"{DATA.name}:{lineno}: expected KIND<TAB>WORD with KIND one of "
                             f"{', '.join(KINDS)}: {line[:60]!r}")
        words[parts[0]].add(parts[1].strip())
    return {k: frozenset(v) for k, v in words.items()}


def _words(span: str) -> list[str]:
    return [w.rstrip(".") for w in re.split(r"[\s-]+", span) if w]


def _classify(words: list[str], after_possessive: bool) -> tuple[str | None, int]:
    """(kind, index of the first word of the name) of a span's words, or (None, 0)."""
    k = load_name_kinds()
    if len(words) <= 2 and words[0] in k["compass"]:
        return None, 0  # "West Bank", "South Sudan"-like places
    titles = [i for i, w in enumerate(words) if w in k["title"]]
    after = titles[-1] + 1 if titles else 0  # the first word after the last title
    if any(w in k["place"] or w in k["event"] for w in words):
        if titles and after < len(words) and not any(
                w in k["place"] or w in k["event"] for w in words[after:]):
            return "person", after  # "Nassau County District Attorney Kathleen Rice"
        return None, 0
    if titles:
        return ("person", after) if after < len(words) else (None, 0)
    if any(w in k["org"] for w in words):
        return "organisation", 0
    if len(words) == 1 and _ACRONYM.fullmatch(words[0]):
        return "organisation", 0
    if after_possessive:
        return ("person" if len(words) in (2, 3) else "organisation"), 0
    if len(words) in (2, 3) and words[0] in load_first_names() and \
            all(w[:1].isupper() and not w.isupper() for w in words):
        return "person", 0  # "Peter Kuznick said"
    return None, 0


@lru_cache(maxsize=1)
def load_first_names() -> frozenset[str]:
    """``first_names.txt`` (rebuilt from the open treebanks by build_first_names.py)."""
    path = DATA.with_name("first_names.txt")
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def unknown_names(sentence: str, known: list[tuple[int, int, str, str]],
                  inside: list[tuple[int, int, str, str]] = ()) -> list[NameMention]:
    """The names of ``sentence`` that no gazetteer mention covers and whose words say what they
    are (see the module docstring). ``known``: the gazetteer's mentions of the sentence as
    (start, end, state id or other actor id, via); a state's mention right before a name
    as its possessor or demonym gives the name its country. ``inside``: mentions the
    gazetteer found that are part of a longer name ("Baghdad University"): they give an
    organisation of that name its country."""
    out = []
    for m in NAME.finditer(sentence):
        s, e = m.start(), m.end()
        if sentence[s - 1:s] == "(" and sentence[e:e + 1] == ")":
            continue  # "Human Rights Watch (HRW)", "the Talks (SALT)": the name before it
        s += _skip_words(sentence[s:e], _leading_stops(_words(m.group(0))))
        if s >= e:
            continue
        inner = [k for k in known if k[0] < e and s < k[1]]
        if inner:
            found = _holding_state(sentence, s, e, inner)
            if found:
                out.append(found)
            continue  # a name the gazetteer knows, or part of one
        owner = _owner(sentence, s, known)
        part = [k for k in inside if s <= k[0] and k[1] <= e]
        kind, first = _classify(_words(sentence[s:e]), owner is not None and (
            owner[3] == "possessive" or sentence[owner[1]:s].strip() != ""))
        if kind is None:
            continue
        s += _skip_words(sentence[s:e], first)
        text = sentence[s:e].rstrip(".")
        if not text or (kind == "person" and not any(c.islower() for c in text)):
            continue
        country = owner[2] if owner else (part[0][2] if part and kind == "organisation" else None)
        out.append(NameMention(s, s + len(text), text, kind, country, owner[:2] if owner else None))
    return out


def _leading_stops(words: list[str]) -> int:
    stop = load_name_kinds()["stop"]
    n = 0
    while n < len(words) and words[n] in stop:
        n += 1
    return n


def _skip_words(text: str, n: int) -> int:
    """The offset in ``text`` after its first ``n`` words (its length when it has fewer)."""
    pos = 0
    for _ in range(n):
        m = _WORD_AND_SPACE.match(text, pos)
        if m is None:
            return len(text) + 1
        pos = m.end()
    return pos


def _holding_state(sentence: str, s: int, e: int, inner) -> NameMention | None:
    """An organisation whose name holds the state the gazetteer found in it ("National Union
    for the Total Independence of Angola", "Bank of England"), or None."""
    if not _ORG_OF.search(sentence[s:e]) or not all(s < k[0] and k[1] <= e for k in inner):
        return None
    if not any(w in load_name_kinds()["org"] for w in _words(sentence[s:inner[0][0]])):
        return None
    return NameMention(s, e, sentence[s:e], "organisation", inner[-1][2], (inner[-1][0], inner[-1][1]))


def _owner(sentence: str, start: int, known) -> tuple[int, int, str, str] | None:
    """The state mention just before a name: its possessor ("Russia's") or its demonym with
    at most three lower-case words between ("Russian oil company"), with how."""
    for ks, ke, aid, via in reversed(known):
        if ke > start:
            continue
        gap = sentence[ke:start]
        if via in ("name", "capital") and _POSSESSIVE.fullmatch(gap.rstrip() + " "):
            return ks, ke, aid, "possessive"
        if via == "demonym" and _DEMONYM_GAP.match(gap):
            return ks, ke, aid, "demonym"
        return None
    return None


def name_id(name: NameMention) -> str:
    """A stable actor id for a name found by shape: its kind and a slug of its words."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.text.lower()).strip("-")
    return f"{'org' if name.kind == 'organisation' else 'person'}:{slug}"


_SECTOR_AFTER = re.compile(r"\s+((?:[a-z][\w-]*\s+){0,2}?)([a-z]+)\b")
_SECTOR_BEFORE = re.compile(r"\b([A-Za-z]+)\s+(?:in|from)\s+$")


def sector_groups(sentence: str, known: list[tuple[int, int, str, str]]) -> list[NameMention]:
    """Groups of a state that are not the state itself (``sector`` words of name_kinds.tsv):
    its demonym and at most two words before the sector ("Iraqi police", "Syrian opposition
    rebels"), or the sector "in"/"from" one of its places ("protesters in Cairo"). Each is a
    ``group`` whose country is the state; the demonym or place is its ``owner``.

    >>> [(g.text, g.country) for g in sector_groups("Iraqi police arrested Syrian rebels.",
    ...                                            [(0, 5, "IRQ", "demonym"), (22, 28, "SYR", "demonym")])]
    [('Iraqi police', 'IRQ'), ('Syrian rebels', 'SYR')]
    """
    sectors = load_name_kinds()["sector"]
    out = []
    for ks, ke, aid, via in known:
        if via == "demonym":
            m = _SECTOR_AFTER.match(sentence, ke)
            if m and m.group(2) in sectors:
                out.append(NameMention(ks, m.end(), sentence[ks:m.end()], "group", aid, (ks, ke)))
        elif via in ("capital", "name"):
            m = _SECTOR_BEFORE.search(sentence, max(0, ks - 30), ks)
            if m and m.group(1).lower() in sectors:
                out.append(NameMention(m.start(), ke, sentence[m.start():ke], "group", aid, (ks, ke)))
    return out


def group_id(group: NameMention) -> str:
    """One id for a state's group across documents: ``group:<state>:<sector word>``."""
    sector = group.text.split()[-1] if group.text.split()[-1] in load_name_kinds()["sector"] \
        else group.text.split()[0]
    return f"group:{group.country}:{sector.lower()}"
