"""Actor gazetteer and actor matcher: who is named in a text.

The gazetteer is data (``events/data/gazetteer/*.tsv``, each file documents its own
format); this module only loads, checks and applies it.

>>> g = get_gazetteer()
>>> [(m.text, m.actor_id, m.via) for m in g.find("Chinese officials met Russia’s envoy in Kyiv.")]
[('Chinese', 'CHN', 'demonym'), ('Russia', 'RUS', 'name'), ('Kyiv', 'UKR', 'capital')]
>>> [(m.text, m.actor_id) for m in g.find("the US president spoke", when="2022-03-01")]
[('US president', 'joe-biden')]

How a text is matched
---------------------
1. The text is folded to a *matching view* of the same length (curly quotes, no-break
   spaces and dashes become ASCII, :func:`events.corpus.matching_view`), so offsets found in
   the view are offsets in the original text, and ``text[start:end] == mention.text``.
2. One compiled regular expression, built at load time as a character trie over every alias
   (names, capitals, demonyms and their generated plurals, government bodies, person aliases,
   discards), finds alias candidates. Aliases are case-sensitive ("china", "polish",
   "turkey" do not match); upper-case copies of state and organisation names of four
   letters or more are added so all-capital headlines ("CHINA AND RUSSIA") still match.
   Word boundaries are required on both sides ("Oman" is not found in "woman", "Mali" not
   in "Somalia"). Aliases that start inside another match are tried too ("The UN" vs
   "UN Security Council"), so the overlap policy of step 5 sees both. Machine-translated
   text drops possessive apostrophes ("Chinas GDP", "Putins visit"), so state and person
   names + "s" are aliases too, unless listed in discards.tsv ("Americas", "Turkeys").
3. Combining forms make one surface name several actors: "Sino-Russian" yields CHN and RUS,
   both over the whole span. Hyphen-joined names ("US-China talks") are separate mentions.
4. Role titles (``titles.tsv``) are found with their qualifier and name:
   ``[<state/org>('s)] <title> [<Name>] [of <state/org>]`` and the appositive
   ``<Name>, [the] <state/org>('s) <title>``. A title phrase yields ONE person mention over
   the whole phrase ("Chinese Foreign Minister Wang Yi" is one mention of wang-yi whose
   country is CHN); the state inside it is not reported separately. Without a name the
   title is resolved by date: "the Chinese president" with ``when="2015"`` -> xi-jinping
   (via ``title``); without ``when`` or without a known holder nothing is added and
   "Chinese" stays a CHN mention. Unknown names next to a title become pattern-found
   persons (via ``pattern``) whose id is a slug of the name. A plural title after a list
   of qualifiers ("the Russian and Chinese presidents") yields, with ``when``, one mention
   per holder, all over the whole phrase (like "Sino-Russian").
5. :func:`filter_spans` resolves overlaps: longest candidate first, then leftmost.
   Discards (``discards.tsv``, e.g. "New Mexico") compete like aliases and, when they win,
   remove the mentions inside them.

Partial dates given as ``when`` are resolved at their middle: ``"2022"`` is 2022-07-01 and
``"2025-01"`` is 2025-01-15.

Persons
-------
A person mention's ``country`` is the state of the role the person holds at ``when``
(Josep Borrell: ESP in 2019 as foreign minister, None in 2021 as the EU's foreign policy
chief), else the ``country`` column of persons.tsv; officials of organisations have country
None and their organisation in ``actor(id)["affiliation"]``. Persons found by pattern are
kept on the gazetteer instance so that :meth:`Gazetteer.actor` knows them after
:meth:`Gazetteer.find` (``"source": "pattern"``); :meth:`Gazetteer.forget_found` drops them.

Limits
------
No parser and no coreference: "the president" without a state word is not resolved, and
"Jordan Henderson" is JOR (only listed phrases such as "Jordan Peterson" are discarded).
Title-case headlines can make two capitalised words after a title look like a name.
"""

from __future__ import annotations

import bisect
import operator
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import limits
from .corpus import matching_view
from .model import ActorMention
from .patterns import contains_word, keep_longest, stands_alone, trie_pattern

__all__ = [
    "Gazetteer", "GazetteerError", "get_gazetteer", "filter_spans", "Candidate",
    "DEFAULT_DIRECTORY",
]

DEFAULT_DIRECTORY = Path(__file__).with_name("data") / "gazetteer"
#: Largest text accepted by :meth:`Gazetteer.find` (characters).
MAX_TEXT_CHARS = limits.MAX_TEXT_CHARS  # the ceiling of the document limit

_STATE_ID = re.compile(r"^[A-Z]{3}$")
_ORG_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")
_PERSON_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ROLE_KEY = re.compile(r"^[a-z_]+$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_WHEN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][\d:.+\-Z]*)?$")
_STATUSES = ("un", "observer", "other", "former")
_ORG_KINDS = ("organisation", "group")
_RULE_KINDS = ("stop", "particle", "not_current")


_SPACES = re.compile(r"[ \t]+")
#: How many occurrences of a family name document_names looks at before giving up.
_MAX_FAMILY_LOOKS = 500
#: Words before a name that are not part of it ("Mr. Wang", "Spokesman Wang").
_COURTESY = frozenset("mr mr. mrs mrs. ms ms. dr dr. sir dame lord madam spokesman "
                      "spokeswoman spokesperson envoy ambassador general gen. lt. col. "
                      "former then".split())
#: Countries whose people are written family name first in English ("Wang Yi").
_FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "KOR", "PRK"})
#: A word in capitals (2+ letters), possibly with a possessive "S" glued on ("XIS").
#: (These patterns start with the capital itself and look behind it after, so that the
#: regex engine jumps from capital to capital instead of testing every position.)
_CAPITALS_WORD = re.compile(r"[A-Z](?<![\w'-][A-Z])[A-Z]+(?![\w'-])")
#: A capitalised word (a possible surname), possessive "'s" left outside.
_CAPITALISED_WORD = re.compile(r"[A-Z](?<![\w'-][A-Z])[a-z\u00e0-\u00ff]+(?![\w-])")
_CAPITALISED_BEFORE = re.compile(r"(?<![\w'-])([A-Z][\w'-]*)[ \t]+$")
_CAPITALISED_AFTER = re.compile(r"[ \t]+([A-Z][\w'-]*)")
#: A capitalised word right after a name: the name goes on ("Wang Wenbin").
_NAME_AFTER = re.compile(r"[ \t]+[A-Z][a-z]")
#: The word right before a position (after spaces only).
_WORD_BEFORE = re.compile(r"([\w.'-]+)[ \t]+$")
_ONE_SPACE = re.compile(r"[ \t](?=\S)")
_OF = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?")
_PLURAL_GAP = re.compile(r"(?:'s|')?[ \t]+$")
_LIST_SEP = re.compile(r"(?:'s)?(?:[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+)$")
_THEN = re.compile(r"\bthen[\s-]+$")
_NAME_TOKEN = re.compile(r"(?:[A-Z]\.)+|[^\W\d_][\w'-]*")


class GazetteerError(ValueError):
    """A gazetteer file that cannot be used, or a bad argument; the message says where/why."""


# ------------------------------------------------------------------ small helpers


def _norm_key(surface: str) -> str:
    """Key under which an alias is stored: matching view, white space runs collapsed."""
    return " ".join(matching_view(surface).split())


def _slug(name: str) -> str:
    """Lower-case ASCII slug of a person name: ``"Jane O'Doe-Smith"`` -> ``jane-odoe-smith``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"['’.]", "", ascii_name.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-") or "person"


def _date_bounds(value: str) -> tuple[str, str]:
    """First and last day (as comparable strings) of a YYYY / YYYY-MM / YYYY-MM-DD value."""
    m = _DATE.match(value)
    if not m:
        raise ValueError(value)
    year, month, day = m.groups()
    if month and not 1 <= int(month) <= 12:
        raise ValueError(value)
    if day and not 1 <= int(day) <= 31:
        raise ValueError(value)
    if day:
        return value, value
    if month:
        return f"{year}-{month}-01", f"{year}-{month}-31"
    return f"{year}-01-01", f"{year}-12-31"


#: Where _names_regex of any document's names could match: a word in capitals or a
#: capitalised word (the two kinds of document_names keys), with its boundaries.
_NAME_WORD = re.compile(r"(?<![\w'-])(?:[A-Z][a-z\u00e0-\u00ff]+|[A-Z]{2,})(?![\w-])")


@lru_cache(maxsize=256)
def _names_regex(words: tuple[str, ...]) -> re.Pattern:
    """The words of a document's extra names as one pattern (documents share few sets)."""
    return re.compile(r"(?<![\w'-])(?:" + trie_pattern(words) + r")(?![\w-])")


def _when_point(when: str | None) -> str | None:
    """The day a ``when`` stands for: a full date itself, a month/year at its middle."""
    if when is None:
        return None
    if not isinstance(when, str):
        raise GazetteerError(f"when must be an ISO date string such as '2022-02-04', got {type(when).__name__}")
    value = when.strip()
    m = _WHEN.match(value)
    if not m:
        raise GazetteerError(f"when={when[:40]!r} is not an ISO date or year (expected '2015', '2015-06' or '2015-06-01')")
    year, month, day = m.groups()
    if month and not 1 <= int(month) <= 12:
        raise GazetteerError(f"when={when!r}: month {month} is out of range")
    if day and not 1 <= int(day) <= 31:
        raise GazetteerError(f"when={when!r}: day {day} is out of range")
    if day:
        return f"{year}-{month}-{day}"
    if month:
        return f"{year}-{month}-15"
    return f"{year}-07-01"


# ------------------------------------------------------------------ overlap policy


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span that may become mentions; ``mentions`` is empty for a discard."""

    start: int
    end: int
    mentions: tuple[ActorMention, ...]
    rank: int = 0  # smaller wins between equally long candidates at the same start
    found: tuple[dict, ...] = ()  # pattern-found person records, registered only if kept


def filter_spans(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Keep non-overlapping candidates, longest first, then leftmost, then lowest rank.

    The project's one overlap policy (:func:`events.patterns.keep_longest`, spaCy's
    ``filter_spans``): "Vladimir Putin" beats "Putin", "Chinese
    Foreign Minister Wang Yi" beats "Chinese" and "Wang Yi", "New Mexico" (a discard) beats
    "Mexico". Returns the kept candidates sorted by start.

    >>> a, b = Candidate(0, 14, ()), Candidate(9, 14, ())
    >>> [(c.start, c.end) for c in filter_spans([b, a])]
    [(0, 14)]
    """
    return keep_longest(candidates, _SPAN_RANK)


_SPAN_RANK = operator.attrgetter("start", "end", "rank")


# ------------------------------------------------------------------ the gazetteer


@dataclass(frozen=True, slots=True)
class _Alias:
    actor_id: str | None  # None for a discard
    via: str


class DocumentNames:
    """:meth:`Gazetteer.document_names` of one document, worked out word by word when a
    sentence holds the word: extraction looks names up in a few sentences of each
    document, so most of its capitalised words are never asked about.  ``get(word)``
    answers as ``document_names(document).get(word)`` does."""

    __slots__ = ("_gazetteer", "_document", "_known", "_present")

    def __init__(self, gazetteer: Gazetteer, document: str):
        self._gazetteer, self._document = gazetteer, document
        self._known: dict[str, str | None] = {}
        self._present: dict[str, bool] = {}

    def _in_full(self, alias: str) -> bool:
        if alias not in self._present:
            self._present[alias] = contains_word(self._document, alias, "_'-", "_-")
        return self._present[alias]

    def get(self, word: str) -> str | None:
        if word not in self._known:
            known = None
            # as document_names: a word in capitals or a capitalised word of the document
            # (looked for only if the word could name someone: most capitalised words
            # are neither a family name nor a name in capitals)
            found = _CAPITALS_WORD if word.isupper() else _CAPITALISED_WORD
            if self._gazetteer._may_be_other_name(word) and found.fullmatch(word) and any(
                    (m := found.match(self._document, i)) and m.end() == i + len(word)
                    for i in _occurrences(self._document, word)):
                known = self._gazetteer._document_name(self._document, word, self._in_full)
            self._known[word] = known
        return self._known[word]

    def __getitem__(self, word: str) -> str:
        full = self.get(word)
        if full is None:
            raise KeyError(word)
        return full


def _occurrences(text: str, word: str):
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + 1)


class Gazetteer:
    """States, organisations, persons, titles and discards, compiled for matching.

    Build one with :meth:`load` (or use :func:`get_gazetteer`); then call :meth:`find`.
    """

    def __init__(self) -> None:
        self._actors: dict[str, dict] = {}
        self._aliases: dict[str, _Alias] = {}
        self._combining: dict[str, str] = {}
        self._titles: dict[str, tuple[str, ...]] = {}
        self._title_examples: list[tuple[str, str]] = []
        self._leader_roles: dict[str, tuple[str, ...]] = {}
        self._holders: dict[tuple[str, str], list[tuple[str, str | None, str]]] = {}
        self._stop: set[str] = set()
        self._particles: set[str] = set()
        self._not_current: set[str] = set()
        self._found: dict[str, dict] = {}
        self._found_lock = threading.Lock()
        self.directory: Path | None = None

    # ---------------------------------------------------------------- loading

    @classmethod
    def load(cls, directory: str | Path = DEFAULT_DIRECTORY) -> Gazetteer:
        """Load and check every data file in ``directory``.

        Raises
        ------
        GazetteerError
            naming the file and line of a malformed row, a duplicate id or alias, an unknown
            country/organisation code, an unknown role key or a bad date range.
        """
        directory = Path(directory)
        if not directory.is_dir():
            raise GazetteerError(f"{directory}: gazetteer directory not found")
        g = cls()
        g.directory = directory
        g._load_titles(directory / "titles.tsv")
        g._load_name_rules(directory / "name_rules.tsv")
        g._load_states(directory / "states.tsv")
        g._load_organisations(directory / "organisations.tsv")
        g._load_bodies(directory / "bodies.tsv")
        g._load_persons(directory / "persons.tsv")
        g._load_discards(directory / "discards.tsv")
        g._compile()
        return g

    @staticmethod
    def _rows(path: Path, ncols: int | tuple[int, ...]) -> Iterable[tuple[int, list[str]]]:
        if not path.is_file():
            raise GazetteerError(f"{path}: required gazetteer file is missing")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise GazetteerError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
        allowed = (ncols,) if isinstance(ncols, int) else ncols
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if any(ord(ch) < 32 and ch != "\t" for ch in line):
                raise GazetteerError(f"{path.name}:{lineno}: control character in line")
            fields = [f.strip() for f in line.split("\t")]
            if len(fields) not in allowed:
                want = " or ".join(str(n) for n in allowed)
                raise GazetteerError(
                    f"{path.name}:{lineno}: expected {want} tab-separated fields, found {len(fields)}: {line[:80]!r}")
            if any(not f for f in fields):
                raise GazetteerError(f"{path.name}:{lineno}: empty field (write '-' for none): {line[:80]!r}")
            yield lineno, fields

    @staticmethod
    def _split(value: str) -> list[str]:
        if value == "-":
            return []
        return [v.strip() for v in value.split("|") if v.strip()]

    def _add_actor(self, where: str, record: dict) -> None:
        if record["id"] in self._actors:
            raise GazetteerError(f"{where}: duplicate actor id {record['id']!r}")
        self._actors[record["id"]] = record

    def _add_alias(self, where: str, surface: str, actor_id: str | None, via: str) -> None:
        key = _norm_key(surface)
        if not key:
            raise GazetteerError(f"{where}: empty alias")
        old = self._aliases.get(key)
        if old is not None and old.actor_id != actor_id:
            raise GazetteerError(
                f"{where}: alias {surface!r} already names {old.actor_id!r}, cannot also name {actor_id!r}")
        if old is None:
            self._aliases[key] = _Alias(actor_id, via)
        if key.startswith("the ") and len(key) > 4:
            cap = "The " + key[4:]
            if cap not in self._aliases:
                self._aliases[cap] = _Alias(actor_id, via)

    def _load_titles(self, path: Path) -> None:
        rows = list(self._rows(path, 3))
        for lineno, (title, roles, example) in rows:
            for role in self._split(roles):
                if role != "@leader" and not _ROLE_KEY.match(role):
                    raise GazetteerError(f"{path.name}:{lineno}: bad role key {role!r}")
            key = _norm_key(title)
            if key in self._titles:
                raise GazetteerError(f"{path.name}:{lineno}: duplicate title {title!r}")
            self._titles[key] = tuple(self._split(roles))
            self._title_examples.append((key, example))

    def _role_keys(self) -> set[str]:
        return {r for roles in self._titles.values() for r in roles if r != "@leader"}

    def _load_name_rules(self, path: Path) -> None:
        for lineno, (kind, word) in self._rows(path, 2):
            if kind not in _RULE_KINDS:
                raise GazetteerError(f"{path.name}:{lineno}: unknown kind {kind!r} (expected one of {_RULE_KINDS})")
            {"stop": self._stop, "particle": self._particles, "not_current": self._not_current}[kind].add(word)

    def _load_states(self, path: Path) -> None:
        role_keys = self._role_keys()
        for lineno, fields in self._rows(path, 8):
            where = f"{path.name}:{lineno}"
            sid, status, label, names, capitals, demonyms, combining, leader = fields
            if not _STATE_ID.match(sid):
                raise GazetteerError(f"{where}: {sid!r} is not an ISO 3166-1 alpha-3 code (three capital letters)")
            if status not in _STATUSES:
                raise GazetteerError(f"{where}: status {status!r} is not one of {_STATUSES}")
            leader_roles = tuple(self._split(leader)) or ("president",)
            for role in leader_roles:
                if role not in role_keys:
                    raise GazetteerError(f"{where}: leader role {role!r} is not a role key of titles.tsv")
            self._leader_roles[sid] = leader_roles
            record = {
                "id": sid, "label": label, "kind": "state", "country": sid, "status": status,
                "source": "gazetteer",
                "aliases": self._split(names), "capitals": self._split(capitals),
                "demonyms": self._split(demonyms), "combining": self._split(combining),
                "leader_roles": list(leader_roles),
            }
            self._add_actor(where, record)
            for name in record["aliases"]:
                self._add_alias(where, name, sid, "name")
            for cap in record["capitals"]:
                self._add_alias(where, cap, sid, "capital")
            for dem in record["demonyms"]:
                self._add_alias(where, dem, sid, "demonym")
                if not re.search(r"(?:s|sh|ese|x|z)$", dem):
                    plural = dem + "s"
                    if _norm_key(plural) not in self._aliases:
                        self._add_alias(where, plural, sid, "demonym")
            for form in record["combining"]:
                self._add_combining(where, form, sid)

    def _add_combining(self, where: str, form: str, actor_id: str) -> None:
        if not re.match(r"^[A-Z][a-z]+$", form):
            raise GazetteerError(f"{where}: combining form {form!r} must be one capitalised word without hyphen")
        if form in self._combining and self._combining[form] != actor_id:
            raise GazetteerError(f"{where}: combining form {form!r} already names {self._combining[form]!r}")
        self._combining[form] = actor_id

    def _check_country(self, where: str, code: str) -> None:
        actor = self._actors.get(code)
        if actor is None or actor["kind"] != "state":
            raise GazetteerError(f"{where}: unknown country code {code!r} (not in states.tsv)")

    def _load_organisations(self, path: Path) -> None:
        for lineno, fields in self._rows(path, 6):
            where = f"{path.name}:{lineno}"
            oid, kind, country, label, aliases, combining = fields
            if not _ORG_ID.match(oid):
                raise GazetteerError(f"{where}: organisation id {oid!r} must be upper case letters, digits, '_'")
            if kind not in _ORG_KINDS:
                raise GazetteerError(f"{where}: kind {kind!r} is not one of {_ORG_KINDS}")
            if country != "-":
                self._check_country(where, country)
            record = {"id": oid, "label": label, "kind": kind, "source": "gazetteer",
                      "country": None if country == "-" else country,
                      "aliases": self._split(aliases), "combining": self._split(combining)}
            self._add_actor(where, record)
            for alias in record["aliases"]:
                self._add_alias(where, alias, oid, "name")
            for form in record["combining"]:
                self._add_combining(where, form, oid)

    def _load_bodies(self, path: Path) -> None:
        for lineno, (state, body, aliases) in self._rows(path, 3):
            where = f"{path.name}:{lineno}"
            self._check_country(where, state)
            record = self._actors[state]
            for alias in self._split(aliases):
                self._add_alias(where, alias, state, "capital")
                record.setdefault("bodies", []).append(alias)
            del body  # documentation only

    def _load_persons(self, path: Path) -> None:
        role_keys = self._role_keys()
        for lineno, fields in self._rows(path, 6):
            where = f"{path.name}:{lineno}"
            pid, label, country, affiliation, roles, aliases = fields
            if not _PERSON_ID.match(pid):
                raise GazetteerError(f"{where}: person id {pid!r} must be a lower-case slug like 'xi-jinping'")
            if country != "-":
                self._check_country(where, country)
            if affiliation != "-":
                org = self._actors.get(affiliation)
                if org is None or org["kind"] == "state":
                    raise GazetteerError(f"{where}: unknown affiliation {affiliation!r} (not in organisations.tsv)")
            parsed = [self._parse_role(where, spec, role_keys) for spec in self._split(roles)]
            record = {"id": pid, "label": label, "kind": "person",
                      "country": None if country == "-" else country,
                      "affiliation": None if affiliation == "-" else affiliation,
                      "roles": parsed, "aliases": self._split(aliases), "source": "gazetteer"}
            if not record["aliases"]:
                raise GazetteerError(f"{where}: person {pid!r} has no alias")
            self._add_actor(where, record)
            for alias in record["aliases"]:
                self._add_alias(where, alias, pid, "name")
            for role in parsed:
                self._holders.setdefault((role["role"], role["where"]), []).append(
                    (role["start_day"], role["end_day"], pid))

    def _parse_role(self, where: str, spec: str, role_keys: set[str]) -> dict:
        parts = spec.split(":")
        if len(parts) != 4:
            raise GazetteerError(f"{where}: role {spec!r} must be role:where:start:end")
        role, place, start, end = parts
        if role not in role_keys:
            raise GazetteerError(f"{where}: role {role!r} is not a role key of titles.tsv")
        if place not in self._actors or self._actors[place]["kind"] not in ("state", "organisation"):
            raise GazetteerError(f"{where}: role {spec!r}: unknown country or organisation {place!r}")
        try:
            start_day = _date_bounds(start)[0]
            end_day = _date_bounds(end)[1] if end else None
        except ValueError as exc:
            raise GazetteerError(f"{where}: role {spec!r}: bad date {exc.args[0]!r} (YYYY, YYYY-MM or YYYY-MM-DD)") from None
        if end_day is not None and end_day < start_day:
            raise GazetteerError(f"{where}: role {spec!r}: ends before it starts")
        return {"role": role, "where": place, "start": start, "end": end or None,
                "start_day": start_day, "end_day": end_day}

    def _load_discards(self, path: Path) -> None:
        for lineno, fields in self._rows(path, (1, 2)):
            self._add_alias(f"{path.name}:{lineno}", fields[0], None, "discard")

    def _compile(self) -> None:
        # Upper-case copies of state and organisation names (not persons, demonyms or
        # capitals) for all-capital headlines; person names in capitals collide with
        # ordinary upper-case words too often ("MACRON" is a diacritic).
        for key, alias in list(self._aliases.items()):
            if (alias.via == "name" and alias.actor_id is not None and len(key) >= 4
                    and key != key.upper() and self._actors[alias.actor_id]["kind"] != "person"):
                upper = key.upper()
                if upper not in self._aliases:
                    self._aliases[upper] = alias
        # Possessives that lost their apostrophe in machine-translated text ("Chinas GDP",
        # "Putins visit"): state and person names + "s", unless that is another alias or a
        # discard ("Americas", "Turkeys").
        for key, alias in list(self._aliases.items()):
            if (alias.via == "name" and alias.actor_id is not None and key[-1:].islower()
                    and key[-1] != "s" and self._actors[alias.actor_id]["kind"] in ("state", "person")):
                if key + "s" not in self._aliases:
                    self._aliases[key + "s"] = alias
        # family names of persons with a full name, for document_names: the last word
        # ("Kuleba" of "Dmytro Kuleba"), the first for Chinese and Korean names ("Wang" of
        # "Wang Yi")
        self._surnames: dict[str, set[str]] = {}
        for key, alias in self._aliases.items():
            if (alias.via == "name" and alias.actor_id is not None and " " in key
                    and self._actors[alias.actor_id]["kind"] == "person"):
                first_is_family = self._actors[alias.actor_id].get("country") in _FAMILY_NAME_FIRST
                family = key.split()[0 if first_is_family else -1]
                if len(family) >= 2 and family[0].isupper() and family[1:].islower():
                    self._surnames.setdefault(family, set()).add(alias.actor_id)
        body = trie_pattern(self._aliases)
        # an alias ends at a word boundary; an apostrophe may follow only as a possessive
        self._alias_re = re.compile(r"(?<!\w)(?:" + body + r")(?:(?![\w'])|(?='s\b|'(?!\w)))")
        forms = "|".join(sorted(map(re.escape, self._combining), key=len, reverse=True))
        self._combining_re = re.compile(r"(?<![\w-])((?:(?:" + forms + r")-)+)(?=\w)")
        # titles as two tries (words joined by spaces or hyphens): lower-case ones match
        # in any case, others ("PM") only as written
        spaced = {t: " ".join(re.split(r"[\s-]+", t)) for t in self._titles}
        any_case = trie_pattern({s for t, s in spaced.items() if t == t.lower()}, r"[\s-]+")
        as_written = trie_pattern({s for t, s in spaced.items() if t != t.lower()}, r"[\s-]+")
        title_alts = [f"(?i:{any_case})" if any_case else "", as_written]
        self._title_re = re.compile(r"(?<!\w)(?:" + ("|".join(a for a in title_alts if a) or "(?!)")
                                    + r")(?P<plural>s)?(?![\w-])")
        self._not_current_re = re.compile(
            r"(?:^|[\s(])(?:" + "|".join(map(re.escape, sorted(self._not_current))) + r")[\s-]+(?:the[ \t]+)?$",
            re.IGNORECASE) if self._not_current else None
        self._title_keys = {re.sub(r"[\s-]+", " ", t.lower()): t for t in self._titles}
        self._title_words = {w for t in self._title_keys for w in t.split()} | _COURTESY

    # ---------------------------------------------------------------- lookups

    def actor(self, actor_id: str) -> dict | None:
        """The record of one actor (also persons found by pattern during :meth:`find`)."""
        record = self._actors.get(actor_id) or self._found.get(actor_id)
        if record is None:
            return None
        out = {k: (list(v) if isinstance(v, list) else v) for k, v in record.items()}
        if "roles" in out:
            out["roles"] = [{k: r[k] for k in ("role", "where", "start", "end")} for r in record["roles"]]
        return out

    def actors(self) -> Iterable[dict]:
        """Every gazetteer actor (states, organisations, groups, persons), then found persons."""
        for actor_id in list(self._actors) + list(self._found):
            yield self.actor(actor_id)

    def forget_found(self) -> int:
        """Drop the persons found by pattern so far (they accumulate on a shared instance);
        returns how many were dropped."""
        with self._found_lock:
            count = len(self._found)
            self._found.clear()
        return count

    def titles(self) -> dict[str, tuple[str, ...]]:
        """Title surface -> role keys, as loaded from titles.tsv."""
        return dict(self._titles)

    def title_examples(self) -> list[tuple[str, str]]:
        return list(self._title_examples)

    def holder(self, role: str, where: str, when: str | None) -> str | None:
        """Id of the person holding ``role`` for state/organisation ``where`` on ``when``.

        ``role`` may be ``"@leader"`` (the state's leader_roles, tried in order).

        >>> g = get_gazetteer()
        >>> g.holder("president", "USA", "2019"), g.holder("president", "USA", "2022")
        ('donald-trump', 'joe-biden')
        """
        day = _when_point(when)
        if day is None:
            return None
        roles = self._leader_roles.get(where, ()) if role == "@leader" else (role,)
        for key in roles:
            best = None
            for start, end, pid in self._holders.get((key, where), ()):
                if start <= day and (end is None or day < end):
                    if best is None or start > best[0]:
                        best = (start, pid)
            if best:
                return best[1]
        return None

    # ---------------------------------------------------------------- matching

    def document_names(self, document: str) -> dict[str, str]:
        """Other names a document uses for the persons it names in full ("Wang Yi",
        "Xi Jinping"): the surname alone ("Kuleba implored Wang ..."), when no other person
        named in full in it has that surname, and the name in capitals ("XI and Putin
        promised ...", "the XIS Belt and Road", as machine translation and OCR leave it).
        Returns {surface: full-name alias}; pass it to :meth:`find` as ``names``.  Neither
        form counts without the full name in the same document ("Wang" alone is too
        common a surname, "XI" may be a numeral).  :class:`DocumentNames` gives the same
        answers word by word, on demand.
        """
        names = DocumentNames(self, document)
        words = set(_CAPITALS_WORD.findall(document))
        words |= self._surnames.keys() & set(_CAPITALISED_WORD.findall(document))
        return {w: full for w in words if (full := names.get(w)) is not None}

    def _may_be_other_name(self, word: str) -> bool:
        """Could ``word`` be one of a document's other names (see _document_name)?  False
        means _document_name would answer None in any document."""
        if word.isupper():
            return any(self._person_name_alias(base) is not None
                       for base in (word, word[:-1] if word.endswith("S") else ""))
        return bool(self._surnames.get(word)) and word not in self._aliases

    def _person_name_alias(self, base: str) -> _Alias | None:
        """The person-name alias a word in capitals stands for ("XI" -> "Xi"), or None."""
        alias = self._aliases.get(base[0] + base[1:].lower()) if len(base) >= 2 else None
        if (alias is None or alias.actor_id is None or alias.via != "name"
                or self._actors[alias.actor_id]["kind"] != "person"):
            return None
        return alias

    def _document_name(self, document: str, word: str, in_full) -> str | None:
        """The full name ``word`` stands for in ``document`` (see document_names), given
        that the document has it as a word in capitals or a capitalised word; ``in_full``
        tells whether an alias is written in full in the document."""
        def full_names(person_id: str) -> list[str]:
            return [a for a in self._actors[person_id]["aliases"] if " " in a and in_full(a)]

        if word.isupper():
            for base in (word, word[:-1] if word.endswith("S") else ""):
                alias = self._person_name_alias(base)
                if alias is None:
                    continue
                full = full_names(alias.actor_id)
                if full:
                    return full[0]
            return None
        persons = self._surnames.get(word)
        if not persons or word in self._aliases:
            return None
        named = {pid: full for pid in persons if (full := full_names(pid))}
        if len(named) == 1:
            pid, full = next(iter(named.items()))
            if not self._other_bearer(document, word, pid):
                return full[0]
        return None

    def _other_bearer(self, document: str, family: str, person_id: str) -> bool:
        """Does the document name someone else with this family name ("Wang Wenbin",
        "Jennifer Wang" beside "Wang Yi")?  Titles next to it do not count."""
        own = {w for a in self._actors[person_id]["aliases"] for w in a.split()}
        i = document.find(family)
        for _ in range(_MAX_FAMILY_LOOKS):
            if i < 0:
                return False
            end = i + len(family)
            if stands_alone(document, i, end, "_'-", "_-"):
                before = _CAPITALISED_BEFORE.search(document, max(0, i - 40), i)  # "Jennifer Wang"
                after = _CAPITALISED_AFTER.match(document, end)  # "Wang Wenbin"
                for m in (before, after):
                    if m and m.group(1) not in own and m.group(1).lower() not in self._title_words:
                        return True
            i = document.find(family, end)
        return True  # a name repeated that often: do not guess

    def find(self, text: str, when: str | None = None,
             names: dict[str, str] | None = None) -> list[ActorMention]:
        """All actor mentions in ``text``, sorted by start (see the module docstring).
        ``names``: the document's other names of persons (see :meth:`document_names`).

        Raises GazetteerError for a non-string text, a text over MAX_TEXT_CHARS characters
        or a ``when`` that is not an ISO date or year.
        """
        if not isinstance(text, str):
            raise GazetteerError(f"text must be str, got {type(text).__name__}")
        if len(text) > MAX_TEXT_CHARS:
            raise GazetteerError(f"text has {len(text)} characters; the limit is {MAX_TEXT_CHARS}")
        day = _when_point(when)
        if not text:
            return []
        view = matching_view(text)
        base = self._alias_candidates(text, view, day)
        if names:
            base = sorted(base + self._document_name_candidates(text, view, day, names),
                          key=lambda c: (c.start, c.end))
        candidates = list(base)
        candidates += self._combining_candidates(text, view, day)
        candidates += self._title_candidates(text, view, day, base)
        mentions: list[ActorMention] = []
        for cand in filter_spans(candidates):
            mentions.extend(cand.mentions)
            for record in cand.found:
                self._register_found(record)
        return mentions

    def _mention(self, text: str, start: int, end: int, actor_id: str, via: str,
                 day: str | None, record: dict | None = None) -> ActorMention:
        record = record or self._actors.get(actor_id) or self._found[actor_id]
        return ActorMention(start=start, end=end, text=text[start:end], actor_id=actor_id,
                            label=record["label"], kind=record["kind"],
                            country=self._country_at(record, day), via=via)

    def _country_at(self, record: dict, day: str | None) -> str | None:
        if record["kind"] != "person" or day is None:
            return record.get("country")
        active = [r for r in record.get("roles", ())
                  if r.get("start_day") and r["start_day"] <= day and (r["end_day"] is None or day < r["end_day"])]
        for r in active:
            if self._actors[r["where"]]["kind"] == "state":
                return r["where"]
        if active:
            return None
        return record.get("country")

    def _alias_candidates(self, text: str, view: str, day: str | None) -> list[Candidate]:
        out = []
        for first in self._alias_re.finditer(view):
            matches = [first]
            # finditer skips aliases that start inside a match ("The UN" hides "UN Security
            # Council"); try every word start inside the match so filter_spans can choose.
            for i in range(first.start() + 1, first.end()):
                if not view[i - 1].isalnum() and view[i].isalnum():
                    inner = self._alias_re.match(view, i)
                    if inner and inner.end() > first.end():
                        matches.append(inner)
            for m in matches:
                alias = self._aliases.get(" ".join(m.group().split()))
                if alias is None:  # pragma: no cover - the regex is built from the keys
                    continue
                if alias.actor_id is None:
                    out.append(Candidate(m.start(), m.end(), (), rank=0))
                else:
                    out.append(Candidate(m.start(), m.end(), (
                        self._mention(text, m.start(), m.end(), alias.actor_id, alias.via, day),), rank=1))
        out.sort(key=lambda c: (c.start, c.end))
        return out

    def _document_name_candidates(self, text: str, view: str, day: str | None,
                                  names: dict[str, str]) -> list[Candidate]:
        out = []
        if isinstance(names, DocumentNames):  # the words that may be such names, asked one by one
            matches = (m for m in _NAME_WORD.finditer(view) if names.get(m.group()) is not None)
        else:
            matches = _names_regex(tuple(sorted(names))).finditer(view)
        for m in matches:
            key = names[m.group()]
            # a capitalised word before it makes it part of another name ("Louis XI",
            # "Jennifer Wang"), unless that word is a title ("President XI") or, for a
            # name in capitals, opens the sentence ("Later XI and Putin ..."); so does a
            # capitalised word right after a family name ("Wang Wenbin")
            caps = m.group().isupper()
            before = _WORD_BEFORE.search(view, max(0, m.start() - 80), m.start())
            if before and before.group(1)[:1].isupper() and (
                    before.group(1).lower() not in self._title_words) and (
                    not caps or view[:before.start()].rstrip()[-1:] not in (
                        "", ".", "!", "?", ":", ";", '"', "\u201c")):
                continue
            if not caps and _NAME_AFTER.match(view, m.end()):
                continue
            alias = self._aliases[key]
            out.append(Candidate(m.start(), m.end(), (
                self._mention(text, m.start(), m.end(), alias.actor_id, "name", day),), rank=1))
        return out

    def _alias_at(self, view: str, pos: int) -> tuple[int, _Alias] | None:
        m = self._alias_re.match(view, pos)
        if not m:
            return None
        return m.end(), self._aliases[" ".join(m.group().split())]

    def _combining_candidates(self, text: str, view: str, day: str | None) -> list[Candidate]:
        out = []
        for m in self._combining_re.finditer(view):
            hit = self._alias_at(view, m.end())
            if hit is None or hit[1].actor_id is None or hit[1].via not in ("name", "demonym"):
                continue
            end, alias = hit
            ids: list[str] = []
            for form in m.group(1).rstrip("-").split("-"):
                ids.append(self._combining[form])
            ids.append(alias.actor_id)
            seen = list(dict.fromkeys(ids))
            mentions = tuple(self._mention(text, m.start(), end, aid, "demonym", day) for aid in seen)
            out.append(Candidate(m.start(), end, mentions, rank=1))
        return out

    # ---------------------------------------------------------------- titles

    def _qualifier_before(self, view: str, title_start: int, title_end: int,
                          by_end: dict[int, Candidate], starts: list[int],
                          base: list[Candidate]) -> tuple[int, str] | None:
        """A state/organisation mention right before a title ("Chinese", "China's", "UN").

        A mention that overlaps the title's first word also qualifies it: in "European
        Commission President" the alias "European Commission" (EU) qualifies the title
        "commission president".
        """
        cand = None
        gap = re.search(r"(?:'s|')?[ \t]+$", view[max(0, title_start - 6):title_start])
        if gap:
            cand = by_end.get(title_start - len(gap.group()))
        if cand is None:
            i = bisect.bisect_left(starts, title_start) - 1
            if i >= 0 and title_start < base[i].end <= title_end and base[i].mentions:
                cand = base[i]
        if cand is None or len(cand.mentions) != 1 or cand.mentions[0].kind == "person":
            return None
        return cand.start, cand.mentions[0].actor_id

    def _qualifier_after(self, view: str, pos: int) -> tuple[int, str] | None:
        """``of <state/organisation>`` after a title or name: "President of Russia"."""
        m = _OF.match(view, pos)
        if not m:
            return None
        hit = self._alias_at(view, m.end())
        if hit is None or hit[1].actor_id is None:
            return None
        if self._actors[hit[1].actor_id]["kind"] == "person":
            return None
        return hit[0], hit[1].actor_id

    def _name_at(self, view: str, pos: int) -> tuple[int, int] | None:
        """A person name of two to five capitalised words starting after white space at ``pos``.

        Lower-case particles ("von der", "bin") may sit between capitalised words; stop words
        (name_rules.tsv), a possessive "'s" and known state/organisation aliases end the name.
        """
        m = _SPACES.match(view, pos)
        if not m:
            return None
        start = i = m.end()
        end = None
        caps = 0
        while caps < 5:
            t = _NAME_TOKEN.match(view, i)
            if not t:
                break
            word = t.group()
            possessive = word.endswith("'s")
            if possessive:
                word = word[:-2]
            word = word.rstrip("'")
            if word[:1].isupper() and word not in self._stop:
                hit = self._alias_at(view, i)
                if hit and hit[1].actor_id and self._actors[hit[1].actor_id]["kind"] != "person":
                    break
                end = i + len(word)
                caps += 1
            elif not (word in self._particles and end is not None):
                break
            if possessive:
                break
            nxt = _ONE_SPACE.match(view, t.end())
            if not nxt:
                break
            i = nxt.end()
        if end is None or caps < 2:
            return None
        return start, end

    def _known_without_s(self, view: str, start: int, end: int) -> str | None:
        """A known person written with a possessive "s" that lost its apostrophe.

        Machine-translated text has "President Donald Trumps visit": the name without the
        final "s" is a known alias, so it is that person rather than a new "Donald Trumps".
        """
        name = " ".join(view[start:end].split())
        if not name.endswith("s"):
            return None
        alias = self._aliases.get(name[:-1])
        if alias and alias.actor_id and self._actors[alias.actor_id]["kind"] == "person":
            return alias.actor_id
        return None

    def _resolve_title(self, title_text: str, qualifier: str | None, day: str | None) -> str | None:
        if qualifier is None or day is None:
            return None
        roles = self._titles[self._title_keys[re.sub(r"[\s-]+", " ", title_text.lower())]]
        for role in roles:
            pid = self.holder(role, qualifier, day)
            if pid:
                return pid
        return None

    def _found_person(self, text: str, start: int, end: int, qualifier: str | None) -> dict:
        """The record of a person found by pattern (or of the known person with that slug).

        The record is not registered here: :meth:`find` registers it only if its candidate
        survives :func:`filter_spans`.
        """
        name = " ".join(text[start:end].split())
        pid = _slug(name)
        known = self._actors.get(pid)
        if known is not None and known["kind"] == "person":
            return known
        if known is not None:  # pragma: no cover - person slugs contain lower case, ids do not
            pid = "person-" + pid
        q = self._actors.get(qualifier) if qualifier else None
        country = None
        affiliation = None
        if q is not None:
            if q["kind"] == "state":
                country = q["id"]
            elif q.get("country"):
                country = q["country"]
            else:
                affiliation = q["id"]
        # Each mention stands on its own text: what earlier documents said of this person is
        # not used, so extraction does not depend on the order documents are processed in.
        return {"id": pid, "label": name, "kind": "person",
                "country": country, "affiliation": affiliation, "roles": [],
                "aliases": [name], "source": "pattern"}

    def _register_found(self, record: dict) -> None:
        if record.get("source") != "pattern":
            return
        with self._found_lock:
            previous = self._found.get(record["id"])
            if previous is None:
                self._found[record["id"]] = record
            else:
                previous["country"] = previous["country"] or record["country"]
                previous["affiliation"] = previous["affiliation"] or record["affiliation"]

    def _person_candidate(self, text: str, start: int, end: int, via: str, day: str | None,
                          person: str | dict) -> Candidate:
        if isinstance(person, str):
            return Candidate(start, end, (self._mention(text, start, end, person, via, day),), rank=0)
        mention = self._mention(text, start, end, person["id"], via, day, record=person)
        return Candidate(start, end, (mention,), rank=0, found=(person,))

    def _plural_title(self, text: str, view: str, tm: re.Match, day: str | None,
                      by_end: dict[int, Candidate]) -> Candidate | None:
        """"the Russian and Chinese presidents": one span, one person mention per qualifier.

        Needs ``when`` and at least two qualifiers joined by "and" or commas; each
        qualifier's role holder becomes a mention over the whole phrase (like
        "Sino-Russian"). Qualifiers without a known holder are skipped.
        """
        if day is None:
            return None
        quals: list[Candidate] = []
        gap = _PLURAL_GAP.search(view, max(0, tm.start() - 8), tm.start())
        cand = by_end.get(tm.start() - len(gap.group())) if gap else None
        while cand is not None and len(cand.mentions) == 1 and cand.mentions[0].kind != "person":
            quals.insert(0, cand)
            sep = _LIST_SEP.search(view, max(0, cand.start - 12), cand.start)
            cand = by_end.get(cand.start - len(sep.group())) if sep else None
        if len(quals) < 2:
            return None
        lead = view[max(0, quals[0].start - 25):quals[0].start]
        if self._not_current_re and self._not_current_re.search(lead) and not _THEN.search(lead):
            return None
        title_text = view[tm.start():tm.end() - 1]
        start, end = quals[0].start, tm.end()
        mentions = []
        for q in quals:
            pid = self._resolve_title(title_text, q.mentions[0].actor_id, day)
            if pid and all(m.actor_id != pid for m in mentions):
                mentions.append(self._mention(text, start, end, pid, "title", day))
        return Candidate(start, end, tuple(mentions), rank=0) if mentions else None

    def _title_candidates(self, text: str, view: str, day: str | None,
                          base: list[Candidate]) -> list[Candidate]:
        out: list[Candidate] = []
        by_end = {c.end: c for c in base if c.mentions}
        starts = [c.start for c in base]
        for tm in self._title_re.finditer(view):
            ts, te = tm.start(), tm.end()
            if tm.group("plural"):
                plural = self._plural_title(text, view, tm, day, by_end)
                if plural:
                    out.append(plural)
                continue
            qual = self._qualifier_before(view, ts, te, by_end, starts, base)
            span_start = qual[0] if qual else ts
            qualifier = qual[1] if qual else None
            lead = view[max(0, span_start - 25):span_start]
            not_current = bool(self._not_current_re and self._not_current_re.search(lead))
            if _THEN.search(lead):
                not_current = False
            # 0. the title is the start of a person alias ("King Salman", "Pope Leo XIV")
            own = self._alias_at(view, ts)
            if not (own and own[1].actor_id and self._actors[own[1].actor_id]["kind"] == "person"):
                own = None
            # 1. title followed by a name (known alias or capitalised words)
            person_id = None
            name_end = None
            name = None
            hit = None
            ws = _SPACES.match(view, te)
            if ws:
                hit = self._alias_at(view, ws.end())
            if hit and hit[1].actor_id and self._actors[hit[1].actor_id]["kind"] == "person":
                person_id, name_end, via = hit[1].actor_id, hit[0], "name"
            elif not (hit and hit[1].actor_id is not None):  # "President Russia" is not a name
                name = self._name_at(view, te)
                if name:
                    after = self._qualifier_after(view, name[1])
                    name_end = after[0] if after else name[1]
            if own and (name_end is None or own[0] >= name_end):
                person_id, name_end, via, name = own[1].actor_id, own[0], "name", None
            if name:
                known = self._known_without_s(view, name[0], name[1])
                if known:
                    person_id, via = known, "name"
                else:
                    record = self._found_person(text, name[0], name[1],
                                                qualifier or (after[1] if after else None))
                    person_id = record if record.get("source") == "pattern" else record["id"]
                    via = "pattern" if record.get("source") == "pattern" else "name"
            if person_id:
                out.append(self._person_candidate(text, span_start, name_end, via, day, person_id))
                continue
            # 2. "President of Russia" (optionally followed by a name)
            after = self._qualifier_after(view, te)
            if after and qualifier is None:
                hit2 = None
                ws2 = _SPACES.match(view, after[0])
                if ws2:
                    hit2 = self._alias_at(view, ws2.end())
                if hit2 and hit2[1].actor_id and self._actors[hit2[1].actor_id]["kind"] == "person":
                    out.append(Candidate(ts, hit2[0], (
                        self._mention(text, ts, hit2[0], hit2[1].actor_id, "name", day),), rank=0))
                    continue
                qualifier, te = after[1], after[0]
            # 3. appositive "<Name>, the EU's foreign policy chief"
            if qual is not None and not view.startswith("'s", te):
                app = re.search(r"([^\W\d_][\w'.-]*(?:[ \t]+[\w'.-]+){0,4}),[ \t]+(?:the[ \t]+)?$",
                                view[max(0, span_start - 80):span_start])
                if app:
                    comma_rel = app.group(1)
                    head_start = span_start - len(app.group())
                    pid, nstart = self._appositive_name(text, view, head_start, head_start + len(comma_rel),
                                                        qualifier, tm.group())
                    if pid:
                        pattern = isinstance(pid, dict) and pid.get("source") == "pattern"
                        if isinstance(pid, dict) and not pattern:
                            pid = pid["id"]
                        out.append(self._person_candidate(text, nstart, te, "pattern" if pattern else "name",
                                                          day, pid))
                        continue
            # 4. the title alone, resolved by date
            if not_current:
                continue
            pid = self._resolve_title(tm.group(), qualifier, day)
            if pid:
                out.append(Candidate(span_start, te, (self._mention(text, span_start, te, pid, "title", day),),
                                     rank=0))
        return out

    def _title_roles(self, title_text: str, qualifier: str | None) -> set[str]:
        roles = set()
        for role in self._titles[self._title_keys[re.sub(r"[\s-]+", " ", title_text.lower())]]:
            if role == "@leader":
                roles.update(self._leader_roles.get(qualifier or "", ()))
            else:
                roles.add(role)
        return roles

    def _appositive_name(self, text: str, view: str, lo: int, comma: int,
                         qualifier: str | None, title_text: str) -> tuple[str | dict | None, int]:
        """The person name that ends at ``comma`` (known alias or capitalised words).

        A known person is accepted only if they ever held the title's role for the
        qualifier ("Angela Merkel, the Polish prime minister" is not an appositive).
        """
        for m in self._alias_re.finditer(view, lo, comma):
            if m.end() == comma:
                alias = self._aliases[" ".join(m.group().split())]
                if alias.actor_id and self._actors[alias.actor_id]["kind"] == "person":
                    roles = self._title_roles(title_text, qualifier)
                    held = any(r["role"] in roles and r["where"] == qualifier
                               for r in self._actors[alias.actor_id]["roles"])
                    return (alias.actor_id, m.start()) if held else (None, 0)
        words = list(re.finditer(r"[^\W\d_][\w'.-]*", view[lo:comma]))
        # take the longest run of capitalised words / particles that ends at the comma
        start = None
        count = 0
        for w in reversed(words):
            word = w.group()
            if word[:1].isupper() and word not in self._stop:
                start = lo + w.start()
                count += 1
            elif word in self._particles and start is not None:
                continue
            else:
                break
            if count >= 4:
                break
        if start is None or (start == lo and lo > 0 and view[lo - 1] not in " \t\n"):
            return None, 0
        # a lone capitalised word at a sentence start is too weak ("Yesterday, the ...")
        if count < 2:
            return None, 0
        if self._alias_at(view, start) is not None:
            hit = self._alias_at(view, start)
            if hit and hit[1].actor_id and self._actors[hit[1].actor_id]["kind"] != "person":
                return None, 0
        return self._found_person(text, start, comma, qualifier), start


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The default gazetteer, loaded once from ``events/data/gazetteer/``."""
    return Gazetteer.load(DEFAULT_DIRECTORY)
