"""Detail and curation panel: the event picker, the selected event's
evidence and history, and Accept / Reject / Edit / Undo / Merge / Split."""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from events.model import EVENT_TYPES, STATUSES
from explorer.layout import labelled
from graph import views

#: the ``type`` of the curation buttons' pattern-matching ids
BUTTON = "curate"
#: the curation buttons' actions; each but ``edit`` (which opens the edit form) asks the
#: store for the operation of its name
ACTIONS = ("accept", "reject", "edit", "undo", "save", "merge", "split")
RECORDING = frozenset(ACTIONS) - {"edit"}


def action_id(action) -> dict:
    """The id of the curation button of ``action``: ``{"type": "curate", "action": action}``."""
    return {"type": BUTTON, "action": action}


def chosen_action(trig) -> str | None:
    """The recording action of the curation button whose id is ``trig`` (``ctx.triggered_id``),
    or None (another component, or the Edit button)."""
    if isinstance(trig, dict) and trig.get("type") == BUTTON and trig.get("action") in RECORDING:
        return trig["action"]
    return None


def curation_bar(curating):
    off = "" if curating else " (curation is off: no store)"
    return html.Div([
        html.Div([
            html.Button("Accept", id=action_id("accept"), n_clicks=0, className="btn btn-small",
                        disabled=True, title="Mark this event as checked and right (key a)" + off),
            html.Button("Reject", id=action_id("reject"), n_clicks=0, className="btn btn-small",
                        disabled=True, title="Mark this event as wrong: it leaves the timeline, "
                        "graph and downloads (key r)" + off),
            html.Button("Edit", id=action_id("edit"), n_clicks=0, className="btn btn-small", disabled=True,
                        title="Correct date, type, status or label" + off),
            html.Button("Undo", id=action_id("undo"), n_clicks=0, className="btn btn-small", disabled=True,
                        title="Undo the last change to this event (key u)" + off),
            dcc.Input(id="cur-note", type="text", placeholder="note (why)", maxLength=500,
                      value="", className="cur-note", debounce=False),
        ], className="cur-buttons"),
        html.Div([
            labelled("Date (TIMEX3)", dcc.Input(id="edit-date", type="text", maxLength=40, value="",
                                                placeholder="2019, 2019-05, 2019-05-04, 2019-Q2")),
            labelled("Type", dcc.Dropdown(id="edit-type", options=list(EVENT_TYPES), clearable=False)),
            labelled("Status", dcc.Dropdown(id="edit-status", options=list(STATUSES), clearable=False)),
            labelled("Label", dcc.Input(id="edit-label", type="text", maxLength=300, value=""), "field wide"),
            html.Button("Save edit", id=action_id("save"), n_clicks=0, className="btn btn-small"),
        ], id="edit-form", className="edit-form", hidden=True),
        html.Details([
            html.Summary("Merge / split\u2026"),
            html.Div([
                dcc.Dropdown(id="merge-target", options=[], placeholder="merge with\u2026",
                             className="merge-target"),
                html.Button("Merge", id=action_id("merge"), n_clicks=0, className="btn btn-small",
                            disabled=True, title="Merge this event with the one chosen"),
            ], className="merge-row"),
            dcc.Checklist(id="split-mentions", options=[], value=[], className="split-list"),
            html.Button("Split checked mentions off", id=action_id("split"), n_clicks=0,
                        className="btn btn-small", disabled=True,
                        title="Move the ticked mentions into an event of their own (events with "
                              "several mentions only)"),
        ], className="merge-split"),
        html.Div(id="cur-message", className="cur-message", role="status"),
    ], className="curation-bar", **{"aria-label": "Curation"})


def layout(session, v0):
    return html.Div([
        dcc.Dropdown(id="event-picker", options=[], placeholder="Jump to an event\u2026",
                     clearable=True, className="event-picker"),
        curation_bar(session.curating),
        html.Section(views.event_detail(None, v0.docs_by_id), id="event-detail",
                     className="detail-body",
                     **{"aria-label": "Event detail", "aria-live": "polite"}),
    ], className="detail-panel")


# ---------------------------------------------------------------- detail


def chosen_event(trig, click, tap, picked, queued, selected, asked=None):
    """The event id the change ``trig`` chose (a timeline click, a graph tap,
    the picker, the review queue, a table row or a reader mark (``asked``),
    new data for the selected one), or None."""
    if trig == "event-asked":
        return (asked or {}).get("id") or None
    if trig == "event-picker":
        return picked or None
    if trig == "review-queue":
        return queued or None
    if trig == "graph-view":
        eid = (tap or {}).get("id", "")
        return eid if str(eid).startswith("event:") else None
    if trig == "data-version":
        return selected or None
    pts = (click or {}).get("points") or []
    return next((p.get("customdata") for p in pts if isinstance(p.get("customdata"), str)), None)


def unknown_event(eid):
    return {"detail": [html.P(f"Unknown event {str(eid)[:80]}", className="hint")], "selected": None,
            "accept_disabled": True, "reject_disabled": True, "edit_disabled": True,
            "undo_disabled": True, "undo_title": "", "edit_date": "", "edit_type": None,
            "edit_status": None, "edit_label": "", "merge_options": [], "split_options": [],
            "split_value": [], "split_disabled": True, "merge_disabled": True}


def event_outputs(session, eid):
    """The detail panel, curation buttons and edit fields for event ``eid``."""
    store, curating = session.store, session.may_curate()
    v = session.view()
    ev = v.find(eid)
    if ev is None:
        return unknown_event(eid)
    history = store.history_of(ev) if session.curating else []
    last = views.last_undoable(history)
    d = ev.get("date") or {}
    cur = ev.get("curation") or {}
    detail = (views.event_detail(ev, v.docs_by_id)
              + views.dispute_section(ev, v.docs_by_id, can_resolve=curating)
              + views.report_section(ev, v.docs_by_id) + views.curation_panel(ev, history))
    merge_opts = [o for o in views.event_options(v.index, range(len(v.index)))
                  if o["value"] != ev["id"]]
    split_opts = views.mention_options(ev, v.docs_by_id) if len(ev.get("mentions") or ()) > 1 else []
    undo_title = (f"Undo {views.history_line(last)}" if last else "Nothing to undo for this event")
    return {"detail": detail, "selected": str(eid),
            "accept_disabled": not curating or bool(cur.get("accepted")),
            "reject_disabled": not curating or bool(cur.get("rejected")),
            "edit_disabled": not curating, "undo_disabled": not curating or last is None,
            "undo_title": undo_title, "edit_date": str(d.get("value") or ""),
            "edit_type": ev.get("type") or None, "edit_status": ev.get("status") or None,
            "edit_label": str(ev.get("label") or ""), "merge_options": merge_opts,
            "split_options": split_opts, "split_value": [],
            "split_disabled": not curating or not split_opts,
            "merge_disabled": not curating or not merge_opts}


def show_detail(session, trig, click, tap, picked, queued, selected, asked=None):
    """Everything the detail panel shows after ``trig`` changed; raises
    PreventUpdate when the change chose no event."""
    eid = chosen_event(trig, click, tap, picked, queued, selected, asked)
    if eid is None:
        raise PreventUpdate
    return event_outputs(session, eid)


def toggle_edit(hidden):
    return not hidden


# ---------------------------------------------------------------- curation


class Refused(Exception):
    """A curation request that records nothing; the message says why."""


def edited_fields(ev, e_date, e_type, e_status, e_label) -> dict:
    """The edit form's fields that differ from ``ev``."""
    fields = {}
    if (e_date or "").strip() and e_date.strip() != str((ev.get("date") or {}).get("value") or ""):
        fields["date"] = e_date.strip()
    if e_type and e_type != ev.get("type"):
        fields["type"] = e_type
    if e_status and e_status != ev.get("status"):
        fields["status"] = e_status
    if (e_label or "").strip() and e_label.strip() != str(ev.get("label") or ""):
        fields["label"] = e_label.strip()
    return fields


def resolve_dispute(store, ev, k, note, user=None):
    """Mark the ``k``-th dispute of ``ev`` resolved with ``note``; returns the op id."""
    disputes = ev.get("disputes") or []
    if not isinstance(k, int) or not 0 <= k < len(disputes):
        raise Refused("This event has no such disagreement (the page may be out of date).")
    d = disputes[k]
    if d.get("resolved"):
        raise Refused("This disagreement is already marked resolved.")
    if not note:
        raise Refused("Write a note first: how was the disagreement resolved?")
    return store.resolve(str(ev["id"]), d["kind"], d["a"]["mention"], d["b"]["mention"],
                         note=note, user=user)


def record(store, v, ev, action, *, note=None, e_date=None, e_type=None, e_status=None,
           e_label=None, target=None, mentions=None, user=None, dispute=None):
    """Record ``action`` on event ``ev`` in ``store`` as done by ``user``; returns the
    operation id. Raises :class:`Refused` (nothing recorded) or CurationError."""
    eid = str(ev["id"])
    if action == "resolve":
        return resolve_dispute(store, ev, dispute, note, user)
    if action == "accept":
        return store.accept(eid, note=note, user=user)
    if action == "reject":
        return store.reject(eid, note=note, user=user)
    if action == "save":
        fields = edited_fields(ev, e_date, e_type, e_status, e_label)
        if not fields:
            raise Refused("Nothing changed: edit the date, type, status or label first.")
        return store.edit(eid, note=note, user=user, **fields)
    if action == "undo":
        last = views.last_undoable(store.history_of(ev))
        if last is None:
            raise Refused("Nothing to undo for this event.")
        return store.undo(last["id"], note=note, user=user)
    if action == "merge":
        other = v.find(target)
        if other is None or str(other["id"]) == eid:
            raise Refused("Choose another event to merge with.")
        return store.merge([eid, str(other["id"])], note=note, user=user)
    if action == "split":
        ids = [m for m in mentions or () if isinstance(m, str)]
        if not ids:
            raise Refused("Tick the mentions to split off first.")
        return store.split(eid, ids, note=note, user=user)
    raise PreventUpdate


def curate_event(session, action, selected, *, e_date=None, e_type=None, e_status=None,
                 e_label=None, note=None, target=None, mentions=None, version=0, dispute=None):
    """A curation button (``action``: accept, reject, save, undo, merge, split,
    resolve (the ``dispute``-th disagreement)) on the selected event.
    Returns ``{"version", "message", "note"}``:
    a saved change bumps the data version and clears the note."""
    from events.curation import CurationError

    def said(message):
        return {"version": no_update, "message": message, "note": no_update}

    store = session.store
    if not session.curating:
        return said("Curation is off (the app was started without a store).")
    if not session.may_curate():  # the server refuses such requests first; this is the backstop
        return said("Not saved: curation needs a curator's login (this explorer is read-only "
                    "or your role is viewer).")
    v = session.view()
    ev = v.find(selected)
    if ev is None:
        return said("Choose an event first.")
    note = (note or "").strip() or None
    try:
        op = record(store, v, ev, action, note=note, e_date=e_date, e_type=e_type,
                    e_status=e_status, e_label=e_label, target=target, mentions=mentions,
                    user=session.user_name(), dispute=dispute)
    except Refused as exc:
        return said(str(exc))
    except CurationError as exc:
        return said(f"Not saved: {exc}")
    row = store.get(op)
    return {"version": int(version or 0) + 1, "message": f"Saved: {views.history_line(row)}",
            "note": ""}


def register(app, session):
    @app.callback(
        output={"detail": Output("event-detail", "children"),
                "selected": Output("selected-event", "data"),
                "accept_disabled": Output(action_id("accept"), "disabled"),
                "reject_disabled": Output(action_id("reject"), "disabled"),
                "edit_disabled": Output(action_id("edit"), "disabled"),
                "undo_disabled": Output(action_id("undo"), "disabled"),
                "undo_title": Output(action_id("undo"), "title"),
                "edit_date": Output("edit-date", "value"),
                "edit_type": Output("edit-type", "value"),
                "edit_status": Output("edit-status", "value"),
                "edit_label": Output("edit-label", "value"),
                "merge_options": Output("merge-target", "options"),
                "split_options": Output("split-mentions", "options"),
                "split_value": Output("split-mentions", "value"),
                "split_disabled": Output(action_id("split"), "disabled"),
                "merge_disabled": Output(action_id("merge"), "disabled")},
        inputs={"click": Input("timeline", "clickData"),
                "tap": Input("graph-view", "tapNodeData"),
                "picked": Input("event-picker", "value"),
                "queued": Input("review-queue", "value"),
                "asked": Input("event-asked", "data"),
                "_version": Input("data-version", "data")},
        state={"selected": State("selected-event", "data")},
        prevent_initial_call=True,
    )
    def _show_detail(click, tap, picked, queued, asked, _version, selected):
        return show_detail(session, ctx.triggered_id, click, tap, picked, queued, selected, asked)

    @app.callback(
        Output("edit-form", "hidden"),
        Input(action_id("edit"), "n_clicks"),
        State("edit-form", "hidden"),
        prevent_initial_call=True,
    )
    def _toggle_edit(_n, hidden):
        return toggle_edit(hidden)

    @app.callback(
        output={"version": Output("data-version", "data"),
                "message": Output("cur-message", "children"),
                "note": Output("cur-note", "value")},
        inputs={"_clicks": Input(action_id(ALL), "n_clicks"),
                "_resolve": Input({"type": "resolve-dispute", "n": ALL}, "n_clicks")},
        state={"selected": State("selected-event", "data"),
               "e_date": State("edit-date", "value"),
               "e_type": State("edit-type", "value"),
               "e_status": State("edit-status", "value"),
               "e_label": State("edit-label", "value"),
               "note": State("cur-note", "value"),
               "target": State("merge-target", "value"),
               "mentions": State("split-mentions", "value"),
               "version": State("data-version", "data")},
        prevent_initial_call=True,
    )
    def _curate_event(_clicks, _resolve, selected, **edits):
        trig = ctx.triggered_id
        if isinstance(trig, dict) and trig.get("type") == "resolve-dispute":
            if not (ctx.triggered and ctx.triggered[0].get("value")):
                raise PreventUpdate  # a new button drawn, not a click
            return curate_event(session, "resolve", selected, dispute=trig.get("n"), **edits)
        action = chosen_action(trig)
        if action is None:  # Edit only opens the form (its own callback)
            raise PreventUpdate
        return curate_event(session, action, selected, **edits)
