"""graph.readable: TIMEX3 values as a reader writes them (issue 19, item 8),
case by case, on every value the time rules' examples produce, and in the
event detail and hover."""

from __future__ import annotations

import re

import pytest

from events.timex import DATA_DIR, VALUE_RE
from graph import views
from graph.readable import date_with_value, readable_date
from tests.conftest import make_event


@pytest.mark.parametrize("value, words", [
    # days, months, years
    ("2019-11-20", "20 November 2019"), ("2024-02-29", "29 February 2024"),
    ("2019-11", "November 2019"), ("2019", "2019"),
    # decades and centuries (19XX is 1900-1999, as events.timex.interval reads it)
    ("197X", "the 1970s"), ("200X", "the 2000s"), ("19XX", "the 20th century"),
    ("20XX", "the 21st century"), ("10XX", "the 11th century"),
    # weeks, week days, weekends (ISO weeks)
    ("2019-W47", "the week of 18 November 2019"), ("2019-W47-WE", "the weekend of 23 November 2019"),
    ("2019-W47-3", "Wednesday 20 November 2019"), ("2020-W53", "the week of 28 December 2020"),
    ("2021-W52-WE", "the weekend of 1 January 2022"),
    # quarters, halves, seasons
    ("2019-Q1", "the first quarter of 2019"), ("2019-Q4", "the fourth quarter of 2019"),
    ("2019-H2", "the second half of 2019"), ("2019-SU", "summer 2019"), ("2019-SP", "spring 2019"),
    ("2019-FA", "autumn 2019"), ("2019-WI", "winter 2019\u201320"), ("2099-WI", "winter 2099\u201300"),
    # times and parts of a day
    ("2019-11-20TNI", "the night of 20 November 2019"), ("2019-11-20TMO", "the morning of 20 November 2019"),
    ("2019-11-20TAF", "the afternoon of 20 November 2019"),
    ("2019-11-20TEV", "the evening of 20 November 2019"), ("2019-11-20T14:30", "14:30 on 20 November 2019"),
    # partly unknown
    ("XXXX-03", "March, year unknown"), ("XXXX-06-09", "9 June, year unknown"), ("XXXX", "year unknown"),
    ("XXXX-XX", "date unknown"), ("2019-XX", "2019, month unknown"),
    ("2019-03-XX", "March 2019, day unknown"), ("XXXX-WXX-1", "a Monday, date unknown"),
    ("XXXX-WXX-WE", "a weekend, date unknown"), ("XXXX-Q1", "the first quarter, year unknown"),
    ("XXXX-SU", "summer, year unknown"), ("2019-QX", "a quarter of 2019"),
    # durations and references
    ("P3Y", "3 years"), ("P1Y", "1 year"), ("P2Y6M", "2 years 6 months"), ("PXY", "some years"),
    ("P1W", "1 week"), ("P1D", "1 day"), ("PT24H", "24 hours"), ("PT1H30M", "1 hour 30 minutes"),
    ("P1.5Y", "1.5 years"), ("PRESENT_REF", "now (the present)"), ("PAST_REF", "the past"),
    ("FUTURE_REF", "the future"),
])
def test_rd001_values_in_words(value, words):
    assert readable_date(value) == words


@pytest.mark.parametrize("value", ["2022-02-30", "2019-13", "2019-W54", "2019-11TNI", "XXXX-03TNI",
                                   "not a date", "P", "PT", "<b>2019</b>", "2019-11-20T25:00"])
def test_rd002_unknown_or_impossible_values_are_shown_as_they_are(value):
    assert readable_date(value) == value
    assert date_with_value(value) == value


def test_rd003_empty_values():
    assert readable_date(None) == readable_date("") == date_with_value(None) == ""


def test_rd004_every_value_the_time_rules_produce_reads_as_words():
    """The value of every EXAMPLE of events/data/timex/rules.txt that is a
    TIMEX3 value: each reads as words (a plain year is its own word)."""
    examples = re.findall(r"=>\s*(\S+?)[;,)]?\s*$", (DATA_DIR / "rules.txt").read_text(encoding="utf-8"), re.M)
    values = sorted({v for v in examples if VALUE_RE.match(v)})
    assert len(values) > 40, values
    raw = [v for v in values if readable_date(v) == v and not re.fullmatch(r"[0-9]{4}", v)]
    assert not raw, raw


def test_rd005_detail_and_hover_show_the_words_and_the_value():
    ev = make_event("event:w1", "Protest in the capital",
                    date=("2019-W47-WE", "week", "2019-11-23", "2019-11-24", "last weekend"),
                    actors=[("NOR", "Norland", "source")])
    hover = views.hover_text(ev)
    assert "the weekend of 23 November 2019 (2019-W47-WE)" in hover, hover
    detail = str(views.event_detail(ev, {}))
    assert "the weekend of 23 November 2019 (2019-W47-WE)" in detail, detail
