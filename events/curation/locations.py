"""Where a corpus's curation store lives."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from events.curation.validate import CURATION_FILENAME


def user_data_dir() -> Path:
    """The user's data folder for eventline, as the platform has it (platformdirs):
    ``$XDG_DATA_HOME/eventline`` or ``~/.local/share/eventline`` on Linux,
    ``~/Library/Application Support/eventline`` on macOS, ``%LOCALAPPDATA%\\eventline``
    on Windows."""
    import platformdirs

    return Path(platformdirs.user_data_dir("eventline", appauthor=False))


#: The corpus that comes with eventline (``python app.py`` serves it): its stores and caches
#: live in the user's folders, never in the installed package.
BUNDLED_CORPUS = Path(__file__).resolve().parents[2] / "seeds"


def is_bundled(corpus_dir: str | os.PathLike) -> bool:
    """Is ``corpus_dir`` the bundled corpus (where nothing of the user's is written)?"""
    try:
        return Path(corpus_dir).resolve() == BUNDLED_CORPUS
    except OSError:
        return False


def default_store_path(corpus_dir: str | os.PathLike) -> Path:
    """Where the curation of a corpus folder lives by default.

    ``<corpus>/.eventline-curation.sqlite`` when the folder is writable (and not the
    bundled corpus, whose user data never goes into the installed package), else
    a file in :func:`user_data_dir` named after the sha256 of the corpus's
    absolute path (so two corpora never share a store).
    """
    corpus = Path(corpus_dir).resolve()
    if corpus.is_dir() and os.access(corpus, os.W_OK | os.X_OK) and not is_bundled(corpus):
        return corpus / CURATION_FILENAME
    digest = hashlib.sha256(str(corpus).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return user_data_dir() / f"{corpus.name or 'corpus'}-{digest}-curation.sqlite"
