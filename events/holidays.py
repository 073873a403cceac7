"""Holidays and named days for the temporal tagger (data: ``events/data/timex/holidays.txt``).

Pure functions: which holiday a name is, which country a text names near it, and the
day a holiday falls on in a year for that country.  ``events.timex`` builds its
``%holiday%`` word table from :func:`load_holidays` and resolves ``HOL <id> ...`` values
with :func:`holiday_day`.

>>> holiday_day("victory_day", 2025, ("FRA",)).isoformat()
'2025-05-08'
>>> holiday_day("victory_day", 2025, ()).isoformat()
'2025-05-09'
>>> easter(2025).isoformat(), orthodox_easter(2023).isoformat()
('2025-04-20', '2023-04-16')
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from events.patterns import data_lines, key_value, trie_pattern

__all__ = ["Holiday", "load_holidays", "holiday_day", "countries_near", "easter",
           "orthodox_easter"]

PATH = Path(__file__).resolve().parent / "data" / "timex" / "holidays.txt"
_CUE_REACH = 1500  # characters either side of a holiday searched for a country cue


@dataclass(frozen=True)
class Holiday:
    id: str
    names: tuple[str, ...]
    cased: bool
    # (day rule, {country: (first year, last year)}, is default)
    dates: tuple[tuple[str, dict, bool], ...]
    examples: tuple[tuple[str, str | None, str], ...]  # (text, dct or None, value)
    source: str


class HolidayError(ValueError):
    """A broken holidays.txt (names file and line)."""


def _check_rule(rule: str, where: str) -> None:
    p = rule.split()
    ok = (len(p) == 1 and re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])", p[0])
          or len(p) in (4, 5) and p[0] == "NTH" and re.fullmatch(r"0[1-9]|1[0-2]", p[1])
          and p[2] in "1234567" and re.fullmatch(r"-1|[1-5]", p[3])
          and (len(p) == 4 or re.fullmatch(r"[+-][0-9]", p[4]))
          or len(p) == 2 and p[0] in ("EASTER", "ORTHODOX") and re.fullmatch(r"[+-]?[0-9]+", p[1]))
    if not ok:
        raise HolidayError(f"{where}: bad DATE rule {rule!r}")


def _countries(spec: str, where: str) -> tuple[dict, bool]:
    out, default = {}, False
    for item in spec.split():
        if item == "*":
            default = True
            continue
        m = re.fullmatch(r"([A-Z]{3})(?::([0-9]{4})?-([0-9]{4})?)?", item)
        if not m:
            raise HolidayError(f"{where}: bad country {item!r} (ABC, ABC:2023- or ABC:-2022)")
        out[m.group(1)] = (int(m.group(2) or 0), int(m.group(3) or 9999))
    return out, default


@lru_cache(maxsize=1)
def load_holidays() -> tuple[dict[str, Holiday], tuple[tuple[str, str], ...]]:
    """(holiday id -> Holiday, ((cue word, country), ...)) from holidays.txt."""
    holidays: dict[str, dict] = {}
    cues: list[tuple[str, str]] = []
    current = None
    for no, line in data_lines(PATH.read_text(encoding="utf-8")):
        where = f"{PATH.name}:{no}"
        key, val = key_value(line.strip(), where, HolidayError)
        if key == "CUE":
            code, eq, words = val.partition("=")
            if not eq or not re.fullmatch(r"[A-Z]{3}", code.strip()):
                raise HolidayError(f"{where}: CUE needs '<ABC> = word|word'")
            cues.extend((w.strip(), code.strip()) for w in words.split("|") if w.strip())
        elif key == "HOLIDAY":
            _check_examples(current)
            current = holidays[val] = {"id": val, "names": (), "cased": False, "dates": [],
                                       "examples": [], "source": where}
        elif current is None:
            raise HolidayError(f"{where}: {key} before the first HOLIDAY")
        elif key == "NAMES":
            current["names"] = tuple(n.strip() for n in val.split("|") if n.strip())
        elif key == "CASED":
            current["cased"] = val.lower() == "yes"
        elif key == "DATE":
            _check_examples(current)
            rule, at, spec = val.partition("@")
            _check_rule(rule.strip(), where)
            current["dates"].append((rule.strip(), *_countries(spec, where)))
            current["_date_at"], current["_examples_before"] = where, len(current["examples"])
        elif key == "EXAMPLE":
            text, arrow, value = val.partition("=>")
            text, _, dct = text.partition(" @ ")
            if not arrow:
                raise HolidayError(f"{where}: EXAMPLE needs '<text> [@ <dct>] => <value>'")
            current["examples"].append((text.strip(), dct.strip() or None, value.strip()))
        else:
            raise HolidayError(f"{where}: unknown key {key!r}")
    _check_examples(current)
    out = {}
    for hid, h in holidays.items():
        if not h["names"] or not h["dates"] or not h["examples"]:
            raise HolidayError(f"{h['source']}: holiday {hid} needs NAMES, DATE and EXAMPLE")
        out[hid] = Holiday(hid, h["names"], h["cased"], tuple(h["dates"]),
                           tuple(h["examples"]), h["source"])
    return out, tuple(cues)


def _check_examples(holiday: dict | None) -> None:
    """Every DATE line needs an EXAMPLE of its own after it."""
    if holiday and "_date_at" in holiday and len(holiday["examples"]) <= holiday[
            "_examples_before"]:
        raise HolidayError(f"{holiday['_date_at']}: DATE line without an EXAMPLE after it")


def easter(year: int) -> dt.date:
    """Western Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def orthodox_easter(year: int) -> dt.date:
    """Orthodox Easter Sunday as a Gregorian date (Meeus' Julian algorithm)."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    julian_offset = year // 100 - year // 400 - 2
    return dt.date(year, month, day + 1) + dt.timedelta(days=julian_offset)


def _day(rule: str, year: int) -> dt.date:
    p = rule.split()
    if p[0] == "NTH":
        month, weekday, nth = int(p[1]), int(p[2]), int(p[3])
        days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1)
                if dt.date(year, month, d).isoweekday() == weekday]
        shift = dt.timedelta(days=int(p[4]) if len(p) == 5 else 0)  # "the Tuesday after"
        return dt.date(year, month, days[nth - 1] if nth > 0 else days[nth]) + shift
    if p[0] in ("EASTER", "ORTHODOX"):
        base = easter(year) if p[0] == "EASTER" else orthodox_easter(year)
        return base + dt.timedelta(days=int(p[1]))
    month, day = p[0].split("-")
    return dt.date(year, int(month), int(day))


def fixed_month_day(hid: str, countries: tuple[str, ...]) -> str | None:
    """'MM-DD' when the chosen day rule is a fixed day, 'MM' for an n-th weekday, else None
    (for a value without a year: XXXX-12-25)."""
    rule = _rule(hid, None, countries)
    if rule is None:
        return None
    p = rule.split()
    return p[0] if len(p) == 1 else p[1] if p[0] == "NTH" else None


def _rule(hid: str, year: int | None, countries: tuple[str, ...]) -> str | None:
    h = load_holidays()[0][hid]
    for c in countries:
        for rule, where, _ in h.dates:
            if c in where and (year is None or where[c][0] <= year <= where[c][1]):
                return rule
    return next((rule for rule, _, default in h.dates if default), None)


def holiday_day(hid: str, year: int, countries: tuple[str, ...] = ()) -> dt.date | None:
    """The day holiday ``hid`` falls on in ``year`` in the first of ``countries`` (nearest
    first) that keeps it, else on its default day; None when it has no default and no
    listed country is named."""
    rule = _rule(hid, year, countries)
    return None if rule is None else _day(rule, year)


@lru_cache(maxsize=1)
def _cue_regex() -> tuple[re.Pattern, dict]:
    cues = load_holidays()[1]
    table = {w: c for w, c in cues}
    body = trie_pattern(sorted(table))
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w])"), table


def countries_near(text: str, start: int, end: int) -> tuple[str, ...]:
    """The countries that cue words name around text[start:end], nearest first."""
    rx, table = _cue_regex()
    lo, hi = max(0, start - _CUE_REACH), min(len(text), end + _CUE_REACH)
    found = []
    for m in rx.finditer(text, lo, hi):
        dist = start - m.end() if m.end() <= start else m.start() - end
        found.append((max(dist, 0), table[m.group()]))
    return tuple(dict.fromkeys(c for _, c in sorted(found)))
