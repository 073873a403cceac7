"""Temporal tagger: finds TIMEX3 time expressions in English news text.

The engine is small and generic; everything English lives in data files under
``events/data/timex/``:

* ``words.txt``  word lists and normalization tables (months, numbers, units...)
* ``rules.txt``  recognition rules (regex pattern + value template + EXAMPLE lines)
* ``tense.txt``  tense cue words for the context resolver

Normalization has two steps, as in HeidelTime: a rule emits an intermediate
value (``TENSE 05``, ``REF year -1``, ``NEAR -1 wd5``...) that only says what
the text says; :func:`resolve` then turns it into a TIMEX3 value using the
document creation time (DCT) and the tense of the sentence.  Without a DCT
(or with too coarse a DCT) values stay partly unknown (``XXXX-05``).

Matching, in order (all in :func:`tag`):

1. anchors: year/clock-like numbers and anchor words (months, units, "now"...) are
   found in one pass; each rule family runs only on short windows of text around the
   anchor classes it needs (``ANCHORS`` lines in rules.txt), joined into one string;
2. each family is one alternation regex (rules in file order, each behind a
   first-character guard), so a handful of regex scans cover all rules;
3. step one of normalization drops matches whose groups cannot be normalized, then
   :func:`select_longest` (the one overlap policy) keeps the longest matches;
4. :func:`resolve` gives each kept match its value, in text order, with the "last
   mentioned" quarter/year/date as context for anaphoric rules.

Public API::

    tag(text, dct=None) -> list[Timex]
    infer_dct(text) -> str | None
    TimexError
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import datetime as dt
import operator
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from events import fastre
from events.holidays import countries_near, fixed_month_day, holiday_day, load_holidays
from events.limits import MAX_TEXT_CHARS
from events.model import Timex
from events.patterns import data_lines, keep_longest, key_value, trie_pattern

__all__ = ["TimexError", "tag", "infer_dct", "resolve", "select_longest", "interval",
           "granularity", "VALUE_RE", "load_rules", "load_words", "Rule"]

DATA_DIR = Path(__file__).resolve().parent / "data" / "timex"

# Every value tag() emits matches this (TIMEX3 value syntax, the subset we produce).
VALUE_RE = re.compile(
    r"^(?:"
    r"(?:[0-9X]{4}(?:-(?:[0-9X]{2}(?:-[0-9X]{2})?|W[0-9X]{2}(?:-(?:[1-7]|WE))?|Q[1-4X]|H[12X]"
    r"|SP|SU|FA|WI))?|[0-9]{3}X|[0-9]{2}XX)(?:T(?:[0-2][0-9]:[0-5][0-9]|MO|AF|EV|NI))?"
    r"|P(?:(?:[0-9]+(?:\.[0-9]+)?|X)[YMWDQ])+(?:T(?:(?:[0-9]+(?:\.[0-9]+)?|X)[HMS])+)?"
    r"|PT(?:(?:[0-9]+(?:\.[0-9]+)?|X)[HMS])+"
    r"|PRESENT_REF|PAST_REF|FUTURE_REF"
    r")$"
)
_DCT_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
MAX_TEXT = MAX_TEXT_CHARS  # characters; longer input raises TimexError (see events/limits.py)


# hot-path regexes, compiled once
_RE_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_RE_HALF = re.compile(r"([0-9]+) 1/2")
_RE_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
_RE_TWO_WORDS = re.compile(r"(\w+)[- ](\w+)")
_RE_DIGITS = re.compile(r"[0-9]+")
_RE_UNIT = re.compile(r"([0-9]*)(\w+)")
_RE_DAY_T = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T")
_RE_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RE_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
_RE_YEAR_PART = re.compile(r"([0-9]{4})(?:-([0-9]{2}|Q[1-4]|H[12]|SP|SU|FA|WI))?")
_RE_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})(-WE)?")
_RE_DECADE = re.compile(r"([0-9]{3})X")
_RE_CENTURY = re.compile(r"([0-9]{2})XX")
_RE_DATED = re.compile(r"[0-9]{4}-(?:[0-9]{2}|W[0-9]{2})")
_RE_SOME_DAY = re.compile(r"[0-9]{4}-(?:[0-9]{2}-XX|XX-XX|WXX)")


class TimexError(ValueError):
    """Bad input to the temporal tagger, or a broken data file (names file and line)."""


# --------------------------------------------------------------------------- data loading


def _read_lines(name: str):
    path = DATA_DIR / name
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:  # pragma: no cover - packaging error
        raise TimexError(f"cannot read temporal tagger data file {path}: {exc}") from exc
    for no, line in data_lines(raw):
        yield path, no, line


def _norm_key(s: str) -> str:
    return " ".join(s.lower().replace("’", "'").split())


@dataclass(frozen=True)
class WordTable:
    name: str
    cased: bool
    table: dict  # lower-cased surface -> value
    regex: str  # alternation, longest first, no group
    surfaces: tuple = ()  # the surfaces as the data file writes them, in its order


@lru_cache(maxsize=1)
def load_words() -> dict[str, WordTable]:
    """Load ``words.txt`` once: section name -> WordTable."""
    sections: dict[str, tuple[bool, dict, list]] = {}
    current = None
    for path, no, line in _read_lines("words.txt"):
        m = re.fullmatch(r"\[(\w+)(\s+cased)?\]", line.strip())
        if m:
            current = m.group(1)
            sections[current] = (bool(m.group(2)), {}, [])
            continue
        if current is None:
            raise TimexError(f"{path}:{no}: word line outside a [section]: {line!r}")
        surfaces, sep, value = line.partition("=")
        value = value.strip()
        for surface in surfaces.split("|"):
            surface = surface.strip()
            if not surface:
                raise TimexError(f"{path}:{no}: empty surface in {line!r}")
            sections[current][1][_norm_key(surface)] = value if sep else surface
            sections[current][2].append(surface)
    tables = {}
    for name, (cased, table, surfaces) in sections.items():
        if cased:
            variants = set(surfaces) | {s.upper() for s in surfaces}
        else:
            variants = {s.lower() for s in surfaces}
        body = trie_pattern(sorted(" ".join(v.split()) for v in variants))
        regex = f"(?-i:{body})" if cased else f"(?:{body})"
        tables[name] = WordTable(name, cased, table, regex, tuple(surfaces))
    tables["holiday"] = _holiday_table()
    return tables


def _holiday_table() -> WordTable:
    """The %holiday% word table from holidays.txt: name -> holiday id; names of CASED
    holidays match as written or in capitals, the others in any case."""
    table: dict[str, str] = {}
    cased: set[str] = set()
    uncased: set[str] = set()
    for hid, h in load_holidays()[0].items():
        for name in h.names:
            key = _norm_key(name)
            if table.get(key, hid) != hid:
                raise TimexError(f"{h.source}: {name!r} is also a name of {table[key]}")
            table[key] = hid
            if h.cased:
                cased |= {" ".join(name.split()), " ".join(name.upper().split())}
            else:
                uncased.add(" ".join(name.lower().split()))
    parts = [f"(?-i:{trie_pattern(sorted(cased))})"] if cased else []
    parts += [trie_pattern(sorted(uncased))] if uncased else []
    return WordTable("holiday", False, table, "(?:" + "|".join(parts) + ")",
                     tuple(n for h in load_holidays()[0].values() for n in h.names))


@lru_cache(maxsize=1)
def load_tense() -> dict[str, str]:
    """Load ``tense.txt`` once: cue word -> past|future|present."""
    cues: dict[str, str] = {}
    section = None
    for path, no, line in _read_lines("tense.txt"):
        m = re.fullmatch(r"\[(past|future|present|notcue)\]", line.strip())
        if m:
            section = m.group(1)
        elif section is None:
            raise TimexError(f"{path}:{no}: cue word outside a section: {line!r}")
        else:
            cues[line.strip().lower()] = section
    return cues


@dataclass(frozen=True)
class Rule:
    name: str
    family: str
    type: str
    pattern: str  # expanded regex (group names still unprefixed)
    values: tuple[str, ...]  # alternative value templates
    mod: str | None
    examples: tuple[tuple[str, str], ...]
    groups: dict  # group name -> word table name (or None for code normalizers)
    source: str  # "file:line" of the RULE line
    range: tuple[str, str] | None = None  # the groups spanning the two ends of a range
    linked: bool = True  # False for a LIST rule: two expressions, not a range


_GROUP_RE = re.compile(r"\(\?P<(\w+)>")
_MACRO_RE = re.compile(r"%(~?)(\w+)(?::(\w+))?%")


def _expand(pattern: str, defines: dict, words: dict, groups: dict, where: str) -> str:
    def sub(m):
        unnamed, name, alias = m.group(1), m.group(2), m.group(3)
        if name in defines:
            return _expand(defines[name], defines, words, groups, where)
        if name not in words:
            raise TimexError(f"{where}: unknown macro %{name}% (not in words.txt or DEFINE)")
        if unnamed:
            return words[name].regex
        group = alias or name
        groups[group] = name
        return f"(?P<{group}>{words[name].regex})"

    return _spaces(_MACRO_RE.sub(sub, pattern))


def _spaces(pattern: str) -> str:
    """One literal space in a rule pattern means "any whitespace" (outside [...] classes
    and unless a quantifier follows it)."""
    out, in_class, i = [], False, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        elif c == " " and not in_class and pattern[i + 1:i + 2] not in ("*", "+", "?", "{"):
            c = r"\s+"
        out.append(c)
        i += 1
    return "".join(out)


def load_rules() -> tuple[Rule, ...]:
    """Load ``rules.txt`` once and expand its macros; raise TimexError naming file:line."""
    return _load_rule_file()[0]


def load_family_anchors() -> dict[str, frozenset]:
    """family -> anchor classes it needs (rules.txt ANCHORS lines); absent = all."""
    return _load_rule_file()[1]


@lru_cache(maxsize=1)
def _load_rule_file():
    words = load_words()
    defines: dict[str, str] = {}
    anchors: dict[str, frozenset] = {}
    blocks: list[dict] = []
    for path, no, line in _read_lines("rules.txt"):
        key, val = key_value(line, f"{path}:{no}", TimexError)
        if key == "DEFINE":
            name, eq, regex = val.partition("=")
            if not eq:
                raise TimexError(f"{path}:{no}: DEFINE needs 'NAME = regex'")
            defines[name.strip()] = regex.strip()
        elif key == "ANCHORS":
            family, eq, classes = val.partition("=")
            known = set(words["anchorTables"].table.values()) | {"anchor", "number"}
            if not eq or not set(classes.split()) <= known:
                raise TimexError(f"{path}:{no}: ANCHORS needs '<family> = <class> ...' with "
                                 f"classes from {sorted(known)}")
            anchors[family.strip()] = frozenset(classes.split())
        elif key == "RULE":
            blocks.append({"RULE": val, "where": f"{path.name}:{no}", "EXAMPLE": []})
        elif not blocks:
            raise TimexError(f"{path}:{no}: {key} before the first RULE")
        elif key == "EXAMPLE":
            text, arrow, value = val.partition("=>")
            if not arrow:
                raise TimexError(f"{path}:{no}: EXAMPLE needs '<text> => <value>'")
            blocks[-1]["EXAMPLE"].append((text.strip(), value.strip()))
        elif key in ("FAMILY", "TYPE", "PATTERN", "VALUE", "MOD", "RANGE", "LIST"):
            blocks[-1][key] = val
        else:
            raise TimexError(f"{path}:{no}: unknown key {key!r}")
    rules = []
    for b in blocks:
        where = b["where"]
        for key in ("FAMILY", "TYPE", "PATTERN", "VALUE"):
            if key not in b:
                raise TimexError(f"{where}: rule {b['RULE']} has no {key}")
        if b["TYPE"] not in ("DATE", "TIME", "DURATION", "SET"):
            raise TimexError(f"{where}: bad TYPE {b['TYPE']!r}")
        groups: dict[str, str | None] = {}
        pattern = _expand(b["PATTERN"], defines, words, groups, where)
        for g in _GROUP_RE.findall(pattern):
            groups.setdefault(g, g if g in words else None)
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise TimexError(f"{where}: rule {b['RULE']}: bad regex: {exc}") from exc
        values = tuple(v.strip() for v in b["VALUE"].split("||"))
        key = "LIST" if "LIST" in b else "RANGE"
        ends = tuple(b[key].split()) if key in b else None
        if ends is not None and (len(ends) != 2 or not set(ends) <= set(groups)
                                 or not all(" .. " in v for v in values)
                                 or ("LIST" in b and "RANGE" in b)):
            raise TimexError(f"{where}: rule {b['RULE']}: {key} needs two groups of the "
                             f"pattern and VALUE '<left> .. <right>' (and no other "
                             f"RANGE/LIST)")
        rules.append(Rule(b["RULE"], b["FAMILY"], b["TYPE"], pattern, values, b.get("MOD"),
                          tuple(b["EXAMPLE"]), groups, where, ends, key == "RANGE"))
    return tuple(rules), anchors


def _fold_case(pattern: str) -> str:
    """Rewrite a regex so that it matches case-insensitively without re.IGNORECASE:
    letters become [aA] classes (letters in classes get both cases), except inside
    (?-i:...) groups, escapes and group names.

    Why: CPython's regex engine skips an alternative at once when its first item is a
    plain literal or class that cannot match; case-insensitive literals have no such fast
    path, which made the big word alternations about ten times slower.
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern.startswith("(?-i:", i):  # copy a case-sensitive group verbatim
            depth, j = 0, i
            while j < n:
                if pattern[j] == "\\":
                    j += 2
                    continue
                if pattern[j] == "(":
                    depth += 1
                elif pattern[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            out.append(pattern[i:j + 1])
            i = j + 1
        elif pattern.startswith("(?P<", i):
            j = pattern.index(">", i)
            out.append(pattern[i:j + 1])
            i = j + 1
        elif c == "[":
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            head = pattern[i:j]  # "[", "[^", "[]" or "[^]": kept as written
            body = []
            while j < n and pattern[j] != "]":
                if pattern[j] == "\\":
                    body.append(pattern[j:j + 2])
                    j += 2
                    continue
                if (j + 2 < n and pattern[j + 1] == "-" and pattern[j + 2] != "]"
                        and pattern[j].isalpha() and pattern[j + 2].isalpha()):
                    rng = pattern[j:j + 3]
                    body.append(rng + rng.swapcase())
                    j += 3
                    continue
                ch = pattern[j]
                body.append(ch + ch.swapcase() if ch.isalpha() and ch.swapcase() != ch
                            else ch)
                j += 1
            out.append(head + "".join(body) + "]")
            i = j + 1
        elif c.isalpha() and c.swapcase() != c and len(c.swapcase()) == 1:
            out.append(f"[{c.lower()}{c.upper()}]")
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


_LEFT = r"(?<![\w$€£¥#@'’])(?<![0-9][.,:/])"
_RIGHT = r"(?![\w%])(?![.,:/-]?[0-9])"


def _guard(chars: set | None) -> str:
    """A lookahead for one of chars ("(?=[FfTt])"); "" when any character may start."""
    if not chars:
        return ""
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])"


def _first_chars(pattern: str) -> set | None:
    """The characters a match of pattern can start with, or None if any/unknown."""
    import re._constants as sc  # the regex parser's tree, only read
    import re._parser as sp

    def seq(items):
        out: set = set()
        for op, av in items:
            f, nullable = item(op, av)
            if f is None:
                return None, False
            out |= f
            if not nullable:
                return out, False
        return out, True

    def item(op, av):
        if op is sc.LITERAL:
            return {chr(av)}, False
        if op is sc.IN:
            chars: set = set()
            for o, v in av:
                if o is sc.LITERAL:
                    chars.add(chr(v))
                elif o is sc.RANGE:
                    chars |= {chr(x) for x in range(v[0], v[1] + 1)}
                elif o is sc.CATEGORY and v is sc.CATEGORY_DIGIT:
                    chars |= set("0123456789")
                else:
                    return None, False
            return chars, False
        if op is sc.SUBPATTERN:
            return seq(av[3])
        if op is sc.BRANCH:
            chars, nullable = set(), False
            for branch in av[1]:
                f, n = seq(branch)
                if f is None:
                    return None, False
                chars |= f
                nullable |= n
            return chars, nullable
        if op in (sc.MAX_REPEAT, sc.MIN_REPEAT):
            f, n = seq(av[2])
            return (None, False) if f is None else (f, n or av[0] == 0)
        if op in (sc.AT, sc.ASSERT, sc.ASSERT_NOT):
            return set(), True
        return None, False

    try:
        chars, nullable = seq(sp.parse(_fold_case(pattern)))
    except Exception:  # noqa: BLE001 - an optimisation only; fall back to no guard
        return None
    if not chars or nullable:
        return None
    return chars


def _start_groups(firsts: list) -> list[list[int]]:
    """Partition rule indexes into groups whose first characters never overlap with
    another group's (connected components), each in file order.  Rules of different
    groups can never match at the same position, so putting each group behind one
    lookahead changes no result, and most groups are skipped after a single test."""
    parent = list(range(len(firsts)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(firsts)):
        for j in range(i):
            a, b = firsts[i], firsts[j]
            if a is None or b is None or a & b:
                parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(firsts)):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values())


@lru_cache(maxsize=1)
def _compiled():
    """One alternation regex per rule family:
    [(family, regex, {outer group: (rule, {group: index})})]."""
    families: dict[str, list[Rule]] = {}
    for rule in load_rules():
        families.setdefault(rule.family, []).append(rule)
    out = []
    for fam_rules in families.values():
        alts, firsts = [], []
        for i, rule in enumerate(fam_rules):
            prefixed = _GROUP_RE.sub(lambda m, i=i: f"(?P<r{i}__{m.group(1)}>", rule.pattern)
            firsts.append(_first_chars(prefixed))
            alts.append(_guard(firsts[-1]) + f"(?P<r{i}>(?:{prefixed}){_RIGHT})")
        parts = []
        for group in _start_groups(firsts):
            chars = None if any(firsts[i] is None for i in group) else set().union(
                *(firsts[i] for i in group))
            body = "|".join(alts[i] for i in group)
            parts.append(body if len(group) == 1 else f"{_guard(chars)}(?:{body})")
        # the left boundary is shared, so mid-word positions fail before any alternative
        regex = fastre.compile(_fold_case(_LEFT + "(?:" + "|".join(parts) + ")"))
        index = {}
        for i, rule in enumerate(fam_rules):
            gidx = {name.split("__", 1)[1]: idx for name, idx in regex.groupindex.items()
                    if name.startswith(f"r{i}__")}
            index[f"r{i}"] = (rule, gidx)
        out.append((fam_rules[0].family, regex, index))
    return out


# --------------------------------------------------------------------------- normalizers


def _count(s: str) -> str:
    words = load_words()
    s = _norm_key(s)
    if s.endswith(" and a half"):  # "three and a half" -> 3.5
        return f"{float(_count(s[:-11])) + 0.5:g}"
    if _RE_THOUSANDS.fullmatch(s):  # "1,000"
        s = s.replace(",", "")
    if _RE_DECIMAL.fullmatch(s):
        return str(float(s)).removesuffix(".0") if "." in s else str(int(s))
    m = _RE_HALF.fullmatch(s)
    if m:
        return f"{m.group(1)}.5"
    if s in words["vague"].table:
        return "X"
    if s in words["number"].table:
        return words["number"].table[s]
    m = _RE_TWO_WORDS.fullmatch(s)
    if m and m.group(1) in words["tens"].table and m.group(2) in words["number"].table:
        return str(int(words["tens"].table[m.group(1)]) + int(words["number"].table[m.group(2)]))
    raise ValueError(f"not a count: {s!r}")


def _clock(s: str) -> str:
    s = _norm_key(s)
    if s in ("noon", "midday"):
        return "12:00"
    if s == "midnight":
        return "00:00"
    m = re.match(r"([0-9]{1,2})(?:[:.]([0-9]{2}))?\s*(?:([ap])\.?m\.?)?", s)
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3) == "p" and hour < 12:
        hour += 12
    elif m.group(3) == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise ValueError(f"bad clock time {s!r}")
    return f"{hour:02d}:{minute:02d}"


def _hour_part(s: str) -> str:
    """'4 in the morning' -> '04:00', 'nine in the evening' -> '21:00', '11 at night' ->
    '23:00' (but '2 at night' -> '02:00')."""
    s = _norm_key(s)
    head = s.split()[0]
    hour = int(_count(head))
    if not 1 <= hour <= 12:
        raise ValueError(f"not an hour: {s!r}")
    pm = s.endswith(("afternoon", "evening")) or (s.endswith("night") and hour >= 6)
    if pm and hour < 12:
        hour += 12
    elif s.endswith("morning") and hour == 12:
        hour = 0
    return f"{hour:02d}:00"


def _year_words(s: str) -> str:
    """'nineteen ninety-six' -> '1996', 'two thousand and one' -> '2001'."""
    words = load_words()
    s = _norm_key(s).replace("-", " ")
    if s.startswith("two thousand"):
        rest = s.removeprefix("two thousand").removeprefix(" and").strip()
        return f"{2000 + (int(_count(rest)) if rest else 0):04d}"
    head, _, tail = s.partition(" ")
    century = int(words["number"].table[head])
    tail = tail.removeprefix("oh ").strip()
    if tail == "hundred":
        low = 0
    else:
        low = int(_count(tail.replace(" ", "-", 1) if " " in tail else tail))
    if not 0 <= low < 100:
        raise ValueError(f"not a year: {s!r}")
    return f"{century * 100 + low:04d}"


def _two_digit_decade(s: str) -> str:
    return ("20" if s in "012" else "19") + s


_NORMALIZERS = {
    "year": lambda s: f"{int(s):04d}",
    "year2": lambda s: f"{int(s):04d}",
    "yy": lambda s: s,
    "to": lambda s: s,
    "from": lambda s: s,
    "day2": lambda s: f"{int(s):02d}",
    "wk": lambda s: "",
    "ago": lambda s: "",
    "lastq": lambda s: "",
    "theyear": lambda s: "",
    "before": lambda s: "-1",
    "after": lambda s: "+1",
    "wfirst": lambda s: "START",
    "wlast": lambda s: "END",
    "count2": lambda s: _count(s),
    "day": lambda s: f"{int(_RE_DIGITS.match(s).group()):02d}",
    "mm": lambda s: f"{int(s):02d}",
    "count": _count,
    "clock": _clock,
    "hourpart": _hour_part,
    "decade": lambda s: s,
    "decade2": _two_digit_decade,
    "yearword": _year_words,
    "cc": lambda s: s,
    "q": lambda s: s,
    "century": lambda s: f"{int(load_words()['ordinal'].table[_norm_key(s)]) - 1:02d}",
}


@lru_cache(maxsize=4096)  # pure; news repeats the same values
def _normalize(group: str, table: str | None, text: str) -> str:
    if group in _NORMALIZERS:
        return _NORMALIZERS[group](text)
    if table is None:
        raise ValueError(f"group {group} has no normalizer")
    return load_words()[table].table[_norm_key(text)]


_FIELD_RE = re.compile(r"\{(\w+)\}")


def _fill(template: str, vals: dict) -> str | None:
    """``template`` with its ``{group}`` fields filled from vals; None if one is missing."""
    fields, fmt = _template(template)
    for g in fields:
        if vals.get(g) is None:
            return None
    return fmt.format_map(vals)


@lru_cache(maxsize=1024)
def _template(template: str) -> tuple[tuple[str, ...], str]:
    """A template's field names and a str.format pattern for it (other braces doubled)."""
    fields = tuple(_FIELD_RE.findall(template))
    parts = _FIELD_RE.split(template)  # literal, field, literal, field, ..., literal
    fmt = "".join(p.replace("{", "{{").replace("}", "}}") if i % 2 == 0 else "{" + p + "}"
                  for i, p in enumerate(parts))
    return fields, fmt


# --------------------------------------------------------------------------- resolution

_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _parse_dct(dct) -> tuple[int, int | None, int | None] | None:
    if dct is None:
        return None
    if not isinstance(dct, str):
        raise TimexError(f"dct must be a 'YYYY[-MM[-DD]]' string or None, not {type(dct).__name__}")
    m = _DCT_RE.match(dct.strip()[:10])
    if not m:
        raise TimexError(f"dct {dct!r} is not 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'")
    y, mo, d = (int(x) if x else None for x in m.groups())
    try:
        dt.date(y, mo or 1, d or 1)
    except ValueError as exc:
        raise TimexError(f"dct {dct!r} is not a real date: {exc}") from exc
    return y, mo, d


def _fmt_unit(unit: str, d: dt.date) -> str:
    if unit == "day":
        return d.isoformat()
    if unit == "week":
        iy, iw, _ = d.isocalendar()
        return f"{iy:04d}-W{iw:02d}"
    if unit == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if unit == "year":
        return f"{d.year:04d}"
    if unit == "decade":
        return f"{d.year // 10:03d}X"
    return f"{d.year // 100:02d}XX"  # century


_UNKNOWN = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "quarter": "XXXX-QX",
            "year": "XXXX", "decade": "XXXX", "century": "XXXX"}


def _shift(d: dt.date, unit: str, n: int) -> dt.date:
    if unit == "day":
        return d + dt.timedelta(days=n)
    if unit == "week":
        return d + dt.timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit] * n
    total = d.year * 12 + d.month - 1 + months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, 1)


_PRECISION = {"day": 0, "week": 1, "month": 2, "quarter": 3, "season": 3, "half": 3,
              "year": 4, "decade": 5, "century": 6}


def _year_unit(unit: str, n: int) -> tuple[str, int]:
    """Decades and centuries counted from a date are years ("a decade ago" -> 2012)."""
    if unit in ("decade", "century") and n != 0:
        return "year", n * (10 if unit == "decade" else 100)
    return unit, n


_FRACTION_UNIT = {"century": ("month", 1200), "decade": ("month", 120), "year": ("month", 12),
                  "quarter": ("month", 3), "week": ("day", 7), "month": ("day", 30)}


def _resolve_ref(unit: str, offset: str, dct, keep_unit: bool = False) -> tuple[str, bool]:
    if "X" in offset:
        return ("PAST_REF" if offset.startswith("-") else "FUTURE_REF"), False
    x = float(offset)
    if x != int(x) and unit in _FRACTION_UNIT:  # "half a century ago": 50 years back,
        unit, x = _FRACTION_UNIT[unit][0], x * _FRACTION_UNIT[unit][1]  # "half a year": 6
        if unit == "month" and x % 12 == 0:                               # months
            unit, x = "year", x / 12
    n = int(x)
    if unit in ("decade", "century") and n != 0 and not keep_unit:  # "a decade ago": a year
        unit, n = "year", n * (10 if unit == "decade" else 100)
    if dct is None:
        return _UNKNOWN[unit], False
    y, mo, d = dct
    need = {"day": 3, "week": 3, "month": 2, "quarter": 2}.get(unit, 1)
    have = 1 + (mo is not None) + (d is not None)
    if have < need:
        if unit == "day" and mo is not None and abs(n) <= _NEAR_DAYS:
            return f"{y:04d}-{mo:02d}", True  # within days of a month DCT: that month
        if n == 0 and unit == "week":
            return f"{y:04d}-WXX", True
        return _UNKNOWN[unit], False
    base = dt.date(y, mo or 1, d or 1)
    return _fmt_unit(unit, _shift(base, unit, n)), True


_NEAR_DAYS = 7  # "yesterday", "three days ago", "on Friday" under a month DCT: its month


def _near_month(dct) -> tuple[str, bool] | None:
    """The DCT's month for a day near the DCT when only the month is known (a
    manifest's ``"published": "2019-11"``): the precision that can be known, rather than
    no date at all.  None when the DCT has a day, or no month."""
    if dct is None or dct[1] is None or dct[2] is not None:
        return None
    return f"{dct[0]:04d}-{dct[1]:02d}", True


def _what_start(what: str, year: int) -> tuple[dt.date, dt.date]:
    """First and last day of <what> (05, 05-04, Q3, H2, SU) in a given year."""
    if what in _SEASON_MONTH:
        m = _SEASON_MONTH[what]
        start = dt.date(year, m, 1)
        end_m = m + 2
        end = (dt.date(year + 1, end_m - 12, 1) if end_m > 12 else dt.date(year, end_m, 1))
        return start, _month_end(end)
    if what[0] == "Q":
        q = int(what[1])
        return dt.date(year, 3 * q - 2, 1), _month_end(dt.date(year, 3 * q, 1))
    if what[0] == "H":
        h = int(what[1])
        return dt.date(year, 6 * h - 5, 1), _month_end(dt.date(year, 6 * h, 1))
    parts = what.split("-")
    month = int(parts[0])
    if len(parts) == 2:
        day = dt.date(year, month, int(parts[1]))
        return day, day
    return dt.date(year, month, 1), _month_end(dt.date(year, month, 1))


def _month_end(d: dt.date) -> dt.date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


_TENSE_GRACE_DAYS = {"day": 60, "month": 20, "other": 45}  # quarters/halves/seasons: other
_QUARTER_REPORT_LAG_DAYS = 60  # "the quarter" in news = the last one, if it ended this recently


def _resolve_tense(what: str, dct, tense: str | None) -> tuple[str, bool]:
    """Year (or week) of an underspecified <what> (05, 05-04, Q3, H2, SU, wd5, WE) from
    the DCT and the tense of its sentence: past -> the last one, future -> the next one,
    no cue -> the one nearest the DCT (future distances count double: news is mostly
    about the past).  Dates within a grace period of the DCT stay in the DCT's year."""
    if what in ("WE", "WE0"):  # "the weekend" (past unless future), "this weekend"
        if dct is None or dct[2] is None:  # (coming unless past); a Saturday or Sunday
            return "XXXX-WXX-WE", False    # DCT is in its own weekend either way
        base = dt.date(*dct)
        coming = tense == "future" if what == "WE" else tense != "past"
        if coming or base.isoweekday() >= 6:
            return _fmt_unit("week", base) + "-WE", True
        return _fmt_unit("week", base - dt.timedelta(weeks=1)) + "-WE", True
    if what.startswith("wd"):
        wd = int(what[2:])
        if dct is None or dct[2] is None:
            return _near_month(dct) or (f"XXXX-WXX-{wd}", False)
        base = dt.date(*dct)
        delta = wd - base.isoweekday()
        ahead, back = delta % 7, (-delta) % 7
        # no tense cue: the nearer one, days ahead counting double (news is mostly past)
        if tense == "future" or (tense is None and 2 * ahead < back):
            day = base + dt.timedelta(days=ahead)
        else:
            day = base - dt.timedelta(days=back)
        return day.isoformat(), True
    if dct is None:
        _what_start(what, 2000)  # validates (raises on February 30)
        return f"XXXX-{what}", False
    y, mo, d = dct
    _what_start(what, 2000)  # validates (raises on February 30; 2000 is a leap year)
    if mo is None:
        return f"{y:04d}-{what}", True
    ref = dt.date(y, mo, d or 1)
    ref_end = ref if d else _month_end(ref)
    year = y
    # News talks about the weeks around the DCT in either tense ("had been set to
    # expire Nov. 6", "expects to report third-quarter results"): only move a year
    # when the date is further than a grace period on the wrong side of the DCT.
    kind = "day" if len(what) == 5 else "other" if what[0] in "QHSFW" else "month"
    grace = dt.timedelta(days=_TENSE_GRACE_DAYS[kind])
    try:
        start, end = _what_start(what, y)
        if tense == "past" and start > ref_end + grace:
            year = y - 1
        elif tense == "future" and end < ref - grace:
            year = y + 1
        elif tense not in ("past", "future"):  # no cue: the occurrence nearest the DCT,
            def distance(yy):                  # news being about the past: future x2
                s_, e_ = _what_start(what, yy)
                return max(2 * (s_ - ref_end).days, (ref - e_).days, 0)
            year = min((y - 1, y, y + 1), key=lambda yy: (distance(yy), yy != y))
        _what_start(what, year)
    except ValueError:  # 02-29 in a non-leap year
        return f"XXXX-{what}", False
    return f"{year:04d}-{what}", True


def _resolve_near(rel: str, what: str, dct) -> tuple[str, bool]:
    n = int(rel)
    if what.startswith("wd"):
        wd = int(what[2:])
        if dct is None or dct[2] is None:
            return _near_month(dct) or (f"XXXX-WXX-{wd}", False)
        base = dt.date(*dct)
        if n < 0:
            day = base - dt.timedelta(days=((base.isoweekday() - wd - 1) % 7) + 1)
        elif n > 0:
            day = base + dt.timedelta(days=((wd - base.isoweekday() - 1) % 7) + 1)
        else:
            day = base + dt.timedelta(days=wd - base.isoweekday())
        return day.isoformat(), True
    if dct is None or (dct[1] is None and n != 0):
        _what_start(what, 2000)
        return f"XXXX-{what}", False
    y, mo, _ = dct
    if n == 0 or mo is None:
        return f"{y:04d}-{what}", True
    start_month = _SEASON_MONTH.get(what) or int(what.split("-")[0])
    if n < 0:
        year = y if start_month < mo else y - 1
    else:
        year = y if start_month > mo else y + 1
    return f"{year:04d}-{what}", True


def resolve(intermediate: str, dct: str | tuple | None = None, tense: str | None = None,
            context: dict | None = None) -> tuple[str, bool]:
    """Step two of normalization: intermediate rule value -> (TIMEX3 value, anchored).

    >>> resolve("TENSE 05", "2025-03", "past")
    ('2024-05', True)
    >>> resolve("REF year -1|-06", "2025-03-01")
    ('2024-06', True)
    >>> resolve("NEAR -1 wd5", None)
    ('XXXX-WXX-5', False)
    >>> resolve("CTXQ -1", "1989-10-27", context={"quarter": "1989-Q3"})
    ('1988-Q3', True)
    >>> resolve("CTXQL", "1989-10-27", context={"quarter": "1989-Q4"})
    ('1989-Q3', True)

    >>> resolve("CTXREF day +2", "2024-06-14", context={"dates": [("2014-03-12", "day")]})
    ('2014-03-14', True)
    >>> resolve("HOL victory_day T", "2025-05-17", "past", {"_countries": ("FRA",)})
    ('2025-05-08', True)

    ``context`` holds what the text mentioned last (HeidelTime's "last mentioned"
    anchor for narratives): ``quarter`` (a YYYY-Qn value), ``year`` (an int from an
    explicitly written date) and ``dates`` (the recent dates as (first day, granularity),
    latest last); ``_countries`` the countries named near a holiday.  CTX* values use it
    and fall back to the DCT.
    """
    context = context or {}
    if isinstance(dct, str) or dct is None:
        dct = _parse_dct(dct)
    base, _, suffix = intermediate.partition("|")
    parts = base.split()
    kind = parts[0]
    if kind == "DUR":
        return _duration(parts[1], parts[2]) + suffix, False
    if kind == "REF":
        value, anchored = _resolve_ref(parts[1], parts[2], dct)
    elif kind == "TENSE":
        value, anchored = _resolve_tense(parts[1], dct, tense)
    elif kind == "OVERNIGHT":  # "stocks fell overnight": the night before the day in view
        if tense == "future":    # (a day mentioned just before, else the creation day)
            return resolve("REF day 0|TNI", dct, tense, context)
        near = context.get("_at", 0) - context.get("day_at", -_OVERNIGHT_REACH) \
            <= _OVERNIGHT_REACH
        return resolve("CTXREF day -1|TNI" if near else "REF day -1|TNI", dct, tense, context)
    elif kind == "NEAREST":  # "Friday's ruling": the clause's tense is not the event's
        value, anchored = _resolve_tense(parts[1], dct, None)
    elif kind == "NEAR":
        value, anchored = _resolve_near(parts[1], parts[2], dct)
    elif kind in _QUARTER_KINDS:
        value, anchored, final = _resolve_quarter(kind, parts, dct, tense, context)
        if final:
            return value, anchored
    elif kind in ("WEEKOF", "WEEKENDOF"):  # "the week of March 6": the week of that day
        value, anchored = resolve(" ".join(parts[1:]), dct, tense, context)
        if _RE_DAY.fullmatch(value):
            value = _fmt_unit("week", dt.date.fromisoformat(value))
            value += "-WE" if kind == "WEEKENDOF" else ""
        return value, anchored
    elif kind == "DAYSHIFT":  # "the day before last Tuesday": a day from another one
        value, anchored = resolve(" ".join(parts[2:]), dct, tense, context)
        if not _RE_DAY.fullmatch(value):
            return "XXXX-XX-XX", False
        day = dt.date.fromisoformat(value) + dt.timedelta(days=int(parts[1]))
        return day.isoformat(), anchored
    elif kind in ("HOL", "HOLW"):  # a holiday (or its week): HOL <id> <year|-1|0|+1|T>
        value, anchored = _resolve_holiday(parts[1], parts[2], dct, tense,
                                           context.get("_countries", ()))
        if kind == "HOLW" and _RE_DAY.fullmatch(value):
            value = _fmt_unit("week", dt.date.fromisoformat(value))
    elif kind in ("CTXREF", "CTXUNIT", "CTXREL", "CTXNEAR"):
        value, anchored = _resolve_anaphoric(kind, parts[1], parts[2], dct, context,
                                             bare=not suffix)
    elif kind == "CTXY":
        n = int(parts[1])
        if context.get("year") is not None:
            value, anchored = f"{context['year'] + n:04d}", True
        else:
            value, anchored = _resolve_ref("year", parts[1], dct)
    else:
        value, anchored = base, False
    if suffix and (value.endswith("_REF") or (
            suffix.startswith("T") and _RE_MONTH.fullmatch(value))):
        return value, anchored  # a time of day needs a day: "last night" under "2019-11"
    return value + suffix, anchored


_QUARTER_KINDS = ("CTXQ", "CTXQL", "CTXQY", "QTENSE")


def _resolve_quarter(kind: str, parts: list[str], dct, tense: str | None, context: dict
                     ) -> tuple[str, bool, bool]:
    """The quarter values of :func:`resolve` (kinds in _QUARTER_KINDS): (value, anchored,
    final), where ``final`` means the value is whole (no suffix to add)."""
    if kind == "CTXQ":
        n = int(parts[1])
        last = context.get("quarter")
        if n and last and not _quarter_reported(last, dct, context) \
                and context.get("quarter_at", 0) < context.get("_sent", 0):
            last = context.get("quarter_reported") or last  # "a year earlier" compares
        if last:
            value, anchored = f"{int(last[:4]) + n:04d}{last[4:]}", True
        elif n == 0:
            return (*resolve("QTENSE", dct, tense), True)
        elif parts[2:] == ["NARRATIVE"]:  # "a year earlier": before the date in view
            value, anchored = _resolve_anaphoric("CTXREF", "year", parts[1], dct, context)
        else:
            value, anchored = _resolve_ref("year", parts[1], dct)
    elif kind == "CTXQL":  # "the latest quarter": the last one mentioned, unless it has
        last = context.get("quarter")  # not ended by the DCT and was not mentioned in the
        if last and not _quarter_reported(last, dct, context):  # past tense ("will cause
            last = None                                        # a fourth-quarter charge")
        if last:
            value, anchored = last, True
        else:
            return (*resolve("QTENSE", dct, "past"), True)
    elif kind == "CTXQY":  # "the 1988 quarter": the quarter last mentioned, in that year
        last = context.get("quarter")
        if last and not _quarter_reported(last, dct, context) \
                and context.get("quarter_at", 0) < context.get("_sent", 0):
            last = context.get("quarter_reported") or last
        value, anchored = (f"{parts[1]}{last[4:]}", True) if last else (parts[1], False)
    elif kind == "QTENSE":  # "the quarter": the one just reported unless the clause is future
        if dct is None or dct[1] is None:
            value, anchored = "XXXX-QX", False
        else:
            ref = dt.date(dct[0], dct[1], dct[2] or 1)
            if tense != "future":
                ref -= dt.timedelta(days=_QUARTER_REPORT_LAG_DAYS)
            value, anchored = _fmt_unit("quarter", ref), True
    return value, anchored, False


def _quarter_reported(quarter: str, dct, context: dict) -> bool:
    """Whether the quarter last mentioned is one a report can be about: it has ended by the
    DCT or was mentioned in the past tense ("reported fourth-quarter profit"); not one still
    to come ("will cause a fourth-quarter charge", "the third quarter of 1990").  A
    comparison ("a year earlier", "the 1988 period") outside the sentence naming a quarter
    still to come is with the quarter last reported (context["quarter_reported"])."""
    if context.get("quarter_past") or dct is None or dct[1] is None:
        return True
    _, end = _what_start(quarter[5:], int(quarter[:4]))
    return end < dt.date(dct[0], dct[1], dct[2] or 1)


def _resolve_anaphoric(kind: str, unit: str, offset: str, dct, context: dict,
                       bare: bool = False) -> tuple[str, bool]:
    """"Three years later", "the following decade", "the day before", "the previous
    Friday": from the most recent date of the text as precise as the unit (a day for
    CTXNEAR), else from the DCT; a value found from the DCT, or relative to a happening
    (CTXREL), is marked in context["_guess"] so that it anchors nothing after it.

    "That day" / "that week" (CTXREF day|week 0, ``bare``: no time of day) right after a
    coarser date ("last October ... that same day") is a day of that date, which the text
    does not tell: 1998-10-XX, 1998-WXX (guessed, so it anchors nothing)."""
    if kind == "CTXNEAR":  # unit = rel, offset = wd<n>
        last = next((d for d in reversed(context.get("dates", ())) if d[1] == "day"), None)
        if last is None:
            context["_guess"] = True
            return _resolve_near(unit, offset, dct)
        base = dt.date.fromisoformat(last[0])
        return _resolve_near(unit, offset, (base.year, base.month, base.day))
    recent = context.get("dates", ())[-1:]
    if (bare and kind == "CTXREF" and unit in ("day", "week") and offset.lstrip("+-") == "0"
            and recent and recent[0][1] in ("month", "year")):
        context["_guess"] = True
        y, m = recent[0][0][:4], recent[0][0][5:7]
        if unit == "week":
            return f"{y}-WXX", True
        return (f"{y}-{m}-XX" if recent[0][1] == "month" else f"{y}-XX-XX"), True
    last = next((d for d in reversed(context.get("dates", ()))
                 if _PRECISION[d[1]] <= _PRECISION[unit]), None)
    if last is None or "X" in offset:  # no fitting date in the text: the DCT
        context["_guess"] = True
        return _resolve_ref(unit, offset, dct, kind == "CTXUNIT")
    base = dt.date.fromisoformat(last[0])
    # CTXREF counts decades and centuries in years ("a decade later" -> 1955), CTXUNIT
    # keeps the unit ("the following decade" -> 195X)
    u, k = _year_unit(unit, int(offset)) if kind == "CTXREF" else (unit, int(offset))
    context["_guess"] = kind == "CTXREL"
    return _fmt_unit(u, _shift(base, u, k)), True


def _resolve_holiday(hid: str, when: str, dct, tense: str | None,
                     countries: tuple) -> tuple[str, bool]:
    """The day of a holiday: in a given year, the last (-1), this year's (0) or the next
    (+1) one, or (T) the year picked as for "June 9" by the tense and the DCT."""
    def day(year):
        d = holiday_day(hid, year, countries)
        if d is None:
            raise ValueError(f"holiday {hid} has no day without a country")
        return d

    if len(when) == 4 and when.isdigit():
        return day(int(when)).isoformat(), False
    if dct is None:
        md = fixed_month_day(hid, countries)
        return (f"XXXX-{md}" if md else "XXXX-XX-XX"), False
    y, mo, d = dct
    if mo is None or (when in ("-1", "+1") and d is None):
        return (day(y).isoformat(), True) if when in ("0", "T") else ("XXXX-XX-XX", False)
    ref = dt.date(y, mo, d or 1)
    ref_end = ref if d else _month_end(ref)
    years = (y - 1, y, y + 1)
    if when == "-1":
        return max(day(yy) for yy in years if day(yy) < ref).isoformat(), True
    if when == "+1":
        return min(day(yy) for yy in years if day(yy) > ref_end).isoformat(), True
    if when == "0":
        return day(y).isoformat(), True
    grace = dt.timedelta(days=_TENSE_GRACE_DAYS["day"])
    if tense == "past":
        year = y - 1 if day(y) > ref_end + grace else y
    elif tense == "future":
        year = y + 1 if day(y) < ref - grace else y
    else:  # no cue: the one nearest the DCT, future distances counting double
        year = min(years, key=lambda yy: (max(2 * (day(yy) - ref_end).days,
                                              (ref - day(yy)).days, 0), yy != y))
    return day(year).isoformat(), True


def _duration(count: str, unit: str) -> str:
    m = _RE_UNIT.fullmatch(unit)
    mult, code = int(m.group(1) or 1), m.group(2)
    if code == "WE":
        mult, code = 2 * mult, "D"
    if count == "X":
        n = "X"
    else:
        x = float(count) * mult
        if x != int(x):  # 2.5 years -> P2Y6M; 1.5 hours -> PT1H30M
            sub = {"Y": ("M", 12), "D": ("TH", 24), "TH": ("TM", 60), "W": ("D", 7),
                   "M": ("D", 30), "TM": ("TS", 60)}.get(code)
            if sub:
                whole, frac = int(x), round((x - int(x)) * sub[1])
                parts = [_duration(str(whole), code)] if whole else []
                parts.append(_duration(str(frac), sub[0]))
                date_part = "".join(p[1:].partition("T")[0] for p in parts)
                time_part = "".join(p[1:].partition("T")[2] for p in parts)
                return "P" + date_part + ("T" + time_part if time_part else "")
            n = f"{x:g}"
        else:
            n = str(int(x))
    if code.startswith("T"):
        return f"PT{n}{code[1]}"
    return f"P{n}{code}"


# --------------------------------------------------------------------------- intervals


@lru_cache(maxsize=4096)  # pure; news repeats the same values
def interval(value: str) -> tuple[str | None, str | None]:
    """First and last day (ISO) covered by a DATE/TIME value, or (None, None)."""
    v = value.split("T")[0] if _RE_DAY_T.match(value) else value
    if _RE_SOME_DAY.fullmatch(v):  # "1998-10-XX", "1998-XX-XX", "1998-WXX": a day or week
        v = v.split("-XX")[0].split("-WXX")[0]  # of a known month or year: its interval
    try:
        if _RE_DAY.fullmatch(v):
            d = dt.date.fromisoformat(v)
            return d.isoformat(), d.isoformat()
        m = _RE_YEAR_PART.fullmatch(v)
        if m:
            y = int(m.group(1))
            if m.group(2) is None:
                return f"{y:04d}-01-01", f"{y:04d}-12-31"
            s, e = _what_start(m.group(2), y)
            return s.isoformat(), e.isoformat()
        m = _RE_WEEK.fullmatch(v)
        if m:
            monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            if m.group(3):
                return (monday + dt.timedelta(days=5)).isoformat(), (
                    monday + dt.timedelta(days=6)).isoformat()
            return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()
        m = _RE_DECADE.fullmatch(v)
        if m:
            y = int(m.group(1)) * 10
            return f"{y:04d}-01-01", f"{y + 9:04d}-12-31"
        m = _RE_CENTURY.fullmatch(v)
        if m:
            y = int(m.group(1)) * 100
            return f"{y:04d}-01-01", f"{y + 99:04d}-12-31"
    except ValueError:
        pass
    return None, None


@lru_cache(maxsize=4096)  # pure; news repeats the same values
def granularity(value: str, type_: str) -> str:
    """Granularity of a value: day|week|month|quarter|season|half|year|decade|century|..."""
    if type_ == "SET":
        return "set"
    if type_ == "DURATION" or value.startswith("P") and not value.endswith("_REF"):
        return "duration"
    if value.endswith("_REF"):
        return "ref"
    if "T" in value:
        return "time"
    m = _GRANULARITY_RE.fullmatch(value)
    return m.lastgroup if m else "unknown"


_GRANULARITY_RE = re.compile(
    r"(?P<day>[0-9X]{4}-(?:[0-9X]{2}-[0-9X]{2}|W[0-9X]{2}-[1-7]))|(?P<week>[0-9X]{4}-W[0-9X]{2}"
    r"(?:-WE)?)|(?P<month>[0-9X]{4}-[0-9X]{2})|(?P<quarter>[0-9X]{4}-Q[1-4X])"
    r"|(?P<season>[0-9X]{4}-(?:SP|SU|FA|WI))|(?P<half>[0-9X]{4}-H[12X])|(?P<year>[0-9]{4})"
    r"|(?P<decade>[0-9]{3}X)|(?P<century>[0-9]{2}XX)")


# --------------------------------------------------------------------------- context (tense)

_WORD_RE = re.compile(r"[A-Za-z']+")
_SENT_END_RE = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])|\n\s*\n")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - 400)
    s = lo
    for m in _SENT_END_RE.finditer(text, lo, start):
        s = m.end()
    m = _SENT_END_RE.search(text, end, min(len(text), end + 400))
    return s, (m.start() + 1 if m else min(len(text), end + 400))


def _tense(text: str, start: int, end: int) -> str | None:
    """Tense of the clause around text[start:end]: 'past', 'future', 'present' or None.

    Looks at the words of the same sentence, nearest first (left before right at equal
    distance), and returns the first cue from tense.txt; a word ending in -ed counts as
    past, one ending in 'll as future.
    """
    cues = load_tense()
    s, e = _sentence_bounds(text, start, end)
    left = [_cue_word(w, cues) for w in _WORD_RE.findall(text, s, start)][::-1][:12]
    right = [_cue_word(w, cues) for w in _WORD_RE.findall(text, end, e)][:12]
    if left:  # the words after a coordinated verb belong to its clause: "reported ... on
        cut = next((k for k, w in enumerate(right) if w in _CLAUSE_JOINS), None)  # Tuesday
        if cut is not None and any(cues.get(w, "notcue") != "notcue"  # and expects ..."
                                   or (len(w) > 4 and w.endswith("ed")) for w in left):
            right = right[:cut]
    for i in range(max(len(left), len(right))):
        for side, step in ((left, 1), (right, -1)):
            if i < len(side):
                w = side[i]
                after = (left[i - 1] if i else (right[0] if right else "")) if step == 1 \
                    else (right[i + 1] if i + 1 < len(right) else "")
                cue = cues.get(f"{w} {after}")  # "postponed until", "next to the embassy"
                if cue == "notcue" or (cue is None and cues.get(w) == "notcue"):
                    continue  # "next to", "unspecified"
                cue = cue or cues.get(w)
                if cue is None and w.endswith("'ll"):
                    cue = "future"
                if cue is None and len(w) > 4 and w.endswith("ed") and not w.endswith("eed"):
                    cue = "past"
                if cue == "past":
                    j = i + step  # the word before it in the text: "will be paid"
                    if 0 <= j < len(side) and side[j] in _PASSIVE_AUX:
                        continue
                if cue:
                    return cue
    return None


def _cue_word(word: str, cues: dict) -> str:
    """A word of the sentence as _tense looks it up: lower-cased; a capitalized word in -ed
    that is no listed cue is a name ("the United States", "Ted"), not a past form, and
    gets a mark that keeps the -ed rule off it."""
    low = word.lower()
    if word[0].isupper() and low.endswith("ed") and low not in cues:
        return low + "|"
    return low


_PASSIVE_AUX = frozenset(("be", "been", "being"))
_CLAUSE_JOINS = frozenset(("and", "but", "while", "whereas"))


# --------------------------------------------------------------------------- overlap policy


_SPAN_RANK = operator.itemgetter(0, 1, 2)


def select_longest(candidates):
    """The one overlap policy (:func:`events.patterns.keep_longest`): the longest
    candidate wins; ties go to the earlier start, then to the earlier rule family/position.
    Returns non-overlapping spans sorted by start.

    Candidates are tuples whose first three items are (start, end, order).
    """
    return keep_longest(candidates, _SPAN_RANK)


# --------------------------------------------------------------------------- public API


@lru_cache(maxsize=1)
def _anchor_words() -> dict[str, frozenset]:
    """Lower-cased anchor word -> its classes (words.txt [anchorTables] names and
    "anchor"): for each surface its last word of 3+ letters ("at the moment" -> "moment").
    Anchors are found without regard to case ("may" marks a month window too): they only
    choose where the case-sensitive rules run."""
    words = load_words()
    out: dict[str, frozenset] = {}
    for name in [*words["anchorTables"].table.values(), "anchor"]:
        for surface in _surfaces(name):
            word = ([w for w in re.findall(r"\w+", surface) if len(w) > 2] or [""])[-1]
            if word:
                out[word.lower()] = out.get(word.lower(), _NONE) | {name}
    return out


def _surfaces(table: str) -> list[str]:
    """The surfaces of a word table as its data file writes them (never its values)."""
    return list(load_words()[table].surfaces)


# numbers that can be anchors on their own: years, decades, clock times, slashed dates;
# other numbers ("$3.5 million", "18 months") start a timex only next to an anchor word
_NUMBER_ANCHOR_RE = re.compile(r"[0-9](?:(?<![0-9.,][0-9])[0-9]{3}(?:[0-9]{4})?(?![0-9])"
                               r"|0['’]?s\b|[0-9]?(?::[0-9]{2}|\s*[apAP]\.?[mM]\b|/[0-9]))")
_WINDOW_LEFT, _WINDOW_RIGHT = 20, 18  # characters kept around an anchor
@lru_cache(maxsize=1)
def _anchor_word_regex() -> fastre.AsciiPattern:
    """Anchor words in any case of their ASCII letters (as in A-Z-lower-cased text),
    tried at ASCII word starts only (1.5x faster than trying the trie inside words);
    callers still reject a start after a non-ASCII letter."""
    return fastre.AsciiPattern(
        f"(?<![a-z0-9_])(?:{trie_pattern(sorted(_anchor_words()))})s?(?![a-z0-9_])",
        ignorecase=True)


def _anchors(text: str) -> list[tuple[int, int, frozenset]]:
    """Anchors in text as (start, end, classes), sorted."""
    classes_of = _anchor_words()
    out = []
    for a, b in _anchor_word_regex().spans(text):
        if a and (text[a - 1].isalnum() or text[a - 1] == "_"):
            continue  # inside a word ("birthday")
        w = text[a:b].lower()  # ASCII letters only
        classes = classes_of.get(w) or classes_of.get(w[:-1], _NONE)  # "sundays"
        out.append((a, b, classes))
    out.extend((m.start(), m.end(), _NUMBER) for m in _NUMBER_ANCHOR_RE.finditer(text))
    out.sort()
    return out


_NUMBER = frozenset(("number",))
_NONE: frozenset = frozenset()


def _spans(text: str, anchors) -> list[tuple[int, int, frozenset]]:
    """The window of each anchor, (start, end, classes): the anchor plus some context,
    both ends snapped to whitespace so that no word is cut in two."""
    n = len(text)
    out = []
    for a, b, classes in anchors:
        s, e = max(0, a - _WINDOW_LEFT), min(n, b + _WINDOW_RIGHT)
        s = _last_space_before(text, s) + 1
        ws = _WS_RE.search(text, e)
        out.append((s, ws.start() if ws else n, classes))
    return out


def _last_space_before(text: str, pos: int) -> int:
    """Offset of the last space, newline or tab before ``pos``, or -1.  Looks in the 64
    characters before first: searching back to the start of the text for every anchor
    made a long text without tabs or newlines quadratic."""
    lo = max(0, pos - 64)
    cut = max(text.rfind(" ", lo, pos), text.rfind("\n", lo, pos), text.rfind("\t", lo, pos))
    if cut < 0 and lo > 0:
        cut = max(text.rfind(" ", 0, lo), text.rfind("\n", 0, lo), text.rfind("\t", 0, lo))
    return cut


_WS_RE = re.compile(r"\s")


_JOIN = "\x00\x00"  # between windows: no rule matches NUL or runs across it


def _candidates(text: str):
    """All rule matches in the anchor windows, as (start, end, order, rule, match, groups)
    with offsets into text.  The windows are joined into one string (NUL-separated) so
    each family regex runs once; offsets are mapped back window by window."""
    spans = _spans(text, _anchors(text))
    if not spans:
        return
    needs = load_family_anchors()
    joins: dict = {}
    order = 0
    for family, regex, index in _compiled():
        classes = needs.get(family)
        if classes not in joins:
            joins[classes] = _joined(text, spans, classes)
        for joined, starts, shift in joins[classes]:
            for m in regex.finditer(joined):
                rule, gidx = index[m.lastgroup]
                order += 1
                s, e = m.span(m.lastgroup)
                core = gidx.get("core")
                if core is not None and m.start(core) >= 0:
                    s, e = m.span(core)
                if s == e or joined.find("\x00", s, e) >= 0:
                    continue
                k = bisect.bisect_right(starts, s) - 1
                yield s + shift[k], e + shift[k], order, rule, m, gidx


_CHUNK = fastre.CHUNK  # characters of joined windows per regex run


def _merged(spans, classes):
    """The (start, end) windows of the spans that have one of ``classes`` (all if None),
    merged where they overlap."""
    a = b = -1
    for s, e, cls in spans:
        if classes is not None and not cls & classes:
            continue
        if a >= 0 and s <= b:
            if e > b:
                b = e
            continue
        if a >= 0:
            yield a, b
        a, b = s, e
    if a >= 0:
        yield a, b


def _joined(text: str, spans, classes) -> list[tuple[str, list[int], list[int]]]:
    """The windows of _merged(spans, classes) joined by _JOIN in pieces of about _CHUNK
    characters: [(joined, start of each window in it, its shift back into text)]."""
    out = []
    starts: list[int] = []
    shift: list[int] = []
    pieces: list[str] = []
    pos = 0
    for a, b in _merged(spans, classes):
        if pos and pos + b - a > _CHUNK:
            out.append((_JOIN.join(pieces), starts, shift))
            starts, shift, pieces, pos = [], [], [], 0
        starts.append(pos)
        shift.append(a - pos)
        pieces.append(text[a:b])
        pos += b - a + len(_JOIN)
    if pieces:
        out.append((_JOIN.join(pieces), starts, shift))
    return out


def _step_one(cand):
    """Normalization step one: (template, group values) of a candidate, or None when a
    group cannot be normalized ("twenty-ninety"), so that a shorter or equal candidate
    can take its place in select_longest."""
    _, _, _, rule, m, gidx = cand
    vals = {}
    try:
        for g, idx in gidx.items():
            if g == "core" or m.start(idx) < 0:
                continue
            vals[g] = _normalize(g, rule.groups.get(g), m.group(idx))
    except (ValueError, KeyError, IndexError, AttributeError):
        return None
    template = next((v for t in rule.values if (v := _fill(t, vals)) is not None), None)
    if template is not None and rule.range:
        template = _range_values(template)
    return None if template is None else (template, vals)


_RANGE_MAX_YEARS = 100  # "1500-2000" is more often a count ("1500-2000 troops") than years


def _range_values(template: str) -> str | None:
    """'1957 .. YY58' -> '1957 .. 1958' (a two-digit end takes the century that puts it
    after the first end: 1999-00 -> 2000); None when the right end is not after the left
    one or too far ("1990-85", "1200-1900")."""
    left, _, right = template.partition(" .. ")
    if not left.isdigit():  # days: "May 5-7" -> TENSE 05-05 .. TENSE 05-07
        return template if left[-2:] < right[-2:] else None
    most = _RANGE_MAX_YEARS
    if right.startswith("YY"):
        rolled = int(right[2:]) <= int(left[2:4])
        century, most = int(left[:2]) + rolled, 10 if rolled else most  # 1990-85 is none
        right = f"{century:02d}{right[2:]}"
    if not (left.isdigit() and right.isdigit() and 0 < int(right) - int(left) <= most):
        return None
    return f"{left} .. {right}"


_IN_YEAR_RE = re.compile(r"\b[Ii]n\s+(1[0-9]{3}|20[0-9]{2})\b(?![-–/][0-9])")


def _build(text: str, cand, dct, context: dict) -> Timex | None:
    start, end, _, rule, _m, _gidx, (template, vals) = cand
    # a quarter derived from the last mentioned one must not become the anchor itself
    derived = template.startswith(("CTXQ -", "CTXQ +", "CTXQY"))
    context["_kind"] = "CTXQ-shifted" if derived else ""
    context["_guess"] = False
    tense = _tense(text, start, end) if ("TENSE" in template or "HOL" in template
                                         or template == "OVERNIGHT") else None
    context["_tense"], context["_at"] = tense, start
    if template.startswith("CTXQ"):  # a quarter named in the same sentence is its anchor
        context["_sent"] = _sentence_bounds(text, start, end)[0]
    year_from_context = False
    if template.startswith(("HOL ", "HOLW ")):
        context["_countries"] = countries_near(text, start, end)
        # "In 1995, veterans marched on Victory Day": "in <year>" earlier in the sentence
        m = _IN_YEAR_RE.search(text, _sentence_bounds(text, start, end)[0], start) \
            if template.endswith(" T") else None
        if m:
            template = f"{template[:-2]} {m.group(1)}"
            year_from_context = True
    value, anchored = resolve(template, dct, tense, context)
    anchored = anchored or year_from_context
    mod = _fill(rule.mod, {k: vals.get(k) or "" for k in _template(rule.mod)[0]}) \
        if rule.mod else None
    if not VALUE_RE.match(value):
        return None
    type_ = rule.type
    if value.endswith("_REF") or (type_ == "TIME" and "T" not in value):
        type_ = "DATE"
    gran = granularity(value, type_)
    i_start, i_end = (None, None) if type_ in ("DURATION", "SET") else interval(value)
    if i_start is None and _RE_DATED.match(value):
        return None  # no such day/week: "February 30, 2022", "2021-W60"
    return Timex(start=start, end=end, text=text[start:end], type=type_, value=value,
                 granularity=gran, mod=mod or None, interval_start=i_start,
                 interval_end=i_end, anchored=anchored)


def tag(text: str, dct: str | None = None) -> list[Timex]:
    """Find every time expression in ``text``; resolve relative ones against ``dct``.

    Returns Timex records sorted by start, non-overlapping (see :func:`select_longest`),
    with ``text[t.start:t.end] == t.text``.  ``dct`` is ``YYYY-MM-DD``, ``YYYY-MM``,
    ``YYYY`` or None.  Raises TimexError for a non-str text, a text over MAX_TEXT
    characters or a malformed dct; never raises on any other string.

    >>> [(t.text, t.value) for t in tag("They met on Friday, two years ago.", "2022-02-09")]
    [('Friday', '2022-02-04'), ('two years ago', '2020')]
    """
    if not isinstance(text, str):
        raise TimexError(f"tag() needs a str, not {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise TimexError(f"text of {len(text)} characters is over the {MAX_TEXT} limit")
    dct_t = _parse_dct(dct)
    if not text:
        return []
    out = []
    context: dict = {"_dct": dct_t}
    for cand in _selected(text):
        if context.get("quarter_at", 0) < cand[0] - _CONTEXT_REACH:
            context.pop("quarter", None)
            context.pop("quarter_reported", None)
        try:
            found = (_build_range(text, cand, dct_t, context) if cand[3].range
                     else [_build(text, cand, dct_t, context)])
        except (ValueError, KeyError, IndexError, OverflowError, AttributeError):
            continue  # absurd date ("February 30") or an unnormalizable group: skip
        for timex in found:
            if timex is not None:
                out.append(timex)
                _remember(context, timex)
    return _link_ranges(text, out)


_RANGE_GAP_RE = re.compile(r"\s*(?:to|until|till|through|and|-|–|—)\s*\Z", re.IGNORECASE)
_RANGE_OPEN_RE = re.compile(r"(?:\b(?:from|between)\s+(?:the\s+)?)\Z", re.IGNORECASE)


def _link_ranges(text: str, timexes: list[Timex]) -> list[Timex]:
    """Link "from 1998 to 2000", "between May and July" (two dates of one granularity,
    "from"/"between" before the first, "to"/"and"/"until" between them) by range_with."""
    for i in range(len(timexes) - 1):
        a, b = timexes[i], timexes[i + 1]
        if (a.type == b.type == "DATE" and a.range_with is None and b.range_with is None
                and a.granularity == b.granularity and a.interval_start and b.interval_start
                and a.interval_start < b.interval_start
                and _RANGE_GAP_RE.match(text[a.end:b.start])
                and _RANGE_OPEN_RE.search(text[max(0, a.start - 16):a.start])):
            timexes[i] = dataclasses.replace(a, range_with=b.start)
            timexes[i + 1] = dataclasses.replace(b, range_with=a.start)
    return timexes


def _build_range(text: str, cand, dct, context: dict) -> list[Timex]:
    """The two ends of a range as two Timex records linked by ``range_with`` (TimeML
    tags "between 1985 and 1987" as two TIMEX3s): each end spans its own group of the
    rule and has its own value ("1957-58" -> "1957" 1957 and "58" 1958)."""
    start, end, order, rule, m, gidx, (template, vals) = cand
    core = gidx.get("core")
    offset = start - (m.start(core) if core is not None and m.start(core) >= 0
                      else m.start(m.lastgroup))
    ends = []
    for group, value in zip(rule.range, template.split(" .. "), strict=True):
        s, e = (i + offset for i in m.span(gidx[group]))
        ends.append(_build(text, (s, e, order, rule, m, gidx, (value, vals)), dct, context))
    if None in ends:
        return []
    a, b = ends
    if not rule.linked:  # a LIST rule: "April 24 and 25" are two days, not a range
        return [a, b]
    return [dataclasses.replace(a, range_with=b.start), dataclasses.replace(b, range_with=a.start)]


@lru_cache(maxsize=4)
def _selected(text: str) -> tuple:
    """The candidates of text that select_longest keeps, before resolution: they do not
    depend on the creation time, so a document whose creation time is inferred from its
    own dates (infer_dct) is not matched twice."""
    cands = [(*c, first) for c in _candidates(text) if (first := _step_one(c)) is not None]
    return tuple(select_longest(cands))


_CONTEXT_REACH = 1500  # characters a mentioned quarter stays the anaphoric anchor
_OVERNIGHT_REACH = 400  # characters a mentioned day stays the day "overnight" leads into


def _remember(context: dict, t: Timex) -> None:
    """Update the 'last mentioned' anchors after tagging t."""
    if t.type not in ("DATE", "TIME") or not t.value[:4].isdigit():
        return
    if t.granularity == "quarter" and context.get("_kind") != "CTXQ-shifted":
        context["quarter"], context["quarter_at"] = t.value, t.end
        context["quarter_past"] = context.get("_tense") == "past"  # "reported ... Q4 profit"
        if _quarter_reported(t.value, context.get("_dct"), context):
            context["quarter_reported"] = t.value
    if not t.anchored and t.granularity in ("day", "month", "quarter", "season", "half",
                                            "year"):
        context["year"] = int(t.value[:4])
    gran = "day" if t.granularity == "time" else t.granularity
    if gran == "day":
        context["day_at"] = t.end
    if (t.interval_start and gran in _PRECISION and not context.get("_guess")
            and not (gran == "quarter" and context.get("_kind") == "CTXQ-shifted")):
        # the year-ago quarter of a comparison is no time in view: "up from $5 million a
        # year ago ... compared with a year earlier" is not two years back
        dates = context.setdefault("dates", [])
        dates.append((t.interval_start, gran))
        del dates[:-_DATES_KEPT]


_DATES_KEPT = 32  # recent dates kept as anchors of "that day", "two days later"


_DATELINE_RES = (
    re.compile(r"^\W{0,3}date[:\s]+([0-9]{4}-[0-9]{2}-[0-9]{2})\b", re.IGNORECASE | re.MULTILINE),
    re.compile(r"^\s*(?:published|posted|updated|date)\s*[:\-]?\s*(.{6,40}?)\s*$",
               re.IGNORECASE | re.MULTILINE),
    # news dateline: "KYIV, Feb. 4, 2022 (Reuters) -", "WASHINGTON, March 12 (Xinhua) --"
    re.compile(r"^\W{0,3}[A-Z][A-Za-z .'’/-]{1,40}?,\s+(.{6,30}?)\s*(?:\(|--|—|–|-\s)",
               re.MULTILINE),
)


def infer_dct(text: str) -> str | None:
    """Guess the document creation time of a text, or None.

    In order: a ``date 2025-05-17`` line; a ``Published: <date>`` line; a dateline
    (``MOSCOW, Feb. 4, 2022 (Reuters) --`` in the first 300 characters); else the latest
    fully specified day in the text.  Returns ``YYYY-MM-DD``.
    """
    if not isinstance(text, str):
        raise TimexError(f"infer_dct() needs a str, not {type(text).__name__}")
    m = _DATELINE_RES[0].search(text[:2000])
    if m and interval(m.group(1))[0]:
        return m.group(1)
    m = _DATELINE_RES[1].search(text[:2000])
    if m:
        days = [t.value for t in tag(m.group(1)) if t.granularity == "day"
                and not t.value.startswith("X")]
        if days:
            return days[0]
    m = _DATELINE_RES[2].search(text[:1000])
    if m:
        head = [t.value for t in tag(m.group(1)) if t.granularity == "day"
                and t.value[:1].isdigit()]
        if head:
            return head[0]
    days = [t.value for t in tag(text) if t.granularity == "day" and t.value[:1].isdigit()
            and "T" not in t.value]
    return max(days) if days else None
