"""Loading a folder of articles: files, manifest, decoding, boilerplate.

The text of a document is never rewritten: offsets everywhere point into
``Document.text``. Matching runs on :func:`matching_view`, a copy of the text
of the *same length* in which curly quotes, no-break spaces and dashes are
folded to ASCII one character for one character, so an offset found in the
view is an offset in the original.
"""

from __future__ import annotations

import bisect
import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from .limits import MAX_DOCUMENT_BYTES, MIB, RAISE_HINT, format_mb
from .model import Document

DATA = Path(__file__).with_name("data")
#: The suffixes of the files a corpus reads: the one list (uploads, ``add`` and the folder
#: loader use it). A file with another suffix is reported as skipped, with what it is.
SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
#: Largest file read by default (the one limit, see events/limits.py); bigger files are
#: reported and skipped before they are read.
MAX_BYTES = MAX_DOCUMENT_BYTES
MANIFEST_MAX_BYTES = 5 * 1024 * 1024

_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


class CorpusError(Exception):
    """A corpus folder, file or manifest that cannot be used; the message says why."""


#: Why a file is skipped: the words of reports and messages.
SKIP_REASONS = ("image", "unsupported type", "binary", "empty", "undecodable", "too large",
                "unreadable", "duplicate id")


class UnusableFile(CorpusError):
    """A file that is no usable document; ``reason`` is one of :data:`SKIP_REASONS`."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


#: Leading bytes of formats that are not text: (magic, reason, what it is).
_MAGIC = (
    (b"%PDF-", "unsupported type", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "image", "a PNG image"),
    (b"\xff\xd8\xff", "image", "a JPEG image"),
    (b"GIF87a", "image", "a GIF image"),
    (b"GIF89a", "image", "a GIF image"),
    (b"II*\x00", "image", "a TIFF image"),
    (b"MM\x00*", "image", "a TIFF image"),
    (b"PK\x03\x04", "unsupported type", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "unsupported type", "an old Word/Excel document"),
    (b"{\\rtf", "unsupported type", "an RTF document"),
    (b"\x1f\x8b", "unsupported type", "a gzip archive"),
)


def read_hint() -> str:
    """Which files are read, for messages."""
    return "only " + ", ".join(SUFFIXES) + " files are read"


def sniff(data: bytes) -> tuple[str, str] | None:
    r"""``(reason, what)`` when ``data`` starts like a known non-text format, else None.

    >>> sniff(b"%PDF-1.7 ..."), sniff(b"\x89PNG\r\n\x1a\n..."), sniff(b"Plain text")
    (('unsupported type', 'a PDF document'), ('image', 'a PNG image'), None)
    """
    head = data[:16]
    if head[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image", "a WebP image"
    for magic, reason, what in _MAGIC:
        if head.startswith(magic):
            return reason, what
    return None


@dataclass
class Corpus:
    """The documents of a folder; ``problems``: every note as a line; ``skipped``: each file
    that is no document, as ``{"file", "reason", "message"}`` (reason: :data:`SKIP_REASONS`)."""

    documents: list[Document] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)

    def skip(self, file: str, reason: str, message: str) -> None:
        self.skipped.append({"file": _safe_name(file), "reason": reason,
                             "message": _safe_name(message)})
        self.problems.append(_safe_name(f"skipped {message}"))


# ---------------------------------------------------------------- text view

_FOLD = {
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
    "\u2002": " ", "\u2003": " ", "\u2008": " ", "\u3000": " ", "\t": " ",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
    "\u2026": ".", "\u200b": " ", "\ufeff": " ", "\u00ad": "-",
}
# C0 and C1 control characters (other than the newline) read as spaces when matching
_FOLD.update({chr(c): " " for c in [*range(0, 10), *range(11, 32), *range(0x7f, 0xa0)]})
_FOLD_RE = re.compile("[" + "".join(re.escape(c) for c in _FOLD) + "]")
_fold_char = _FOLD.__getitem__


def matching_view(text: str) -> str:
    """Return ``text`` with typographic characters folded to ASCII.

    The result has exactly the same length as ``text``, so offsets are shared.

    >>> matching_view("China\u2019s\u00a0\u201cno limits\u201d")
    'China\\'s "no limits"'
    """
    # a regex visiting the few characters to fold is 10x faster than str.translate,
    # which looks every character of a non-ASCII text up in a dict
    return _FOLD_RE.sub(lambda m: _fold_char(m.group()), text)


# ---------------------------------------------------------------- reading files


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """Decode file content: UTF-8 (with or without BOM), else cp1252, else an error.

    Raises :class:`UnusableFile` (with its reason) for empty content, a known non-text
    format (PDF, images, archives: see :func:`sniff`), binary and undecodable content.
    """
    if not data.strip():
        raise UnusableFile(f"{name}: the file is empty", "empty")
    known = sniff(data)
    if known is not None:
        reason, what = known
        raise UnusableFile(f"{name}: {what}, not text", reason)
    head = data[:8192]
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        raise UnusableFile(f"{name}: looks like a binary file (it contains NUL bytes), not text",
                           "binary")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnusableFile(f"{name}: starts with a UTF-16 mark but does not decode: {exc}",
                               "undecodable") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise UnusableFile(
                    f"{name}: not UTF-8 and not Windows-1252 text (byte {exc.start}); "
                    "convert it to UTF-8", "undecodable") from None
    controls = sum(1 for ch in text[:8192] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:8192]) // 50):
        raise UnusableFile(f"{name}: looks like a binary file ({controls} control characters), "
                           "not text", "binary")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text_file(path: str | Path, max_bytes: int = MAX_BYTES) -> str:
    """Read one article file as the text events are extracted from (a web page's article
    body, a PDF's text layer: see :func:`read_document`).

    Raises CorpusError with a clear message for a missing, empty, binary,
    undecodable or too large file.
    """
    return read_document(path, max_bytes).text


def read_document(path: str | Path, max_bytes: int = MAX_BYTES):
    """Read one article file: an :class:`events.readers.Reading` (text, the page's
    title, author, site, URL and date, how it was read); CorpusError says why it cannot."""
    p = Path(path)
    name = p.name
    if not p.exists():
        raise UnusableFile(f"{name}: no such file", "unreadable")
    if not p.is_file():
        raise UnusableFile(f"{name}: not a regular file", "unreadable")
    size = p.stat().st_size
    if size > max_bytes:
        raise UnusableFile(
            f"{name}: {format_mb(size) if size < MIB else f'{size / MIB:.1f} MB'} is larger than the {format_mb(max_bytes)} limit for one "
            f"document; {RAISE_HINT}", "too large")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UnusableFile(f"{name}: cannot be read ({exc.strerror})", "unreadable") from None
    from .readers import read_bytes

    return read_bytes(data, name)


def document_text(data: bytes, name: str) -> str:
    """The text of a document file's content, as the extractor reads it (a web page's
    article body, a PDF's text layer: :func:`events.readers.read_bytes`); ``name`` picks
    the reading by its suffix and names the file in messages. Raises CorpusError."""
    from .readers import read_bytes

    return read_bytes(data, name).text


class _TextExtractor(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "svg", "head"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
              "article", "header", "footer", "blockquote", "pre", "ul", "ol", "table", "figure",
              "figcaption", "title", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self.skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Strip tags, scripts and styles from an HTML page; keep paragraph breaks.

    >>> html_to_text("<p>Hello <b>world</b></p><script>x()</script><p>Bye &amp; all</p>")
    'Hello world\\n\\nBye & all'
    """
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # HTMLParser is lenient; this is a last resort
        return html.unescape(re.sub(r"<[^>]*>", " ", markup))
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


# ---------------------------------------------------------------- manifest


def _clean_str(value, field_name: str, doc: str, problems: list[str]) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        problems.append(f"manifest: document {doc!r}: field {field_name!r} should be text, "
                        f"got {type(value).__name__}; ignored")
        return None
    return value.strip()[:2000]


def _clean_date(value, doc: str, problems: list[str]) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not _DATE_RE.match(value.strip()):
        problems.append(f"manifest: document {doc!r}: 'published' must be YYYY, YYYY-MM or "
                        f"YYYY-MM-DD, got {value!r}; the date will be inferred from the text")
        return None
    value = value.strip()
    from datetime import date
    parts = [int(x) for x in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        problems.append(f"manifest: document {doc!r}: 'published' {value!r} is not a real date; "
                        "the date will be inferred from the text")
        return None
    return value


def read_manifest(folder: Path) -> tuple[dict[str, dict], list[str]]:
    """Read ``manifest.json`` of a corpus folder: {file name: entry}, problems."""
    problems: list[str] = []
    path = folder / "manifest.json"
    if not path.exists():
        return {}, problems
    if path.stat().st_size > MANIFEST_MAX_BYTES:
        return {}, [f"manifest.json: larger than {MANIFEST_MAX_BYTES // 2**20} MB; ignored"]
    try:
        raw = json.loads(decode_bytes(path.read_bytes(), "manifest.json"))
    except (CorpusError, ValueError, RecursionError) as exc:
        return {}, [f"manifest.json: not valid JSON ({str(exc)[:200]}); ignored, files are "
                    "loaded without metadata"]
    docs = raw.get("documents") if isinstance(raw, dict) else raw
    if not isinstance(docs, list):
        return {}, ["manifest.json: expected a 'documents' list; ignored"]
    entries: dict[str, dict] = {}
    seen_ids: set[str] = set()
    for i, entry in enumerate(docs):
        if not isinstance(entry, dict):
            problems.append(f"manifest: entry {i} is not an object; ignored")
            continue
        fname = entry.get("file")
        if not isinstance(fname, str) or not fname.strip():
            problems.append(f"manifest: entry {i} has no 'file'; ignored")
            continue
        fname = fname.strip()
        if Path(fname).name != fname:
            problems.append(f"manifest: entry {i}: file {fname!r} must be a plain file name "
                            "inside the corpus folder; ignored")
            continue
        doc_id = _clean_str(entry.get("id"), "id", fname, problems) or Path(fname).stem
        if doc_id in seen_ids:
            problems.append(f"manifest: duplicate id {doc_id!r} (file {fname}); this entry is ignored")
            continue
        if fname in entries:
            problems.append(f"manifest: file {fname!r} is listed twice; the second entry is ignored")
            continue
        seen_ids.add(doc_id)
        entries[fname] = {
            "id": doc_id,
            "title": _clean_str(entry.get("title"), "title", doc_id, problems) or "",
            "author": _clean_str(entry.get("author"), "author", doc_id, problems),
            "outlet": _clean_str(entry.get("outlet"), "outlet", doc_id, problems),
            "published": _clean_date(entry.get("published"), doc_id, problems),
            "published_estimated": bool(entry.get("published_estimated") is True),
            "url": _clean_str(entry.get("url"), "url", doc_id, problems),
        }
    return entries, problems


# ---------------------------------------------------------------- the corpus


def _safe_name(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (surrogate escapes) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def _other_file(p: Path) -> UnusableFile:
    """Why a file with a suffix that is not read is skipped (what its first bytes say)."""
    try:
        with p.open("rb") as fh:
            known = sniff(fh.read(16))
    except OSError as exc:
        return UnusableFile(f"{p.name}: cannot be read ({exc.strerror})", "unreadable")
    reason, what = known or ("unsupported type", f"a {p.suffix.lower()} file" if p.suffix
                             else "a file with no extension")
    return UnusableFile(f"{p.name}: {what}; {read_hint()}", reason)


def load_corpus(path: str | Path, max_bytes: int = MAX_BYTES) -> Corpus:
    """Load every article of a folder (``.txt``, ``.md``, ``.html``) with its manifest.

    Files that cannot be used (of another type, empty, binary, too large...) are
    listed in ``Corpus.skipped`` and ``Corpus.problems`` and skipped; hidden files,
    ``manifest.json`` and subfolders are not documents. A missing folder raises
    CorpusError.
    """
    folder = Path(path)
    if not folder.exists():
        raise CorpusError(f"corpus folder {str(folder)!r} does not exist")
    if not folder.is_dir():
        raise CorpusError(f"{str(folder)!r} is not a folder")
    manifest, problems = read_manifest(folder)
    corpus = Corpus(problems=problems)
    entries = sorted(p for p in folder.iterdir()
                     if not p.name.startswith(".") and p.name != "manifest.json")
    files = [p for p in entries if p.suffix.lower() in SUFFIXES]
    for p in entries:
        if p.suffix.lower() not in SUFFIXES and p.is_file():
            exc = _other_file(p)
            corpus.skip(p.name, exc.reason, str(exc))
    names = {p.name for p in files}
    for fname in manifest:
        if fname not in names:
            corpus.problems.append(f"manifest: file {fname!r} is listed but not in the folder")
    ids = {e["id"] for e in manifest.values()}
    used: set[str] = set()
    for p in files:
        try:
            reading = read_document(p, max_bytes=max_bytes)
        except CorpusError as exc:
            corpus.skip(p.name, getattr(exc, "reason", "unreadable"), str(exc))
            continue
        text = reading.text
        corpus.problems.extend(_safe_name(f"note: {n}") for n in reading.notes)
        meta = manifest.get(p.name)
        if meta is None:
            doc_id = _safe_name(p.stem)
            if doc_id in ids or doc_id in used:
                doc_id = _safe_name(p.name)
            meta = {"id": doc_id, "title": "", "author": None, "outlet": None,
                    "published": None, "published_estimated": False}
        if meta["id"] in used:
            corpus.skip(p.name, "duplicate id", f"{p.name}: id {meta['id']!r} already used")
            continue
        used.add(meta["id"])
        from .readers import document_fields

        corpus.documents.append(Document(
            id=meta["id"], text=text, file=_safe_name(p.name),
            **document_fields(reading, meta, _first_line(text))))
    return corpus


# ---------------------------------------------------------------- boilerplate


@dataclass(frozen=True)
class _Rule:
    kind: str
    scope: str
    regex: re.Pattern


@lru_cache(maxsize=1)
def boilerplate_rules(path: str | None = None) -> tuple[_Rule, ...]:
    """Load ``events/data/boilerplate.txt`` (see its header for the format)."""
    p = Path(path) if path else DATA / "boilerplate.txt"
    rules = []
    for lineno, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[1] not in ("line", "rest"):
            raise CorpusError(f"{p.name}:{lineno}: expected KIND<TAB>line|rest<TAB>REGEX")
        try:
            rx = re.compile(parts[2], re.IGNORECASE)
        except re.error as exc:
            raise CorpusError(f"{p.name}:{lineno}: bad regular expression: {exc}") from None
        rules.append(_Rule(parts[0], parts[1], rx))
    return tuple(rules)


_NUMBERED = re.compile(r"^\s+\d{1,3}\.\s+\S")


@lru_cache(maxsize=1)
def _any_rule():
    """A test that a line matches some rule: most lines match none, and the rules anchored
    at the line start ("^...") are tried as one alternation at offset 0 instead of one
    search each (which rule it is, in file order, is found after)."""
    rules = boilerplate_rules()
    anchored = [r.regex.pattern[1:] for r in rules if r.regex.pattern.startswith("^")]
    others = [r.regex.search for r in rules if not r.regex.pattern.startswith("^")]
    start = re.compile("|".join(f"(?:{p})" for p in anchored), re.IGNORECASE).match \
        if anchored else (lambda line: None)

    def any_rule(line: str) -> bool:
        return start(line) is not None or any(search(line) for search in others)
    return any_rule


#: A "rest" rule (a comment-section heading) cuts the text only after the article's body:
#: at least this many characters of prose (lines of 40+ characters and 6+ words) before it...
BODY_MIN_CHARS = 200
#: ...and more prose before it than after, unless the prose before it is at least this long...
BODY_LONG_CHARS = 2000
#: ...or a comment marker ("Reply", "Comments are closed") follows it within at most this much
#: prose (and no more than the prose before it): the first comment of a thread, not an article.
FIRST_COMMENT_CHARS = 1000
#: A "rest" line with a "navigation" line this close (non-blank lines before or after) is a
#: menu item, not a boundary.
NAV_NEIGHBOURS = 2


def _prose_chars(line: str) -> int:
    """Characters of a line that reads as prose (a sentence), else 0."""
    s = line.strip()
    return len(s) if len(s) >= 40 and s.count(" ") >= 5 else 0


class _Body:
    """Prefix sums over the lines of a text, for :func:`_is_comment_boundary`."""

    def __init__(self, lines: list[tuple[int, int, str]], kinds: list) -> None:
        self.kinds = kinds
        self.nonblank = [j for j, (_, _, line) in enumerate(lines) if line.strip()]
        self.prose = [0]  # prose characters of lines[:j] that matched no rule
        self.all_prose = [0]  # prose characters of lines[:j]
        for j, (_, _, line) in enumerate(lines):
            n = _prose_chars(line)
            self.prose.append(self.prose[-1] + (n if kinds[j] is None else 0))
            self.all_prose.append(self.all_prose[-1] + n)
        self.markers = [j for j, k in enumerate(kinds) if k and k[0] == "comments" and k[1] == "line"]

    def is_boundary(self, i: int) -> bool:
        """Whether the "rest" line ``i`` starts the comments after the article's body."""
        at = bisect.bisect_left(self.nonblank, i)
        near = self.nonblank[max(0, at - NAV_NEIGHBOURS):at] + \
            self.nonblank[at + 1:at + 1 + NAV_NEIGHBOURS]
        if any(self.kinds[j] is not None and self.kinds[j][0] == "navigation" for j in near):
            return False
        before = self.prose[i]
        after = self.all_prose[-1] - self.all_prose[i + 1]
        if before >= BODY_LONG_CHARS or (before >= BODY_MIN_CHARS and before >= after):
            return True
        m = bisect.bisect_right(self.markers, i)
        if m == len(self.markers) or not before:
            return False
        first_comment = self.all_prose[self.markers[m]] - self.all_prose[i + 1]
        return first_comment <= min(FIRST_COMMENT_CHARS, before)


def find_boilerplate(text: str, view: str | None = None) -> list[tuple[int, int, str]]:
    """Regions of ``text`` that are not the article's reporting.

    Returns sorted ``(start, end, kind)`` character ranges: bylines, photo
    credits, related-article links, share buttons, site menus ("navigation")
    and reader comments (from a comment heading that comes after the article's
    body, or an indented numbered list that runs to the end of the text and
    carries a comment marker, to the end).  A comment heading inside a menu or
    before the body ("Comments" linked under the headline, "Comment" as a
    section name) is only a line.  ``view``: ``matching_view(text)`` if the
    caller has it.
    """
    view = matching_view(text) if view is None else view
    rules = boilerplate_rules()
    regions: list[tuple[int, int, str]] = []
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for line in view.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    kinds: list[tuple[str, str] | None] = [None] * len(lines)
    anything = _any_rule()
    for i, (_start, _end, line) in enumerate(lines):
        if not line.strip() or not anything(line):
            continue
        for rule in rules:
            if rule.regex.search(line):
                kinds[i] = (rule.kind, rule.scope)
                break
    rest_from: int | None = None
    body = _Body(lines, kinds) if any(k and k[1] == "rest" for k in kinds) else None
    for i, (start, end, _line) in enumerate(lines):
        if kinds[i] is None:
            continue
        kind, scope = kinds[i]
        if scope == "rest" and rest_from is None and body is not None and body.is_boundary(i):
            rest_from = start
        else:
            regions.append((start, end, kind))
    # comment thread as an indented numbered list at the end of the text
    marker = any(k == "comments" for _, _, k in regions)
    if marker:
        tail_start = None
        for start, _end, line in reversed(lines):
            if not line.strip():
                continue
            if line[:1].isspace() or any(s == start and k == "comments" for s, _, k in regions):
                if _NUMBERED.match(line):
                    tail_start = start
                continue
            break
        if tail_start is not None:
            rest_from = tail_start if rest_from is None else min(rest_from, tail_start)
    if rest_from is not None:
        regions = [r for r in regions if r[1] <= rest_from]
        regions.append((rest_from, len(text), "comments"))
    return sorted(regions)
