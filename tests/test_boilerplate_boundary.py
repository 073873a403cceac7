"""A comment heading cuts the text only after the article's body (issue 19, item 2).

The pages imitate the layouts that lost whole articles: a site menu with a "Comment"
section (as <li> items, one a line once the tags are gone), a "Comments" link under the
headline, "Comment" as the section name above the headline. Written for these tests.
"""

from __future__ import annotations

import pytest

from events.corpus import find_boilerplate, html_to_text
from events.extract import extract_document
from events.model import Document

BODY = (
    "<p>Russia and China signed a new energy agreement in Beijing on 4 February 2022, "
    "officials from both governments said on Friday.</p>"
    "<p>The agreement covers gas deliveries through a second pipeline, which the two "
    "governments have discussed for more than a decade without reaching a final deal.</p>"
    "<p>In March 2023, India criticised the deal and said that it would harm the regional "
    "balance of power in Central Asia for many years to come.</p>"
    "<p>Analysts in Moscow said the pipeline would not be finished before the end of the "
    "decade, and that the price had still not been agreed by the two sides.</p>"
)

MENU_LI = ("<nav><ul><li>Home</li><li>News</li><li>Comment</li><li>Sport</li>"
           "<li>Finance</li><li>Travel</li></ul></nav>")
MENU_LINE = "<div>Home | News | Comment | Sport</div>"
LINK_UNDER_HEADLINE = "<h1>Russia and China sign energy deal</h1><p>By Jane Roe</p><p>Comments</p>"
SECTION_NAME = "<div>Comment</div><h1>Why the pipeline deal matters</h1>"


def _page(*parts: str) -> str:
    return html_to_text("<html><body>" + "".join(parts) + "</body></html>")


def _discarded(text: str) -> float:
    return sum(e - s for s, e, _ in find_boilerplate(text)) / len(text)


@pytest.mark.parametrize("top", [MENU_LI, MENU_LINE, LINK_UNDER_HEADLINE, SECTION_NAME,
                                 MENU_LI + LINK_UNDER_HEADLINE],
                         ids=["menu-items", "menu-line", "comments-link", "section-name", "both"])
def test_a_comment_word_above_the_body_does_not_swallow_the_article(top):
    text = _page(top, BODY)
    assert _discarded(text) < 0.2, find_boilerplate(text)
    events = extract_document(Document(id="d", text=text, published="2022-02-05"))
    assert {e["date"]["value"][:4] for e in events} >= {"2022", "2023"}, events


def test_a_menu_in_the_middle_of_the_page_is_not_a_boundary():
    half = BODY.split("</p>", 2)
    text = _page(half[0], "</p>", half[1], "</p>", MENU_LI, half[2])
    assert _discarded(text) < 0.2, find_boilerplate(text)


def test_the_comment_thread_after_the_body_is_still_cut():
    thread = ("<h3>12 Comments</h3><p>John Smith</p><p>This is the worst article I have read "
              "this year, the pipeline was agreed in 2019 already.</p><p>Reply</p>"
              "<p>Mary Major</p><p>Nonsense, it was signed in 2022 and everyone knows it.</p>"
              "<p>Reply</p>")
    text = _page(MENU_LI, BODY, thread)
    regions = find_boilerplate(text)
    cut = [s for s, e, k in regions if k == "comments" and e == len(text)]
    assert cut and text[cut[0]:].startswith("12 Comments"), regions
    assert "balance of power" in text[:cut[0]]


def test_a_long_thread_after_a_short_article_is_cut_when_replies_mark_it():
    body = ("<p>Chile and Bolivia signed a border treaty in La Paz on 3 May 2004, the two "
            "foreign ministries said in a joint statement.</p>"
            "<p>The treaty settles a dispute that has lasted more than a century.</p>")
    comment = ("<p>I have followed this dispute for years and I do not believe a word of the "
               "statement, the treaty will be broken within a year.</p><p>Reply</p>")
    text = _page(body, "<h3>Comments</h3>", comment * 5)
    regions = find_boilerplate(text)
    assert any(k == "comments" and text[s:].startswith("Comments") for s, e, k in regions), regions
