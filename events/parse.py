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
