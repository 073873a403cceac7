"""What became of each document: plain-data reports, and the messages built from them.

A report is a JSON-able dict per document (see :func:`document_report`), computed from the
document record and what its extraction noted (:func:`events.extract.extract_document`'s
``stats``), carried in :class:`events.pipeline.PipelineResult` and cached with the
document's events. Files that were no document get a report too, with their reason
(:func:`skipped_report`). The command line prints them; the explorer's Documents panel
shows them (:mod:`graph.documents`).
"""

from __future__ import annotations

from pathlib import Path


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def skipped_list(skipped: list[dict], limit: int = 10) -> str:
    """``a.pdf (unsupported type), b.png (image)``, at most ``limit`` named.

    >>> skipped_list([{"file": "a.pdf", "reason": "unsupported type"}, {"file": "b.png", "reason": "image"}])
    'a.pdf (unsupported type), b.png (image)'
    """
    named = [f"{s.get('file')} ({s.get('reason')})" for s in skipped[:limit]]
    more = len(skipped) - limit
    return ", ".join(named) + (f" and {more} more" if more > 0 else "")


def no_documents_message(folder, skipped: list[dict]) -> str:
    """Why a corpus gave no document at all, naming the skipped files and their reasons.

    >>> no_documents_message("in", [])
    'no usable document in in: the folder has no .txt, .md, .html, .htm or .pdf file'
    """
    from events.corpus import SUFFIXES

    where = Path(str(folder)).name or str(folder)
    if not skipped:
        kinds = ", ".join(SUFFIXES[:-1]) + " or " + SUFFIXES[-1]
        return f"no usable document in {where}: the folder has no {kinds} file"
    return (f"no usable document in {where}: {_plural(len(skipped), 'file')} skipped: "
            f"{skipped_list(skipped)}")


def _pct(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _why_nothing(stats: dict, share: float) -> tuple[str, str]:
    """(reason, explanation) of a document that gave no events."""
    if not stats.get("chars"):
        return "empty", "the text is empty"
    if not stats.get("sentences") or share >= 0.99:
        return "all boilerplate", ("nothing is left once menus, bylines, links and comments are "
                                   "left out")
    if not stats.get("dated_sentences"):
        return "no date", ("no sentence has a date, and an event needs one; "
                           f"{_plural(stats.get('sentences', 0), 'sentence')} read")
    if not stats.get("trigger_sentences"):
        return "no event word", (f"{_plural(stats['dated_sentences'], 'dated sentence')}, none with "
                                 "an event word of events/data/triggers.tsv in the same clause")
    return "no actor", (f"{_plural(stats['trigger_sentences'], 'dated sentence')} with an event "
                        "word, none with an actor the gazetteer knows")


def document_report(record: dict, stats: dict) -> dict:
    """What became of one document: a JSON-able dict.

    ``record``: the document record (``Document.record()``); ``stats``: what
    ``extract_document(..., stats=...)`` noted. Keys: ``id``, ``file``, ``title``;
    ``status`` (``"events"`` or ``"no events"``); ``events`` (event mentions found);
    ``published`` and ``published_source`` (``"manifest"``, ``"text"`` or None);
    ``chars``, ``discarded_chars``, ``discarded_share`` and ``discarded`` (characters
    left out, by boilerplate kind); ``reason`` and ``detail`` (why no events, else None);
    ``warnings`` (more than half the text discarded, no publication date).

    >>> r = document_report({"id": "a", "file": "a.txt", "title": "A"},
    ...     {"chars": 1000, "discarded": {"comments": 900}, "dct": "2024-05-01",
    ...      "dct_source": "text", "sentences": 2, "dated_sentences": 0, "events": 0})
    >>> r["status"], r["reason"], r["discarded_share"], r["warnings"][0]
    ('no events', 'no date', 0.9, '90% of the text was left out as boilerplate (comments 90%)')
    """
    chars = int(stats.get("chars") or 0)
    discarded = {k: int(v) for k, v in sorted((stats.get("discarded") or {}).items(),
                                              key=lambda kv: -kv[1])}
    lost = min(chars, sum(discarded.values()))
    share = lost / chars if chars else 0.0
    n = int(stats.get("events") or 0)
    reason, detail = (None, None) if n else _why_nothing(stats, share)
    warnings = []
    if share > 0.5:
        kinds = ", ".join(f"{k} {_pct(v, chars)}%" for k, v in discarded.items())
        warnings.append(f"{_pct(lost, chars)}% of the text was left out as boilerplate ({kinds})")
    if stats.get("dct") is None and chars:
        warnings.append("no publication date (none in the manifest, none found in the text): "
                        "relative dates such as 'last week' stay unresolved")
    return {
        "id": record.get("id"), "file": record.get("file") or "", "title": record.get("title") or "",
        "status": "events" if n else "no events", "events": n,
        "published": stats.get("dct"), "published_source": stats.get("dct_source"),
        "chars": chars, "discarded_chars": lost, "discarded_share": round(share, 3),
        "discarded": discarded, "sentences": int(stats.get("sentences") or 0),
        "dated_sentences": int(stats.get("dated_sentences") or 0),
        "reason": reason, "detail": detail, "warnings": warnings,
    }


def skipped_report(skipped: dict) -> dict:
    """The report of a file that was no document (``Corpus.skipped`` entry)."""
    return {"id": None, "file": skipped.get("file") or "", "title": "", "status": "skipped",
            "events": 0, "published": None, "published_source": None, "chars": 0,
            "discarded_chars": 0, "discarded_share": 0.0, "discarded": {}, "sentences": 0,
            "dated_sentences": 0, "reason": skipped.get("reason") or "unreadable",
            "detail": skipped.get("message") or "", "warnings": []}


def failed_report(record: dict, error: str) -> dict:
    """The report of a document whose extraction raised."""
    out = skipped_report({"file": record.get("file"), "reason": "extraction failed", "message": error})
    out.update(id=record.get("id"), title=record.get("title") or "", status="failed")
    return out


def _name(r: dict) -> str:
    return str(r.get("file") or r.get("id") or "?")


def nothing_lines(reports: list[dict]) -> list[str]:
    """One line per document or file that gave no events, with why."""
    return [f"{_name(r)}: {r['status']}: {r.get('reason')}" + (f" ({r['detail']})" if r.get("detail")
                                                               and r["status"] == "no events" else "")
            for r in reports if r.get("status") != "events"]


def summary_line(reports: list[dict], n_events: int) -> str:
    """One line: documents read, events found, how many gave nothing, files skipped.

    >>> summary_line([{"status": "events", "events": 3}, {"status": "skipped"}], 2)
    '1 document read: 2 events (3 mentions); 1 file skipped'
    """
    docs = [r for r in reports if r.get("status") in ("events", "no events")]
    empty = sum(1 for r in docs if r["status"] == "no events")
    skipped = sum(1 for r in reports if r.get("status") == "skipped")
    failed = sum(1 for r in reports if r.get("status") == "failed")
    mentions = sum(int(r.get("events") or 0) for r in docs)
    line = f"{_plural(len(docs), 'document')} read: {_plural(n_events, 'event')} ({_plural(mentions, 'mention')})"
    heavy = sum(1 for r in docs if r.get("discarded_share", 0) > 0.5)
    parts = [f"{empty} gave no events" if empty else "",
             f"{heavy} mostly boilerplate" if heavy else "",
             f"{_plural(failed, 'document')} failed" if failed else "",
             f"{_plural(skipped, 'file')} skipped" if skipped else ""]
    return line + "".join(f"; {p}" for p in parts if p)


def report_table(reports: list[dict]) -> str:
    """The reports as a plain-text table, one document a line."""
    rows = [("file", "status", "events", "published", "discarded", "why / warnings")]
    for r in reports:
        when = f"{r['published']} ({r['published_source']})" if r.get("published") else "-"
        why = "; ".join([x for x in [r.get("reason") and f"{r['reason']}: {r.get('detail')}"] if x]
                        + list(r.get("warnings") or ()))
        rows.append((_name(r)[:40], r["status"], str(r.get("events", 0)), when,
                     f"{_pct(r.get('discarded_chars', 0), r.get('chars', 0))}%" if r.get("chars") else "-",
                     why))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row[:5], widths, strict=True)) + "  " + row[5]
                     for row in rows)
