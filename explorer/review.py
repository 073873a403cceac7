"""Review queue panel: the events most worth a look, least certain first
(keys j/k/a/r/u in ``assets/20_review_keys.js``)."""

from __future__ import annotations

from dash import Input, Output, State, dcc, html, no_update

from graph import views


def layout():
    return html.Details([
        html.Summary(["Review queue ", html.Span(id="queue-count", className="hint")]),
        html.P("Events most worth a look, least certain first. Keys: j/k next/previous, "
               "a accept, r reject, u undo (not while typing in a field).", className="hint"),
        dcc.RadioItems(id="review-queue", options=[], value=None, className="review-queue"),
    ], className="review-panel", id="review-panel")


def next_value(v, ids, current, old_options):
    """The queue item to select: ``current`` while queued; after a decision
    the next one of the old list still queued, or the event ``current``
    became (merged), or none."""
    value = current if current in ids else None
    if current and value is None:  # the current item was just decided: move to the next
        old = [o.get("value") for o in old_options or ()]
        after = old[old.index(current) + 1:] if current in old else []
        value = next((i for i in after if i in ids), None)
        if value is None:
            # its event may have a new id (merged): keep it selected if still queued
            ev = v.find(current)
            value = str(ev["id"]) if ev is not None and str(ev["id"]) in ids else None
    return value


def render_queue(session, current, old_options):
    """The queue's options, selected item and count line."""
    from events.curation import review_queue

    v = session.view()
    items = v.review_items(lambda: review_queue(v.shown, limit=50))
    ids = [str(it["id"]) for it in items]
    value = next_value(v, ids, current, old_options)
    value = value if value != current else no_update
    count = f"({len(items)})"
    if v.warnings:  # curation of events a re-extraction no longer produces
        n = len(v.warnings)
        count += (f" \u00b7 {n} curation operation{'s' if n != 1 else ''} no longer "
                  f"match{'es' if n == 1 else ''} an event (see 'app.py curate history')")
    return {"options": views.queue_options(items), "value": value, "count": count}


def register(app, session):
    @app.callback(
        output={"options": Output("review-queue", "options"),
                "value": Output("review-queue", "value"),
                "count": Output("queue-count", "children")},
        inputs={"_version": Input("data-version", "data")},
        state={"current": State("review-queue", "value"),
               "old_options": State("review-queue", "options")},
    )
    def _render_queue(_version, current, old_options):
        return render_queue(session, current, old_options)
