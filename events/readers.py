"""From a file's bytes to the text events are extracted from: plain text, saved web pages
(the article body through trafilatura) and PDF files (the text layer through pypdf).

:func:`read_bytes` is the one entry point; ``events.corpus.read_document`` calls it for
every corpus file and ``events.uploads`` for every upload. It returns a :class:`Reading`:
the text (offsets of evidence index it, nothing rewrites it later), the page's own
metadata (title, author, site, URL, publication day) and notes on how it was read.

Nothing here touches the network: trafilatura and htmldate get an already parsed tree,
never a URL. A page's date comes from its metadata and markup; a date found only in its
free text counts when it is before today (a site's header prints the day it was saved)
and written out in full on the page (see :func:`_written_page_date`).
"""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from .corpus import SUFFIXES, CorpusError, decode_bytes, html_to_text

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
PDF_SUFFIXES = (".pdf",)
#: Every file suffix a corpus reads.
READABLE_SUFFIXES = SUFFIXES  # the one list (events.corpus); each is one of the three kinds above

#: trafilatura's settings, chosen by ``benchmarks/body_eval.py`` on the pages in
#: ``tests/data/pages/`` (see the README's table): the balanced mode (favour neither
#: precision nor recall), no comments,
#: no links/images/formatting (plain text in, offsets out), no deduplication (a quote
#: that repeats in the article is still the article), no tables (same F1 on the pages;
#: an old table-layout site otherwise comes out as one "| menu | article |" row).
HTML_SETTINGS = {
    "include_comments": False, "include_tables": False, "include_links": False,
    "include_images": False, "include_formatting": False, "deduplicate": False,
    "favor_precision": False, "favor_recall": False,
}
#: Pages larger than this many elements are read with the tag stripper (an "HTML bomb"
#: of deep nesting or a million tags would take trafilatura minutes).
MAX_HTML_ELEMENTS = 200_000
MAX_HTML_DEPTH = 2_000

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@dataclass
class Reading:
    """What one file gives: its text and the page's own metadata (None where absent)."""

    text: str
    title: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD from the page's metadata
    reader: str = "text"  # text | trafilatura | tag-stripper | pypdf
    notes: list[str] = field(default_factory=list)


def read_bytes(data: bytes, name: str, *, url: str | None = None,
               charset: str | None = None) -> Reading:
    """Read one file's content by the suffix of ``name``; CorpusError says why it cannot.

    ``charset``: the encoding an HTTP server declared for the page, if any.
    """
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix in PDF_SUFFIXES:
        return read_pdf(data, name)
    if suffix in HTML_SUFFIXES:
        return read_html(decode_html(data, name, charset), name=name, url=url)
    return Reading(text=decode_bytes(data, name))


# ---------------------------------------------------------------- HTML


def decode_html(data: bytes, name: str = "<html>", declared: str | None = None) -> str:
    """Decode a web page: a byte-order mark, else UTF-8, else the charset the server
    (``declared``) or the page's ``<meta charset>`` names, else Windows-1252.

    >>> decode_html(b'<meta charset="iso-8859-2"><p>\\xa3\\xf3d\\xbc</p>')
    '<meta charset="iso-8859-2"><p>Łódź</p>'
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data, name)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return decode_bytes(data, name)
    m = _META_CHARSET.search(data[:8192])
    for label in (declared, m.group(1).decode("ascii", "replace") if m else None):
        if not label:
            continue
        try:
            enc = codecs.lookup(label.strip().lower()).name
        except LookupError:
            continue
        if enc in ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "iso8859-1", "ascii"):
            enc = "cp1252" if enc in ("latin-1", "iso8859-1", "ascii") else enc  # as browsers do
        if enc.startswith("utf"):
            continue
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if not text.strip():
            break
        return decode_bytes(text.encode("utf-8"), name)
    return decode_bytes(data, name)


def _parse_html(markup: str, name: str):
    """An lxml tree of the page, or None (with the reason) when it is too deep or too big."""
    from lxml import etree
    from lxml import html as lxml_html

    why = _bomb(markup)
    if why:
        return None, why
    try:
        parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=False)
        # an XHTML page's "<?xml ... encoding=...?>" line: the text is decoded already
        source = _XML_DECLARATION.sub("", markup.replace("\x00", ""), count=1)
        tree = lxml_html.document_fromstring(source, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        return None, f"the HTML does not parse ({str(exc)[:80] or type(exc).__name__})"
    n, deepest, stack = 0, 0, [(tree, 1)]
    while stack:
        el, depth = stack.pop()
        n += 1
        deepest = max(deepest, depth)
        if n > MAX_HTML_ELEMENTS or deepest > MAX_HTML_DEPTH:
            return None, (f"more than {MAX_HTML_ELEMENTS} elements" if n > MAX_HTML_ELEMENTS
                          else f"nested more than {MAX_HTML_DEPTH} deep")
        stack.extend((child, depth + 1) for child in el)
    return tree, None


_HUGE_TAG = re.compile(r"<[^<>]{65536}")
_SCRIPT_START = re.compile(r"<(script|style|template|noscript)\b")


def _bomb(markup: str) -> str | None:
    """Why a page is too big for an HTML parser to read in reasonable time, or None."""
    tags = markup.count("<")
    if tags > 4 * MAX_HTML_ELEMENTS:
        return f"{tags} tags is too many for the article reader"
    if _HUGE_TAG.search(markup):
        return "a tag longer than 64 KB"
    return None


def _fast_strip(markup: str) -> str:
    """Tags removed by a regex: for pages too big for the HTML parser (linear time)."""
    import html as html_lib

    lower, parts, pos = markup.lower(), [], 0
    while True:  # drop script and style blocks (linear: each is searched for once)
        m = _SCRIPT_START.search(lower, pos)
        if not m:
            parts.append(markup[pos:])
            break
        parts.append(markup[pos:m.start()])
        end = lower.find(f"</{m.group(1)}", m.end())
        if end < 0:
            break
        pos = end
    text = re.sub(r"<[^>]*>", "\n", "".join(parts))
    text = html_lib.unescape(text)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)


def _today(days: int = 0) -> str:
    # UTC+14 is the earliest clock on Earth: a page dated in its own time zone is never
    # later than this
    return (datetime.now(UTC).date() + timedelta(days=1 + days)).isoformat()


def _date_params() -> dict:
    # the page's metadata and markup only (publication, not modification); the free-text
    # search is a separate, checked step (see _written_page_date)
    return {"original_date": True, "extensive_search": False, "max_date": _today(),
            "min_date": "1990-01-01", "outputformat": "%Y-%m-%d"}


def _clean_meta(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value[:300] or None


def _strip_title_line(text: str, title: str | None) -> str:
    """trafilatura keeps the page's <h1> when it sits inside the article; the title is
    metadata, not a sentence of the article, so a first paragraph equal to it goes."""
    if not title:
        return text
    first, sep, rest = text.partition("\n\n")
    if sep and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest
    return text


def read_html(markup: str, *, name: str = "<html>", url: str | None = None) -> Reading:
    """The article body of a saved web page with its metadata.

    Falls back to the tag stripper (:func:`events.corpus.html_to_text`) when trafilatura
    finds no body or the page is too big or deep for it, and says so in ``notes``.
    """
    import trafilatura

    tree, why = _parse_html(markup, name)
    doc = None
    if tree is not None:
        try:
            doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True,
                                              date_extraction_params=_date_params(),
                                              **HTML_SETTINGS)
        except (ValueError, TypeError, RecursionError) as exc:  # trafilatura's "no document"
            why = f"the article reader failed ({str(exc)[:80] or type(exc).__name__})"
    body = (doc.text or "") if doc is not None else ""
    lines = [" ".join(line.split()) for line in body.split("\n")]
    text = "\n\n".join(line for line in lines if line)
    reading = Reading(text="", reader="trafilatura")
    if doc is not None:
        reading.title = _clean_meta(doc.title)
        reading.author = _clean_meta(doc.author)
        reading.site = _clean_meta(doc.sitename)
        reading.url = _clean_meta(url or doc.url)
        reading.published = doc.date if _real_day(doc.date) else None
        text = _strip_title_line(text, reading.title)
    if tree is not None and reading.published is None:
        reading.published = _written_page_date(tree, markup)
    if not text.strip():
        reading.reader = "tag-stripper"
        reading.notes.append(f"{name}: " + (
            why or "the article reader found no article body") + "; the whole page was read "
            "with the tag stripper (menus and comments may be included)")
        text = _fast_strip(markup) if _bomb(markup) else html_to_text(markup)
    if not text.strip():
        raise CorpusError(f"{name}: the HTML page has no text")
    reading.text = text
    return reading


def _written_page_date(tree, markup: str) -> str | None:
    """A page without a date in its metadata may still print one ("Posted on March 3,
    2021"): htmldate's free-text search finds it, but also turns a bare "(c) 2025" into
    2025-01-01 and may take a date the article reports; its answer counts only when the
    page writes out that very day on a publication line ("Posted", "Published", "Date"),
    as the project's own time tagger reads it. Other dates in the article are left to
    ``infer_dct`` (basis ``text``)."""
    from htmldate import find_date

    from .timex import tag

    try:
        # a site prints the current day in its header: today, as the page was saved,
        # is never taken from free text
        day = find_date(tree, **{**_date_params(), "extensive_search": True,
                                 "max_date": _today(-2)})
    except (ValueError, TypeError, RecursionError):
        return None
    if not _real_day(day):
        return None
    visible = html_to_text(markup)[:50000]
    written = {t.value for m in _PUBLISHED_CUE.finditer(visible)
               for t in tag(m.group(1)) if t.granularity == "day"}
    return day if day in written else None


# a publication line: "Posted on March 3, 2021", "Published: 04.05.2021 10:30", "Date: ..."
_PUBLISHED_CUE = re.compile(r"\b(?:posted|published|first published|publication date|date)\b"
                            r"[\s:]*(?:on\s+)?([^\n]{4,60})", re.I)


def _real_day(value) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return False
    return day.isoformat() <= _today()


# ---------------------------------------------------------------- PDF

_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?[-\u2013\u2014]?\s*\d{1,4}\s*[-\u2013\u2014]?"
                          r"(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)
_DIGITS = re.compile(r"\d+")
_HYPHEN_BREAK = re.compile(r"(\w+)-\n([a-z]\w*)")
_END_OF_SENTENCE = re.compile(r"[.!?:\u201d\"')\]]\s*$")


def _edge_key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()).casefold())


def _running_lines(pages: list[list[str]], edge: int = 3) -> set[str]:
    """Keys of lines that recur at the top or bottom of at least half the pages (min 2):
    running headers and footers ("Page 3 of 9" and "Page 4 of 9" share the key)."""
    if len(pages) < 2:
        return set()
    counts: dict[str, int] = {}
    for lines in pages:
        seen = {_edge_key(x) for x in lines[:edge] + lines[-edge:] if x.strip()}
        for key in seen:
            counts[key] = counts.get(key, 0) + 1
    need = max(2, (len(pages) + 1) // 2)
    return {k for k, n in counts.items() if n >= need}


def _page_body(lines: list[str], running: set[str], edge: int = 3) -> list[str]:
    keep = list(lines)
    for idx in list(range(min(edge, len(keep)))) + list(range(max(0, len(keep) - edge), len(keep))):
        line = keep[idx]
        if line is not None and (_PAGE_NUMBER.match(line) or _edge_key(line) in running):
            keep[idx] = None
    return [x for x in keep if x is not None]


def _paragraphs(lines: list[str]) -> str:
    """Lines of running text to paragraphs: a line that ends a sentence well short of the
    usual line length ends its paragraph; words hyphenated at a line end are joined."""
    lines = [" ".join(x.split()) for x in lines]
    longest = sorted((len(x) for x in lines if x), reverse=True)
    usual = longest[len(longest) // 4] if longest else 0
    paras, cur = [], []
    for line in lines:
        if not line:
            if cur:
                paras.append("\n".join(cur))
                cur = []
            continue
        cur.append(line)
        if _END_OF_SENTENCE.search(line) and len(line) < 0.8 * usual:
            paras.append("\n".join(cur))
            cur = []
    if cur:
        paras.append("\n".join(cur))
    joined = "\n".join(paras)
    words = {w.casefold() for w in re.findall(r"\w+(?:-\w+)*", joined.replace("-\n", "\u2060"))}

    def unbreak(m: re.Match) -> str:
        head, tail = m.group(1), m.group(2)
        # "agri-/culture" -> "agriculture"; "decades-/old" stays "decades-old" where the
        # document writes that compound with its hyphen elsewhere and never as one word
        if f"{head}-{tail}".casefold() in words and f"{head}{tail}".casefold() not in words:
            return f"{head}-{tail}"
        return head + tail
    return "\n\n".join(_HYPHEN_BREAK.sub(unbreak, p).replace("\n", " ") for p in paras)


def read_pdf(data: bytes, name: str = "<pdf>") -> Reading:
    """The text layer of a PDF without running headers, footers and page numbers.

    Raises CorpusError for a file that is not a PDF, a damaged or password-protected
    PDF, and a scanned PDF without a text layer (which needs OCR first).
    """
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

    if not data.strip():
        raise CorpusError(f"{name}: the file is empty")
    if b"%PDF-" not in data[:1024]:
        raise CorpusError(f"{name}: not a PDF file (it does not start with %PDF-)")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except (NotImplementedError, DependencyError) as exc:
                raise CorpusError(f"{name}: the PDF is encrypted with a method this reader "
                                  f"cannot open ({exc}); save an unprotected copy") from None
            if not ok:
                raise CorpusError(f"{name}: the PDF is protected by a password; save an "
                                  "unprotected copy to add it")
        raw_pages = [(page.extract_text() or "") for page in reader.pages]
        info = reader.metadata
    except FileNotDecryptedError:
        raise CorpusError(f"{name}: the PDF is protected by a password; save an unprotected "
                          "copy to add it") from None
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError,
            RecursionError, OSError, AssertionError) as exc:
        raise CorpusError(f"{name}: a damaged PDF that cannot be read "
                          f"({str(exc)[:100] or type(exc).__name__})") from None
    if not raw_pages:
        raise CorpusError(f"{name}: the PDF has no pages")
    empty = [i + 1 for i, t in enumerate(raw_pages) if not t.strip()]
    if len(empty) == len(raw_pages):
        raise CorpusError(f"{name}: a scanned PDF with no text layer ({len(raw_pages)} "
                          f"page{'s' if len(raw_pages) != 1 else ''} of images); run OCR on it "
                          "first, then add the result")
    pages = [[x for x in t.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
             for t in raw_pages if t.strip()]
    running = _running_lines(pages)
    body: list[str] = []
    for lines in pages:
        body.extend(_page_body(lines, running))
        body.append("")  # a page break ends a paragraph only if the sentence ended
        if body[-2:-1] and not _END_OF_SENTENCE.search(body[-2]):
            body.pop()
    reading = Reading(text=_paragraphs(body), reader="pypdf")
    if info is not None:
        reading.title = _clean_meta(getattr(info, "title", None))
        reading.author = _clean_meta(getattr(info, "author", None))
    if empty:
        many = len(empty) > 1
        reading.notes.append(f"{name}: page{'s' if many else ''} {', '.join(map(str, empty))} "
                             f"of {len(raw_pages)} {'have' if many else 'has'} no text layer "
                             "(scanned images?) and w" + ("ere" if many else "as") + " skipped")
    if not reading.text.strip():
        raise CorpusError(f"{name}: the PDF's text layer is empty")
    return reading



# ---------------------------------------------------------------- metadata


def published_basis(manifest_day: str | None, page_day: str | None, text: str
                    ) -> tuple[str | None, str]:
    """The document date and where it comes from, in order of precedence: the manifest,
    the page's metadata, the article's own dates (``infer_dct``), else none.

    >>> published_basis(None, "2024-03-12", "")
    ('2024-03-12', 'page')
    >>> published_basis(None, None, "Published: 4 March 2024. Talks began.")
    ('2024-03-04', 'text')
    """
    if manifest_day:
        return manifest_day, "manifest"
    if page_day:
        return page_day, "page"
    from .timex import infer_dct

    inferred = infer_dct(text) if text else None
    return (inferred, "text") if inferred else (None, "none")


def document_fields(reading: Reading, meta: dict, first_line: str) -> dict:
    """The ``Document`` fields of a file read as ``reading`` with its manifest entry
    ``meta`` (the manifest wins over the page; a date inferred from the text is left for
    the extractor to infer again and marked ``dct_inferred``)."""
    day, basis = published_basis(meta.get("published"), reading.published, reading.text)
    extra = {"published_basis": basis, "reader": reading.reader}
    url = meta.get("url") or reading.url
    if url:
        extra["url"] = url
    if reading.site:
        extra["site"] = reading.site
    if reading.notes:
        extra["reading_notes"] = " ".join(reading.notes)
    return {
        "title": meta.get("title") or reading.title or first_line,
        "author": meta.get("author") or reading.author,
        "outlet": meta.get("outlet") or reading.site,
        "published": day if basis in ("manifest", "page") else None,
        "published_estimated": bool(meta.get("published_estimated")) and basis == "manifest",
        "dct_inferred": basis == "text",
        "meta": extra,
    }


def text_record(path) -> dict:
    """What ``python app.py text FILE --json`` prints: the text the extractor reads, the
    page's metadata, and the publication day with its basis (the manifest of the file's
    folder, if it lists the file, wins over the page). ``notes``: how it was read."""
    from pathlib import Path

    from .corpus import read_document, read_manifest

    p = Path(path)
    reading = read_document(p)
    entry: dict = {}
    if (p.parent / "manifest.json").is_file():
        entry = read_manifest(p.parent)[0].get(p.name, {})
    day, basis = published_basis(entry.get("published"), reading.published, reading.text)
    return {
        "text": reading.text,
        "title": entry.get("title") or reading.title,
        "author": entry.get("author") or reading.author,
        "site": entry.get("outlet") or reading.site,
        "url": entry.get("url") or reading.url,
        "published": day,
        "published_basis": basis,
        "notes": list(reading.notes),
    }
