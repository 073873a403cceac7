"""Big rule regexes on PCRE2's JIT compiler when the ``pcre2`` package is installed.

The time tagger runs a dozen alternations of hundreds of rules over every document, and
the event rules a trie of every trigger form over every dated sentence.  CPython's
backtracking engine tries each alternative at each word start; PCRE2's JIT compiles a
pattern to machine code and finds the same matches about six times faster
(``python -m benchmarks``).

:class:`Pattern` (from :func:`compile`) keeps both: PCRE2 finds where each match starts
and ``re`` then matches there, so callers get ``re`` match objects with ``re``'s groups
and spans (``finditer``, ``search``, ``match``, with pos and endpos; re.IGNORECASE is the
only flag).  The pattern is rewritten so that both engines match the same text:

* ``\\s`` becomes the exact set of characters Python's ``re`` calls whitespace (PCRE2
  leaves out the separators U+001C..U+001F and adds U+180E);
* ``\\w`` becomes letters, numbers and the underscore (``[\\p{L}\\p{N}_]``, Python's
  definition; PCRE2's own ``\\w`` also takes combining marks), ``\\b`` is spelled out
  from it, and ``\\d`` is ``\\p{Nd}``, as in Python;
* under IGNORECASE, "i" also takes the Turkish dotted and dotless I, as in ``re``.

Any other escape or construct that could mean something else in PCRE2 (an inline
``(?i)``, a negated class with an escape, back-references) raises ValueError in
:func:`to_pcre2`, and the pattern runs on ``re`` alone; so do texts longer than
:data:`MAX_FAST` and texts PCRE2 cannot read (lone surrogates).  What still can differ is
the Unicode database: PCRE2 may know letters and digits assigned after the Unicode
version of the running Python, and a match next to one is not looked for.

:class:`AsciiPattern` is for patterns of ASCII literals and classes: PCRE2 scans the text
as bytes, with every non-ASCII character replaced by NUL (which such a pattern cannot tell
apart), so offsets need no conversion.

Set ``EVENTLINE_REGEX=re`` to use :mod:`re` everywhere (the tests compare the two).
"""

from __future__ import annotations

import os
import re
import sys

try:  # optional (pip install "eventline[fast]"): a compiled extension with wheels for
    # the common platforms; supported: pcre2 0.7.x (its public API only)
    import pcre2 as _pcre2
except ImportError:  # pragma: no cover - exercised where pcre2 is not installed
    _pcre2 = None

_WS = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_WORD = r"\p{L}\p{N}_"
_IN_CLASS = {"s": _WS, "w": _WORD, "d": r"\p{Nd}"}
_OUTSIDE = {
    "s": f"[{_WS}]", "S": f"[^{_WS}]",
    "w": f"[{_WORD}]", "W": f"[^{_WORD}]",
    "d": r"\p{Nd}", "D": r"\P{Nd}",
    "b": f"(?:(?<=[{_WORD}])(?![{_WORD}])|(?<![{_WORD}])(?=[{_WORD}]))",
    "B": f"(?:(?<=[{_WORD}])(?=[{_WORD}])|(?<![{_WORD}])(?![{_WORD}]))",
}
# escapes that mean the same in both engines
_SAME = set("tnrfv.\\^$|?*+()[]{}-/'\"#&~ ,:;!<>=@%`0123456789") | {"x", "u"}


_TURKISH_I = "\u0130\u0131"
_INLINE_IGNORECASE = re.compile(r"(?<!\\)\(\?[aLmsux]*i")  # "(?i)", "(?si:", not "(?-i:"


def _after_group_opener(pattern: str, i: int) -> bool:
    """Is pattern[i] part of a group's syntax ("(?i:", "(?P<id>") rather than a letter?"""
    j = pattern.rfind("(?", 0, i + 1)
    if j < 0:
        return False
    head = pattern[j:i + 1]
    if head.startswith("(?P<"):
        return ">" not in head
    return all(ch.isalpha() or ch in "-?(" for ch in head)  # inline flags "(?i-s:"


def _class_covers_i(body: str) -> bool:
    """Does a class body (without its brackets, ASCII ranges only) take "i" or "I"?"""
    k = 0
    while k < len(body):
        if body[k] == "\\":
            k += 2
            continue
        if k + 2 < len(body) and body[k + 1] == "-":
            if body[k] <= "i" <= body[k + 2] or body[k] <= "I" <= body[k + 2]:
                return True
            k += 3
            continue
        if body[k] in "iI":
            return True
        k += 1
    return False


def _public_spans(fast, text, pos: int = 0, endpos: int | None = None):
    if endpos is not None and pos > endpos:
        return
    for m in fast.finditer(text, pos, len(text) if endpos is None else endpos):
        yield m.span()


def _answers_right(spans) -> bool:
    """Does this way of reading pcre2's matches give the spans re would (a self-test
    at import, so that another pcre2 version falls back instead of failing later)?"""
    try:
        probe = _pcre2.compile("b+", flags=_pcre2.U)
        probe.jit_compile()
        return (list(spans(probe, "ab\u00e9bb b", 1)) == [(1, 2), (3, 5), (6, 7)]
                and list(spans(probe, "ab\u00e9bb b", 2, 4)) == [(3, 4)])
    except Exception:  # noqa: BLE001 - any surprise here means: not this way
        return False


_spans = None
if _pcre2 is not None and _answers_right(_public_spans):
    _spans = _public_spans
#: What PCRE2 may raise while matching: a text it cannot read as UTF-8 (lone surrogates),
#: or a limit of its own (JIT stack, match limit); re then does the match.
_FAST_ERRORS = (UnicodeEncodeError, MemoryError) + (
    (_pcre2.LibraryError,) if _pcre2 is not None else ())


def engine() -> str:
    """The engine :func:`compile` uses: "pcre2" or "re"."""
    if _spans is None or os.environ.get("EVENTLINE_REGEX", "").lower() == "re":
        return "re"
    return "pcre2"


def to_pcre2(pattern: str, ignorecase: bool = False) -> str:
    """Rewrite a :mod:`re` pattern for PCRE2 with the same meaning (see the module
    docstring); raise ValueError for a construct that is not translated.  With
    ``ignorecase`` (for PCRE2_CASELESS), "i" and "I" also take the Turkish dotted and
    dotless I, as re.IGNORECASE does and PCRE2 does not."""
    if _INLINE_IGNORECASE.search(pattern):
        raise ValueError("an inline (?i) flag: re folds more letters than PCRE2")
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    class_start = 0
    while i < n:
        c = pattern[i]
        if ignorecase and c in "iI" and not in_class and not _after_group_opener(pattern, i):
            out.append(f"[iI{_TURKISH_I}]")
            i += 1
            continue
        if c == "\\":
            e = pattern[i + 1:i + 2]
            if in_class and e in _IN_CLASS:
                out.append(_IN_CLASS[e])
            elif in_class and e.upper() in _IN_CLASS:
                raise ValueError(f"negated class escape \\{e} inside [...]")
            elif not in_class and e in _OUTSIDE:
                out.append(_OUTSIDE[e])
            elif e == "U":  # pcre2 compiles with PCRE2_ALT_BSUX: \uhhhh as in re, no \U
                out.append(re.escape(chr(int(pattern[i + 2:i + 10], 16))))
                i += 10
                continue
            elif e in _SAME or not e.isalnum():
                out.append(pattern[i:i + 2])
            else:
                raise ValueError(f"escape \\{e} is not translated for PCRE2")
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
                body = pattern[class_start:i]
                if ignorecase and _class_covers_i(body.removeprefix("^")):
                    if body.startswith("^"):
                        raise ValueError("a negated class with i under IGNORECASE")
                    out.append(_TURKISH_I)
            elif c == "[":
                out.append("\\[")  # a literal "[" in a class (PCRE2 reads "[:" as POSIX)
                i += 1
                continue
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            i += 1
            class_start = i
            if pattern.startswith("^", i):
                out.append("^")
                i += 1
            if pattern.startswith("]", i):  # "[]...]": a literal "]" first
                out.append("\\]")
                i += 1
            continue
        if pattern.startswith("(?P=", i) or pattern.startswith("(?(", i):
            raise ValueError("back-references and conditionals are not translated")
        out.append(c)
        i += 1
    return "".join(out)


_END = sys.maxsize  # re's default endpos

#: Longest text the PCRE2 path takes: pcre2's match objects turn byte offsets into
#: character offsets by counting from the start of the text, so each offset costs time in
#: proportion to the text's length; longer texts go to ``re``.  Callers that run one
#: pattern over much text cut it into pieces of about this size (see events.timex).
MAX_FAST = 8192
#: How many characters of text a caller that runs one pattern over much text (the time
#: tagger's joined windows) hands over per call: well under :data:`MAX_FAST`, so that
#: each piece takes the PCRE2 path and its offset conversions stay short.
CHUNK = 2048


class Pattern:
    """A pattern compiled for :mod:`re` (``.re``, the reference) and, when available,
    for PCRE2 (``.fast``).  :meth:`finditer` and :meth:`search` return ``re`` match
    objects: PCRE2 finds where a match starts, ``re`` matches there, so groups and spans
    are re's own.  Should the engines disagree on a match they both find, re takes over
    from there; a match only re would find (next to a letter newer than this Python's
    Unicode database) is not looked for."""

    __slots__ = ("re", "fast")

    def __init__(self, pattern: str, flags: int = 0, use_pcre2: bool | None = None):
        if flags & ~(re.IGNORECASE | re.UNICODE):
            raise ValueError("fastre takes re.IGNORECASE only")
        self.re = re.compile(pattern, flags)
        self.fast = None
        if use_pcre2 if use_pcre2 is not None else engine() == "pcre2":
            caseless = bool(flags & re.IGNORECASE)
            try:
                fast = _pcre2.compile(to_pcre2(pattern, caseless),
                                      flags=_pcre2.U | (_pcre2.I if caseless else 0))
                fast.jit_compile()
                self.fast = fast
            except (ValueError, _pcre2.PatternError, _pcre2.LibraryError):
                pass  # a construct PCRE2 reads otherwise: re alone

    @property
    def pattern(self) -> str:
        return self.re.pattern

    @property
    def flags(self) -> int:
        return self.re.flags

    @property
    def groupindex(self):
        return self.re.groupindex

    def match(self, text: str, pos: int = 0, endpos: int = _END):
        return self.re.match(text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = _END):
        """``re.search(text, pos, endpos)``."""
        if self.fast is None or len(text) > MAX_FAST:
            return self.re.search(text, pos, endpos)
        try:
            found = next(_spans(self.fast, text, pos, endpos), None)
        except _FAST_ERRORS:
            return self.re.search(text, pos, endpos)
        if found is None:
            return None
        s, e = found
        m = self.re.match(text, s, endpos)
        return m if m is not None and m.end() == e else self.re.search(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = _END):
        """The matches of ``re.finditer(text, pos, endpos)``."""
        if self.fast is None or len(text) > MAX_FAST:
            return self.re.finditer(text, pos, endpos)
        return self._finditer(text, pos, endpos)

    def _finditer(self, text: str, pos: int, endpos: int):
        match = self.re.match
        try:
            for s, e in _spans(self.fast, text, pos, endpos):
                m = match(text, s, endpos)
                if m is None or m.end() != e or s == e:
                    break
                yield m
                pos = e
            else:
                return
        except _FAST_ERRORS:
            pass  # re goes on from the last match
        yield from self.re.finditer(text, pos, endpos)


def compile(pattern: str, flags: int = 0) -> Pattern:  # noqa: A001 - re.compile's twin
    """``pattern`` (re syntax; flags: re.IGNORECASE or none) for :class:`Pattern`: PCRE2
    with JIT finds the matches if available, else :mod:`re`."""
    return Pattern(pattern, flags)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_UNICODE_AWARE = re.compile(r"\\[a-zA-Z]")


class AsciiPattern:
    """A pattern made of ASCII literals and classes only (no ``\\w``, ``\\s``, ``\\b``,
    ``\\d``): to it, every non-ASCII character is alike, so PCRE2 can run on bytes (no
    offset conversion) with non-ASCII characters replaced by NUL.  :meth:`spans` gives
    the ``(start, end)`` of each match, as ``re.finditer`` would."""

    __slots__ = ("re", "fast")

    def __init__(self, pattern: str, ignorecase: bool = False):
        """``ignorecase``: ASCII letters match in either case (re.IGNORECASE | re.ASCII),
        as if the text had been lower-cased in A-Z only."""
        if not pattern.isascii() or _UNICODE_AWARE.search(pattern.replace("\\\\", "")):
            raise ValueError("AsciiPattern takes ASCII literals and classes only")
        if "\x00" in pattern or "\\x00" in pattern:
            raise ValueError("AsciiPattern stands NUL for non-ASCII characters")
        self.re = re.compile(pattern, (re.IGNORECASE | re.ASCII) if ignorecase else 0)
        self.fast = None
        if engine() == "pcre2":
            try:  # bytes without UTF: PCRE2 folds the case of ASCII letters only
                self.fast = _pcre2.compile(pattern.encode("ascii"),
                                           flags=_pcre2.I if ignorecase else 0)
                self.fast.jit_compile()
            except (_pcre2.PatternError, _pcre2.LibraryError):
                self.fast = None

    def spans(self, text: str) -> list[tuple[int, int]]:
        if self.fast is None:
            return [m.span() for m in self.re.finditer(text)]
        data = text if text.isascii() else _NON_ASCII.sub("\x00", text)
        try:
            return list(_spans(self.fast, data.encode("ascii")))
        except _FAST_ERRORS:
            return [m.span() for m in self.re.finditer(text)]
