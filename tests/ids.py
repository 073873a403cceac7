"""The explorer's button families by their pattern-matching ids, as tests name them:
``{"type": "curate", "action": ...}`` (explorer/detail.py) and ``{"type": "download",
"fmt": ...}`` (explorer/downloads.py). In the page's DOM a dict id is its JSON with the
keys sorted (``{"action":"reject","type":"curate"}``); in a callback request too."""

from __future__ import annotations

from benchmarks.ui_bench import dom_id, prop_id
from explorer.detail import action_id
from explorer.downloads import button_id


def css(id_) -> str:
    """A CSS selector of the component whose id is ``id_`` (a string or a dict id)."""
    return f"[id='{dom_id(id_)}']" if isinstance(id_, dict) else f"#{id_}"


def curate_button(action: str) -> str:
    """The CSS selector of the curation button of ``action`` (accept, reject, edit, ...)."""
    return css(action_id(action))


def download_button(fmt: str) -> str:
    """The CSS selector of the download button of ``fmt`` (graphml, gexf, csv, json)."""
    return css(button_id(fmt))


def clicks(id_) -> str:
    """The ``"id.n_clicks"`` key of a button (in the test client's values, changedPropIds)."""
    return prop_id(id_, "n_clicks")


def out(id_) -> str:
    """The key of a component in a callback response (a dict id as the renderer writes it)."""
    return dom_id(id_)


__all__ = ["action_id", "button_id", "clicks", "css", "curate_button", "dom_id",
           "download_button", "out"]
