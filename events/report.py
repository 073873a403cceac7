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
    'no usable document in in: the folder has no .txt, .md, .html or .htm file'
    """
    from events.corpus import SUFFIXES

    where = Path(str(folder)).name or str(folder)
    if not skipped:
        kinds = ", ".join(SUFFIXES[:-1]) + " or " + SUFFIXES[-1]
        return f"no usable document in {where}: the folder has no {kinds} file"
    return (f"no usable document in {where}: {_plural(len(skipped), 'file')} skipped: "
            f"{skipped_list(skipped)}")
