"""Build the Dash explorer: the session, the page, each panel's callbacks."""

from __future__ import annotations

import os
from pathlib import Path

from explorer.security import current_user, protect
from explorer.state import Session

ASSETS = Path(__file__).resolve().parent.parent / "assets"


def create_app(documents: list[dict], events: list[dict], *, title: str = "eventline",
               store=None, corpus: str | os.PathLike | None = None,
               upload_dir: str | os.PathLike | None = None, show_rejected: bool = False,
               allow_private_urls: bool = False, users=None, login: bool = False,
               read_only: bool = False, max_document_bytes: int | None = None,
               reports: list[dict] | None = None):
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
    max_document_bytes:
        The size limit of one uploaded document (events/limits.py); one upload may carry
        twice that.
    reports:
        The document reports of the extraction (``PipelineResult.reports``), shown in the
        Documents panel and the empty state.
    users, login, read_only:
        The accounts (:class:`explorer.accounts.UserStore`) and whether every request needs
        a logged-in user; ``read_only`` turns uploads and curation off for everybody. The
        server checks each request (:mod:`explorer.security`); the page shows each user
        only what their role may do. Cross-site POSTs are refused and security headers set
        in every case.

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
        reader,
        review,
        table,
        timeline,
        uploads,
    )
    from explorer import documents as documents_panel  # not to shadow the argument

    session = Session(documents, events, store=store, corpus=corpus, upload_dir=upload_dir,
                      show_rejected=show_rejected, allow_private_urls=allow_private_urls,
                      read_only=read_only, max_document_bytes=max_document_bytes,
                      reports=reports)
    v0 = session.view()
    v0.graph()  # a malformed record fails here, at start-up, with its id
    actor_options, type_options, source_options = v0.options()
    status_options = [{"label": s, "value": s} for s in STATUSES]

    # compress=True gzips responses (flask-compress): the static bundles shrink from
    # about 6.5 MB to 1.9 MB on the first visit, layouts and figures by 5-10x.
    app = Dash(__name__, title=title, assets_folder=str(ASSETS),
               suppress_callback_exceptions=False, update_title=None, compress=True)
    # a request larger than the upload limit (base64 is 4/3 the size) is refused
    app.server.config["MAX_CONTENT_LENGTH"] = session.up_total * 4 // 3 + 1024 * 1024

    pieces = dict(
        export_bar=downloads.layout(),
        filter_bar=filters.layout(actor_options, type_options, source_options, status_options),
        timeline_panel=timeline.layout(),
        detail_panel=detail.layout(session, v0),
        graph_panel=graph_panel.layout(),
        review_panel=review.layout(),
        documents_panel=documents_panel.layout(),
        table_panel=table.layout(),
        reader_panel=reader.layout(),
    )

    app.layout = _per_request(session, pieces, read_only)
    for panel in (filters, timeline, graph_panel, review, detail, uploads, downloads,
                  documents_panel, table, reader):
        panel.register(app, session)
    # every callback that writes one of these components records something: curators only
    protect(app, users, login=login, read_only=read_only,
            needs={"curator": {"cur-message", "upload-message"}})
    return app


def _per_request(session, pieces: dict, read_only: bool):
    """The layout function: the panels built once, the parts that depend on who asks
    (the add box, the user bar) built per request."""
    from explorer import layout, uploads

    def serve_layout():
        refused = None
        if session.up_dir is not None and not session.may_upload():
            refused = ("this explorer is read-only" if read_only
                       else "adding documents needs a curator's login")
        return layout.page(**pieces,
                           upload_panel=uploads.layout(session.up_dir, refused,
                                                       session.max_document_bytes),
                           user_bar=layout.user_bar(current_user(), read_only))
    return serve_layout
