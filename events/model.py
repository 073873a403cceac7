"""Plain-data records shared by every stage: time expressions, actor mentions,
documents and events.

Everything that crosses a module boundary is either one of the frozen
dataclasses below or the JSON-able ``dict`` that its ``to_dict`` returns.
Offsets are always character offsets into the *original* document text
(Python ``str`` indices, end exclusive), so ``text[start:end] == surface``.

Event records (what ``python app.py extract`` writes, one JSON object a line)
have this shape::

    {
      "id": "event:3f2a9c1b7d4e",            # stable across runs
      "label": "China and Russia sign the Treaty of Good-Neighborliness",
      "type": "AGREE",                       # PLOVER category or STATEMENT
      "status": "happened",                  # happened|planned|hypothetical|denied
      "trigger": "signed",                   # lemma-ish event word
      "confidence": 0.8,                     # 0..1
      "date": {"value": "2001-07", "type": "DATE", "granularity": "month",
               "start": "2001-07-01", "end": "2001-07-31", "mod": null,
               "text": "July 2001"},
      "date_basis": "text",                  # or "publication": the sentence gives no date and
                                             # the document's publication date stands for it
                                             # ("on or before publication"; mention timex null)
      "actors": [{"id": "CHN", "label": "China", "kind": "state",
                  "country": "CHN", "role": "participant"}, ...],
      "sources": ["000_7cea7b8ba57b904f", ...],   # document ids, sorted
      "mentions": [{"doc_id": "...", "sentence": "...",
                    "start": 120, "end": 250,    # sentence offsets in the doc
                    "trigger": {"start": .., "end": .., "text": ".."},
                    "timex": {"start": .., "end": .., "text": "..",
                              "value": ".."},
                    "actors": [{"start": .., "end": .., "text": "..",
                                "id": "CHN"}]}, ...],
      "merge_reasons": ["same type AGREE, dates 2022-02-04~2022-02, ..."],
    }

Document records::

    {"id": "...", "file": "...", "title": "...", "author": "...",
     "outlet": "...", "published": "2025-02-13" | "2025-02" | None,
     "published_estimated": bool, "dct_inferred": bool,
     "published_basis": "manifest" | "page" | "text" | "none",
     "reader": "text" | "trafilatura" | "tag-stripper" | "pypdf",
     "url": str | None, "site": str | None, "reading_notes": "..."}
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

#: PLOVER event categories plus STATEMENT, in display order.
EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
    "MOBILIZE", "COERCE", "ASSAULT", "STATEMENT",
)
#: Event types that may describe one happening (a summit reported as talks or a statement).
COMPATIBLE_TYPES = (
    frozenset({"AGREE", "STATEMENT", "COOPERATE"}),
    frozenset({"CONSULT", "COOPERATE"}),
    frozenset({"ASSAULT", "COERCE", "MOBILIZE"}),
    frozenset({"ACCUSE", "STATEMENT"}),
    frozenset({"REJECT", "STATEMENT"}),
)
STATUSES = ("happened", "planned", "hypothetical", "denied")
ROLES = ("source", "target", "participant")
ACTOR_KINDS = ("state", "person", "organisation", "group")
#: Keys of ``Document.meta`` that its record carries: ``published_basis`` (manifest, page,
#: text or none), ``reader`` (text, trafilatura, tag-stripper, pypdf), ``url``, ``site``,
#: ``reading_notes`` (e.g. why a page was read with the tag stripper).
READING_FIELDS = ("published_basis", "reader", "url", "site", "reading_notes")


@dataclass(frozen=True, slots=True)
class Timex:
    """One time expression found in a text.

    ``value`` is a TIMEX3 value (``2001-07``, ``197X``, ``P3Y``,
    ``PRESENT_REF``, ``XXXX-03`` when the year cannot be known).
    ``interval_start``/``interval_end`` are ISO dates (``YYYY-MM-DD``) of the
    span of days the value covers, or None where it has none (durations,
    sets, PRESENT_REF...).
    """

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str
    granularity: str  # day|week|month|quarter|season|year|decade|century|time|duration|set|ref|unknown
    mod: str | None = None  # START | MID | END | APPROX | BEFORE | AFTER | ...
    interval_start: str | None = None
    interval_end: str | None = None
    anchored: bool = False  # value was computed from the DCT or context
    # one end of a range ("1998-2000", "the 2009-10 season"): the start offset of the
    # other end, which is a Timex of its own; None for an expression that is no range end
    range_with: int | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ActorMention:
    """One mention of a known or pattern-found actor in a text."""

    start: int
    end: int
    text: str
    actor_id: str  # "CHN", "UN", "xi-jinping", ...
    label: str
    kind: str  # state | person | organisation | group
    country: str | None = None  # ISO alpha-3 the actor acts for, where known
    via: str = "name"  # name | capital | demonym | title | pattern

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class Document:
    id: str
    text: str
    file: str = ""
    title: str = ""
    author: str | None = None
    outlet: str | None = None
    published: str | None = None
    published_estimated: bool = False
    dct_inferred: bool = False
    meta: dict = field(default_factory=dict)

    def record(self) -> dict:
        """The document's metadata without its text."""
        return {
            "id": self.id, "file": self.file, "title": self.title,
            "author": self.author, "outlet": self.outlet,
            "published": self.published,
            "published_estimated": self.published_estimated,
            "dct_inferred": self.dct_inferred,
            # how the text was read and where its date comes from (events.readers)
            **{k: self.meta[k] for k in READING_FIELDS if k in self.meta},
        }
