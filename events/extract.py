"""Text to events: one pure function over one document.

``extract_document(doc)`` runs small steps over the document's sentences:

1. ``tag`` the time expressions of the whole text (so relative dates are
   resolved against the document date and its context);
2. split the reporting text (boilerplate and reader comments left out) into
   sentences, find the actors of each (``Gazetteer.find``) and its event
   triggers (``events/data/triggers.tsv``);
3. for each trigger, pick the time expression that governs it
   (:func:`governing_timex`), its actors and their roles (:func:`actor_roles`),
   its status (:func:`event_status`, ``events/data/status_cues.tsv``) and a
   short label.

Each result is an event record with one mention (see ``events/model.py``);
``events.merge.merge_events`` joins mentions of one happening afterwards.
"""

from __future__ import annotations

import calendar
import functools
import hashlib
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from . import fastre
from .actors import DocumentNames, get_gazetteer
from .corpus import find_boilerplate, matching_view
from .model import COMPATIBLE_TYPES, EVENT_TYPES, Document, Timex
from .names import group_id, name_id, sector_groups, unknown_names
from .patterns import contains_word, trie_pattern
from .sentences import is_abbreviation, split_sentences
from .timex import infer_dct, tag

DATA = Path(__file__).with_name("data")


class ExtractionError(Exception):
    """A rule file that cannot be used; the message names the file and line."""


#: The modules whose code decides what a corpus yields, merge included since merged results
#: are cached too (the pipeline, cache and curation
#: modules do not: changing them keeps cached extractions valid).
EXTRACTION_MODULES = ("model", "limits", "corpus", "sentences", "patterns", "fastre", "timex",
                      "holidays", "actors", "names", "extract", "merge", "disputes")


def _version() -> str:
    h = hashlib.sha256()
    root = Path(__file__).parent
    code = [root / f"{name}.py" for name in EXTRACTION_MODULES]
    for p in code + sorted(root.glob("data/**/*")):
        if p.is_file():
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


#: Changes whenever the code or a data file of ``events/`` changes (cache key).
EXTRACTOR_VERSION = _version()


# ---------------------------------------------------------------- rule data


@dataclass(frozen=True)
class TriggerRule:
    type: str
    lemma: str
    obj: re.Pattern | None
    kind: str  # verb | noun | report
    #: a verb whose "to"/"that" complement is its content (KIND "frame" in triggers.tsv)
    frame: bool = False
    example: str = ""
    #: the kind of happening shared with other lemmas (FAMILY in triggers.tsv), or ""
    family: str = ""
    #: every actor is a participant (ROLES "symmetric")
    symmetric: bool = False
    #: the subject of the passive is the doer (ROLES "passive-doer")
    passive_doer: bool = False


@dataclass(frozen=True)
class Triggers:
    regex: fastre.Pattern
    #: (anchored pattern of one form, its rules in file order), to find the rules of a match
    patterns: tuple


class Candidate(NamedTuple):
    """A trigger of a sentence whose OBJECT test passed (offsets in the sentence)."""
    start: int
    end: int
    rule: TriggerRule


class FoundTrigger(NamedTuple):
    """A trigger of a sentence with its governing time expression (see :func:`_dated_triggers`);
    offsets are in the sentence."""
    start: int
    end: int
    rule: TriggerRule
    timex: Timex
    #: the time expression stands in the trigger's clause
    in_clause: bool
    #: the trigger's clause in ``pview``
    c0: int
    c1: int
    #: the sentence as the trigger sees it: the parenthetical clauses that do not hold it
    #: blanked out (:func:`_main_view`), and the spans blanked
    pview: str
    hidden: list[tuple[int, int]]


class PreviousEvent(NamedTuple):
    """The last event of the sentence before, if dated by its text: what a following
    "Then ..." or "They ..." sentence may take from it."""
    timex: Timex
    type: str
    #: its actors as mentions (dicts)
    actors: list[dict]


def _read_tsv(name: str, ncols: int):
    path = DATA / name
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != ncols:
            raise ExtractionError(f"{name}:{lineno}: expected {ncols} tab-separated columns, "
                                  f"found {len(cols)}")
        yield lineno, cols


def _split_forms(text: str) -> list[str]:
    """Split FORMS on the '|' that are not inside parentheses."""
    forms, depth, cur = [], 0, ""
    for ch in text:
        if ch == "|" and depth == 0:
            forms.append(cur)
            cur = ""
            continue
        depth += (ch == "(") - (ch == ")")
        cur += ch
    return forms + [cur]


_PLAIN_FORM = re.compile(r"[\w' -]+")


#: The values of the ROLES column of triggers.tsv.
TRIGGER_ROLES = ("-", "symmetric", "passive-doer")


def _trigger_rule(lineno: int, cols: list[str]) -> TriggerRule:
    """One row of triggers.tsv as a rule; a malformed value is refused with its line."""
    typ, lemma, _forms, obj, kind, family, roles, example = cols
    if typ not in EVENT_TYPES:
        raise ExtractionError(f"triggers.tsv:{lineno}: unknown event type {typ!r}")
    if kind not in ("verb", "noun", "report", "frame"):
        raise ExtractionError(f"triggers.tsv:{lineno}: KIND must be verb, frame, noun or report")
    if not family.strip() or family != family.strip():
        raise ExtractionError(f"triggers.tsv:{lineno}: FAMILY must be '-' or a name, "
                              f"without surrounding spaces: {family!r}")
    if roles not in TRIGGER_ROLES:
        raise ExtractionError(f"triggers.tsv:{lineno}: ROLES must be one of "
                              f"{', '.join(TRIGGER_ROLES)}, not {roles!r}")
    if not example.strip():
        raise ExtractionError(f"triggers.tsv:{lineno}: every row needs an EXAMPLE")
    try:
        obj_rx = None if obj == "-" else re.compile(obj, re.IGNORECASE)
    except re.error as exc:
        raise ExtractionError(f"triggers.tsv:{lineno}: bad OBJECT regex: {exc}") from None
    return TriggerRule(typ, lemma, obj_rx, "verb" if kind == "frame" else kind,
                       kind == "frame", example.strip(), "" if family == "-" else family,
                       roles == "symmetric", roles == "passive-doer")


@lru_cache(maxsize=1)
def trigger_rows() -> tuple[tuple[TriggerRule, str], ...]:
    """The rows of ``events/data/triggers.tsv``: (rule, FORMS text), in file order.
    The rows of one LEMMA must agree on FAMILY and ROLES."""
    rows, first = [], {}
    for lineno, cols in _read_tsv("triggers.tsv", 8):
        rule = _trigger_rule(lineno, cols)
        seen = first.setdefault(rule.lemma, (lineno, rule))
        for col, attr in (("FAMILY", "family"), ("ROLES", "symmetric"), ("ROLES", "passive_doer")):
            if getattr(seen[1], attr) != getattr(rule, attr):
                raise ExtractionError(f"triggers.tsv:{lineno}: {col} of {rule.lemma!r} differs "
                                      f"from line {seen[0]}")
        rows.append((rule, cols[2]))
    return tuple(rows)


def trigger_families() -> dict[str, str]:
    """{lemma: family} of the triggers.tsv rows with a FAMILY."""
    return {rule.lemma: rule.family for rule, _ in trigger_rows() if rule.family}


#: Trigger lemmas that name one kind of happening ("visited" ~ "will travel to").
TRIGGER_FAMILIES = trigger_families()


@lru_cache(maxsize=1)
def load_triggers() -> Triggers:
    """Load ``events/data/triggers.tsv`` and compile one alternation of all forms."""
    by_form: dict[str, list[TriggerRule]] = {}
    forms: list[str] = []
    for rule, form_text in trigger_rows():
        for form in _split_forms(form_text):
            form = form.strip()
            if not form:
                continue
            key = form.lower()
            if key not in by_form:
                by_form[key] = []
                forms.append(form)
            by_form[key].append(rule)
    # Regex forms ("h[oe]ld ...") are keyed by their pattern; plain ones by their text.
    # Plain forms are factored into a character trie: Python's re tries the alternatives
    # of an alternation one by one, and ~400 forms at every position cost 7x more.
    regex_forms = [f.replace(" ", r"\s+") for f in forms if not _PLAIN_FORM.fullmatch(f)]
    plain = sorted({" ".join(f.lower().split()) for f in forms if _PLAIN_FORM.fullmatch(f)})
    alternation = "|".join(sorted(regex_forms, key=len, reverse=True) + [trie_pattern(plain)])
    regex = fastre.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)
    patterns = [(re.compile(f.replace(" ", r"\s+") + r"\Z", re.IGNORECASE), tuple(by_form[f.lower()]))
                for f in forms]
    return Triggers(regex, tuple(patterns))


@lru_cache(maxsize=1)
def _literal_forms() -> tuple[dict, tuple]:
    """Plain forms by their lower-cased text (one dict look-up), and the regex forms."""
    literal, regexes = {}, []
    for rx, rules in load_triggers().patterns:
        src = rx.pattern[:-2]  # without the final \Z
        plain = src.replace(r"\s+", " ")
        if _PLAIN_FORM.fullmatch(plain):
            literal.setdefault(plain.lower(), rules)
        else:
            regexes.append((rx, rules))
    return literal, tuple(regexes)


def _rules_for(surface: str) -> tuple[TriggerRule, ...]:
    literal, regexes = _literal_forms()
    rules = literal.get(" ".join(surface.lower().split()))
    if rules is not None:
        return rules
    for rx, rules in regexes:
        if rx.match(surface):
            return rules
    return ()


@lru_cache(maxsize=1)
def load_discards() -> tuple[re.Pattern, ...]:
    """``events/data/trigger_discards.txt``: phrases in which a trigger word is no event."""
    return tuple(re.compile(p, re.IGNORECASE) for p in _discard_patterns())


@lru_cache(maxsize=1)
def discard_regex() -> fastre.Pattern:
    """All discard phrases as one alternation.  When every phrase starts at a word start
    (``\\b`` and a letter), that test is put in front once, so that the engine rejects
    most positions before trying the alternatives (twice as fast)."""
    patterns = _discard_patterns()
    body = "|".join(f"(?:{p})" for p in patterns)
    if patterns and all(re.match(r"\\b(?:\(\?:)?[A-Za-z]", p) for p in patterns):
        body = rf"\b(?=\w)(?![\d_])(?:{body})"  # a letter: \w, not a digit or "_"
    return fastre.compile(body, re.IGNORECASE)


def _discard_patterns() -> list[str]:
    out = []
    path = DATA / "trigger_discards.txt"
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            re.compile(line.strip())
        except re.error as exc:
            raise ExtractionError(f"trigger_discards.txt:{lineno}: {exc}") from None
        out.append(line.strip())
    return out


_STATUS_CUE_KINDS = ("planned", "hypothetical", "denied", "generic", "tense")
#: The REGEX of a status cue whose LABEL is aux: a plain list of words, then an optional (?!...).
_AUX_WORDS = re.compile(r"\\b\(\?:([\w' ]+(?:\|[\w' ]+)*)\)\\b(?:\(\?!.*\))?")


@lru_cache(maxsize=1)
def _status_cue_rows() -> tuple[tuple[str, int, re.Pattern, tuple[str, ...]], ...]:
    """The rows of ``events/data/status_cues.tsv``: (status, window, regex, the words kept in
    a label: those of a LABEL aux row, else none)."""
    rows = []
    for lineno, (status, window, regex, label) in _read_tsv("status_cues.tsv", 4):
        if status not in _STATUS_CUE_KINDS:
            raise ExtractionError(f"status_cues.tsv:{lineno}: unknown status {status!r}")
        if label not in ("aux", "-"):
            raise ExtractionError(f"status_cues.tsv:{lineno}: LABEL must be aux or -, not {label!r}")
        words = _AUX_WORDS.fullmatch(regex) if label == "aux" else None
        if label == "aux" and words is None:
            raise ExtractionError(f"status_cues.tsv:{lineno}: the REGEX of a LABEL aux row must be "
                                  r"a list of words, \b(?:word|word ...)\b, optionally then (?!...)")
        try:
            rows.append((status, int(window), re.compile(regex, re.IGNORECASE),
                         tuple(words.group(1).split("|")) if words else ()))
        except (ValueError, re.error) as exc:
            raise ExtractionError(f"status_cues.tsv:{lineno}: {exc}") from None
    return tuple(rows)


@lru_cache(maxsize=2)
def load_status_cues(all_statuses: bool = False) -> tuple[tuple[str, int, re.Pattern], ...]:
    """The status cues (planned, hypothetical, denied); with ``all_statuses`` the
    ``generic`` cues too (see :func:`is_generic`)."""
    return tuple((status, window, rx) for status, window, rx, _words in _status_cue_rows()
                 if status != "tense" and (all_statuses or status != "generic"))


@lru_cache(maxsize=1)
def _aux_before() -> re.Pattern:
    """An auxiliary that a label keeps (the LABEL aux cues of status_cues.tsv) right before
    the end of the text searched, an -ly adverb between them allowed: "will", "did not"."""
    words = [w for *_, ws in _status_cue_rows() for w in ws]
    return re.compile(rf"\b({'|'.join(words)})(?:\s+\w+ly)?\s+$", re.IGNORECASE)


# ---------------------------------------------------------------- helpers

# (the lookahead in front names every first character of the alternatives, so that most
# positions are rejected at once: 2.6x faster than trying each alternative)
_CLAUSE_BREAK = re.compile(
    r"(?=[\s;:(),\u2014\u2013])(?:\s*[;:()\u2014\u2013]\s*|\s+-\s+|,\s+(?=(?:which|while|but|although|though|whereas|"
    r"when|after|before|because|since|where|who|as well as)\b)|\s+(?=(?:but|while|whereas)\s)|"
    r"\s+(?=as (?:did|do|does|had|has|have|was|were|is|are)\s)|"  # "X implored Y, as did Z in May"
    r",[\"']?\s+and\s+(?=(?:by|in|on|since|then|later|after|before|during|at|from|until)\b))")
_PRONOUN_SUBJECT = re.compile(
    r"(?:^|[,;]\s*|\band\s+)(?:he|she|they|it|its|his|her|their|the two(?: leaders| sides| countries)?|"
    r"both(?: leaders| sides)?)\b", re.IGNORECASE)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
SYMMETRIC = {"AGREE", "COOPERATE"}
_PARTICIPLE = re.compile(r"(?:ed|en|wn|ung|id|met|sent|held|made|struck|left)$", re.IGNORECASE)


def clause_bounds(sentence: str, pos: int) -> tuple[int, int]:
    """The clause of ``sentence`` around offset ``pos`` (relative offsets)."""
    start, end = 0, len(sentence)
    for b0, b1 in _clause_breaks(sentence):
        if b1 <= pos:
            start = b1
        elif b0 >= pos:
            end = b0
            break
    return start, end


@lru_cache(maxsize=64)
def _clause_breaks(sentence: str) -> tuple[tuple[int, int], ...]:
    """The clause breaks of a sentence; each trigger asks for the same sentence again."""
    return tuple(m.span() for m in _CLAUSE_BREAK.finditer(sentence))


def _datable(t: Timex) -> bool:
    return t.type in ("DATE", "TIME") and t.interval_start is not None and t.value[:1].isdigit()


_NOUN_BEFORE_GAP = re.compile(r"^(?:'s)?\s+(?:(?:[A-Z][\w.'-]*|of|and|the)\s+){0,5}$")
_NOUN_AFTER_GAP = re.compile(r"^\s*(?:(?:of|in|on|during|from|since|between)\s+)?"
                             r"(?:[\w.'-]+\s+){0,6}?(?:in|on|of|during)?\s*$")


def _distance(t: Timex, s0: int, ts: int, te: int) -> float:
    """Characters from a trigger to a time expression; one after the trigger is nearer
    ("travel to Moscow in May") than one before it at the same distance."""
    if t.start - s0 >= te:
        return t.start - s0 - te
    return (ts - (t.end - s0)) * 2 + 10


_SINCE_BEFORE = re.compile(r"\bsince\s+(?:the\s+)?$", re.IGNORECASE)


def governing_timex(sentence: str, s0: int, trig: tuple[int, int], kind: str,
                    timexes: list[Timex], others: tuple = (),
                    inherited: Timex | None = None) -> tuple[Timex | None, bool]:
    """Pick the time expression that dates a trigger, and whether it is in its clause.

    Rules: a noun trigger takes only a date next to it ("the 2014 annexation",
    "the joint statement of February 4"); a verb trigger takes the nearest
    datable expression of its clause (after the trigger preferred), where an
    expression nearer to another trigger of the sentence (``others``: their
    ``(start, end)``) counts as that trigger's; else, when the sentence has
    exactly one datable expression, that one.
    """
    ts, te = trig
    # "the first pact since 2012", "have signed seventeen statements since 2013": a date after
    # "since" is where a span starts, not when the happening was
    # (but a state told in the perfect, "has been part of the initiative since 2017", began then)
    state = re.match(r"(?:has|have|had)\s+been\b", sentence[ts:te], re.IGNORECASE) is not None
    cands = [t for t in timexes if _datable(t) and (state or not _SINCE_BEFORE.search(
        sentence, max(0, t.start - s0 - 12), max(0, t.start - s0)))]
    if not cands:
        return (inherited, False) if inherited is not None and kind == "verb" else (None, False)
    if kind == "noun":
        for t in cands:
            if t.end - s0 <= ts and _NOUN_BEFORE_GAP.match(sentence[t.end - s0:ts]):
                return t, True
            if t.start - s0 >= te and _NOUN_AFTER_GAP.match(sentence[te:t.start - s0]):
                return t, True
        return None, False
    c0, c1 = clause_bounds(sentence, ts)
    inside = [t for t in cands if t.start - s0 >= c0 and t.end - s0 <= c1]
    if inside:
        def cost(t: Timex) -> float:
            d = _distance(t, s0, ts, te)
            # a trigger's own object ("skipped a summit in June") does not compete with it
            if any(_distance(t, s0, os, oe) < d for os, oe in others
                   if (os, oe) != trig and not te <= os <= te + 40):
                d += 100
            return d
        return min(inside, key=cost), True
    # A single date that opens the sentence ("In 2015, ...", "Soon before the invasion in
    # 2022, Beijing declared ...") dates a verb of a later clause too; one after it does not.
    first_clause_end = clause_bounds(sentence, 0)[1]
    if len(cands) == 1 and cands[0].end - s0 <= min(first_clause_end, ts):
        return cands[0], False
    return None, False


#: After a trigger told in the future, a condition ("will sign ... without guarantees",
#: "will withdraw unless ...") makes it what would happen, not what is planned.
_CONDITION_AFTER = re.compile(r"\b(?:unless|without|if|provided that|as long as|on condition that)\b",
                              re.IGNORECASE)


#: A sentence that opens with a hedge or a condition tells nothing as having happened.
_HEDGED_START = re.compile(r"\s*(?:perhaps|maybe|possibly|if|unless|should)\b", re.IGNORECASE)


_FUTURE_WHEN = re.compile(r"\b(?:when|once|as soon as|whenever)\s+(?:[\w'-]+\s+){0,8}?(?:is|are|has been|have been)?\s*$",
                          re.IGNORECASE)
_FUTURE_AFTER = re.compile(r"[^.;]*?,\s*(?:[\w'-]+\s+){0,6}?(?:will|would|shall|could|might)\b", re.IGNORECASE)


def event_status(view: str, trig_start: int, clause_start: int, timex: Timex | None,
                 dct: str | None, trig_end: int | None = None, clause_end: int | None = None) -> str:
    """happened | planned | hypothetical | denied, from cues before the trigger and the date
    (and, for a planned one, a condition after it within ``clause_end``).

    ``view`` is the sentence's matching view (ASCII quotes; time expressions masked)."""
    found: dict[str, bool] = {}
    for status, window, rx in load_status_cues():
        lo = max(clause_start, trig_start - window)
        if rx.search(view, lo, trig_start):
            found[status] = True
    if _HEDGED_START.match(view):
        return "hypothetical"
    # "when a mechanism is established, the powers will take part": a time clause of a
    # future tells what would happen then
    if _FUTURE_WHEN.search(view, max(clause_start, trig_start - 60), trig_start) and \
            _FUTURE_AFTER.match(view, trig_end or trig_start):
        return "hypothetical"
    if found.get("planned") and trig_end is not None and _CONDITION_AFTER.search(
            view, trig_end, len(view) if clause_end is None else clause_end):
        return "hypothetical"
    for status in ("denied", "hypothetical", "planned"):
        if found.get(status):
            return status
    if timex is not None and dct and timex.interval_start and timex.interval_start > _dct_end(dct):
        return "planned"
    return "happened"


def _dct_end(dct: str) -> str:
    parts = dct.split("-")
    if len(parts) == 3:
        return dct
    if len(parts) == 2:
        return f"{dct}-31"
    return f"{dct}-12-31"


def _join(labels: list[str]) -> str:
    labels = list(dict.fromkeys(labels))[:3]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


_OBJ_STOP = re.compile(r"(?<!\d),|,(?!\d)|[;:!?\"()\u2014\u2013]|\.(?!\d)|\s(?:that|which|who|because|while|when|after|before|"
                       r"as|but|and then|in order|to end|to help)\s")
_THAT_CLAUSE = re.compile(r"\s+that\s+(?=\w)")
_SAY_STOP = re.compile(r"(?<!\d),|,(?!\d)|[;:!?()\u2014\u2013]|\.(?!\d)")
_NAMED_BEFORE = re.compile(r"((?:the\s+)?[A-Z][\w'-]*(?:\s+(?:of|and|for|on|the|[A-Z][\w'-]*))*)\s*$")


_COMMA_SPACE = re.compile(r",\s")
_DATE_RIGHT_AFTER = re.compile(r"\s*(?:on|in|at|during|last|this|,)?\s*")
_TRAILING_LINKS = frozenset("in on at since by during of the a an to from with and or".split())


def make_label(sentence: str, view: str, trig: tuple[int, int], rule: TriggerRule,
               actors: list[dict], timex: Timex | None, s0: int, passive: bool,
               status: str = "happened", surfaces: dict[str, str] | None = None,
               doers: set[str] | None = None) -> str:
    """A short readable label from the sentence's own words:
    "China and Russia signed the Treaty of Good-Neighborliness and Friendly Cooperation".
    ``surfaces``: how the sentence writes each actor ({actor id: text}); ``doers``: the
    ids of the actors that do it (the subject of an active verb), when known."""
    subj_actors = [a for a in actors if a["role"] in ("source", "participant")]
    if doers and not passive and rule.kind != "noun":
        # "By 2019, it had replaced Russia as Ukraine's biggest trading partner": China did
        # it, though all three take part in a symmetric event
        subj_actors = [a for a in subj_actors if a["id"] in doers] or subj_actors
    if not subj_actors and (rule.kind == "noun" or passive):
        subj_actors = actors  # "Canada: talks", the patient of a passive
    subj = [a["label"] for a in subj_actors]
    # (an active verb with a target only has no known doer: "Unknown actor arrived in ...")
    tail = view[trig[1]:]
    after = trig[1]
    if timex is not None and timex.start - s0 >= trig[1] and _DATE_RIGHT_AFTER.fullmatch(
            view, trig[1], max(trig[1], timex.start - s0)):
        after = timex.end - s0  # "agreed on Monday to expand ..."
        tail = view[after:]
    elif timex is not None and timex.start - s0 >= trig[1] and rule.type != "STATEMENT":
        tail = view[trig[1]:timex.start - s0]
    said = re.match(r"(?:\s*,)?(?:\s+that,?)?\s*\"([^\"]{3,200})\"", tail) if rule.type == "STATEMENT" else None
    if said:  # Wang Yi stated that "China is willing to ..."
        words = said.group(1).split()
        quote = " ".join(words[:12]) + ("\u2026" if len(words) > 12 else "")
        obj = "\u201c" + quote.rstrip(",.;:") + "\u201d"
    else:
        stop = _SAY_STOP if rule.type == "STATEMENT" else _OBJ_STOP
        m = _object_stop(stop, tail, 0)
        that = _THAT_CLAUSE.match(tail)
        if that and m is not None and m.start() <= that.start() + 1:
            # "promised that their countries would ...": the that-clause is the object
            m = _object_stop(_SAY_STOP, tail, that.end())
        obj = sentence[after:after + (m.start() if m else len(tail))]
        obj = " ".join(obj.split()[:12 if rule.type == "STATEMENT" else 9])
        if obj.count("\u201c") > obj.count("\u201d"):
            obj += "\u201d"
    # an actor named in the object is not repeated as a subject ("Ukraine has been part of
    # Xi's Belt and Road", not "Ukraine and Xi Jinping has been part of ...")
    surfaces = surfaces or {}
    subj = [a["label"] for a in subj_actors if a["label"].split()[-1] not in obj
            and not contains_word(obj, surfaces.get(a["id"]) or "")] or subj
    subject = _join(subj) or "Unknown actor"
    while " " in obj and obj.rsplit(" ", 1)[1] in _TRAILING_LINKS:  # (obj is single-spaced)
        obj = obj.rsplit(" ", 1)[0]
    surface = " ".join(sentence[trig[0]:trig[1]].split())
    if rule.kind == "noun":
        before = _NAMED_BEFORE.search(sentence[:trig[0]])
        name = surface
        if before and before.group(1).split()[-1][:1].isupper():
            name = before.group(1).strip() + " " + name
        if obj.lower().startswith(("of ", "with ", "between ", "on ", "to ")):
            name += " " + obj
        name = re.sub(r"^(?:the|a|an)\s+", "", name)
        return _clip(f"{subject}: {name}")
    verb = surface if surface[:1].isupper() and surface[1:2].isupper() else surface.lower()
    aux = _aux_before().search(view[max(0, trig[0] - 20):trig[0]]) if status != "happened" else None
    if aux:
        verb = aux.group(1).lower() + " " + verb
    if passive:
        named = _NAMED_BEFORE.search(sentence[:trig[0]])
        if not named:  # "the peace formula in 10 points, published in 2022"
            np_ = re.search(r"\b(?:the|a|an|its|their)\s+(?:[\w'-]+\s+){0,6}?[\w'-]+(?=\s*,?\s*$)",
                            sentence[max(0, trig[0] - 80):trig[0]])
            obj = np_.group(0) if np_ else obj
            # "the 2018 Strategy and subsequently [adopted]": no trailing link words
            obj = re.sub(r"(?:\s+(?:and|or|but|then|also|later|\w+ly))+$", "", obj)
        if named:
            obj = named.group(1).strip()
            inner = re.search(r"\bthe\s+[A-Z][\w'-]*(?:\s+(?:of|and|for|on|the|[A-Z][\w'-]*))*$", obj)
            if inner:
                obj = inner.group(0)
    return _clip(f"{subject} {verb} {obj}".strip())


def _object_stop(stop: re.Pattern, tail: str, pos: int):
    """Where a label's object ends: the first ``stop`` match from ``pos`` that is not the
    period of an abbreviation ("signed by U.N. Secretary-General Kofi Annan")."""
    m = stop.search(tail, pos)
    while m is not None and tail[m.start()] == "." and (
            _ACRONYM_BEFORE.search(tail, max(0, m.start() - 12), m.start())
            or is_abbreviation(tail, m.start())):
        m = stop.search(tail, m.end())
    return m


_ACRONYM_BEFORE = re.compile(r"(?<![\w.])(?:[A-Z]\.)*[A-Z]$")  # "U.S", "U.N", "U"


def _clip(label: str, n: int = 110) -> str:
    label = " ".join(label.split())
    return label if len(label) <= n else label[: n - 1].rsplit(" ", 1)[0] + "\u2026"


def mention_id(doc_id: str, sentence: str, trigger_text: str, trigger_rel: int) -> str:
    """Stable id of one event mention: independent of where the sentence sits in the file."""
    h = hashlib.sha1(f"{doc_id}\x1f{' '.join(sentence.split())}\x1f{trigger_text.lower()}\x1f"
                     f"{trigger_rel}".encode()).hexdigest()
    return "event:" + h[:12]


# ---------------------------------------------------------------- the extractor


def reporting_spans(text: str, include_boilerplate: bool = False,
                    view: str | None = None) -> list[tuple[int, int]]:
    """The parts of a text that are the article's own reporting (``view``: its
    matching_view, if the caller has it)."""
    if include_boilerplate:
        return [(0, len(text))]
    return _spans_between(find_boilerplate(text, view), len(text))


def _spans_between(regions: list[tuple[int, int, str]], n: int) -> list[tuple[int, int]]:
    """The parts of ``range(n)`` outside the sorted boilerplate ``regions``."""
    spans, cur = [], 0
    for s, e, _kind in regions:
        if s > cur:
            spans.append((cur, s))
        cur = max(cur, e)
    if cur < n:
        spans.append((cur, n))
    return spans


_NAME_AFTER = re.compile(
    r"\s+(?:Accords?|Agreements?|Protocol|Declaration|Process|Format|Summit|Conference|Forum|"
    r"Group|Consensus|Convention|Charter|Communiqu|Initiative|Talks|Memorandum|Document)\b|"
    r"\s+(?:dollars?|euros?|yuan|rubles?|roubles?|pounds?|rupees?|yen)\b", re.IGNORECASE)


_NAME_GOES_ON = re.compile(r"[ \t]+(?-i:[A-Z][a-z]+)\b(?!\s+(?:and|or|said|says)\b)")
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|from|outside|inside|around)\s+$", re.IGNORECASE)
# a country's name as the modifier of a topic ("the Ukraine crisis", "a Syria peace plan"):
# the topic, not the state, is spoken of
_TOPIC_AFTER = re.compile(r"\s+(?:crisis|war|conflict|issue|question|file|dossier|situation|problem|"
                          r"peace (?:process|plan|talks)|front)\b")
_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an)\s+$", re.IGNORECASE)


def _not_an_actor(view: str, m) -> bool:
    """A place name inside the name of an accord ("the Helsinki Accords", "Camp David
    Declaration"), a currency ("US dollars") or a capital named as a place ("met in New
    Delhi") is no actor; "Beijing said" and "visited Moscow" keep theirs."""
    if m.via in ("capital", "name", "demonym") and _NAME_AFTER.match(view, m.end):
        return True
    if m.via == "name" and _TOPIC_AFTER.match(view, m.end) and (
            _ARTICLE_BEFORE.search(view, max(0, m.start - 6), m.start) or
            view[m.start:m.start + 4].lower() == "the "):  # ("the Ukraine" is a name too)
        return True
    if m.via == "capital" and _NAME_GOES_ON.match(view, m.end):
        return True  # "Nassau County", "the Washington Post": a capital inside a longer name
    return m.via == "capital" and bool(_PLACE_BEFORE.search(view, max(0, m.start - 12), m.start))


_PLURAL_START = re.compile(r"^(?:they|the two|both)\b", re.IGNORECASE)
_IT_START = re.compile(r"^it\b", re.IGNORECASE)


def _event_mentions(record: dict) -> list[dict]:
    """An event's actors in the shape of actor mentions (for pronoun carry-over)."""
    return [{"start": None, "end": None, "text": a["label"], "id": a["id"], "label": a["label"],
             "kind": a["kind"], "country": a["country"], "via": "carried"}
            for a in record["actors"] if a["role"] in ("source", "participant")]


def _compatible(a: str, b: str) -> bool:
    return a == b or any(a in g and b in g for g in COMPATIBLE_TYPES)


def _timex_of(record: dict) -> Timex:
    t, d = record["mentions"][0]["timex"], record["date"]
    return Timex(t["start"], t["end"], t["text"], d["type"], d["value"], d["granularity"],
                 d["mod"], d["start"], d["end"], t.get("anchored", False))


def publication_timex(dct: str | None) -> Timex | None:
    """The publication date as the date of the reports that give none of their own: its
    own granularity (a day, a month or a year), at offsets -1 (no text states it).
    None without a publication date: then undated sentences give no event."""
    if not dct:
        return None
    parts = dct.split("-")
    if not all(p.isdigit() for p in parts) or len(parts) not in (1, 2, 3):
        return None
    gran = ("year", "month", "day")[len(parts) - 1]
    if len(parts) == 3:
        end = dct
    elif len(parts) == 2:
        end = f"{dct}-{calendar.monthrange(int(parts[0]), int(parts[1]))[1]:02d}"
    else:
        end = f"{dct}-12-31"
    start = "-".join(parts + ["01"] * (3 - len(parts)))
    return Timex(-1, -1, "", "DATE", dct, gran, None, start, end, False)


@lru_cache(maxsize=1)
def _generic_cues() -> tuple[tuple[int, re.Pattern], ...]:
    return tuple((window, rx) for status, window, rx in load_status_cues(all_statuses=True)
                 if status == "generic")


# (determiners in any case; the adjectives in lower case only: "Amnesty International accused")
_NOUN_BEFORE = re.compile(r"(?:\b(?i:the|a|an|its|their|his|her|our|your|this|that|these|those|"
                          r"any|no|plenty of)|\b(?:Western|western|international|new|further|"
                          r"such)|'s|\u2019s)\s+(?:[a-z][\w-]*(?:ing|ous|ive|ful|less|ible|able)\s+)?$")


_MODAL_AFTER = re.compile(r"\s+(?:could|would|might|may|can|should|must|will)\s+(?!not\b)\w", re.IGNORECASE)


def _noun_use(view: str, ts: int, te: int) -> bool:
    """Is a verb form used as a noun ("China's support of Russia", "the demands of Kyiv",
    "Western sanctions")? Such a word names a happening told elsewhere, so it takes no
    publication date."""
    if not re.fullmatch(r"[\w'-]+", view[ts:te]):
        return False  # a phrase ("forced the mission out of ...") is a verb phrase
    return bool(_NOUN_BEFORE.search(view, max(0, ts - 20), ts)) or \
        re.match(r"\s+of\b", view[te:te + 4]) is not None or \
        _MODAL_AFTER.match(view, te) is not None  # "sanctions could hurt ..."


# "unleashed this criminal invasion": the object points back at a happening told before
_DEMONSTRATIVE_AFTER = re.compile(r"\s+(?:this|that|these|those)\s", re.IGNORECASE)
_AFTER_NOUN = re.compile(r"(?<![\w'-])(?!(?:has|have|had|was|were|is|are|be|been|being|get|gets|got|"
                         r"and|or|but|who|which|that|it|he|she|they|we|not|also|then|just)\s)"
                         r"[a-z][\w'-]*\s+$")


def reduced_relative(view: str, ts: int, te: int) -> bool:
    """Is a participle the verb of a reduced relative clause ("companies sanctioned by
    Washington", "firms pressed by high prices")? It describes a noun; the happening it
    names is the passive one (the agent after "by" does it) and is told elsewhere."""
    after = _BY_OR_END.match(view, te)
    return bool(_PARTICIPLE.search(view[ts:te])) and after is not None and \
        _AFTER_NOUN.search(view, max(0, ts - 30), ts) is not None and (
            after.group(0) == " by " or _PP_NOUN_BEFORE.search(view, max(0, ts - 60), ts) is not None)


_BY_OR_END = re.compile(r" by |\s*[.;]?\s*$")
# ... and at the end of a sentence only after a plural noun inside a prepositional phrase
# ("payments for Russian companies sanctioned."; not "the minister resigned.")
_PP_NOUN_BEFORE = re.compile(r"\b(?:for|to|with|of|on|against|from|into|among)\s+(?:[\w'-]+\s+){0,5}?"
                             r"[a-z][\w'-]*s\s+$")


def is_generic(view: str, ts: int, te: int, c0: int, c1: int) -> bool:
    """Does the clause around a trigger state a habit, a lasting stance or background
    ("has long opposed", "usually lend") rather than one happening? The cues are the
    ``generic`` rows of ``events/data/status_cues.tsv``, within WINDOW characters of the
    trigger on either side, inside its clause."""
    for window, rx in _generic_cues():
        if rx.search(view, max(c0, ts - window), min(c1, te + window)):
            return True
    return False


def _drop_repeats(records: list[dict]) -> list[dict]:
    """A report dated only by publication that repeats an event of the same document with a
    date of its own is not another event: the dated one stands for it. A repeat has the
    same type and trigger family and shares an actor with it, or has the same type or
    family and all of its actors among that event's. Linear: the earliest start of the
    dated events is kept per such key (for the sets of their actors: all of them, each
    alone, and every pair and triple of up to five and four)."""
    earliest: dict[tuple, str] = {}
    for d in records:
        if d["date_basis"] != "text":
            continue
        start = d["date"]["start"] or ""
        for key in _repeat_keys(d, _actor_sets(d["actors"])):
            if start < earliest.get(key, "\uffff"):
                earliest[key] = start
    if not earliest:
        return records
    out = []
    for r in records:
        if r["date_basis"] == "publication":
            end = r["date"]["end"] or ""
            group = {frozenset(a["id"] for a in r["actors"])}
            if any(earliest.get(key, "\uffff") <= end for key in _repeat_keys(r, group)):
                continue
        out.append(r)
    return out


def _family_of(record: dict) -> str:
    return TRIGGER_FAMILIES.get(record["trigger"], record["trigger"])


def _repeat_keys(record: dict, groups) -> set[tuple]:
    """The keys of _drop_repeats under which ``record`` stands for its actor ``groups``."""
    family = _family_of(record)
    keys = {k for g in groups for k in (("type", record["type"], g), ("family", family, g))}
    keys |= {("tf", record["type"], family, a["id"]) for a in record["actors"]}
    return keys


def _actor_sets(actors: list[dict]) -> set[frozenset]:
    """The sets of actor ids a publication-dated repeat may name (see _drop_repeats)."""
    ids = sorted({a["id"] for a in actors})
    sets = {frozenset(), frozenset(ids)} | {frozenset((i,)) for i in ids}
    if len(ids) <= 5:
        sets |= {frozenset(p) for p in itertools.combinations(ids, 2)}
        if len(ids) <= 4:
            sets |= {frozenset(p) for p in itertools.combinations(ids, 3)}
    return sets


def document_dct(doc: Document) -> tuple[str | None, bool]:
    """The document creation time and whether it was inferred from the text: the
    manifest's ``published``; a month-only ``published`` ("2019-11") is narrowed to the
    day the text's own dates give (events.timex.infer_dct) when that day is in the same
    month; with no ``published``, the day inferred from the text."""
    if doc.published:
        if len(doc.published) == 7:
            inferred = infer_dct(doc.text)
            if inferred and inferred[:7] == doc.published:
                return inferred, True
        return doc.published, False
    inferred = infer_dct(doc.text)
    return inferred, inferred is not None


def extract_document(doc: Document, include_boilerplate: bool = False,
                     stats: dict | None = None) -> list[dict]:
    """Extract the event mentions of one document as event records (one mention each).

    ``stats``, if given, is filled with what the extraction saw (for
    :func:`events.report.document_report`): ``chars``; ``discarded``
    (``{boilerplate kind: characters left out}``); ``dct`` and ``dct_source``
    (``"manifest"``, ``"text"`` or None); ``sentences``, ``dated_sentences``
    (with a time expression that has a date) and ``trigger_sentences`` (with
    an event word that has a date) among the reporting text's sentences; ``events``.
    """
    counts = stats if stats is not None else {}
    text = doc.text
    counts.update(chars=len(text or ""), discarded={}, dct=None, dct_source=None, sentences=0,
                  dated_sentences=0, trigger_sentences=0, events=0)
    if not text or not text.strip():
        return []
    dct, dct_inferred = document_dct(doc)
    counts.update(dct=dct, dct_source=None if dct is None else "text" if dct_inferred else "manifest")
    view = matching_view(text)
    regions = [] if include_boilerplate else find_boilerplate(text, view)
    for s, e, kind in regions:
        counts["discarded"][kind] = counts["discarded"].get(kind, 0) + (e - s)
    timexes = tag(text, dct)
    # the document's gazetteer look-up, with its other names of persons it names in full
    # ("Wang" after "Wang Yi", "XI" after "Xi Jinping")
    gazetteer = get_gazetteer()
    find_actors = functools.partial(gazetteer.find, names=DocumentNames(gazetteer, view))
    trig_rx = load_triggers().regex
    records: list[dict] = []
    context = _Context()
    prev: PreviousEvent | None = None
    ti, n_timexes = 0, len(timexes)
    n_sentences = n_dated = n_triggered = 0
    pub = publication_timex(dct)
    for r0, r1 in _spans_between(regions, len(text)):
        for s0, s1 in split_sentences(text, r0, r1):
            context.now += 1
            n_sentences += 1
            while ti < n_timexes and timexes[ti].start < s0:
                ti += 1
            tj = ti
            while tj < n_timexes and timexes[tj].start < s1:
                tj += 1
            if tj > ti:
                stimex = [t for t in timexes[ti:tj] if t.end <= s1]
                first_dated = next((t for t in stimex if _datable(t)), None)
            else:  # most sentences: no time expression
                stimex, first_dated = [], None
            n_dated += first_dated is not None
            when = (first_dated and first_dated.interval_start) or dct
            # Actors are looked up only where an event can arise; other sentences are
            # looked up later, and only if a following sentence needs them for a pronoun.
            # (the date test first: it is cheaper than the trigger search)
            # (the sentence is cut out of the text only when it is looked at)
            sview = view[s0:s1] if first_dated is not None or prev is not None or pub else ""
            # a sentence without a date of its own reports what happened by its publication
            dated = first_dated is not None or pub is not None or (
                prev is not None and _ANAPHORIC_START.match(sview) is not None)
            first = trig_rx.search(sview) if dated else None
            if first is not None and first_dated is None and (
                    prev is None or _ANAPHORIC_START.match(sview) is None) and \
                    not _may_take_publication(sview, first, trig_rx):
                first = None  # undated, and only nouns and "said": nothing to date by publication
            if first is None:
                context.defer(find_actors, text, view, s0, s1, when)
                prev = None
                continue
            sentence = text[s0:s1]
            found = _dated_triggers(sview, s0, stimex, trig_rx, prev, first, pub)
            if not found:  # most such sentences: no trigger has a date of its own clause
                context.defer(find_actors, text, view, s0, s1, when)
                prev = None
                continue
            n_triggered += 1
            amentions = _actor_mentions(find_actors, sentence, sview, s0, when)
            new = _sentence_events(doc, dct, dct_inferred, sentence, sview, s0, stimex,
                                   amentions, context, found, prev)
            records.extend(new)
            prev = PreviousEvent(_timex_of(new[-1]), new[-1]["type"], _event_mentions(new[-1])) \
                if new and new[-1]["date_basis"] == "text" else None
            context.seen(sview, s0, amentions)
    # an undated sentence that only says what could or would happen reports no happening:
    # with nothing but the publication date to place it, it is not an event
    records = [r for r in _drop_repeats(records)
               if not (r["date_basis"] == "publication" and r["status"] == "hypothetical")]
    counts.update(sentences=n_sentences, dated_sentences=n_dated, trigger_sentences=n_triggered,
                  events=len(records))
    return records


def _actor_mentions(find, sentence: str, sview: str, s0: int, when: str | None) -> list[dict]:
    """The actors of a sentence as dicts (offsets in the document); ``find`` is the
    gazetteer look-up (Gazetteer.find with the document's options). Names the gazetteer
    does not know join them where their words say what they are (events.names); a state
    that is such a name's possessor or demonym ("Russia's Rosneft") is no actor there."""
    every = find(sentence, when=when)
    found = [m for m in every if not _not_an_actor(sview, m)]
    known = [(m.start, m.end, m.actor_id, m.via) for m in found]
    # the states the gazetteer found, also those that are no actor here: "Baghdad
    # University" is Iraq's, and "protesters in Cairo" are Egypt's
    states = [(m.start, m.end, m.country or m.actor_id, m.via) for m in every if m.kind == "state"]
    kept = {(m.start, m.end) for m in found}
    inside = [st for st in states if st[:2] not in kept]
    names = unknown_names(sview, known, inside) if _MAY_NAME.search(sview) else []
    groups = sector_groups(sview, states)
    owners = {n.owner for n in names + groups if n.owner}
    out = [{"start": m.start + s0, "end": m.end + s0, "text": m.text, "id": m.actor_id,
            "label": m.label, "kind": m.kind, "country": m.country, "via": m.via}
           for m in found if (m.start, m.end) not in owners]
    out += [{"start": n.start + s0, "end": n.end + s0, "text": sentence[n.start:n.end],
             "id": name_id(n), "label": sentence[n.start:n.end], "kind": n.kind,
             "country": n.country, "via": "shape"} for n in names]
    out += [{"start": g.start + s0, "end": g.end + s0, "text": sentence[g.start:g.end],
             "id": group_id(g), "label": _group_label(sentence[g.start:g.end]), "kind": "group",
             "country": g.country, "via": "sector"} for g in groups]
    return sorted(out, key=lambda a: (a["start"], a["end"]))


def _group_label(text: str) -> str:
    """"Iraqi police", "protesters in Cairo": the words as written, one space between."""
    return " ".join(text.split())


#: a capitalised word after the sentence's first: the cheap test before events.names
_MAY_NAME = re.compile(r"(?<=[^\s])\s+[A-Z]|^[A-Z]{2,5}\b")


#: After an actor's name: a name or a possessive it modifies ("U.S. National Security
#: Strategy", "Russia's army"), so the actor is not the head of its noun phrase.
_MODIFIER_AFTER = re.compile(r"(?:'s|\u2019s|\s+(?-i:[A-Z])[\w-]*\s+(?-i:[A-Z]))")


class _Context:
    """The actors and the subject of the last sentence that named any, for pronouns and
    triggers without actors of their own, within the last REACH sentences.
    Sentences that cannot hold an event are kept pending and looked up only on demand:
    most sentences never need the one before them (no pronoun, actors of their own)."""

    #: How many sentences back a pronoun or an actor-less trigger may find its actors:
    #: the previous sentence, or the one before it.
    REACH = 2

    def __init__(self) -> None:
        self.actors: list[dict] = []
        self.subjects: list[dict] = []
        self.subject_heads = False
        self.history: list[tuple[int, list[dict]]] = []
        self.skipped: list[tuple] = []  # pending sentences passed over (for recent_actors)
        self.actors_at = self.subjects_at = -1_000_000  # sentence numbers
        self.pending: list[tuple] = []
        self.now = 0  # number of the current sentence

    #: How many sentences with actors recent_actors keeps.
    HISTORY = 4

    def _remember(self, at: int, amentions: list[dict]) -> None:
        if all(a != at for a, _ in self.history):
            self.history.append((at, amentions))
            self.history.sort(key=lambda h: h[0])
            del self.history[:-self.HISTORY]

    def defer(self, find_actors, text: str, view: str, s0: int, s1: int,
              when: str | None) -> None:
        """A sentence (text[s0:s1]) whose actors are looked up only if asked for."""
        self.pending.append((self.now, find_actors, text, view, s0, s1, when))

    def seen(self, sview: str, s0: int, amentions: list[dict], at: int | None = None) -> None:
        """A sentence whose actors were looked up; without actors it changes nothing."""
        if not amentions:
            return
        at = self.now if at is None else at
        rel = [dict(m, start=m["start"] - s0, end=m["end"] - s0) for m in amentions]
        lead = _LEADING_ADVERBIAL.match(sview)
        if re.match(r"\s*(?:he|she|it|they)\b", sview[lead.end() if lead else 0:], re.IGNORECASE):
            # "It has issued a paper on the Ukraine crisis": the subject is still the one
            # "It" stands for, not the first actor named after it
            self.resolve()
            self.subjects_at = at if self.subjects else self.subjects_at
            self.actors, self.actors_at = amentions, at
            self._remember(at, amentions)
            return
        subj = subject_actors(sview, rel)
        if subj:
            self.skipped = (self.skipped + self.pending)[-self.HISTORY:]
            self.pending = []
            self.subjects = [dict(m, start=m["start"] + s0, end=m["end"] + s0) for m in subj]
            self.subjects_at = at
            # the actor heads the subject, not a name it modifies ("The U.S. Strategy")
            # and opens its clause ("Observers cited a report by Chile": Chile is not it)
            begin = lead.end() if lead else 0
            self.subject_heads = _MODIFIER_AFTER.match(sview, subj[-1]["end"]) is None and \
                re.fullmatch(r"\s*(?:the\s+)?(?:[A-Z][\w.'-]*\s+){0,3}", sview[begin:subj[0]["start"]]) is not None
        else:
            self.resolve()  # the subject stays that of the pending sentences, if any
        self.actors, self.actors_at = amentions, at
        self._remember(at, amentions)

    def resolve(self) -> tuple[list[dict], list[dict]]:
        """(actors, subject) of the last sentence within reach that named any."""
        pending, self.pending = self.pending, []
        oldest = self.now - self.REACH
        for i in range(len(pending) - 1, -1, -1):
            at, find_actors, text, view, s0, s1, when = pending[i]
            if at < oldest:
                break
            sview = view[s0:s1]
            amentions = _actor_mentions(find_actors, text[s0:s1], sview, s0, when)
            if amentions:
                self.skipped = (self.skipped + pending[:i])[-self.HISTORY:]
                self.seen(sview, s0, amentions, at)
                break
        return (self.actors if self.actors_at >= oldest else [],
                self.subjects if self.subjects_at >= oldest else [])

    def no_actor_subject(self) -> None:
        """The current sentence's subject is no actor ("The article called for ..."): a
        pronoun of the next sentence stands for it, not for an actor named before."""
        self.pending = []
        self.actors, self.subjects, self.subject_heads = [], [], False
        self.actors_at = self.subjects_at = self.now

    def recent_actors(self) -> list[dict]:
        """The actors of the last sentences that named any (at most HISTORY of them, within
        REACH + 2 sentences), oldest first: what a definite noun phrase may stand for. Every
        pending sentence in that reach is looked up (resolve stops at the last one)."""
        self.resolve()
        skipped, self.skipped = self.skipped, []
        oldest = self.now - self.REACH - 2
        for at, find_actors, text, view, s0, s1, when in skipped:
            if at >= oldest:
                sview = view[s0:s1]
                amentions = _actor_mentions(find_actors, text[s0:s1], sview, s0, when)
                if amentions:
                    self._remember(at, amentions)
        return [a for at, ams in self.history if at >= oldest for a in ams]

    def actors_before(self) -> list[dict]:
        return self.resolve()[0]

    def subjects_before(self) -> list[dict]:
        return self.resolve()[1]


_ANAPHORIC_START = re.compile(
    r"^(?:they|he|she|it|the two(?: leaders| sides| countries| presidents)?|both(?: leaders| sides)?|"
    r"the (?:statement|agreement|treaty|declaration|meeting|summit|visit|talks))\b", re.IGNORECASE)


def _may_take_publication(sview: str, first, trig_rx) -> bool:
    """Has an undated sentence a trigger that a publication date could date (a verb, not a
    noun or a bare reporting verb)? A cheap test before the sentence is looked at closely."""
    for m in itertools.chain((first,), trig_rx.finditer(sview, first.end())):
        if any(r.kind == "verb" for r in _rules_for(m.group(0))):
            return True
    return False


def _dated_triggers(sview, s0, stimex, trig_rx, prev: PreviousEvent | None = None, first=None,
                    pub: Timex | None = None) -> list[FoundTrigger]:
    """The triggers of a sentence that have a governing time expression; needs no actors.
    ``prev``: the last event of the sentence before (an anaphoric "Then" takes its date).
    ``pub``: the publication date, for a sentence without a date of its own: its verbs
    take it (not its nouns: "the treaty" names an earlier happening; nor a bare "said": an
    undated attribution is how news is told, not a happening), unless the clause is generic
    or habitual ("China has long opposed ...", "banks usually ...")."""
    discarded = [(m.start(), m.end()) for m in discard_regex().finditer(sview)]
    parens = [(m.start(), m.end()) for m in _PARENTHETICAL.finditer(sview)]
    cands = []
    # the scan goes on after the first match found by the caller (same matches as finditer)
    matches = trig_rx.finditer(sview) if first is None else \
        itertools.chain((first,), trig_rx.finditer(sview, first.end()))
    for m in matches:
        ts, te = m.start(), m.end()
        if any(a <= ts < b or a < te <= b for a, b in discarded):
            continue
        # the object is looked for in the trigger's clause, asides such as "(BRI)" left out
        oview = _main_view(sview, parens, ts)[0] if parens else sview
        c0, c1 = clause_bounds(oview, ts)
        for r in _rules_for(m.group(0)):
            if r.obj is None or r.obj.search(oview, ts, min(c1, te + 80)) or \
                    r.obj.search(oview, max(c0, ts - 80), ts):
                cands.append(Candidate(ts, te, r))
                break
    cands = _outside_frames(sview, cands)
    spans = tuple((c.start, c.end) for c in cands)
    if pub is not None and any(_datable(t) for t in stimex):
        # the sentence's dates may all be those of its report (", police said on Friday"):
        # then what is reported is dated by publication too
        reports = [clause_bounds(sview, ts) for ts, _te, r in cands if r.kind == "report"]
        if not all(any(a <= t.start - s0 and t.end - s0 <= b for a, b in reports)
                   for t in stimex if _datable(t)):
            pub = None
    found = []
    for ts, te, rule in cands:
        pview, hidden = _main_view(sview, parens, ts)
        c0, c1 = clause_bounds(pview, ts)
        visible = [t for t in stimex if not _in_spans(t.start - s0, hidden)]
        inherited = prev.timex if prev and _ANAPHORIC_START.match(sview) and \
            _compatible(rule.type, prev.type) else None
        timex, in_clause = governing_timex(pview, s0, (ts, te), rule.kind, visible, spans,
                                           inherited)
        if timex is None and pub is not None and rule.kind not in ("noun", "report") and \
                not is_generic(pview, ts, te, c0, c1) and not _noun_use(pview, ts, te) and \
                not reduced_relative(pview, ts, te) and \
                not (rule.obj is not None and _DEMONSTRATIVE_AFTER.match(pview, te)):
            timex = pub
        if timex is not None:
            found.append(FoundTrigger(ts, te, rule, timex, in_clause, c0, c1, pview, hidden))
    return found


_REPORTED_BEFORE = re.compile(r"\b(?:said|says|say|announced|announces|declared|declares|told|"
                              r"tells|stated|states|claimed|claims|confirmed|insisted|added)\b",
                              re.IGNORECASE)


@lru_cache(maxsize=1)
def load_intents() -> dict[str, str]:
    """``events/data/intent.tsv``: the type a stated planned event takes (AGREE or THREATEN)."""
    out = {}
    for lineno, (typ, intent, _example) in _read_tsv("intent.tsv", 3):
        if typ not in EVENT_TYPES or intent not in ("AGREE", "THREATEN"):
            raise ExtractionError(f"intent.tsv:{lineno}: bad TYPE or INTENT")
        out[typ] = intent
    return out


_MODAL_RIGHT_BEFORE = re.compile(r"\b(?:will|would|shall|'ll|going to|plans? to|intends? to)\s+"
                                 r"(?:\w+ly\s+)?$", re.IGNORECASE)


def stated_intent(typ: str, status: str, view: str, ts: int) -> tuple[str, str]:
    """A planned event that the sentence reports someone said will (or would) happen is the
    promise or the threat made (``events/data/intent.tsv``): (type, status)."""
    if status not in ("planned", "hypothetical") or typ not in load_intents():
        return typ, status
    if status == "hypothetical" and not _MODAL_RIGHT_BEFORE.search(view, max(0, ts - 30), ts):
        return typ, status  # "could", "might", "if ...": no statement of intent
    if not _REPORTED_BEFORE.search(view, 0, ts):
        return typ, status
    return load_intents()[typ], "happened"


def _told_content(view: str, found: list[FoundTrigger]) -> list[FoundTrigger]:
    """A statement verb ("announced", "declared") followed by "that" and the trigger of another
    kind of happening dated with it gives way to what it tells ("announced Thursday that it
    has called off the strike" is the calling off)."""
    drop = set()
    for i, f in enumerate(found):
        if f.rule.type != "STATEMENT" or f.rule.kind != "verb" or f.rule.frame:
            continue
        for g in found:
            if g.start > f.end and g.timex is f.timex and g.rule.type != "STATEMENT" and \
                    g.rule.kind != "noun" and re.search(r"\bthat\b", view[f.end:g.start]):
                drop.add(i)
                break
    return [f for i, f in enumerate(found) if i not in drop]


_COMPLEMENT = re.compile(r"\s+(?:[\w'.-]+\s+){0,5}?(?:to|that)\s", re.IGNORECASE)


def _outside_frames(view: str, cands: list[Candidate]) -> list[Candidate]:
    """Leave out the triggers inside the "to"/"that" complement of a frame verb of the same
    clause ("threatened to impose sanctions": the threat, not a sanction)."""
    frames = [(c.start, c.end) for c in cands if c.rule.frame]
    if not frames:
        return cands
    spans = []
    for ts, te in frames:
        m = _COMPLEMENT.match(view, te)
        if m:  # up to the end of the clause or the next comma
            comma = view.find(",", m.end(), clause_bounds(view, ts)[1])
            spans.append((m.end(), comma if comma >= 0 else clause_bounds(view, ts)[1]))
    # (a noun keeps its own date: "implored Wang to act, as did leaders in a video call in
    # February" still holds the call)
    return [c for c in cands if c.rule.kind == "noun" or not any(a <= c.start < b for a, b in spans)]


def _antecedent_of_aside(sview: str, pview: str, c0: int, ts: int, a: dict, s0: int) -> bool:
    """Is ``a`` (hidden from a parenthetical's view) what the parenthetical's "which"/"who"
    stands for: the actor right before it ("Egypt, which has backed Somalia, ...")?"""
    m = re.match(r"[\s,]*(which|who)\b", pview[c0:ts], re.IGNORECASE)
    return m is not None and a["end"] - s0 <= c0 + m.start(1) and \
        re.fullmatch(r"[\s,]*", sview[a["end"] - s0:c0 + m.start(1)]) is not None


def _pronoun_subjects(sview: str, prev: PreviousEvent | None, context: _Context):
    """What a pronoun subject of the sentence may stand for, as a function called only
    when one needs it (see _clause_actors)."""
    if prev and _PLURAL_START.match(sview) and len(prev.actors) >= 2:
        return prev.actors.copy  # "They declared ..." after an event of two actors
    if _IT_START.match(sview) and any(a["kind"] != "person" for a in context.actors_before()):
        # a sentence-opening "It" is the subject of the sentence before when a state or
        # an organisation heads it ("As a major power, China has ... . It has issued"),
        # else the last state or organisation named before it ("The U.S. National
        # Security Strategy ... adopted by NATO in 2019. It recognized China as ...")
        heads = [a for a in context.subjects_before() if a["kind"] != "person"] \
            if context.subject_heads else []
        return (heads or [a for a in context.actors_before() if a["kind"] != "person"])[-1:].copy
    return context.subjects_before


def _sentence_events(doc, dct, dct_inferred, sentence, sview, s0, stimex, amentions,
                     context, found: list[FoundTrigger], prev: PreviousEvent | None = None
                     ) -> list[dict]:
    """The event records of a sentence from its dated triggers (see _dated_triggers)."""
    # A reporting verb ("said") yields an event only when no other trigger of the
    # sentence is dated by the same time expression.
    # ... and none when another trigger of the sentence is dated by publication: "X said Y
    # attacked Z" reports the attack
    claimed = {id(f.timex) for f in found if f.rule.kind != "report"}
    if any(f.timex.start < 0 for f in found if f.rule.kind != "report"):
        claimed.update(id(f.timex) for f in found)
    found = [f for f in found if f.rule.kind != "report" or id(f.timex) not in claimed]
    found = _told_content(sview, found)
    seen: list[tuple] = []
    out = []
    # verbs before nouns ("the treaty signed in 2001" is the signing, not the treaty), and
    # among verbs sharing a date the one nearest to it first ("... of February 4 when Putin
    # visited Beijing" is the visit, not the "relationship further cemented" before it)
    for ts, te, rule, timex, in_clause, c0, c1, pview, hidden in sorted(
            found, key=lambda f: (f.rule.kind == "noun", _distance(f.timex, s0, f.start, f.end), f.start)):
        masked = _mask(pview, [(t.start - s0, t.end - s0) for t in stimex])
        # One event per time expression and kind of happening in a sentence: "signed the
        # declaration, proclaiming the end of the war" is one event, and what a statement
        # or pledge says ("promised that they will support ...") is not another.
        if any(id(timex) == k and (typ == rule.type or (
                rule.kind != "noun" and kind != "noun" and (_compatible(rule.type, typ) or (
                    kts < ts and re.search(r"\bthat\b", sview[kte:ts])))))
               for k, typ, kind, kts, kte in seen):
            continue
        # "The joint statement that year called for ...": what a statement or agreement
        # named as the subject says is that statement, not another event.
        if rule.kind != "noun" and any(
                f.rule.kind == "noun" and f.rule.type in ("STATEMENT", "AGREE") and f.rule.type != rule.type
                and c0 <= f.start < ts
                and ts - f.end <= 80 and not any(f.end <= a["start"] - s0 < ts for a in amentions)
                for f in found):  # nouns that are dated events themselves
            continue
        rel = [dict(a, start=a["start"] - s0, end=a["end"] - s0) for a in amentions
               if not (a["start"] >= timex.start and a["end"] <= timex.end)
               and (not _in_spans(a["start"] - s0, hidden) or _antecedent_of_aside(sview, pview, c0, ts, a, s0))]
        passive = not rule.passive_doer and bool(_PARTICIPLE.search(sview[ts:te])) and (
            reduced_relative(pview, ts, te) or
            bool(_PASSIVE_BEFORE.search(pview[c0:ts])) or (
                bool(re.search(r",\s*$", pview[c0:ts]))
                and re.match(r"\s+(?:in|on|by|at|during|last|this)\b", pview[te:]) is not None) or (
                rule.kind == "verb" and re.match(r"\s+(?:in|on|by)\b", pview[te:]) is not None
                and re.search(r"\b(?:the|a|an)\s+(?:[\w'-]+\s+){0,6}$", pview[c0:ts]) is not None))
        subjects = _pronoun_subjects(sview, prev, context)
        source, target, carried = _clause_actors(pview, masked, ts, te, c0, c1, rel, rule,
                                                 passive, subjects)
        if rule.kind == "report" and (carried or not source or source[0].get("start") is None
                                      or not _adjacent_subject(pview, source, ts)):
            continue  # "analysts said": a report needs its own speaker
        kinds = definite_subject(pview, c0, ts)
        if kinds is not None and not source and (kinds or not target):
            # "The ministry accused Russia": the ministry named before; "The article called
            # for ...": no actor (kinds empty), and none carried from before
            if not kinds:
                context.no_actor_subject()  # and a following "It" is that, not an actor
                continue
            many = 2 if re.search(r"\b(?:two|both)\b", pview[max(c0, ts - 40):ts], re.IGNORECASE) else 1
            source = [dict(a, start=None, end=None)
                      for a in _fitting(context, kinds, {a["id"] for a in target}, many)]
            carried = bool(source)
            if not source and not target:
                continue  # nothing named before can be "the two countries"
        if not source and not target:
            prev_actors = context.actors_before()
            if prev_actors and (rule.kind != "noun" or not rel):
                source = [dict(a, start=None, end=None) for a in prev_actors]
                carried = True
            else:
                continue
        seen.append((id(timex), rule.type, rule.kind, ts, te))
        actors = actor_roles(source, target, rule, passive)
        status = event_status(masked, ts, c0, timex, dct, te, c1)
        typ, status = stated_intent(rule.type, status, masked, ts)
        # how the object names actors that the sentence does not also name before the trigger
        named_before = {a["id"] for a in source + target
                        if a.get("start") is not None and a["start"] < ts}
        surfaces = {a["id"]: a.get("text", "") for a in source + target
                    if a.get("start") is not None and a["start"] >= te
                    and a["id"] not in named_before}
        label = make_label(sentence, sview, (ts, te), rule, actors, timex, s0, passive, status,
                           surfaces, {a["id"] for a in source})
        confidence = 0.85 if rule.obj is not None else (0.5 if rule.kind == "report" else 0.7)
        if carried:
            confidence -= 0.15
        if not in_clause:
            confidence -= 0.1
        if dct_inferred or (timex.anchored and dct is None):
            confidence -= 0.1
        out.append(_event_record(doc, dct, dct_inferred, sentence, s0, (ts, te), rule.lemma, timex,
                                 (typ, status, label, confidence, actors), source + target))
    return out


@lru_cache(maxsize=1)
def load_anaphors() -> tuple[tuple[re.Pattern, tuple[str, ...]], ...]:
    """``events/data/anaphors.tsv``: the definite noun phrases that stand for an actor."""
    out = []
    for lineno, (noun, kinds, _example) in _read_tsv("anaphors.tsv", 3):
        try:
            rx = re.compile(noun.replace(" ", r"\s+"), re.IGNORECASE)
        except re.error as exc:
            raise ExtractionError(f"anaphors.tsv:{lineno}: bad NOUN regex: {exc}") from None
        out.append((rx, tuple(k.strip() for k in kinds.split(","))))
    return tuple(out)


_DEFINITE_SUBJECT = re.compile(r"(?:^|,\s+)(?:the|this|that|these|those)\s+((?:[\w'-]+\s+){1,4}?)"
                               r"(?:(?:\w+ly|then|also|now|later|again|has|have|had|was|were|is|are|"
                               r"will|would|did|does|do|not)\s+){0,3}$", re.IGNORECASE)


#: A subject without a determiner: a plural noun, perhaps with a place ("fans in Toronto",
#: "analysts", "officials").
_BARE_SUBJECT = re.compile(r"\s*((?-i:[a-z])[\w'-]*\s+(?:(?-i:[a-z])[\w'-]*\s+)?)"
                           r"(?:(?:in|from|at|of)\s+(?-i:[A-Z])[\w'-]*\s+(?:(?-i:[A-Z])[\w'-]*\s+)?)?"
                           r"(?:(?:\w+ly|then|also|now|later|again|has|have|had|were|are|did|do|not)\s+){0,3}",
                           re.IGNORECASE)


def definite_subject(view: str, c0: int, ts: int) -> tuple[str, ...] | None:
    """The actor kinds a definite subject just before a trigger may stand for: None when the
    clause has no such subject, an empty set when it names something that is no actor
    ("The article called for ..."), else the KINDS of its ``anaphors.tsv`` row, the
    likeliest first."""
    lead = _LEADING_ADVERBIAL.match(view, c0)
    begin = lead.end() if lead else c0
    m = _DEFINITE_SUBJECT.search(view, begin, ts)
    if m is None or m.end() != ts:
        bare = _BARE_SUBJECT.fullmatch(view, begin, ts)
        if bare is None:
            return None  # ("fans in Toronto staged ...": no actor, none carried)
        m = bare
    words = m.group(1).strip()
    if any(w[:1].isupper() for w in words.split()):
        return None  # "the European Union", "the White House": a name the gazetteer looks up
    for rx, kinds in load_anaphors():
        if rx.fullmatch(words) or rx.fullmatch(words.split(None, 1)[-1]):
            return kinds
    return ()


def _fitting(context: _Context, kinds: tuple[str, ...], exclude: set[str], many: int = 1
             ) -> list[dict]:
    """The last ``many`` actors named before (subjects first) of the first of ``kinds`` that
    has as many, leaving out the actors the clause names itself (``exclude``)."""
    recent = context.recent_actors()  # (first: it looks up every pending sentence)
    pools = (context.subjects_before(), context.actors_before(), recent)
    for kind in kinds:
        for pool in pools:
            fit = list({a["id"]: a for a in pool if a["kind"] == kind and a["id"] not in exclude}.values())
            if len(fit) >= many:
                return fit[-many:]
    return []


def _event_record(doc, dct, dct_inferred, sentence, s0, trig, lemma, timex, what, mentioned):
    """One event record with its one mention (see ``events/model.py``); ``what`` is
    (type, status, label, confidence, actors), ``mentioned`` the source and target
    actor mentions (carried ones have no offsets)."""
    (ts, te), (typ, status, label, confidence, actors) = trig, what
    basis = "publication" if timex.start < 0 else "text"
    mid = mention_id(doc.id, sentence, sentence[ts:te], ts)
    positioned = [a for a in mentioned if a.get("start") is not None]
    mention = {
        "id": mid,
        "doc_id": doc.id,
        "sentence": sentence,
        "start": s0,
        "end": s0 + len(sentence),
        "trigger": {"start": s0 + ts, "end": s0 + te, "text": sentence[ts:te]},
        "timex": None if basis == "publication" else {
            "start": timex.start, "end": timex.end, "text": timex.text, "value": timex.value,
            "type": timex.type, "granularity": timex.granularity, "anchored": timex.anchored},
        "date_basis": basis,
        "actors": [{"start": a["start"] + s0, "end": a["end"] + s0, "text": a.get("text", ""),
                    "id": a["id"]} for a in positioned],
        "carried_actors": sorted({a["id"] for a in mentioned if a.get("start") is None}),
        "dct": dct,
        "dct_inferred": dct_inferred,
    }
    return {
        "id": mid,
        "label": label,
        "type": typ,
        "status": status,
        "trigger": lemma,
        "confidence": round(max(0.05, min(1.0, confidence)), 2),
        "date": {"value": timex.value, "type": timex.type,
                 "granularity": timex.granularity, "start": timex.interval_start,
                 "end": timex.interval_end, "mod": timex.mod, "text": timex.text},
        "date_basis": basis,
        "actors": actors,
        "sources": [doc.id],
        "mentions": [mention],
        "merge_reasons": [],
    }


_PARENTHETICAL = re.compile(
    r",\s+(?:which|who|whose|whom|where)\b[^,;:()]*,|\([^()]*\)|\s-{1,2}\s[^-]{3,120}?\s-{1,2}\s|"
    r",\s+\w+(?:ed|en)\s+by\b[^,;:()]*,")  # "Ukraine, supported by the West, organized ..."


def _in_spans(pos: int, spans) -> bool:
    return any(a <= pos < b for a, b in spans)


def _main_view(view: str, parens: list[tuple[int, int]], pos: int) -> tuple[str, list]:
    """The sentence as seen from a trigger at ``pos``: parenthetical clauses ("Poland, which
    joined NATO in 1999, signed ...") that do not hold the trigger are blanked out; a trigger
    inside one sees only that parenthetical."""
    inside = [(a, b) for a, b in parens if a <= pos < b]
    if inside:
        a, b = inside[-1]
        hidden = [(0, a + 1), (b - 1, len(view))]
    else:
        hidden = parens
    return _blank(view, hidden, " "), hidden


def _adjacent_subject(view: str, source: list[dict], ts: int) -> bool:
    """Does the speaker stand right before a reporting verb ("Beijing said", "TASS reported
    Monday"), rather than somewhere earlier in the sentence ("..., analysts said")?"""
    gap = view[source[-1]["end"]:ts]
    return len(gap) <= 60 and not re.search(r"[,;]|\b(?:analysts|officials|experts|people|"
                                            r"sources|observers|critics|diplomats)\b", gap)


def _blank(view: str, spans, fill: str) -> str:
    """``view`` with the given ``(start, end)`` spans overwritten by ``fill`` (same length)."""
    for a, b in spans:
        a, b = max(0, a), min(len(view), b)
        if b > a:
            view = view[:a] + fill * (b - a) + view[b:]
    return view


def _mask(view: str, spans) -> str:
    """The view with the given spans blanked (so "in May" is no modal "may")."""
    return _blank(view, spans, "_")


_NOUN_LINK = re.compile(r"\s*(?:(?:of|by|with|between|from|on|against)\s+(?:the\s+)?|'s\s+)?"
                        r"(?:[\w-]+\s+){0,2}?", re.IGNORECASE)
# (a reporting verb too: in "Russia said Ukraine attacked ..." the attacker is Ukraine)
_SEGMENT_BREAK = re.compile(r",\s|\s(?:that|who|which|whom|whose|when|where|while|after|before|"
                            r"said|says|told|reported|announced|claimed|added|stated)\s")
# where a trigger's object ends: a relative clause, or what someone else says or thinks
# ("... and few things suggest that China ..."); not the "that" of "demanded that Israel ..."
_TARGET_BREAK = re.compile(r"\s(?:who|which|whom|whose|when|where|while)\s|\b(?:suggests?|suggested|"
                           r"thinks?|thought|believes?|believed|says?|said|shows?|showed|expects?|"
                           r"expected|indicates?|indicated|knows?|knew|fears?|feared|asserting|arguing|"
                           r"claiming|saying|stating|warning|noting|suggesting)\s+that\s")
_LEADING_ADVERBIAL = re.compile(
    r"^\s*(?:despite|since|after|before|while|although|though|in|on|as|with|unlike|like|following|"
    r"during|amid|for|under|over|at|by|from|soon|shortly|when|if|once|because|given)\b[^,]*,\s*",
    re.IGNORECASE)


_SUBJECT_GAP = re.compile(
    r"\s*(?:,|and|,\s*and|&|as well as|together with|of)?\s*(?:the\s+)?"
    r"(?:(?:then-|former\s+|the\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+)?")


def subject_actors(view: str, mentions: list[dict], upto: int | None = None) -> list[dict]:
    """The actors that form the subject of a sentence: the first actor after any leading
    adverbial phrase ("Despite its ties to Russia, China ...") and those joined to it
    by "and" or commas. Offsets of ``mentions`` are relative to ``view``."""
    lead = _LEADING_ADVERBIAL.match(view)
    begin = lead.end() if lead else 0
    pool = [m for m in mentions if m["start"] >= begin and (upto is None or m["end"] <= upto)]
    if not pool and lead and re.match(r"\s*(?:he|she|it|they|we)\b", view[begin:], re.IGNORECASE):
        return []  # "In partnership with Brazil, it released ...": the subject is "it"
    if not pool:
        pool = [m for m in mentions if upto is None or m["end"] <= upto]
    if not pool:
        return []
    out = [pool[0]]
    for m in pool[1:]:
        gap = view[out[-1]["end"]:m["start"]]
        if _SUBJECT_GAP.fullmatch(gap):
            out.append(m)
        else:
            break
    return out


# an appositive after a subject: ", a publication held in high regard among ...,"
_APPOSITIVE = re.compile(r"(?:a|an)\s+(?-i:[a-z])", re.IGNORECASE)
# (not the "it" of "it has been three years since ...", "it is clear that ...")
_OPENING_PRONOUN = re.compile(r"\s*(?:that\s+)?\b(he|she|it|they)\b(?!\s*(?:,|'s\b|is\b|was\b|has been\b|had been\b|"
                              r"seems\b|seemed\b|appears\b|remains\b|will be\b|would be\b))", re.IGNORECASE)


def _resolve_pronoun(view: str, rel: list[dict], pron: int, prev_subjects) -> list[dict]:
    """What "he", "it" or "they" at ``pron`` refers to: the subject of the same sentence
    before it, else the subject of the previous sentence."""
    lead = _LEADING_ADVERBIAL.match(view)
    # "In partnership with Brazil, it released ...": "it" is not Brazil
    word = pron + len(re.match(r"[,;\s]*(?:and\s+)?", view[pron:]).group(0))  # the pronoun itself
    earlier = [a for a in rel if a["end"] <= pron and not (lead and a["end"] <= lead.end() <= word)]
    subj = subject_actors(view[:pron], earlier) if earlier else []
    if len(subj) == 1 and _PLURAL_PRONOUN.match(view, pron):
        # "Trump said he had a call with Putin and both leaders agreed ...": the two named
        distinct = list({a["id"]: a for a in earlier}.values())
        persons = [a for a in distinct if a["kind"] == "person"]
        subj = (persons if len(persons) >= 2 else distinct)[-2:] if len(distinct) >= 2 else subj
    if subj:
        return [dict(a, start=None, end=None) for a in subj]
    return [dict(a, start=None, end=None) for a in prev_subjects()]


_PLURAL_RIGHT_BEFORE = re.compile(r"\b(?:they|both(?: leaders| sides)?|the two (?:leaders|sides|countries|"
                                  r"presidents|men|governments))\s+(?:(?:\w+ly|have|had|also|then|later)\s+)*$",
                                  re.IGNORECASE)
_PLURAL_PRONOUN = re.compile(r"[,;\s]*(?:and\s+)?(?:they|both|the two)\b", re.IGNORECASE)


def _clause_actors(view, masked, ts, te, c0, c1, rel, rule, passive, prev_subjects):
    """Source and target actors of a trigger in its clause (offsets relative to the sentence).
    ``prev_subjects()`` gives the subject a pronoun may refer to (looked up on demand)."""
    inside = [a for a in rel if a["start"] >= c0 and a["end"] <= c1]
    before = [a for a in inside if a["end"] <= ts]
    after = [a for a in inside if a["start"] >= te]
    carried = False
    if rule.kind == "noun":
        # "Russia's 2014 annexation of Crimea", "the two leaders' joint statement"
        source = [a for a in before if ts - a["end"] <= 40 and not _SEGMENT_BREAK.search(view[a["end"]:ts])]
        target = [a for a in after if _NOUN_LINK.fullmatch(view[te:a["start"]])]
        if not source and re.search(r"\b(?:their|the two (?:leaders|sides|countries)'?|its|his|her)\b[^,]{0,30}$",
                                    view[max(c0, ts - 40):ts], re.IGNORECASE):
            persons = [a for a in rel if a["kind"] == "person"]
            nearest = [a for a in rel if a["end"] <= ts]
            if len(persons) >= 2:  # "In their first call, Zelensky told Xi ..."
                source = persons[:2]
            elif nearest and re.search(r"\bits\b[^,]{0,30}$", view[max(c0, ts - 40):ts]):
                source = nearest[-1:]  # "the Quad, a grouping that held its first summit"
            elif prev_subjects():
                source = [dict(a, start=None, end=None) for a in prev_subjects()]
                carried = True
        return source, target[:2], carried
    # source: the actors of the segment just before the trigger, else the clause subject
    seg_start = c0
    for m in _SEGMENT_BREAK.finditer(view, c0, ts):
        if _APPOSITIVE.match(view, m.end()) and re.search(r",\s*$", view[m.end():ts]):
            continue  # "Nezavisimaya Gazeta, a publication read in Russia, published ..."
        if [a for a in before if a["start"] >= m.end()] or _PRONOUN_SUBJECT.search(view, m.end(), ts) \
                or _OPENING_PRONOUN.match(view, m.end(), ts):
            seg_start = m.end()
    seg = [a for a in before if a["start"] >= seg_start]
    source = subject_actors(view[seg_start:ts], [dict(a, start=a["start"] - seg_start,
                                                       end=a["end"] - seg_start) for a in seg])
    source = [dict(a, start=a["start"] + seg_start, end=a["end"] + seg_start) for a in source]
    if source:  # a list of subjects across commas: "India, Japan, Australia and the US"
        earlier = [a for a in before if a["end"] <= source[0]["start"]]
        while earlier and re.fullmatch(r"\s*,\s*", view[earlier[-1]["end"]:source[0]["start"]]):
            source.insert(0, earlier.pop())
    plural = _PLURAL_RIGHT_BEFORE.search(view, max(c0, ts - 40), ts)
    opening = None if plural else _OPENING_PRONOUN.match(view, seg_start, ts)
    if plural and not any(plural.start() <= a["start"] < ts for a in rel):
        # "... a call with Putin and both leaders agreed to ...": the two named before
        resolved = _resolve_pronoun(view, rel, plural.start(), prev_subjects)
        if len(resolved) >= 2:  # (else "the two countries" is left to definite_subject)
            source, carried = resolved, True
    if opening and (not source or source[0]["start"] > seg_start):
        # "Xi has said that he agrees with Putin and supports Russia": "he" is the subject
        # of the segment, not Putin
        resolved = _resolve_pronoun(view, rel, opening.start(1), prev_subjects)
        if resolved:  # ("he and Putin will meet": both)
            joined = source if re.match(r"\s+and\b", view[opening.end():]) else []
            source = resolved + [a for a in joined if a["id"] not in {r["id"] for r in resolved}]
            carried = True
    lo = max(0, seg_start - 2)
    pron = _PRONOUN_SUBJECT.search(view[lo:ts])
    unresolved = False
    if pron and (not source or re.search(r"\b(?:he|she|they|it)\s+and\b", view[seg_start:ts],
                                         re.IGNORECASE)):
        # "it signed ...", "he and Putin have met ..."
        resolved = _resolve_pronoun(view, rel, lo + pron.start(), prev_subjects)
        if len(resolved) < 2 and re.search(r"\b(?:two|both)\b", pron.group(0), re.IGNORECASE):
            resolved = []  # "the two countries" are two: left to definite_subject
        if resolved:
            source = resolved + [a for a in source if a["id"] not in {r["id"] for r in resolved}]
            carried = True
        unresolved = not resolved and bool(re.match(r"(?:he|she|they|it)\b", pron.group(0).lstrip(",; "),
                                                    re.IGNORECASE))
    if not source and re.match(r"[\s,]*(?:which|who|that)\b", view[c0:ts], re.IGNORECASE):
        rel_word = c0 + len(re.match(r"[\s,]*", view[c0:ts]).group(0))
        antecedent = [a for a in rel if a["end"] <= rel_word]
        if antecedent:  # "NATO's Strategic Concept, which characterized China as ..."
            source = antecedent[-1:]
    if not source and before and not unresolved:  # (a pronoun is the subject, not "before")
        source = subject_actors(view[:ts], before)
    # target: the first actors after the trigger, before the next segment break
    stop = _COMMA_SPACE.search(view, te, c1)
    limit = stop.start() if stop else c1
    brk = _TARGET_BREAK.search(view, te, limit)  # "invaded its neighbour and few think that China"
    if brk:
        limit = brk.start()
    target = [a for a in after if a["start"] < limit and a["start"] - te <= 60][:2]
    if rule.type in SYMMETRIC or rule.symmetric:  # "will meet in Saudi Arabia": where, not who
        target = [a for a in target if not _AT_PLACE.search(view, max(0, a["start"] - 16), a["start"])]
    if len(target) == 2 and _COMPLEMENT_START.match(view, target[0]["end"], target[1]["start"]):
        # "accused China of undermining a Ukrainian-led summit", "urged Wang to use his
        # influence with Russia": what the complement names is no target
        target = target[:1]
    if passive:
        by = re.search(r"\bby\s", view[te:c1])
        agents = [a for a in after if by and a["start"] >= te + by.end() and a["start"] - te - by.end() <= 40]
        if agents:
            return agents[:2], source, carried
        comma = re.search(r",\s*$", view[c0:ts])
        if comma:  # "the peace formula in 10 Ukraine points, published in 2022": the patient
            np_start = max(c0, ts - 60)
            patient = [a for a in before if a["start"] >= np_start]
            if patient:
                return [], patient[-1:], carried
        return [], source + target, carried  # "Ukraine, supported by ..." : the patient
    if rule.passive_doer:
        return source, [], carried
    return source, target, carried


# where two meet or what they agree about is not who takes part: "meet in Saudi Arabia",
# "agreed to share intelligence on al-Shabaab"
_AT_PLACE = re.compile(r"\b(?:in|at|near|inside|outside|around|on|about|over|regarding|concerning)\s+"
                       r"(?:\w+ly\s+)?(?:the\s+)?$", re.IGNORECASE)
_COMPLEMENT_START = re.compile(r"\s*(?:'s\s+\w+\s+)?(?:of|for|to|against|about|over|from)\s+(?:[\w'-]+\s+){0,2}?"
                               r"(?:[\w'-]+ing\b|[a-z]+\s)", re.IGNORECASE)


def _mark_role(actors: list[dict], role: str, out: dict) -> None:
    for m in actors:
        if m["id"] not in out:
            out[m["id"]] = {"id": m["id"], "label": m["label"], "kind": m["kind"],
                            "country": m["country"], "role": role}


def actor_roles(source: list[dict], target: list[dict], rule: TriggerRule, passive: bool) -> list[dict]:
    """Roles of an event's actors: source and target, or participant for symmetric events
    (agreements, talks, joint statements) and for subjects joined by "and" without a target."""
    symmetric = rule.type in SYMMETRIC or rule.symmetric or rule.kind == "noun"
    out: dict[str, dict] = {}
    if symmetric:
        _mark_role(source + target, "participant", out)
    else:
        _mark_role(source, "source", out)
        _mark_role(target, "target", out)
        if len(source) > 1 and not target:
            for a in out.values():
                a["role"] = "participant"
    return list(out.values())
