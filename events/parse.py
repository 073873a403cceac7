"""The dependency parse of the sentences that can hold an event.

The project ships its own spaCy pipeline (``events/nlp/en_eventline``: tokenizer, tagger on the
Penn Treebank tags, dependency parser with Universal Dependencies relations such as
``nsubj:pass`` and ``obl:agent``), trained on the open UD English-EWT and GUM treebanks by
``events/nlp/rebuild.py``; its scores and licence are in ``events/nlp/``.  A user who has an
official spaCy pipeline installed may use it instead: ``--nlp en_core_web_sm`` on the command
line, or ``EVENTLINE_NLP=en_core_web_sm`` (a package name or a folder).  Nothing is ever
downloaded: a name that is not installed is an error that says so.

The pipeline is loaded once per process, on first use (:func:`get_nlp`).  Only the sentences
that can hold an event are parsed (:func:`can_hold_event`: a trigger of
``events/data/triggers.tsv`` and an actor candidate of the gazetteer), which keeps the parser's
cost (about 50 KB/s a core) off the many sentences that cannot.

>>> doc = parse_sentences(["Crimea was annexed by Russia."])[0]    # doctest: +SKIP
>>> [(t.text, t.dep_, t.head.text) for t in doc if t.dep_ == "obl:agent"]   # doctest: +SKIP
[('Russia', 'obl:agent', 'annexed')]
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

#: The packaged pipeline (package data).
PACKAGED = Path(__file__).with_name("nlp") / "en_eventline"
#: The environment variable that names another pipeline (a package name or a folder).
ENV = "EVENTLINE_NLP"

_lock = threading.Lock()
_loaded: dict[str, object] = {}


class ParserUnavailable(RuntimeError):
    """spaCy, or the pipeline asked for, is not installed; the message says what to do."""


def pipeline_name(name: str | None = None) -> str:
    """The pipeline to use: ``name``, else ``$EVENTLINE_NLP``, else the packaged one."""
    return name or os.environ.get(ENV) or str(PACKAGED)


def get_nlp(name: str | None = None):
    """The spaCy pipeline ``name`` (see :func:`pipeline_name`), loaded once per process.

    Raises ParserUnavailable when spaCy or the pipeline is missing (nothing is downloaded)."""
    key = pipeline_name(name)
    nlp = _loaded.get(key)
    if nlp is not None:
        return nlp
    with _lock:
        if key not in _loaded:
            _loaded[key] = _load(key)
    return _loaded[key]


def _load(key: str):
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a dependency
        raise ParserUnavailable("spaCy is not installed: pip install spacy") from exc
    path = Path(key)
    if key == str(PACKAGED) and not (path / "meta.json").is_file():
        raise ParserUnavailable(f"the packaged pipeline is missing at {path}; rebuild it with "
                                f"python events/nlp/rebuild.py")
    try:
        # only what the parse needs: no lemmatizer or entity recogniser of an official package
        return spacy.load(path if path.is_dir() else key, exclude=["ner", "lemmatizer"])
    except OSError as exc:
        raise ParserUnavailable(
            f"spaCy pipeline {key!r} is not installed (a package name such as en_core_web_sm, "
            f"installed with pip, or a folder); nothing is downloaded at run time") from exc


def can_hold_event(sentence: str, when: str | None = None) -> bool:
    """Does a sentence have an event trigger and an actor candidate (so that it is worth
    parsing)? The trigger test comes first: it is the cheaper one."""
    from .actors import get_gazetteer
    from .extract import load_triggers
    if load_triggers().regex.search(sentence) is None:
        return False
    return bool(get_gazetteer().find(sentence, when=when))


def parse_sentences(sentences: Iterable[str], name: str | None = None, batch_size: int = 64):
    """The spaCy ``Doc`` of each sentence, in order (offsets are those of the sentence)."""
    return list(get_nlp(name).pipe(sentences, batch_size=batch_size))


def parse_candidates(sentences: Iterable[str], name: str | None = None,
                     when: str | None = None) -> list:
    """Parse only the sentences that can hold an event: a ``Doc`` for each of them, None for
    the others (in order)."""
    sentences = list(sentences)
    keep = [i for i, s in enumerate(sentences) if can_hold_event(s, when)]
    docs = parse_sentences([sentences[i] for i in keep], name) if keep else []
    out: list = [None] * len(sentences)
    for i, doc in zip(keep, docs, strict=True):
        out[i] = doc
    return out


@lru_cache(maxsize=1)
def load_parse_roles() -> tuple[tuple[str, str, frozenset], ...]:
    """``events/data/parse_roles.tsv``: (role, relation, prepositions or empty for any)."""
    rows = []
    path = Path(__file__).with_name("data") / "parse_roles.tsv"
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 4 or cols[0] not in ("source", "target"):
            raise ValueError(f"parse_roles.tsv:{lineno}: expected ROLE RELATION CASE EXAMPLE")
        cases = frozenset() if cols[2] == "-" else frozenset(cols[2].lower().split("|"))
        rows.append((cols[0], cols[1], cases))
    return tuple(rows)


def _trigger_token(doc, start: int, end: int):
    """The word of a trigger span (its syntactic head: 'held' in 'held talks')."""
    toks = [t for t in doc if t.idx < end and t.idx + len(t) > start]
    for t in toks:
        if not (start <= t.head.idx < end) or t.head is t:
            return t
    return toks[0] if toks else None


def parse_roles(doc, trigger: tuple[int, int], mentions: list[dict]) -> dict[str, str]:
    """Roles from the parse: {actor id: "source" | "target"} for the actor mentions (dicts with
    ``start``, ``end``, ``id``; offsets into ``doc.text``) that fill a relation of the trigger's
    word listed in ``events/data/parse_roles.tsv``; coordinated words share their role."""
    tok = _trigger_token(doc, *trigger)
    if tok is None:
        return {}
    out: dict[str, str] = {}
    for child in tok.children:
        for role, rel, cases in load_parse_roles():
            if child.dep_ != rel:
                continue
            if cases and not any(c.dep_ == "case" and c.lower_ in cases for c in child.children):
                continue
            words = [child] + [c for c in child.subtree if c.dep_ == "conj" and c.head.i in
                               {child.i} | {x.i for x in child.subtree if x.dep_ == "conj"}]
            for w in words:
                lo, hi = w.left_edge.idx, w.idx + len(w)
                for m in mentions:
                    if m["start"] < hi and m["end"] > lo and m["id"] not in out:
                        out[m["id"]] = role
            break
    return out
