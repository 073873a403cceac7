"""Login, roles and the page under its Content-Security-Policy, in real headless Chromium."""

from __future__ import annotations

import json
import time

import pytest

import app
from events.curation import CurationStore
from explorer.accounts import UserStore
from tests.ids import action_id, clicks

# a curation request sent by hand from the page: the accept button's callback, its
# buttons a pattern-matching family (an ALL input: the list of the buttons it covers)
HAND_SENT = r"""
const done = arguments[arguments.length - 1];
const accept = {action: 'accept', type: 'curate'};  // keys sorted: JSON as Dash writes it
fetch(location.pathname.replace(/[^/]*$/, '') + '_dash-dependencies')
  .then(r => r.json()).then(deps => {
    const dep = deps.find(d => d.output.includes('cur-message'));
    const outputs = dep.output.replace(/^\.\./, '').replace(/\.\.$/, '').split('...')
      .map(o => ({id: o.slice(0, o.lastIndexOf('.')),
                  property: o.slice(o.lastIndexOf('.') + 1).split('@')[0]}));
    const inputs = dep.inputs.map(i => !i.id.startsWith('{') ? Object.assign({}, i, {value: 1})
        : JSON.parse(i.id).type === 'curate' ? [{id: accept, property: i.property, value: 1}]
        : []);
    const body = {output: dep.output, outputs: outputs, inputs: inputs,
                  state: dep.state.map(s => Object.assign({}, s,
                      {value: s.id === 'selected-event' ? arguments[0] : null})),
                  changedPropIds: [JSON.stringify(accept) + '.n_clicks']};
    return fetch(location.pathname.replace(/[^/]*$/, '') + '_dash-update-component',
                 {method: 'POST', headers: {'Content-Type': 'application/json'},
                  body: JSON.stringify(body)});
  }).then(r => done(r.status)).catch(e => done(String(e)));
"""


@pytest.fixture(scope="module")
def seed_result():
    from events.pipeline import run_pipeline

    return run_pipeline(app.SEEDS, workers=1, cache=False)


@pytest.fixture
def shared(tmp_path, seed_result):
    users = UserStore(tmp_path / "users.sqlite")
    users.add("vera", "viewer-password", "viewer")
    users.add("carl", "curator-password", "curator")
    store = CurationStore(tmp_path / "curation.sqlite")
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    dash_app = app.create_app(seed_result.documents, seed_result.events, store=store,
                              upload_dir=uploads, users=users, login=True)
    return dash_app, store


def log_in(dash_duo, name, password):
    d = dash_duo.driver
    d.find_element("css selector", "#user").send_keys(name)
    d.find_element("css selector", "#password").send_keys(password)
    d.find_element("css selector", "#login-submit").click()


def wait_for_explorer(dash_duo):
    dash_duo.wait_for_element("#timeline .js-plotly-plot", timeout=30)
    dash_duo.wait_for_contains_text("#counts", "events", timeout=30)
    time.sleep(0.5)


@pytest.mark.browser
def test_login_flow_and_what_each_role_sees(dash_duo, shared, seed_result):
    dash_app, store = shared
    dash_duo.start_server(dash_app, navigate=False)
    url = dash_duo.server.url
    d = dash_duo.driver
    d.get(url + "/?actor=CHN")
    dash_duo.wait_for_element("#login-submit", timeout=20)
    assert "/login" in d.current_url and "actor" in d.current_url  # comes back after login

    log_in(dash_duo, "vera", "a wrong password")
    dash_duo.wait_for_contains_text("#login-error", "wrong password", timeout=10)

    log_in(dash_duo, "vera", "viewer-password")
    wait_for_explorer(dash_duo)
    assert "actor=China" in d.current_url  # the filter survived the login
    assert dash_duo.find_element("#user-name").text == "vera (viewer)"
    assert d.find_element("css selector", "#upload input[type=file]").get_attribute("disabled")
    assert "curator's login" in dash_duo.find_element("#upload").text
    assert d.find_element("css selector", "#add-url").get_attribute("disabled")
    # a viewer's curation request sent by hand is refused by the server
    eid = seed_result.events[0]["id"]
    assert d.execute_async_script(HAND_SENT, eid) == 403
    assert store.history() == []
    assert dash_duo.get_logs() == [] or all("403" in e["message"] for e in dash_duo.get_logs())

    dash_duo.find_element("#logout").click()
    dash_duo.wait_for_element("#login-submit", timeout=20)
    d.get(url + "/_dash-layout")
    assert "log in first" in d.page_source or "/login" in d.current_url

    d.get(url + "/")
    dash_duo.wait_for_element("#login-submit", timeout=20)
    log_in(dash_duo, "carl", "curator-password")
    wait_for_explorer(dash_duo)
    assert dash_duo.find_element("#user-name").text == "carl (curator)"
    assert not d.find_element("css selector", "#upload input[type=file]").get_attribute("disabled")
    assert d.execute_async_script(HAND_SENT, eid) == 200
    rows = store.history()
    assert [(r["op"], r["user"]) for r in rows] == [("accept", "carl")]


@pytest.mark.browser
def test_the_explorer_runs_under_its_content_security_policy(dash_duo, shared):
    # no inline script may be blocked: the console stays clean through a full load
    dash_app, _ = shared
    dash_duo.start_server(dash_app, navigate=False)
    d = dash_duo.driver
    d.get(dash_duo.server.url + "/")
    dash_duo.wait_for_element("#login-submit", timeout=20)
    log_in(dash_duo, "carl", "curator-password")
    wait_for_explorer(dash_duo)
    dash_duo.wait_for_element("#graph-view", timeout=20)
    logs = dash_duo.get_logs()
    assert not [e for e in logs if "Content Security Policy" in e["message"]], json.dumps(logs)
    assert logs == [], logs


@pytest.mark.parametrize("rounds", [12])
def test_two_curators_at_once_lose_no_edit_and_each_is_named(tmp_path, seed_result, rounds):
    # not a browser test: two logged-in sessions curate at the same time over HTTP
    import threading

    from benchmarks.ui_bench import Client, initial_values

    users = UserStore(tmp_path / "users.sqlite")
    users.add("ana", "curator-password", "curator")
    users.add("bo", "curator-password", "curator")
    store = CurationStore(tmp_path / "curation.sqlite")
    dash_app = app.create_app(seed_result.documents, seed_result.events, store=store,
                              users=users, login=True)
    ids = [e["id"] for e in seed_result.events]
    errors = []

    def work(name, offset):
        client = Client.__new__(Client)
        client.c = dash_app.server.test_client()
        client.c.post("/login", data={"user": name, "password": "curator-password"},
                      headers={"Origin": "http://localhost"})
        client.deps = client.c.get("/_dash-dependencies").get_json()
        for k in range(rounds):
            action = "accept" if k % 2 else "reject"
            button = clicks(action_id(action))
            v = {**initial_values(), button: 1,
                 "selected-event.data": ids[(offset + k) % len(ids)], "data-version.data": k}
            try:
                resp, _, _ = client.call("data-version", v, [button])
                assert "Saved" in str(resp["cur-message"]["children"]), resp
            except Exception as exc:  # noqa: BLE001 - collected and reported below
                errors.append(f"{name}: {exc}")

    threads = [threading.Thread(target=work, args=(n, o)) for n, o in (("ana", 0), ("bo", 20))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = store.history()
    assert len(rows) == 2 * rounds
    assert sorted({r["user"] for r in rows}) == ["ana", "bo"]
    assert sum(r["user"] == "ana" for r in rows) == rounds
