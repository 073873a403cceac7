"""Names a user types or reads: actor names on the command line, download file names.

Pure functions, no I/O.

Examples
--------
>>> labels = {"USA": "United States", "donald-trump": "Donald Trump", "CHN": "China"}
>>> resolve_actor_name("trump", labels)
'donald-trump'
>>> resolve_actor_name("UNITED STATES", labels), resolve_actor_name("actor:chn", labels)
('USA', 'CHN')
>>> resolve_actor_name("Chna", labels)
Traceback (most recent call last):
...
graph.names.ActorNameError: unknown actor 'Chna'; closest known: China
>>> download_name({"actors": ["CHN"], "date_from": "2022", "date_to": "2023"}, {"CHN": "China"}, ".graphml")
'eventline-china-2022-2023.graphml'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

__all__ = ["ActorNameError", "close_actor_names", "download_name", "resolve_actor_name"]

#: How many close names an unknown actor name is answered with.
MAX_SUGGESTIONS = 5
#: Longest download file name (without the extension); file systems allow 255 bytes.
MAX_NAME = 80


class ActorNameError(ValueError):
    """No actor, or more than one, answers to a name (the message lists the candidates)."""


def _key(text) -> str:
    """Case, accents, punctuation and spacing folded: 'U.S.' -> 'us', 'Zelenskyy' stays."""
    text = unicodedata.normalize("NFKD", str(text)).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w\s-]", "", text).replace("-", " ").split())


def _names(labels: Mapping[str, str], aliases: Mapping[str, Iterable[str]] | None):
    """(folded name, actor id, shown name) for every id, label and alias."""
    for aid, label in labels.items():
        yield _key(aid), aid, str(label)
        yield _key(label), aid, str(label)
        for alias in (aliases or {}).get(aid) or ():
            yield _key(alias), aid, str(label)


def close_actor_names(name: str, labels: Mapping[str, str],
                      aliases: Mapping[str, Iterable[str]] | None = None,
                      n: int = MAX_SUGGESTIONS) -> list[str]:
    """Up to ``n`` actor labels closest to ``name`` (difflib ratio >= 0.6 on any
    id, label or alias, or a word of the label starting with it), best first.

    >>> close_actor_names("rusia", {"RUS": "Russia", "BLR": "Belarus", "UKR": "Ukraine"})
    ['Russia']
    """
    raw = str(name).strip()
    key = _key(raw[6:] if raw[:6].casefold() == "actor:" else raw)
    best: dict[str, float] = {}
    for folded, _aid, shown in _names(labels, aliases):
        score = difflib.SequenceMatcher(None, key, folded).ratio()
        if key and len(key) >= 3 and any(w.startswith(key) for w in folded.split()):
            score = max(score, 0.9)
        if score >= 0.6 and score > best.get(shown, 0.0):
            best[shown] = score
    return [s for s, _ in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))][:n]


def resolve_actor_name(name: str, labels: Mapping[str, str],
                       aliases: Mapping[str, Iterable[str]] | None = None) -> str:
    """The actor id ``name`` stands for, among the actors in ``labels`` (id -> label).

    Tried in turn, each case-, accent- and punctuation-insensitive: the id
    (``CHN``, ``actor:CHN``), the label (``China``), an alias from ``aliases``
    (id -> names, e.g. the gazetteer's ``Trump``), then the words of a label
    (``putin`` -> ``Vladimir Putin``, ``xi`` -> ``Xi Jinping``). The first step
    that names exactly one actor wins.

    Raises
    ------
    ActorNameError
        when no step names an actor (the message lists up to
        :data:`MAX_SUGGESTIONS` close names) or the first that does names
        several (the message lists them).
    """
    raw = str(name).strip()
    key = _key(raw[6:] if raw[:6].casefold() == "actor:" else raw)
    if not key:
        raise ActorNameError("empty actor name")
    by_id = {aid for aid in labels if _key(aid) == key}
    by_label = {aid for aid, label in labels.items() if _key(label) == key}
    by_alias = {aid for aid in labels for a in (aliases or {}).get(aid) or () if _key(a) == key}
    words = key.split()
    by_words = {aid for aid, label in labels.items()
                if _contains(_key(label).split(), words)}
    for found in (by_id, by_label, by_alias, by_words):
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            shown = sorted(f"{labels[a]} ({a})" for a in found)
            raise ActorNameError(f"actor {name!r} is ambiguous: it names {', '.join(shown[:8])}; "
                                 "give the id or the full name")
    close = close_actor_names(name, labels, aliases)
    hint = f"closest known: {', '.join(close)}" if close else (
        f"no known actor is close; known actors include: {', '.join(sorted(map(str, labels.values()))[:8])}")
    raise ActorNameError(f"unknown actor {name!r}; {hint}")


def _contains(hay: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(hay[i:i + n] == needle for i in range(len(hay) - n + 1))


# ---------------------------------------------------------------- download names


def _slug(text) -> str:
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return "-".join(re.findall(r"[a-z0-9]+", text))


def download_name(controls: Mapping | None, actor_labels: Mapping[str, str] | None = None,
                  ext: str = "", *, max_len: int = MAX_NAME) -> str:
    """A file name for a download of the view filtered by ``controls``.

    Made of the actors' labels, the types, statuses, date bounds, the query
    words and the number of documents, in that order: ``eventline-china-2022-2023``;
    ``eventline-all`` without a filter (``eventline-filtered`` when no part
    has a letter or digit to keep). Only ``a-z 0-9 -`` (accents folded,
    everything else dropped), at most ``max_len`` characters before ``ext``
    (cut at a dash, never mid-word when avoidable).

    >>> download_name({}, {}, ".json")
    'eventline-all.json'
    >>> download_name({"actors": ["x"], "query": "../../etc/passwd"}, {"x": "Zoë <b>"}, "gexf")
    'eventline-zoe-b-etc-passwd.gexf'
    """
    c = dict(controls or {})
    labels = actor_labels or {}
    parts = [labels.get(a, a) for a in c.get("actors") or ()]
    parts += list(c.get("types") or ()) + list(c.get("statuses") or ())
    lo, hi = str(c.get("date_from") or ""), str(c.get("date_to") or "")
    if lo or hi:
        parts.append(lo if lo == hi else f"{lo}-{hi}" if lo and hi else f"from-{lo}" if lo else f"to-{hi}")
    if c.get("query"):
        parts.append(c["query"])
    sources = list(c.get("sources") or ())
    if sources:
        parts.append(f"{len(sources)}-document{'s' if len(sources) != 1 else ''}")
    slug = "-".join(s for s in map(_slug, parts) if s) or ("filtered" if parts else "all")
    stem = f"eventline-{slug}"
    if len(stem) > max_len:
        cut = stem[:max_len]
        stem = cut.rsplit("-", 1)[0] if "-" in cut[len("eventline-"):] else cut
    ext = str(ext or "")
    if ext and not ext.startswith("."):
        ext = "." + ext
    return stem.rstrip("-") + ext
