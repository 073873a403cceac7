"""The document creation time (DCT) where a document's publication date meets the tagger
(issue 19 item 3): a month-only ``published`` keeps the events of day-relative
expressions, and is narrowed to a day where the text's own dates give one in that month.
Texts written for these tests."""

from __future__ import annotations

from events.extract import document_dct, extract_document
from events.model import Document

# 2019-11-20 is a Wednesday.
ARTICLE = (
    "Putin met Erdogan in Sochi on Wednesday, the Kremlin said.\n\n"
    "Ukrainian forces shelled Donetsk last night, the Russian defence ministry said."
)


def _dates(records):
    return sorted((r["mentions"][0]["timex"]["text"], r["date"]["value"]) for r in records)


def test_month_only_published_keeps_day_relative_events():
    events = extract_document(Document(id="a", text=ARTICLE, published="2019-11"))
    assert _dates(events) == [("Wednesday", "2019-11"), ("last night", "2019-11")], events
    for r in events:
        assert r["date"]["granularity"] == "month"
        assert (r["date"]["start"], r["date"]["end"]) == ("2019-11-01", "2019-11-30")
        assert r["mentions"][0]["dct"] == "2019-11" and not r["mentions"][0]["dct_inferred"]


def test_the_day_published_gives_the_days():
    events = extract_document(Document(id="a", text=ARTICLE, published="2019-11-20"))
    assert _dates(events) == [("Wednesday", "2019-11-20"), ("last night", "2019-11-19TNI")]


def test_month_only_published_narrowed_by_the_texts_own_date_line():
    text = "Published: 20 November 2019\n\n" + ARTICLE
    doc = Document(id="a", text=text, published="2019-11")
    assert document_dct(doc) == ("2019-11-20", True)
    events = extract_document(doc)
    assert _dates(events) == [("Wednesday", "2019-11-20"), ("last night", "2019-11-19TNI")]
    assert all(r["mentions"][0]["dct_inferred"] for r in events)
    assert all(r["mentions"][0]["dct"] == "2019-11-20" for r in events)


def test_a_day_in_another_month_does_not_override_the_manifest():
    text = "Published: 2 December 2019\n\n" + ARTICLE
    assert document_dct(Document(id="a", text=text, published="2019-11")) == ("2019-11", False)
    # a full day in the manifest is never overridden by the text
    assert document_dct(Document(id="a", text=text, published="2019-11-20")) == (
        "2019-11-20", False)
