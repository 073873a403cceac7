"""Checks of what a curator may write: ids, notes, dates, actors, edited fields."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from events.model import ACTOR_KINDS, EVENT_TYPES, ROLES, STATUSES

#: File name of the store when it lives inside the corpus folder.
CURATION_FILENAME = ".eventline-curation.sqlite"
#: Bump when the table layout changes (stored as ``PRAGMA user_version``).
SCHEMA_VERSION = 2
#: Fields :meth:`CurationStore.edit` accepts.
EDITABLE_FIELDS = ("date", "type", "status", "label", "actors")
OPS = ("accept", "reject", "edit", "merge", "split", "resolve", "undo")
#: Kinds of disagreement a curator may mark resolved (those of :mod:`events.disputes`).
DISPUTE_KINDS = ("date", "status", "source", "target", "number")
MAX_LABEL = 300
MAX_ID = 200
MAX_NOTE = 2000
MAX_IDS = 1000
#: Statuses the review queue treats as uncertain reports.
HEDGED_STATUSES = ("hypothetical", "denied")


class CurationError(Exception):
    """A curation operation or store that cannot be used; the message says why."""


CurationError.__module__ = "events.curation"  # its public home, as tracebacks show it


_CTRL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _nonchar(ch: str) -> bool:
    """Unicode noncharacters (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF): never text, XML-forbidden."""
    o = ord(ch)
    return 0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE


def _clean_text(value: str) -> str:
    """Control and format characters, noncharacters and lone surrogates dropped,
    whitespace collapsed."""
    out = []
    for ch in value:
        cat = unicodedata.category(ch)
        if ch in "\t\n\r\f\v":
            out.append(" ")
        elif cat in ("Cc", "Cs") or (cat == "Cf" and ch not in "\u200d") or _nonchar(ch):
            continue
        else:
            out.append(ch)
    return " ".join("".join(out).split())


def check_id(value, what: str = "event id") -> str:
    if not isinstance(value, str):
        raise CurationError(f"{what} must be text, got {type(value).__name__}")
    v = value.strip()
    if not v:
        raise CurationError(f"{what} is empty")
    if len(v) > MAX_ID:
        raise CurationError(f"{what} is {len(v)} characters long; at most {MAX_ID} allowed")
    if _CTRL.search(v) or any(unicodedata.category(c) == "Cs" for c in v):
        raise CurationError(f"{what} {v[:40]!r} contains control characters")
    return v


def check_ids(values, what: str, at_least: int) -> list[str]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise CurationError(f"{what} must be a list of ids, got {type(values).__name__}")
    out: list[str] = []
    for v in values:
        v = check_id(v, what[:-1] if what.endswith("s") else what)
        if v not in out:
            out.append(v)
        if len(out) > MAX_IDS:
            raise CurationError(f"{what}: more than {MAX_IDS} ids")
    if len(out) < at_least:
        raise CurationError(f"{what}: need at least {at_least} distinct ids, got {len(out)}")
    return out


def check_note(note) -> str | None:
    if note is None:
        return None
    if not isinstance(note, str):
        raise CurationError(f"note must be text, got {type(note).__name__}")
    note = _clean_text(note)
    if len(note) > MAX_NOTE:
        raise CurationError(f"note is {len(note)} characters long; at most {MAX_NOTE} allowed")
    return note or None


def check_user(user) -> str | None:
    """Who did an operation: None (unknown, e.g. the command line without accounts) or a
    short name."""
    if user is None:
        return None
    if not isinstance(user, str) or not user.strip():
        raise CurationError(f"user must be a name, got {user!r:.40}")
    user = _clean_text(user)
    if len(user) > MAX_ID:
        raise CurationError(f"user name is {len(user)} characters long; at most {MAX_ID} allowed")
    return user


def normalize_date(value) -> dict:
    """A TIMEX3 DATE value as an event ``date`` dict with its interval recomputed.

    Accepts what :data:`events.timex.VALUE_RE` accepts *and* covers a span of
    real calendar days: ``2001``, ``2001-07``, ``2001-07-04``, ``2001-Q3``,
    ``2001-W27``, ``2001-H2``, ``2001-SU``, ``197X`` (a decade), ``19XX``.

    >>> normalize_date("2001-07")["end"]
    '2001-07-31'
    >>> normalize_date("2022-02-30")
    Traceback (most recent call last):
    ...
    events.curation.CurationError: date '2022-02-30' is not a real calendar date or span ...
    """
    from events import timex

    if not isinstance(value, str):
        raise CurationError(f"date must be a TIMEX3 value such as '2001-07', got {type(value).__name__}")
    v = value.strip()
    if not v or len(v) > 40 or not timex.VALUE_RE.match(v):
        raise CurationError(
            f"date {v[:40]!r} is not a TIMEX3 date value; use YYYY, YYYY-MM, YYYY-MM-DD, "
            "YYYY-Qn, YYYY-Wnn or a decade such as 197X")
    start, end = timex.interval(v)
    if start is None or end is None or start[:4] == "0000":
        raise CurationError(
            f"date {v!r} is not a real calendar date or span (expected e.g. 2001, 2001-07, "
            "2001-07-04, 2001-Q3, 2001-W27, 197X)")
    return {"value": v, "type": "TIME" if "T" in v else "DATE",
            "granularity": timex.granularity(v, "DATE"), "start": start, "end": end,
            "mod": None, "text": ""}


def _check_actor(a, i: int) -> dict:
    if not isinstance(a, dict):
        raise CurationError(f"actors[{i}] must be an object with id, label, kind, country, role")
    unknown = set(a) - {"id", "label", "kind", "country", "role"}
    if unknown:
        raise CurationError(f"actors[{i}]: unknown keys {', '.join(sorted(map(str, unknown)))}")
    aid = check_id(a.get("id"), f"actors[{i}].id")
    label = a.get("label", aid)
    if not isinstance(label, str) or not _clean_text(label):
        raise CurationError(f"actors[{i}].label must be non-empty text")
    label = _clean_text(label)[:MAX_LABEL]
    kind = a.get("kind")
    if kind not in ACTOR_KINDS:
        raise CurationError(f"actors[{i}].kind {kind!r} is not one of {', '.join(ACTOR_KINDS)}")
    country = a.get("country")
    if country is not None and (not isinstance(country, str)
                                or not re.fullmatch(r"[A-Z]{3}", country.strip())):
        raise CurationError(f"actors[{i}].country {country!r} must be an ISO alpha-3 code or null")
    role = a.get("role")
    if role not in ROLES:
        raise CurationError(f"actors[{i}].role {role!r} is not one of {', '.join(ROLES)}")
    return {"id": aid, "label": label, "kind": kind,
            "country": country.strip() if country else None, "role": role}


def validate_fields(fields: dict) -> dict:
    """The edited fields, checked and normalised; raises CurationError naming the field."""
    if not fields:
        raise CurationError(f"edit needs at least one field: {', '.join(EDITABLE_FIELDS)}")
    out = {}
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise CurationError(f"cannot edit field {name!r}; editable: {', '.join(EDITABLE_FIELDS)}")
        if name == "date":
            out["date"] = normalize_date(value)
        elif name == "type":
            t = value.strip().upper() if isinstance(value, str) else value
            if t not in EVENT_TYPES:
                raise CurationError(f"type {value!r} is not one of {', '.join(EVENT_TYPES)}")
            out["type"] = t
        elif name == "status":
            s = value.strip().lower() if isinstance(value, str) else value
            if s not in STATUSES:
                raise CurationError(f"status {value!r} is not one of {', '.join(STATUSES)}")
            out["status"] = s
        elif name == "label":
            if not isinstance(value, str):
                raise CurationError(f"label must be text, got {type(value).__name__}")
            label = _clean_text(value)
            if not label:
                raise CurationError("label is empty (after removing control characters)")
            if len(label) > MAX_LABEL:
                raise CurationError(f"label is {len(label)} characters long; at most {MAX_LABEL} allowed")
            out["label"] = label
        elif name == "actors":
            if isinstance(value, (str, dict)) or not isinstance(value, Iterable):
                raise CurationError("actors must be a list of {id, label, kind, country, role} objects")
            actors = [_check_actor(a, i) for i, a in enumerate(value)]
            if not actors:
                raise CurationError("actors: an event needs at least one actor")
            ids = [a["id"] for a in actors]
            if len(set(ids)) != len(ids):
                raise CurationError("actors: the same actor id is listed twice")
            out["actors"] = actors
    return out


def check_dispute(kind, mention_a, mention_b) -> dict:
    """The dispute a ``resolve`` names: its kind and its two mention ids (in either order)."""
    if kind not in DISPUTE_KINDS:
        raise CurationError(f"dispute kind {str(kind)[:40]!r} is not one of {', '.join(DISPUTE_KINDS)}")
    a, b = check_id(mention_a, "mention id"), check_id(mention_b, "mention id")
    if a == b:
        raise CurationError("a dispute is between two different mentions")
    return {"kind": kind, "mentions": sorted([a, b])}


def event_ids(ev: dict) -> list[str]:
    """The ids an operation may name an event by: its own id, then its mentions' ids."""
    ids = [ev["id"]] if ev.get("id") else []
    ids += [m["id"] for m in ev.get("mentions") or () if isinstance(m, dict) and m.get("id")]
    return ids
