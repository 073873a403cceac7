"""Adding documents to a corpus: from the browser's upload or ``python app.py add``.

The text is checked and decoded like a corpus file (``events.corpus.decode_bytes``;
HTML loses its tags), then stored under a generated name, ``upload-<random>.txt``:
the name the user gave is kept only for display (:func:`display_name`), in a JSON
index beside the files, and is never used as a path.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from pathlib import Path

from .corpus import SUFFIXES, CorpusError, document_text, sniff
from .limits import MAX_DOCUMENT_BYTES, format_mb

#: Upload limits, shown on screen and enforced on the server: one document at most the
#: document limit (events/limits.py, ``--max-document-mb``), one upload twice that.
MAX_UPLOAD_BYTES = MAX_DOCUMENT_BYTES
MAX_UPLOAD_TOTAL = 2 * MAX_DOCUMENT_BYTES
#: The suffixes a corpus reads (one constant, events.corpus.SUFFIXES).
UPLOAD_SUFFIXES = SUFFIXES
#: Uploaded and added documents are stored as ``upload-<random hex>.txt``; the
#: name the user gave is kept, for display only, in this JSON file beside them.
UPLOAD_INDEX = ".eventline-uploads.json"
_UPLOAD_GLOB = "upload-*.txt"


class UploadError(Exception):
    """A document that cannot be added; the message names it and says why."""


def check_document(data: bytes, name: str, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """The text of one uploaded/added document, or :class:`UploadError`.

    ``name`` is only used to pick the decoding (``.html``/``.htm`` lose their
    tags) and in messages; it is never a path.
    """
    shown = display_name(name)
    suffix = Path(shown).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        what = (sniff(data) or ("", f"a {suffix} file" if suffix else "a file with no extension"))[1]
        raise UploadError(f"{shown}: {what}; only {', '.join(UPLOAD_SUFFIXES)} files can be added")
    if len(data) > max_bytes:
        raise UploadError(too_large(shown, len(data), max_bytes))
    try:
        text = document_text(data, shown)
    except CorpusError as exc:
        raise UploadError(str(exc)) from None
    if not text.strip():
        raise UploadError(f"{shown}: no text left after reading it")
    return text


def too_large(shown: str, size: int, max_bytes: int) -> str:
    """The message for a document over the limit."""
    return (f"{shown}: {format_mb(size)} is over the {format_mb(max_bytes)} limit for one "
            "document (--max-document-mb raises it)")


def save_document(folder: str | os.PathLike, text: str, name: str) -> Path:
    """Write ``text`` into ``folder`` as ``upload-<random>.txt`` (atomically:
    a hidden temporary file, then a rename) and record ``display_name(name)``
    in the folder's upload index. Returns the new file's path.

    Raises :class:`UploadError` when the same text was added before (a second
    copy would only double its mentions) or the folder cannot be written."""
    folder = Path(folder)
    for existing in sorted(folder.glob(_UPLOAD_GLOB)) if folder.is_dir() else ():
        try:
            same = existing.stat().st_size == len(text.encode("utf-8")) and \
                existing.read_text(encoding="utf-8") == text
        except (OSError, UnicodeError):
            same = False
        if same:
            shown = read_upload_index(folder).get(existing.name, existing.name)
            raise UploadError(f"{display_name(name)}: the same text was already added (as {shown})")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"upload-{uuid.uuid4().hex[:16]}.txt"
        tmp = folder / f".{target.name}.part"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    except OSError as exc:
        raise UploadError(f"cannot store the document in {folder}: {exc.strerror or exc}") from None
    index = read_upload_index(folder)
    index[target.name] = display_name(name)
    try:
        tmp = folder / f".{UPLOAD_INDEX}.part"
        tmp.write_text(json.dumps(index, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, folder / UPLOAD_INDEX)
    except OSError:
        pass  # only the display names are lost; the document is in
    return target


def read_upload_index(folder) -> dict[str, str]:
    """``{stored file name: name shown}`` of a folder's uploads ({} when none or unreadable)."""
    try:
        data = json.loads((Path(folder) / UPLOAD_INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def upload_fingerprint(folder) -> tuple:
    """(name, size, mtime) of every stored upload in ``folder``: changes when one is added."""
    if folder is None:
        return ()
    try:
        return tuple(sorted((p.name, st.st_size, st.st_mtime_ns) for p in Path(folder).glob(_UPLOAD_GLOB)
                            for st in (p.stat(),)))
    except OSError:
        return ()


_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def display_name(name) -> str:
    """A file name from a browser or the command line made safe to *show*:
    the last path component, no control or bidi characters, at most 80
    characters. Never used as a path.

    >>> display_name("../../etc/passwd")
    'passwd'
    >>> display_name("x/a\u202eb.txt")
    'ab.txt'
    """
    text = str(name if name is not None else "")
    text = re.split(r"[\\/]", text)[-1]
    text = " ".join(_UNSAFE_NAME.sub("", text).split())
    return (text if len(text) <= 80 else text[:79] + "\u2026") if text else "unnamed file"
