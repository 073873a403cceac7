"""Pure builders of the explorer's document reader: one article's text, whole,
with every sentence that gave an event marked.

The evidence of an event (its mentions) holds the document id and the
sentence's character offsets into the document's text (``events.model``);
:func:`sentence_marks` turns the mentions of one document into marks, checked
against the text (a mention whose sentence is not at its offsets is left out
and counted), and :func:`document_view` cuts the text into paragraphs, each a
``<p>`` of plain strings and ``<mark>`` elements: the text is only ever
component text, never HTML. A mark's id names the event it selects.

Text longer than :data:`MAX_CHARS` is cut there and the reader says so (a
page of a few hundred paragraphs renders at once; a 25 MB text would not).
"""

from __future__ import annotations

import re

#: The most characters of a document the reader renders.
MAX_CHARS = 200_000
_PARA = re.compile(r"\n\s*")

BASIS = {"manifest": "from the corpus manifest", "page": "from the page's metadata",
         "text": "inferred from the text", "none": "unknown"}


def sentence_marks(doc_id: str, events, text: str | None) -> tuple[list[dict], int]:
    """The sentences of document ``doc_id`` that gave ``events``, as marks
    ``{"start", "end", "events": [(event id, type, label), ...], "sentence"}`` in text
    order, and the number of mentions left out (offsets that do not hold their
    sentence in ``text``). Several events from one sentence share its mark;
    a sentence overlapping an earlier one joins that mark. With ``text`` None
    the offsets are not checked.

    >>> ev = {"id": "e1", "type": "AGREE", "label": "Accord",
    ...       "mentions": [{"doc_id": "d", "start": 4, "end": 11, "sentence": "Signed."}]}
    >>> sentence_marks("d", [ev], "Hi. Signed. Bye.")
    ([{'start': 4, 'end': 11, 'events': [('e1', 'AGREE', 'Accord')], 'sentence': 'Signed.'}], 0)
    >>> sentence_marks("d", [ev], "Something else entirely")[1]
    1
    """
    spans: dict[tuple[int, int], list] = {}
    dropped = 0
    for ev in events:
        for m in ev.get("mentions") or ():
            if not isinstance(m, dict) or str(m.get("doc_id")) != doc_id:
                continue
            try:
                s, e = int(m["start"]), int(m["end"])
            except (KeyError, TypeError, ValueError):
                dropped += 1
                continue
            if text is not None and not (0 <= s < e <= len(text) and text[s:e] == m.get("sentence")):
                dropped += 1
                continue
            who = (str(ev.get("id")), str(ev.get("type") or ""), str(ev.get("label") or ""))
            evs = spans.setdefault((s, e), [str(m.get("sentence") or "")])
            if who not in evs:
                evs.append(who)
    marks: list[dict] = []
    for (s, e), (sentence, *evs) in sorted(spans.items()):
        if marks and s < marks[-1]["end"]:  # overlaps the previous sentence: one mark
            last = marks[-1]
            last["end"] = max(last["end"], e)
            last["events"] += [w for w in evs if w not in last["events"]]
            continue
        marks.append({"start": s, "end": e, "events": list(evs), "sentence": sentence})
    return marks, dropped


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the paragraphs of ``text``: its lines, blank
    lines and the spaces that open a line left out.

    >>> paragraphs("One.\\n\\n  Two.\\nThree.")
    [(0, 4), (8, 12), (13, 19)]
    """
    out, pos = [], 0
    for m in _PARA.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _mark(text, mark, n, selected):
    from dash import html

    eid, etype, label = mark["events"][0]
    more = len(mark["events"]) - 1
    title = "; ".join(f"{t}: {lab}" for _i, t, lab in mark["events"])
    cls = "doc-mark" + (" doc-mark-selected" if any(w[0] == selected for w in mark["events"]) else "")
    out = [html.Mark(text, id={"type": "doc-mark", "event": eid, "n": n}, n_clicks=0,
                     className=cls, title=title + (" (click to open the first)" if more else ""),
                     **{"data-event": eid})]
    if more and text:  # the other events of the sentence, one small mark each
        for k, (oid, otype, olabel) in enumerate(mark["events"][1:]):
            out.append(html.Mark(f"+{otype or 'event'}", id={"type": "doc-mark", "event": oid,
                                                             "n": f"{n}.{k}"},
                                 n_clicks=0, className="doc-mark doc-mark-more", title=olabel,
                                 **{"data-event": oid}))
    return out


def _paragraph(text, p0, p1, marks, first, selected):
    """One paragraph's children (strings and marks) and the index of the next mark."""
    kids, pos, k = [], p0, first
    while k < len(marks) and marks[k]["start"] < p1:
        m = marks[k]
        s, e = max(m["start"], p0), min(m["end"], p1)
        if s > pos:
            kids.append(text[pos:s])
        if e > s:
            kids += _mark(text[s:e], m, f"{k}-{p0}", selected)
        pos = max(pos, e)
        if m["end"] > p1:  # the sentence goes on in the next paragraph
            break
        k += 1
    if pos < p1:
        kids.append(text[pos:p1])
    return kids, k


def document_header(doc: dict) -> list:
    """Title, outlet, publication date and where that date comes from."""
    from dash import html

    published = doc.get("published")
    basis = doc.get("published_basis")
    if published:
        when = str(published) + (" (estimated)" if doc.get("published_estimated") else "")
        if basis:
            when += f"; {BASIS.get(str(basis), str(basis))}"
    else:
        when = "unknown"
    return [
        html.H3(str(doc.get("title") or doc.get("file") or doc.get("id") or "untitled"),
                className="doc-view-title"),
        html.Dl([html.Dt("Outlet"), html.Dd(str(doc.get("outlet") or "unknown")),
                 html.Dt("Published"), html.Dd(when, className="doc-published"),
                 html.Dt("Document"), html.Dd(str(doc.get("id") or ""))], className="doc-facts"),
    ]


def document_view(doc: dict, text: str | None, marks: list[dict], *, dropped: int = 0,
                  selected: str | None = None, max_chars: int = MAX_CHARS) -> list:
    """The reader's components: :func:`document_header`, notes, then the text
    by paragraph with ``marks`` (from :func:`sentence_marks`). With ``text``
    None (the server cannot read the file) only the marked sentences are
    shown, each a paragraph, and the reader says so."""
    from dash import html

    notes = []
    n_events = len({w[0] for m in marks for w in m["events"]})
    notes.append(f"{len(marks)} sentence{'s' if len(marks) != 1 else ''} gave "
                 f"{n_events} event{'s' if n_events != 1 else ''}; click a marked sentence to open its event.")
    if dropped:
        notes.append(f"{dropped} evidence sentence(s) are not at their place in this text "
                     "(the file changed since extraction) and are not marked.")
    if text is None:
        notes.append("The article's text is not available to the server; only the sentences "
                     "that gave events are shown.")
        body = [html.P(_mark(m["sentence"], m, str(k), selected)) for k, m in enumerate(marks)]
    else:
        shown = text[:max_chars]
        if len(text) > max_chars:
            beyond = sum(1 for m in marks if m["start"] >= max_chars)
            notes.append(f"Long article: the first {max_chars:,} of {len(text):,} characters are shown"
                         + (f"; {beyond} marked sentence(s) lie beyond." if beyond else "."))
        body, k = [], 0
        for p0, p1 in paragraphs(shown):
            kids, k = _paragraph(shown, p0, p1, marks, k, selected)
            body.append(html.P(kids))
    return [*document_header(doc),
            html.Div([html.P(n) for n in notes], className="doc-notes"),
            html.Div(body, className="doc-text")]


def doc_from_query(search: str | None) -> str | None:
    """The document id of ``?doc=<id>`` in a URL query string, or None.

    >>> doc_from_query("?actor=China&doc=003_bbb"), doc_from_query("?actor=China")
    ('003_bbb', None)
    """
    from urllib.parse import parse_qs

    vals = parse_qs((search or "").lstrip("?")).get("doc")
    return vals[0][:200] if vals else None


def query_with_doc(query: str, doc: str | None) -> str:
    """A filter query string (``?a=b`` or ``""``) with ``doc=<id>`` added last.

    >>> query_with_doc("?actor=China", "d 1"), query_with_doc("", "d"), query_with_doc("?q=x", None)
    ('?actor=China&doc=d+1', '?doc=d', '?q=x')
    """
    from urllib.parse import urlencode

    if not doc:
        return query
    return (query + "&" if query else "?") + urlencode({"doc": doc})
