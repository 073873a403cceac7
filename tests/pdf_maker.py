"""Test PDFs written with reportlab: running header, "Page N of M" footer, words hyphenated
at line ends, pages with no text layer (a drawn rectangle standing in for a scan), and
optional encryption."""

from __future__ import annotations

import io

PAGES = [
    ["China and Russia signed a memorandum on a new grain corridor on Monday, March 11,",
     "2024, committing state railways on both sides to carry wheat and barley through the",
     "Zabaikalsk crossing. The document was signed in Harbin by officials from the two agri-",
     "culture ministries.",
     "Kazakhstan said it had not been consulted. A spokesman for its transport ministry told",
     "reporters that Astana would ask for talks before the new terminal opens next year."],
    ["Analysts said the volumes involved were modest. China imported about 1.5 million",
     "tonnes of Russian grain in 2023, a small share of its purchases from abroad, most of",
     "which arrive by sea.",
     "The memorandum does not set prices. Those will be agreed in separate contracts, the",
     "first of which are expected to be signed in June."],
]
HEADER = "THE HARBOUR LEDGER - Special report on trade"


def make_pdf(pages=PAGES, encrypt=None, title="Grain corridor", author="Maria Ellison") -> bytes:
    """A PDF of ``pages`` (lists of lines; None: a page with only a drawing, no text)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    c.setTitle(title)
    c.setAuthor(author)
    for i, lines in enumerate(pages, 1):
        if lines is None:
            c.rect(50, 50, 400, 600, fill=1)
        else:
            c.setFont("Helvetica", 9)
            c.drawString(72, 800, HEADER)
            c.setFont("Helvetica", 11)
            y = 760
            for line in lines:
                c.drawString(72, y, line)
                y -= 16
            c.setFont("Helvetica", 9)
            c.drawString(280, 40, f"Page {i} of {len(pages)}")
        c.showPage()
    c.save()
    return buf.getvalue()
