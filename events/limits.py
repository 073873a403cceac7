"""The one size limit for a document, wherever it comes in.

A document file larger than the limit is reported and skipped *before* any work on it:
when a corpus folder is loaded (``serve``, ``extract``, ``export``), when a document is
added (``add``, the browser upload) and when ``timex`` reads a file. Every command takes
``--max-document-mb`` to raise (or lower) it, up to :data:`CEILING_MB`.

The limits inside the pipeline are derived from the ceiling, so that no file that passes
the check fails half-way: a decoded text never has more characters than its file has
bytes (UTF-8, Windows-1252 and UTF-16 take at least one byte a character; HTML only loses
characters to its tags), so a text of at most ``CEILING_MB`` MiB of characters is within
:data:`MAX_TEXT_CHARS`, the limit of the time tagger and the actor look-up.

>>> max_document_bytes(None) == DEFAULT_MAX_DOCUMENT_MB * MIB
True
>>> max_document_bytes(1.5)
1572864
"""

from __future__ import annotations

MIB = 1024 * 1024
#: The limit for one document file, in MiB ("MB" in messages).
DEFAULT_MAX_DOCUMENT_MB = 25
#: The highest value ``--max-document-mb`` accepts.
CEILING_MB = 1024
#: Characters a text may have in the time tagger and the actor look-up: the ceiling.
MAX_TEXT_CHARS = CEILING_MB * MIB
#: The default limit in bytes.
MAX_DOCUMENT_BYTES = DEFAULT_MAX_DOCUMENT_MB * MIB
#: Added to a "too large" message: how to raise the limit.
RAISE_HINT = "split it or raise the limit with --max-document-mb"


class LimitError(ValueError):
    """A limit that is not a number of MB between 0 and :data:`CEILING_MB`."""


def max_document_bytes(mb: float | None) -> int:
    """The limit in bytes for ``--max-document-mb`` ``mb`` (None: the default)."""
    if mb is None:
        return MAX_DOCUMENT_BYTES
    if isinstance(mb, bool) or not isinstance(mb, (int, float)) or not 0 < mb <= CEILING_MB:
        raise LimitError(f"the document size limit must be more than 0 and at most "
                         f"{CEILING_MB} MB, not {mb!r}")
    return int(mb * MIB)


def format_mb(n_bytes: int) -> str:
    """``n_bytes`` in MB for messages (one decimal below 10 MB, KB below 1 MB).

    >>> format_mb(25 * MIB), format_mb(int(1.5 * MIB)), format_mb(10 * 1024)
    ('25 MB', '1.5 MB', '10 KB')
    """
    mb = n_bytes / MIB
    if mb < 1:
        return f"{n_bytes / 1024:.0f} KB"
    return f"{mb:.1f} MB" if mb < 10 and mb != int(mb) else f"{mb:.0f} MB"
