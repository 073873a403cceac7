"""Adding documents to a corpus: from the browser's upload or ``python app.py add``.

The text is checked and read like a corpus file (``events.readers.read_bytes``: a web
page's article body, a PDF's text layer), then stored under a generated name,
``upload-<random>.txt``:
the name the user gave is kept only for display (:func:`display_name`), in a JSON
index beside the files, and is never used as a path. A web page added by its URL
(:func:`add_url`) is stored as it was downloaded, ``upload-<random>.html``, with its URL
in the corpus's ``manifest.json``, and read like any saved page.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from pathlib import Path

from .corpus import SUFFIXES, CorpusError, document_text, sniff
from .limits import MAX_DOCUMENT_BYTES, format_mb
from .readers import read_bytes

#: Upload limits, shown on screen and enforced on the server: one document at most the
#: document limit (events/limits.py, ``--max-document-mb``), one upload twice that.
MAX_UPLOAD_BYTES = MAX_DOCUMENT_BYTES
MAX_UPLOAD_TOTAL = 2 * MAX_DOCUMENT_BYTES


def upload_total(max_document_bytes: int) -> int:
    """What one browser upload may carry under a document limit: two documents at it."""
    return 2 * max_document_bytes
#: The suffixes a corpus reads (one constant, events.corpus.SUFFIXES).
UPLOAD_SUFFIXES = SUFFIXES
#: Uploaded and added documents are stored as ``upload-<random hex>.txt``; the
#: name the user gave is kept, for display only, in this JSON file beside them.
UPLOAD_INDEX = ".eventline-uploads.json"
_UPLOAD_GLOB = "upload-*.txt"
_PAGE_GLOB = "upload-*.html"


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
        text = document_text(data, shown)  # a page's article body, a PDF's text layer
    except CorpusError as exc:
        raise UploadError(str(exc)) from None
    if not text.strip():
        raise UploadError(f"{shown}: no text left after reading it")
    return text


def too_large(shown: str, size: int, max_bytes: int) -> str:
    """The message for a document over the limit."""
    return (f"{shown}: {format_mb(size)} is over the {format_mb(max_bytes)} limit for one "
            "document (--max-document-mb raises it)")


def add_document(folder: str | os.PathLike, data: bytes, name: str,
                 max_bytes: int = MAX_UPLOAD_BYTES) -> Path:
    """Check one document's bytes (:func:`check_document`) and store it in ``folder``
    (:func:`save_document`): the one path of the browser's upload and ``app.py add``.
    Returns the stored file; raises :class:`UploadError` with the reason."""
    text = check_document(data, name, max_bytes)
    return save_document(folder, text, name, raw=data)


def save_document(folder: str | os.PathLike, text: str, name: str, raw: bytes | None = None) -> Path:
    """Write ``text`` into ``folder`` as ``upload-<random>.txt`` (atomically:
    a hidden temporary file, then a rename) and record ``display_name(name)``
    in the folder's upload index. Returns the new file's path.

    A web page (``name`` ends in ``.html``/``.htm``) whose bytes are given as ``raw`` is
    stored as it came, ``upload-<random>.html``, so that its title, author, site and date
    are read from its metadata like any saved page's.

    Raises :class:`UploadError` when the same text was added before (a second
    copy would only double its mentions) or the folder cannot be written."""
    folder = Path(folder)
    page = raw is not None and Path(display_name(name)).suffix.lower() in (".html", ".htm")
    content = raw if page else text.encode("utf-8")
    for existing in sorted(folder.glob(_PAGE_GLOB if page else _UPLOAD_GLOB)) if folder.is_dir() else ():
        try:
            same = existing.stat().st_size == len(content) and existing.read_bytes() == content
        except OSError:
            same = False
        if same:
            shown = read_upload_index(folder).get(existing.name, existing.name)
            raise UploadError(f"{display_name(name)}: the same text was already added (as {shown})")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"upload-{uuid.uuid4().hex[:16]}{'.html' if page else '.txt'}"
        tmp = folder / f".{target.name}.part"
        tmp.write_bytes(content)
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
        return tuple(sorted((p.name, st.st_size, st.st_mtime_ns)
                            for pattern in (_UPLOAD_GLOB, _PAGE_GLOB)
                            for p in Path(folder).glob(pattern) for st in (p.stat(),)))
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


# ---------------------------------------------------------------- pages by URL


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def add_url(folder: str | os.PathLike, url: str, *, allow_private: bool = False,
            fetch=None) -> tuple[Path, str]:
    """Download the page at ``url`` into ``folder`` as ``upload-<random>.html`` and record
    its URL in the folder's ``manifest.json``. Returns (the new file, the URL shown).

    The page is checked like an upload (it must have text); a URL already in the
    manifest is not added twice. ``fetch``: :func:`events.fetch.fetch_url` or a stand-in.
    Raises :class:`UploadError` with the reason (``events.fetch`` says which addresses,
    sizes, types and redirects are refused).
    """
    from .corpus import read_manifest
    from .fetch import FetchError, fetch_url

    folder = Path(folder)
    shown = str(url).strip()[:300]
    if not folder.is_dir():
        raise UploadError(f"{shown}: the corpus folder {folder} does not exist")
    manifest_path = folder / "manifest.json"
    entries, _problems = read_manifest(folder)
    known = {e.get("url"): f for f, e in entries.items() if e.get("url")}
    if shown in known:
        raise UploadError(f"{shown}: this URL was already added (as {known[shown]})")
    try:
        page = (fetch or fetch_url)(shown, allow_private=allow_private,
                                    max_bytes=MAX_UPLOAD_BYTES)
        read_bytes(page.data, "page.html", url=page.url, charset=page.charset)
    except (FetchError, CorpusError) as exc:
        raise UploadError(str(exc).replace("page.html: ", f"{shown}: ", 1)) from None
    if page.url != shown and page.url in known:
        raise UploadError(f"{shown}: its page {page.url} was already added (as {known[page.url]})")
    try:
        raw = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    except (OSError, ValueError):
        raise UploadError(f"{shown}: {manifest_path} cannot be read as JSON; fix it first, "
                          "the URL must be recorded there") from None
    if isinstance(raw, list):
        raw = {"documents": raw}
    if not isinstance(raw, dict) or not isinstance(raw.setdefault("documents", []), list):
        raise UploadError(f"{shown}: {manifest_path} has no 'documents' list; fix it first")
    target = folder / f"upload-{uuid.uuid4().hex[:16]}.html"
    raw["documents"].append({"file": target.name, "url": page.url})
    try:
        _write_atomic(target, page.data)
        _write_atomic(manifest_path, json.dumps(raw, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise UploadError(f"cannot store the page in {folder}: {exc.strerror or exc}") from None
    index = read_upload_index(folder)
    index[target.name] = " ".join(_UNSAFE_NAME.sub("", page.url).split())[:120]
    try:
        _write_atomic(folder / UPLOAD_INDEX, json.dumps(index, ensure_ascii=False, indent=1).encode())
    except OSError:
        pass
    return target, page.url


def remove_page(folder: str | os.PathLike, path: Path) -> None:
    """Undo :func:`add_url`: delete the stored page and its manifest entry (best effort)."""
    folder = Path(folder)
    Path(path).unlink(missing_ok=True)
    manifest_path = folder / "manifest.json"
    try:
        raw = json.loads(manifest_path.read_text(encoding="utf-8"))
        raw["documents"] = [e for e in raw["documents"]
                            if not (isinstance(e, dict) and e.get("file") == Path(path).name)]
        _write_atomic(manifest_path, json.dumps(raw, ensure_ascii=False, indent=1).encode("utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        pass
