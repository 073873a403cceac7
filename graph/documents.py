"""The explorer's Documents panel and its empty state, built from document reports.

Pure functions from the reports of :mod:`events.report` (plain dicts) to Dash
components or text; ``create_app`` only places them. File names and titles come from
the user's files and are only ever component text.
"""

from __future__ import annotations

from events.report import nothing_lines, skipped_list, summary_line

#: Shown when events exist but none passes the filters.
NO_MATCH = "No events match these filters."


def _pct(r: dict) -> str:
    return f"{round(100 * r['discarded_chars'] / r['chars'])}%" if r.get("chars") else "-"


def _published(r: dict) -> str:
    if not r.get("published"):
        return "-"
    source = {"manifest": "manifest", "text": "inferred from the text"}.get(r.get("published_source"), "")
    return f"{r['published']} ({source})" if source else str(r["published"])


def _why(r: dict) -> str:
    parts = []
    if r.get("reason"):
        parts.append(f"{r['reason']}: {r['detail']}" if r.get("detail") else str(r["reason"]))
    parts += list(r.get("warnings") or ())
    return "; ".join(parts)


def document_rows(reports: list[dict]) -> list[dict]:
    """One row of plain text cells per report, documents with no events and skipped
    files first (what needs a look), then the rest in corpus order.

    >>> document_rows([{"file": "a.txt", "status": "events", "events": 2, "chars": 10,
    ...                 "discarded_chars": 1, "published": "2024", "published_source": "text"},
    ...                {"file": "b.png", "status": "skipped", "reason": "image", "detail": "b.png: a PNG image"}])
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'file': 'b.png', 'status': 'skipped', 'events': '0', 'published': '-', 'discarded': '-',
      'why': 'image: b.png: a PNG image'},
     {'file': 'a.txt', 'status': 'events', 'events': '2', 'published': '2024 (inferred from the text)',
      'discarded': '10%', 'why': ''}]
    """
    order = sorted(range(len(reports)), key=lambda i: (reports[i].get("status") == "events", i))
    return [{"file": str(r.get("file") or r.get("id") or "?"), "status": str(r.get("status")),
             "events": str(r.get("events") or 0), "published": _published(r), "discarded": _pct(r),
             "why": _why(r)} for r in (reports[i] for i in order)]


def documents_panel(reports: list[dict], n_events: int) -> list:
    """The body of the Documents panel: a summary line and a table of every document."""
    from dash import html

    heads = ("File", "Status", "Events", "Published", "Left out", "Why / warnings")
    keys = ("file", "status", "events", "published", "discarded", "why")
    rows = document_rows(reports)
    body = [html.Tr([html.Td(row[k]) for k in keys], className=f"doc-{row['status'].replace(' ', '-')}")
            for row in rows]
    return [
        html.P(summary_line(reports, n_events), className="documents-summary"),
        html.Table([html.Thead(html.Tr([html.Th(h) for h in heads])), html.Tbody(body)],
                   className="documents-table") if rows else html.P("No files in this corpus.", className="hint"),
    ]


def documents_summary(reports: list[dict]) -> str:
    """The panel's title: how many documents, and how many need a look."""
    docs = sum(1 for r in reports if r.get("status") in ("events", "no events"))
    look = sum(1 for r in reports if r.get("status") != "events" or r.get("warnings"))
    return f"Documents ({docs}" + (f", {look} to look at)" if look else ")")


def empty_message(reports: list[dict], n_events: int) -> str:
    """What the timeline says when it shows nothing: :data:`NO_MATCH` when events exist
    (the filters hide them), else why the corpus gave none, naming the files.

    >>> empty_message([{"file": "a.pdf", "status": "skipped", "reason": "unsupported type"}], 0)
    'No usable document: 1 file skipped: a.pdf (unsupported type). See Documents below.'
    """
    if n_events:
        return NO_MATCH
    docs = [r for r in reports if r.get("status") in ("events", "no events", "failed")]
    skipped = [r for r in reports if r.get("status") == "skipped"]
    if not docs:
        if not skipped:
            return "This corpus has no documents: add .txt, .md or .html files."
        n = len(skipped)
        return (f"No usable document: {n} file{'s' if n != 1 else ''} skipped: "
                f"{skipped_list(skipped, 5)}. See Documents below.")
    lines = nothing_lines(reports)
    return (f"No events found in {len(docs)} document{'s' if len(docs) != 1 else ''}: "
            + "; ".join(lines[:5]) + (" ..." if len(lines) > 5 else "") + ". See Documents below.")
