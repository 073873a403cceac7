"""Uploads panel: documents added in the browser are checked, stored under
generated names and extracted (see :mod:`events.uploads`)."""

from __future__ import annotations

from dash import Input, Output, State, dcc, html, no_update

from events.limits import format_mb
from events.uploads import (
    MAX_UPLOAD_BYTES,
    UploadError,
    add_document,
    upload_total,
)
from graph import views


def layout(up_dir, refused: str | None = None, max_bytes: int = MAX_UPLOAD_BYTES):
    """The add box; ``refused``: why this user may not add documents (the box is shown
    disabled, with that reason). ``max_bytes``: one document's limit (an upload: twice)."""
    off = up_dir is None or bool(refused)
    up_limits = (f".txt, .md, .html or .pdf; at most {format_mb(max_bytes)} each, "
                 f"{format_mb(upload_total(max_bytes))} at once")
    hint = (f" ({refused})" if refused else f" ({up_limits})" if up_dir is not None
            else " (uploads are off: serve a --corpus folder)")
    return html.Section([
        dcc.Upload(
            # no ``accept``: the browser would drop other files without a word; the
            # server refuses them with the reason
            id="upload", multiple=True, max_size=upload_total(max_bytes), disabled=off,
            children=html.Div(["Add documents: drop files here or ", html.U("choose files"),
                               html.Span(hint, className="hint")]),
            className="upload-zone"),
        html.Div([dcc.Input(id="add-url", type="url", placeholder="or a web page's address: https://…",
                            disabled=off, name="add-url"),
                  html.Button("Add page", id="add-url-button", disabled=off)],
                 className="add-url"),
        html.Div(id="upload-message", className="upload-message", role="status"),
    ], className="upload-panel", **{"aria-label": "Add documents"})


def save_uploads(up_dir, contents, names, max_bytes: int = MAX_UPLOAD_BYTES):
    """Check and store each uploaded file. Returns (saved: [(path, shown
    name)], lines: the list items of the refused ones)."""
    import base64
    import binascii

    lines, saved, total = [], [], 0
    for content, name in zip(contents, names, strict=False):
        shown = views.display_name(name)
        try:
            if not isinstance(content, str) or "," not in content:
                raise UploadError(f"{shown}: the browser sent no file content")
            try:
                data = base64.b64decode(content.split(",", 1)[1], validate=True)
            except (binascii.Error, ValueError):
                raise UploadError(f"{shown}: the upload is damaged (bad base64)") from None
            total += len(data)
            if total > upload_total(max_bytes):
                raise UploadError(f"{shown}: over the {format_mb(upload_total(max_bytes))} "
                                  "limit for one upload; add it separately")
            saved.append((add_document(up_dir, data, str(name or ""), max_bytes), shown))
        except UploadError as exc:
            lines.append(html.Li(f"Rejected {exc}", className="upload-rejected"))
    return saved, lines


def upload(session, contents, names, version):
    """Add the uploaded files. Returns ``{"message", "version", "contents"}``:
    the version goes up when a document was added; the upload box is cleared."""
    up_dir = session.up_dir
    if not contents:
        return {"message": no_update, "version": no_update, "contents": no_update}
    if up_dir is None:
        return {"message": "Uploads are off: start the explorer on a --corpus folder.",
                "version": no_update, "contents": None}
    if not session.may_upload():
        return {"message": "Not added: adding documents needs a curator's login.",
                "version": no_update, "contents": None}
    contents = contents if isinstance(contents, list) else [contents]
    names = names if isinstance(names, list) else [names] * len(contents)
    saved, lines = save_uploads(up_dir, contents, names, session.max_document_bytes)
    if saved:
        try:
            v = session.view()
        except Exception as exc:  # noqa: BLE001 - extraction trouble: say so, keep the app
            for path, _shown in saved:
                path.unlink(missing_ok=True)
            return {"message": [html.Li(f"Could not extract the new documents ({exc}); they were removed.",
                                        className="upload-rejected")] + lines,
                    "version": no_update, "contents": None}
        for path, shown in saved:
            doc = next((d for d in v.documents if d.get("file") == path.name), None)
            n = len(v.index.sources.get(str(doc.get("id")), ())) if doc else 0
            lines.insert(0, html.Li(f"Added {shown}: {n} event{'s' if n != 1 else ''} found.",
                                    className="upload-added"))
    if not saved:
        lines.append(html.Li("Nothing was added; the documents already here are unchanged."))
    return {"message": html.Ul(lines), "version": (int(version or 0) + 1) if saved else no_update,
            "contents": None}


def add_page(session, url, version):
    """Download the web page at ``url`` into the upload folder and extract it. Returns
    ``{"message", "version", "url"}``: the version goes up when the page was added, and the
    address box is cleared."""
    from events.uploads import add_url, remove_page

    up_dir = session.up_dir
    if up_dir is None or not (url or "").strip():
        return {"message": no_update, "version": no_update, "url": no_update}
    if not session.may_upload():
        return {"message": "Not added: adding documents needs a curator's login.",
                "version": no_update, "url": no_update}
    try:
        path, final = add_url(up_dir, url.strip(), allow_private=session.allow_private_urls)
    except UploadError as exc:
        return {"message": html.Ul([html.Li(f"Rejected {exc}", className="upload-rejected")]),
                "version": no_update, "url": no_update}
    try:
        v = session.view()
    except Exception as exc:  # noqa: BLE001 - extraction trouble: say so, keep the app
        remove_page(up_dir, path)
        return {"message": html.Ul([html.Li(f"Could not extract {final} ({exc}); it was removed.",
                                            className="upload-rejected")]),
                "version": no_update, "url": no_update}
    doc = next((d for d in v.documents if d.get("file") == path.name), None)
    n = len(v.index.sources.get(str(doc.get("id")), ())) if doc else 0
    return {"message": html.Ul([html.Li(f"Added {final}: {n} event{'s' if n != 1 else ''} found.",
                                        className="upload-added")]),
            "version": int(version or 0) + 1, "url": ""}


def register(app, session):
    @app.callback(
        output={"message": Output("upload-message", "children", allow_duplicate=True),
                "version": Output("data-version", "data", allow_duplicate=True),
                "url": Output("add-url", "value")},
        inputs={"_clicks": Input("add-url-button", "n_clicks"),
                "_submit": Input("add-url", "n_submit")},
        state={"url": State("add-url", "value"), "version": State("data-version", "data")},
        prevent_initial_call=True,
    )
    def _add_page(_clicks, _submit, url, version):
        return add_page(session, url, version)

    @app.callback(
        output={"message": Output("upload-message", "children"),
                "version": Output("data-version", "data", allow_duplicate=True),
                "contents": Output("upload", "contents")},
        inputs={"contents": Input("upload", "contents")},
        state={"names": State("upload", "filename"),
               "version": State("data-version", "data")},
        prevent_initial_call=True,
    )
    def _upload(contents, names, version):
        return upload(session, contents, names, version)
