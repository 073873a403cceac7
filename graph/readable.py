"""TIMEX3 values as a reader would write them, for the event detail and the hover.

:func:`readable_date` turns the values :mod:`events.timex` produces
(``events.timex.VALUE_RE``) into English: ``2019-W47-WE`` is "the weekend of
23 November 2019", ``197X`` "the 1970s", ``XXXX-03`` "March, year unknown".
A value it does not know (or an impossible day such as ``2022-02-30``) is
returned unchanged: nothing is guessed. :func:`date_with_value` puts the value
beside the words, so the exact value stays visible.

Examples
--------
>>> readable_date("2019-W47-WE")
'the weekend of 23 November 2019'
>>> readable_date("2019-11-20TNI")
'the night of 20 November 2019'
>>> readable_date("XXXX-03"), readable_date("197X"), readable_date("P2Y6M")
('March, year unknown', 'the 1970s', '2 years 6 months')
>>> date_with_value("2019-SU"), date_with_value("2019")
('summer 2019 (2019-SU)', '2019')
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

__all__ = ["date_with_value", "readable_date"]

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
ORDINAL = {"1": "first", "2": "second", "3": "third", "4": "fourth"}
PARTS_OF_DAY = {"MO": "the morning of", "AF": "the afternoon of", "EV": "the evening of",
                "NI": "the night of"}
REFS = {"PRESENT_REF": "now (the present)", "PAST_REF": "the past", "FUTURE_REF": "the future"}
UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "Q": "quarter",
         "H": "hour", "TM": "minute", "S": "second"}

_DATE = re.compile(
    r"(?P<y>[0-9X]{4})(?:-(?:(?P<mo>[0-9X]{2})(?:-(?P<d>[0-9X]{2}))?|W(?P<w>[0-9X]{2})"
    r"(?:-(?P<wd>[1-7]|WE))?|Q(?P<q>[1-4X])|H(?P<h>[12X])|(?P<season>SP|SU|FA|WI)))?"
    r"(?:T(?:(?P<time>(?:[01][0-9]|2[0-3]):[0-5][0-9])|(?P<part>MO|AF|EV|NI)))?")
_DECADE = re.compile(r"([0-9]{3})X")
_CENTURY = re.compile(r"([0-9]{2})XX")
_DURATION = re.compile(r"P(?P<date>(?:(?:[0-9]+(?:\.[0-9]+)?|X)[YMWDQ])*)"
                       r"(?:T(?P<time>(?:(?:[0-9]+(?:\.[0-9]+)?|X)[HMS])+))?")


def _day(y: int, mo: int, d: int) -> str:
    return f"{d} {MONTHS[mo - 1]} {y}" if 1 <= mo <= 12 and 1 <= d <= _days_in(y, mo) else ""


def _days_in(y: int, mo: int) -> int:
    return calendar.monthrange(y if y > 0 else 2000, mo)[1]


def _ordinal_century(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"the {n}{suffix} century"


def _duration(m: re.Match) -> str:
    parts = []
    for section, prefix in ((m.group("date") or "", ""), (m.group("time") or "", "T")):
        for amount, unit in re.findall(r"([0-9]+(?:\.[0-9]+)?|X)([YMWDQHS])", section):
            name = UNITS["TM" if prefix and unit == "M" else unit]
            if amount == "X":
                parts.append(f"some {name}s")
            else:
                parts.append(f"{amount} {name}{'' if amount == '1' else 's'}")
    return " ".join(parts)


def _week(y: str, w: str, wd: str | None) -> str:
    if "X" in y or "X" in w:
        if wd == "WE":
            return "a weekend, date unknown"
        if wd:
            return f"a {WEEKDAYS[int(wd) - 1]}, date unknown"
        return f"week {w}, year unknown" if "X" in y and "X" not in w else "a week, date unknown"
    try:
        monday = dt.date.fromisocalendar(int(y), int(w), 1)
    except ValueError:
        return ""
    if wd == "WE":
        sat = monday + dt.timedelta(days=5)
        return f"the weekend of {_day(sat.year, sat.month, sat.day)}"
    if wd:
        day = monday + dt.timedelta(days=int(wd) - 1)
        return f"{WEEKDAYS[day.weekday()]} {_day(day.year, day.month, day.day)}"
    return f"the week of {_day(monday.year, monday.month, monday.day)}"


def _calendar(g: dict) -> str:
    """A date from _DATE's groups (no time of day), "" when impossible."""
    y = g["y"]
    known_year = "X" not in y
    if g["w"] is not None:
        return _week(y, g["w"], g["wd"])
    if g["q"] is not None or g["h"] is not None:
        n, what = (g["q"], "quarter") if g["q"] is not None else (g["h"], "half")
        words = f"the {ORDINAL[n]} {what}" if n != "X" else f"a {what}"
        return f"{words} of {y}" if known_year else f"{words}, year unknown"
    if g["season"] is not None:
        season = SEASONS[g["season"]]
        if not known_year:
            return f"{season}, year unknown"
        return f"winter {y}\u2013{(int(y) + 1) % 100:02d}" if g["season"] == "WI" else f"{season} {y}"
    mo, d = g["mo"], g["d"]
    if mo is None:
        return y if known_year else "year unknown"
    if "X" in mo:
        if d is not None and "X" not in d:
            where = f"in {y}" if known_year else "year unknown"
            return f"day {int(d)} of an unknown month, {where}" if not known_year else (
                f"day {int(d)} of an unknown month {where}")
        return f"{y}, month unknown" if known_year else "date unknown"
    month = int(mo)
    if not 1 <= month <= 12:
        return ""
    if d is None or "X" in d:
        known = f"{MONTHS[month - 1]} {y}" if known_year else MONTHS[month - 1]
        if d is None:
            return known if known_year else f"{known}, year unknown"
        return f"{known}, day unknown" if known_year else f"{known}, day and year unknown"
    day = int(d)
    if not known_year:
        return f"{day} {MONTHS[month - 1]}, year unknown" if 1 <= day <= _days_in(2000, month) else ""
    return _day(int(y), month, day)


def readable_date(value) -> str:
    """A TIMEX3 value in words; the value itself when it is not one we know.

    Days ``2019-11-20`` ("20 November 2019"), months, years, decades
    (``197X``: "the 1970s"), centuries (``19XX``: "the 20th century", as
    :func:`events.timex.interval` reads it, 1900-1999), ISO weeks and their
    days and weekends, quarters, halves, seasons (``2019-WI``: "winter
    2019-20"), times (``2019-11-20T14:30``: "14:30 on 20 November 2019") and
    parts of days (``TNI``: "the night of ..."), partly unknown values
    (``XXXX-03``: "March, year unknown"), durations (``P2Y6M``: "2 years 6
    months", ``PXY``: "some years") and ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``.

    >>> readable_date("2022-02-30"), readable_date("not a date"), readable_date(None)
    ('2022-02-30', 'not a date', '')
    """
    v = str(value if value is not None else "").strip()
    if not v:
        return ""
    if v in REFS:
        return REFS[v]
    if m := _DECADE.fullmatch(v):
        return f"the {int(m.group(1)) * 10}s"
    if m := _CENTURY.fullmatch(v):
        return _ordinal_century(int(m.group(1)) + 1)
    if v.startswith("P") and (m := _DURATION.fullmatch(v)) and (m.group("date") or m.group("time")):
        return _duration(m) or v
    m = _DATE.fullmatch(v)
    if m is None:
        return v
    g = m.groupdict()
    words = _calendar(g)
    if not words:
        return v
    if g["time"] or g["part"]:
        if g["d"] is None or "X" in v:  # a time of day needs a known day
            return v
        words = f"{g['time']} on {words}" if g["time"] else f"{PARTS_OF_DAY[g['part']]} {words}"
    return words


def date_with_value(value) -> str:
    """``readable_date(value)`` with the value beside it in brackets; just the
    value when the words would only repeat it (``2019``) or are unknown.

    >>> date_with_value("2019-11-20"), date_with_value("2022-02-30"), date_with_value("")
    ('20 November 2019 (2019-11-20)', '2022-02-30', '')
    """
    v = str(value if value is not None else "").strip()
    words = readable_date(v)
    return v if words == v else f"{words} ({v})"
