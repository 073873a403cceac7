"""Serving defaults (explorer.serving) and the accounts command (explorer.users_cli)."""

from __future__ import annotations

import io

import pytest

import app
from explorer.accounts import UserStore
from explorer.serving import ServeError, is_loopback, login_required


def test_loopback_addresses():
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.3.2.1", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "10.1.2.3", "192.168.1.4", "::"))


def test_no_accounts_opens_on_loopback_only(tmp_path):
    empty = UserStore(tmp_path / "u.sqlite")
    assert login_required("127.0.0.1", empty) is False
    assert login_required("127.0.0.1", None) is False
    with pytest.raises(ServeError, match="users add"):
        login_required("0.0.0.0", empty)
    with pytest.raises(ServeError):
        login_required("10.0.0.5", None)


def test_no_login_is_the_operators_explicit_choice(tmp_path, capsys):
    assert login_required("0.0.0.0", None, no_login=True) is False
    assert "warning" in capsys.readouterr().err


def test_accounts_mean_login_everywhere(tmp_path):
    users = UserStore(tmp_path / "u.sqlite")
    users.add("ana", "a long password", "admin")
    assert login_required("127.0.0.1", users) is True
    assert login_required("0.0.0.0", users) is True


def run_users(tmp_path, *argv, stdin="", monkeypatch=None):
    """``python app.py users --users FILE ...`` with ``stdin``; (exit code, stdout+stderr)."""
    import contextlib
    import sys

    out = io.StringIO()
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = app.main(["users", "--users", str(tmp_path / "u.sqlite"), *argv])
    finally:
        sys.stdin = old
    return code, out.getvalue()


def test_users_command_adds_lists_changes_and_removes(tmp_path):
    assert "no accounts" in run_users(tmp_path, "list")[1]
    assert run_users(tmp_path, "add", "ana", "--role", "curator", "--password-stdin",
                     stdin="a long password\n")[0] == 0
    code, out = run_users(tmp_path, "list")
    assert code == 0 and "ana" in out and "curator" in out
    store = UserStore(tmp_path / "u.sqlite")
    assert store.verify("ana", "a long password")["role"] == "curator"
    run_users(tmp_path, "passwd", "ana", "--password-stdin", stdin="another password\n")
    assert store.verify("ana", "a long password") is None
    assert store.verify("ana", "another password") is not None
    run_users(tmp_path, "role", "ana", "admin")
    assert store.get("ana")["role"] == "admin"
    run_users(tmp_path, "remove", "ana")
    assert store.get("ana") is None


def test_users_command_refuses_a_short_password_without_a_trace(tmp_path):
    code, out = run_users(tmp_path, "add", "bo", "--password-stdin", stdin="short\n")
    assert code == 2 and "at least 8" in out
    assert UserStore(tmp_path / "u.sqlite").list() == []
    code, out = run_users(tmp_path, "add", "bo")  # no terminal, no --password-stdin
    assert code == 2 and "--password-stdin" in out


def test_serve_refuses_an_open_server_off_this_machine(tmp_path, capsys):
    code = app.main(["serve", "--host", "0.0.0.0", "--users", str(tmp_path / "u.sqlite")])
    err = capsys.readouterr().err
    assert code == 2 and "refusing to serve on 0.0.0.0 without accounts" in err
    assert "events from" not in err  # refused before any work
