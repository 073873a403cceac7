"""Build the Dash explorer: the session, the page, each panel's callbacks."""

from __future__ import annotations

import os
from pathlib import Path

from events.uploads import MAX_UPLOAD_TOTAL
from explorer.state import Session

ASSETS = Path(__file__).resolve().parent.parent / "assets"


def create_app(documents: list[dict], events: list[dict], *, title: str = "eventline",
               store=None, corpus: str | os.PathLike | None = None,
               upload_dir: str | os.PathLike | None = None, show_rejected: bool = False,
               allow_private_urls: bool = False):
    """Build the Dash explorer over document and event records.

    Parameters
    ----------
    documents, events:
        The (uncurated) extraction: document and merged event records.
    store:
        A :class:`events.curation.CurationStore` or the path of one; None
        turns curation off (the buttons are disabled). Curation is re-applied
        from the store on every request whose operations changed, so several
        server processes and the ``curate`` command see each other's work.
    corpus:
        The corpus folder ``events`` came from (used when uploads go into it, and by the
        document reader to read an article's text again).
    upload_dir:
        Folder uploaded documents are stored in (under generated names);
        None turns uploads off (and adding pages by URL). When it is ``corpus`` the corpus is re-run
        (cached: only new documents are extracted); otherwise the uploads'
        events are merged with ``events`` by ``events.merge.merge_events``.
    show_rejected:
        Keep rejected events in the timeline, graph and downloads.
    allow_private_urls:
        Let the add box fetch pages from loopback, private and link-local addresses
        (refused by default: the server must not fetch from its own network).

    Nothing is loaded at import and no module state is changed: every app
    has its own memo of derived views (keyed by the uploads' file list and the
    store's operation ids); the browser keeps only the filter controls, the
    selected event and the visible date range (small JSON in ``dcc.Store``).
    """
    from dash import Dash

    from events.model import STATUSES
    from explorer import (
        detail,
        downloads,
        filters,
        graph_panel,
        layout,
        reader,
        review,
        table,
        timeline,
        uploads,
    )

    session = Session(documents, events, store=store, corpus=corpus, upload_dir=upload_dir,
                      show_rejected=show_rejected, allow_private_urls=allow_private_urls)
    v0 = session.view()
    v0.graph()  # a malformed record fails here, at start-up, with its id
    actor_options, type_options, source_options = v0.options()
    status_options = [{"label": s, "value": s} for s in STATUSES]

    # compress=True gzips responses (flask-compress): the static bundles shrink from
    # about 6.5 MB to 1.9 MB on the first visit, layouts and figures by 5-10x.
    app = Dash(__name__, title=title, assets_folder=str(ASSETS),
               suppress_callback_exceptions=False, update_title=None, compress=True)
    # a request larger than the upload limit (base64 is 4/3 the size) is refused
    app.server.config["MAX_CONTENT_LENGTH"] = MAX_UPLOAD_TOTAL * 4 // 3 + 1024 * 1024

    app.layout = layout.page(
        export_bar=downloads.layout(),
        filter_bar=filters.layout(actor_options, type_options, source_options, status_options),
        timeline_panel=timeline.layout(),
        detail_panel=detail.layout(session, v0),
        graph_panel=graph_panel.layout(),
        review_panel=review.layout(),
        upload_panel=uploads.layout(session.up_dir),
        table_panel=table.layout(),
        reader_panel=reader.layout(),
    )
    for panel in (filters, timeline, graph_panel, review, detail, uploads, downloads, table, reader):
        panel.register(app, session)
    return app
