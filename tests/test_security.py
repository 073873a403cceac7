"""Login, roles, cross-site refusal and security headers of a shared explorer
(explorer.security), on a small Dash app through Flask's test client."""

from __future__ import annotations

import json

import dash
import pytest
from dash import Input, Output, html

from explorer.accounts import AccountError, UserStore, allows
from explorer.security import (
    LoginLimiter,
    _safe_next,
    callback_outputs,
    declared_outputs,
    protect,
)

HOST = "http://localhost"


def small_app(users, *, login=True, read_only=False, limiter=None):
    app = dash.Dash(__name__)
    app.layout = html.Div([html.Button(id="go"), html.Div(id="cur-status"), html.Div(id="view")])

    @app.callback(Output("cur-status", "children"), Input("go", "n_clicks"))
    def curate(n):  # stands for an accept/reject
        return f"curated {n}"

    @app.callback(Output("view", "children"), Input("go", "n_clicks"))
    def show(n):
        return f"shown {n}"

    protect(app, users, login=login, read_only=read_only,
            needs={"curator": {"cur-status"}}, limiter=limiter)
    return app


@pytest.fixture
def users(tmp_path):
    store = UserStore(tmp_path / "users.sqlite")
    store.add("vera", "viewer-password", "viewer")
    store.add("carl", "curator-password", "curator")
    yield store
    store.close()


def call(client, output, origin=HOST, **headers):
    body = {"output": f"{output}.children", "outputs": {"id": output, "property": "children"},
            "inputs": [{"id": "go", "property": "n_clicks", "value": 1}],
            "changedPropIds": ["go.n_clicks"]}
    if origin:
        headers["Origin"] = origin
    return client.post("/_dash-update-component", data=json.dumps(body),
                       content_type="application/json", headers=headers)


def log_in(client, name, password):
    return client.post("/login", data={"user": name, "password": password, "next": "/"},
                       headers={"Origin": HOST})


def test_anonymous_requests_are_refused_everywhere(users):
    client = small_app(users).server.test_client()
    page = client.get("/", headers={"Accept": "text/html"})
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    for path in ("/_dash-layout", "/_dash-dependencies", "/assets/anything.css"):
        assert client.get(path).status_code == 401, path
    assert call(client, "view").status_code == 401
    assert call(client, "cur-status").status_code == 401
    assert client.get("/login").status_code == 200


def test_login_sets_a_safe_cookie_and_opens_the_app(users):
    client = small_app(users).server.test_client()
    assert log_in(client, "carl", "wrong password").status_code == 401
    resp = log_in(client, "carl", "curator-password")
    assert resp.status_code == 302
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert client.get("/_dash-layout").status_code == 200
    assert call(client, "cur-status").get_json()["response"]["cur-status"]["children"] == "curated 1"


def test_cookie_is_secure_over_https(users):
    client = small_app(users).server.test_client()
    resp = client.post("/login", data={"user": "carl", "password": "curator-password"},
                       base_url="https://localhost", headers={"Origin": "https://localhost"})
    assert resp.status_code == 302 and "Secure" in resp.headers["Set-Cookie"]


def test_a_viewer_cannot_curate_even_by_hand(users):
    client = small_app(users).server.test_client()
    log_in(client, "vera", "viewer-password")
    assert call(client, "view").status_code == 200
    refused = call(client, "cur-status")
    assert refused.status_code == 403 and "curator" in refused.get_json()["error"]


def test_read_only_refuses_curation_to_everybody(users):
    client = small_app(users, read_only=True).server.test_client()
    log_in(client, "carl", "curator-password")
    assert call(client, "view").status_code == 200
    assert call(client, "cur-status").status_code == 403
    open_client = small_app(None, login=False, read_only=True).server.test_client()
    assert call(open_client, "cur-status").status_code == 403
    assert call(open_client, "view").status_code == 200


def test_cross_site_posts_are_refused(users):
    client = small_app(users).server.test_client()
    log_in(client, "carl", "curator-password")
    assert call(client, "cur-status", origin="http://evil.example").status_code == 403
    # neither Origin nor Referer: a script's JSON passes (no other site can send JSON here
    # without a CORS preflight), a form post does not (any page can make one)
    assert call(client, "cur-status", origin=None).status_code == 200
    form = client.post("/_dash-update-component", data={"output": "cur-status.children"})
    assert form.status_code == 403
    assert call(client, "cur-status", origin="null").status_code == 403
    assert call(client, "cur-status", origin=None, Referer=f"{HOST}/").status_code == 200
    # and without login too: a page elsewhere cannot drive an explorer on this machine
    open_client = small_app(None, login=False).server.test_client()
    assert call(open_client, "cur-status", origin="http://evil.example").status_code == 403
    assert call(open_client, "cur-status").status_code == 200


def test_failed_logins_are_rate_limited(users):
    now = [1000.0]
    limiter = LoginLimiter(max_failures=3, window=60, clock=lambda: now[0])
    client = small_app(users, limiter=limiter).server.test_client()
    for _ in range(3):
        assert log_in(client, "carl", "guess").status_code == 401
    blocked = log_in(client, "carl", "curator-password")
    assert blocked.status_code == 429 and b"Too many failed logins" in blocked.data
    now[0] += 61
    assert log_in(client, "carl", "curator-password").status_code == 302


def test_removed_user_and_changed_password_end_the_session(users):
    client = small_app(users).server.test_client()
    log_in(client, "carl", "curator-password")
    assert call(client, "view").status_code == 200
    import time
    time.sleep(1.1)  # the change time has a resolution of one second
    users.set_password("carl", "another-password")
    assert call(client, "view").status_code == 401
    log_in(client, "vera", "viewer-password")
    users.remove("vera")
    assert call(client, "view").status_code == 401


def test_security_headers_on_every_response(users):
    client = small_app(users).server.test_client()
    for resp in (client.get("/login"), client.get("/_dash-layout")):
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        csp = resp.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp


def test_login_never_sends_the_user_to_another_site():
    assert _safe_next("//evil.example/x", "/") == "/"
    assert _safe_next("https://evil.example", "/") == "/"
    assert _safe_next("/\\evil.example", "/") == "/"
    assert _safe_next("/?actor=CHN", "/") == "/?actor=CHN"


def test_accounts_store_only_slow_salted_hashes(users, tmp_path):
    raw = (tmp_path / "users.sqlite").read_bytes()
    assert b"curator-password" not in raw
    hashes = [r[0] for r in users._connect().execute("SELECT hash FROM users")]
    assert all(h.startswith("scrypt:") for h in hashes) and len(set(hashes)) == 2
    users.add("eve", "curator-password", "viewer")  # same password, another salt
    assert len({r[0] for r in users._connect().execute("SELECT hash FROM users")}) == 3


def test_account_errors_are_clear(users):
    with pytest.raises(AccountError, match="exists already"):
        users.add("carl", "whatever-password", "viewer")
    with pytest.raises(AccountError, match="at least 8"):
        users.add("newbie", "short", "viewer")
    with pytest.raises(AccountError, match="role"):
        users.add("newbie", "long enough pw", "owner")
    with pytest.raises(AccountError, match="user name"):
        users.add("<script>", "long enough pw", "viewer")
    with pytest.raises(AccountError, match="no user"):
        users.remove("nobody")
    assert allows("admin", "curator") and not allows(None, "viewer")


def test_callback_outputs_reads_plain_multi_and_pattern_ids():
    assert callback_outputs("view.children") == {"view"}
    assert callback_outputs("..a.children...b.value..") == {"a", "b"}
    assert callback_outputs('..{"index":["ALL"],"type":"cur-action"}.n_clicks...c.x..') == \
        {"cur-action", "c"}
    assert callback_outputs(None) == set() and callback_outputs("..{junk.x..") == set()
    # the explorer's detail callback writes to its curation buttons (dict ids)
    assert callback_outputs('..event-detail.children...{"action":"accept","type":"curate"}'
                            '.disabled..') == {"event-detail", "curate"}


def test_a_pattern_id_the_key_cannot_be_read_by_still_needs_its_role(users):
    # a dict id's value may hold '...', where the callback key is split: the key alone would
    # lose the component; the declared outputs keep it, so the viewer is still refused
    app = dash.Dash(__name__)
    tricky = {"type": "cur-status", "n": "a...b.c"}
    app.layout = html.Div([html.Button(id="go"), html.Div(id=tricky), html.Div(id="view")])

    @app.callback(Output(tricky, "children"), Output("view", "children"), Input("go", "n_clicks"))
    def curate(n):
        return f"curated {n}", "shown"

    protect(app, users, login=True, needs={"curator": {"cur-status"}})
    (key,) = app.callback_map
    assert "cur-status" not in callback_outputs(key)  # what the key alone gives
    assert declared_outputs(app.callback_map[key]) == {"cur-status", "view"}
    client = app.server.test_client()
    log_in(client, "vera", "viewer-password")
    body = {"output": key, "outputs": [{"id": tricky, "property": "children"},
                                       {"id": "view", "property": "children"}],
            "inputs": [{"id": "go", "property": "n_clicks", "value": 1}],
            "changedPropIds": ["go.n_clicks"]}
    resp = client.post("/_dash-update-component", json=body, headers={"Origin": HOST})
    assert resp.status_code == 403
    log_in(client, "carl", "curator-password")
    resp = client.post("/_dash-update-component", json=body, headers={"Origin": HOST})
    assert resp.status_code == 200, resp.data


def test_the_dispatch_key_decides_not_the_other_fields(users):
    # a hand-made request that names the curation callback in "output" but a harmless
    # component in "outputs" is still refused: Dash runs the callback "output" names
    client = small_app(users).server.test_client()
    log_in(client, "vera", "viewer-password")
    body = {"output": "cur-status.children", "outputs": {"id": "view", "property": "children"},
            "inputs": [{"id": "go", "property": "n_clicks", "value": 1}],
            "changedPropIds": ["go.n_clicks"]}
    resp = client.post("/_dash-update-component", data=json.dumps(body),
                       content_type="application/json", headers={"Origin": HOST})
    assert resp.status_code == 403


def test_roles_on_the_explorer_with_pattern_matching_button_ids(users, small_records, tmp_path):
    # the real explorer: its curation and download buttons are families of dict ids
    # ({"type": "curate", "action": ...}, {"type": "download", "fmt": ...}); a request names
    # them as JSON. A viewer's click on Reject is refused, whatever the page shows; the detail
    # callback, which writes to those buttons (their disabled flags), and the downloads are not
    import app
    from benchmarks.ui_bench import callback_payload, initial_values, pick_dep
    from events.curation import CurationStore
    from tests.ids import action_id, button_id, clicks, out

    docs, events = small_records
    store = CurationStore(tmp_path / "curation.sqlite")
    explorer = app.create_app(docs, events, store=store, users=users, login=True)
    client = explorer.server.test_client()

    def send(output, values, changed):
        deps = client.get("/_dash-dependencies").get_json()
        payload = callback_payload(pick_dep(deps, output, changed), values, changed)
        return client.post("/_dash-update-component", json=payload, headers={"Origin": HOST})

    reject = clicks(action_id("reject"))
    curate = ("data-version", {**initial_values(), reject: 1, "selected-event.data": "event:a1",
                               "data-version.data": 0}, [reject])
    shown = ("event-detail", {**initial_values(), "event-picker.value": "event:a1"},
             ["event-picker.value"])
    graphml = clicks(button_id("graphml"))
    download = ("download", {**initial_values(), graphml: 1}, [graphml])

    log_in(client, "vera", "viewer-password")
    refused = send(*curate)
    assert refused.status_code == 403 and "curator" in refused.get_json()["error"]
    assert store.history() == []
    detail = send(*shown)
    assert detail.status_code == 200
    assert detail.get_json()["response"][out(action_id("reject"))]["disabled"] is True
    got = send(*download)
    assert got.status_code == 200 and "graphml" in got.get_json()["response"]["download"]["data"]["filename"]

    log_in(client, "carl", "curator-password")
    done = send(*curate)
    assert done.status_code == 200 and done.get_json()["response"]["data-version"]["data"] == 1
    assert [(r["op"], r["user"]) for r in store.history()] == [("reject", "carl")]
    assert send(*shown).get_json()["response"][out(action_id("undo"))]["disabled"] is False
