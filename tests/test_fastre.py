"""The PCRE2 path of events.fastre must find exactly what re finds.

pcre2 is an optional extra (``pip install -e ".[fast]"``, part of ``test``): without it
these tests skip, and everything runs on re (tests/test_fastre_optional.py)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events import fastre, timex
from events.corpus import load_corpus

pcre2 = pytest.importorskip("pcre2", minversion="0.7")

ROOT = Path(__file__).resolve().parents[1]
CODE_POINTS = [c for c in range(0x110000) if not 0xD800 <= c < 0xE000]


def _assigned(c: int) -> bool:
    return unicodedata.category(chr(c)) != "Cn"


@pytest.mark.parametrize("escape", [r"\s", r"\w", r"\d", r"\b", r"[\w$'-]", r"[^\s\d]"])
def test_translated_classes_agree_with_re_on_every_code_point(escape):
    fast = pcre2.compile(fastre.to_pcre2(escape), flags=pcre2.U)
    differ = []
    for i in range(0, len(CODE_POINTS), 1000):
        chunk = "".join(map(chr, CODE_POINTS[i:i + 1000]))
        ours = {m.start() for m in re.finditer(escape, chunk)}
        theirs = {m.start() for m in fast.finditer(chunk)}
        differ += [i + k for k in ours ^ theirs]
    # PCRE2 may know characters this Python's Unicode database does not (yet); only
    # those, or the boundary right after one, may differ
    assert all(not _assigned(CODE_POINTS[k]) or (k and not _assigned(CODE_POINTS[k - 1]))
               for k in differ), [hex(CODE_POINTS[k]) for k in differ[:10]]


def test_untranslated_constructs_are_refused_and_left_to_re():
    for pattern in [r"(?P<a>x)(?P=a)", r"\Z", r"\A\w", r"[\S]", r"(?i)in", r"x(?si:in)"]:
        with pytest.raises(ValueError):
            fastre.to_pcre2(pattern)
        compiled = fastre.compile(pattern)
        assert compiled.fast is None
        assert [m.span() for m in compiled.finditer("xx a")] == \
            [m.span() for m in re.finditer(pattern, "xx a")]


def test_inline_flags_that_turn_case_off_are_kept():
    p = fastre.Pattern(r"(?-i:Q[1-4]) (?P<y>[0-9]{4})")
    assert p.fast is not None
    assert [m.span() for m in p.finditer("q1 2020 Q2 2021")] == [(8, 15)]


def test_unicode_escapes_are_translated():
    p = fastre.compile(r"\u2019s\b")
    assert p.fast is not None
    assert [m.span() for m in p.finditer("China\u2019s and Russia\u2019s")] == [(5, 7), (18, 20)]


def test_finditer_yields_re_matches_and_recovers_where_the_engines_disagree():
    p = fastre.compile(r"(?P<y>[0-9]{4})|(?P<w>[A-Z][a-z]+)")
    text = "In 2022 Xi met Putin; in 2023 Wang went."
    got = list(p.finditer(text))
    assert all(isinstance(m, re.Match) for m in got)
    assert [(m.span(), m.lastgroup) for m in got] == \
        [(m.span(), m.lastgroup) for m in re.finditer(p.pattern, text)]
    # a PCRE2 pattern that disagrees after the first match: re takes over from there
    p.fast = pcre2.compile(r"[0-9]{4}|[A-Z]", flags=pcre2.U)
    assert [m.span() for m in p.finditer(text)] == [m.span() for m in re.finditer(p.pattern, text)]


def test_text_pcre2_cannot_read_goes_to_re():
    p = fastre.compile(r"[0-9]{4}")
    text = "In 2022 \ud800 and 2023"  # a lone surrogate has no UTF-8 form
    assert [m.group() for m in p.finditer(text)] == ["2022", "2023"]


def test_a_pcre2_error_while_matching_hands_over_to_re(monkeypatch):
    # PCRE2 stops at its own limits (JIT stack, match limit) with an error: re takes over
    # from the last match PCRE2 gave
    p = fastre.Pattern(r"[0-9]{4}")
    a = fastre.AsciiPattern(r"[0-9]{4}")
    text = "In 2022 and 2023 and 2024"
    real, given = fastre._spans, []

    def fails_after(n):
        def spans(fast, text, pos=0, endpos=None):
            for k, span in enumerate(real(fast, text, pos, endpos)):
                if k == n:
                    raise pcre2.LibraryError(-46)  # PCRE2_ERROR_JIT_STACKLIMIT
                given.append(span)
                yield span
            raise pcre2.LibraryError(-46)
        return spans

    monkeypatch.setattr(fastre, "_spans", fails_after(1))
    assert [m.group() for m in p.finditer(text)] == ["2022", "2023", "2024"]
    assert given == [(3, 7)]  # the first from PCRE2, the rest from re
    monkeypatch.setattr(fastre, "_spans", fails_after(0))
    assert p.search(text, 5).group() == "2023"
    assert a.spans(text) == [(3, 7), (12, 16), (21, 25)]


def test_long_texts_go_to_re():
    p = fastre.compile(r"\b[0-9]{4}\b")
    text = "x 2022 " * (fastre.MAX_FAST // 7 + 10)
    assert len(text) > fastre.MAX_FAST
    assert isinstance(p.finditer(text), type(re.compile("").finditer("")))
    assert len(list(p.finditer(text))) == text.count("2022")


def _family_patterns():
    return [(family, regex) for family, regex, _ in timex._compiled()]


_EXOTIC = "\u2019\u00e9\u00a0\u2013\u0301\x1c\x85\u3000\u0660\u212a\u0130$\u20ac'-/.,:"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(["2022", "May", "last year", "two weeks ago", "3 p.m.", "Friday",
                     "the 1990s", "mid-2021", "spring", "'98", "Q3", "12/05", "a decade"]),
    st.text(alphabet=_EXOTIC + " aZ09", max_size=4)), max_size=14))
def test_family_regexes_find_what_re_finds(parts):
    text = " ".join(parts)
    for family, regex in _family_patterns():
        assert [(m.span(), m.lastgroup) for m in regex.finditer(text)] == \
            [(m.span(), m.lastgroup) for m in regex.re.finditer(text)], family


def test_tagger_output_is_the_same_with_either_engine(monkeypatch):
    docs = load_corpus(ROOT / "seeds").documents
    texts = [(d.text, d.published) for d in docs]
    texts.append(("Am 3. Mai 2021 \u2014 they met \u201cthree days earlier\u201d, in \u00c9vian "
                  "on Friday\u00a0night; \u0130stanbul talks resume next week.", "2021-05-05"))

    def run():
        timex._compiled.cache_clear()
        timex._selected.cache_clear()
        return [timex.tag(t, d) for t, d in texts]

    try:
        assert fastre.engine() == "pcre2"
        fast = run()
        assert all(regex.fast is not None for _, regex in _family_patterns())
        monkeypatch.setenv("EVENTLINE_REGEX", "re")
        assert fastre.engine() == "re"
        slow = run()
        assert all(regex.fast is None for _, regex in _family_patterns())
    finally:
        monkeypatch.delenv("EVENTLINE_REGEX", raising=False)
        timex._compiled.cache_clear()
        timex._selected.cache_clear()
    assert fast == slow
    assert sum(map(len, fast)) > 50


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_EXOTIC + " aeklnrstwy019_\n\x00YEARSK\u017f\u0131", max_size=60),
       st.booleans())
def test_ascii_pattern_spans_are_re_spans(text, ignorecase):
    p = fastre.AsciiPattern(r"(?<![a-z0-9_])(?:year|week|now|ten)s?(?![a-z0-9_])|[^a-z ]k",
                            ignorecase=ignorecase)
    assert p.fast is not None
    flags = re.IGNORECASE | re.ASCII if ignorecase else 0
    assert p.spans(text) == [m.span() for m in re.finditer(p.re.pattern, text, flags)]
    if ignorecase:  # as if A-Z alone were lower-cased
        lowered = text.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                               "abcdefghijklmnopqrstuvwxyz"))
        assert p.spans(text) == [m.span() for m in re.finditer(p.re.pattern, lowered)]


@pytest.mark.parametrize("pattern", [r"\bweek", r"\s", "caf\u00e9", "a\x00", r"a\x00"])
def test_ascii_pattern_refuses_what_non_ascii_text_could_tell_apart(pattern):
    with pytest.raises(ValueError):
        fastre.AsciiPattern(pattern)


def _chunks(size=5000):
    for i in range(0, len(CODE_POINTS), size):
        yield i, "".join(map(chr, CODE_POINTS[i:i + size]))


@pytest.mark.parametrize("pattern", ["[a-z]", "[h-j]", "[^a-h]", "(?:in|s|k)", "[IX]"])
def test_ignorecase_matches_the_same_code_points_as_re(pattern):
    p = fastre.Pattern(pattern, re.IGNORECASE)
    assert p.fast is not None
    for i, chunk in _chunks():
        theirs = [m.span() for m in p.fast.finditer(chunk)]
        ours = [m.span() for m in p.re.finditer(chunk)]
        assert theirs == ours, (pattern, hex(CODE_POINTS[i]))


def test_ignorecase_negated_class_with_i_is_left_to_re():
    assert fastre.Pattern("[^a-z]", re.IGNORECASE).fast is None
    assert fastre.Pattern("[^a-z]").fast is not None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(["signed", "SIGNED", "S\u0131gned", "\u0130nvaded", "held talks", "met",
                     "visited", "The", "Visit", "-", "pre-signed", "agreed to", "World War",
                     "the war", "trade war", "\u00e9trade war", "_war", "2war", "a host of"]),
    st.text(alphabet=_EXOTIC + " aZ09", max_size=3)), max_size=12))
def test_trigger_and_discard_regexes_find_what_re_finds(parts):
    from events.extract import discard_regex, load_triggers

    text = " ".join(parts)
    for rx in (load_triggers().regex, discard_regex()):
        assert rx.fast is not None
        assert [m.span() for m in rx.finditer(text)] == [m.span() for m in rx.re.finditer(text)]
        for pos in (0, 3, len(text) // 2):
            a, b = rx.search(text, pos), rx.re.search(text, pos)
            assert (a and a.span()) == (b and b.span())
            assert [m.span() for m in rx.finditer(text, pos)] == \
                [m.span() for m in rx.re.finditer(text, pos)]


def test_positions_agree_with_re():
    # pcre2's public API gives re's matches, from any pos and up to any endpos
    assert fastre._spans is fastre._public_spans and fastre.engine() == "pcre2"
    p = fastre.Pattern(r"(?<!\w)(?:Xi|Putin|Wang Yi)(?!\w)|\b[0-9]{4}\b", re.IGNORECASE)
    text = "In 2022, XI met Putin; Wang\u00a0Yi and Wang Yi, 2023\u2019s talks. Xi"
    for pos in range(0, len(text) + 2, 3):
        for endpos in (len(text), len(text) - 2, 30, pos, pos - 1):
            want = [m.span() for m in p.re.finditer(text, pos, endpos)]
            assert [m.span() for m in p.finditer(text, pos, endpos)] == want, (pos, endpos)
            got, ref = p.search(text, pos, endpos), p.re.search(text, pos, endpos)
            assert (got and got.span()) == (ref and ref.span())


def test_a_pcre2_that_answers_otherwise_is_not_used(monkeypatch):
    # the way of reading pcre2's matches is checked at import; another pcre2 version
    # whose answers differ (or that raises) leaves everything to re
    def wrong(fast, text, pos=0, endpos=None):
        yield (0, 1)

    def broken(fast, text, pos=0, endpos=None):
        raise TypeError("an API that changed")

    assert fastre._answers_right(fastre._spans) and fastre._answers_right(fastre._public_spans)
    assert not fastre._answers_right(wrong) and not fastre._answers_right(broken)
    monkeypatch.setattr(fastre, "_spans", None)
    assert fastre.engine() == "re"
    p = fastre.compile(r"[0-9]{4}")
    assert p.fast is None and [m.group() for m in p.finditer("in 2022")] == ["2022"]
    assert fastre.AsciiPattern("[0-9]{4}").fast is None
