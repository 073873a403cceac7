"""Who may reach the explorer, and what each may do: login, roles, cross-site checks, headers.

:func:`protect` installs it on the Flask server behind a Dash app:

* **Login** (when accounts exist, or ``login=True``): every path but ``/login`` needs a
  signed session cookie (HttpOnly, SameSite=Lax, Secure when the request came over HTTPS).
  A page request without one is sent to the login form; any other request gets 401. The
  user's role is read from the accounts file on every request, so a removed user or a
  changed role takes effect at once. Failed logins are rate-limited per client address
  and per name.
* **Roles on the server**: a Dash callback request whose outputs include a component the
  app marks as needing a role (``needs={"curator": {"cur-status", ...}}``; a
  pattern-matching id by its ``type``) is refused with 403 for a lower role (and for
  everybody under ``read_only``), whatever the page showed: the check reads the request,
  not the page.
* **Cross-site requests**: a POST must come from the explorer's own origin (its
  ``Origin``, else its ``Referer``); a page on another site cannot make a logged-in
  browser curate or upload. Applies with or without login (a page on the internet can
  reach an explorer on 127.0.0.1 through its user's browser).
* **Headers**: ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin``,
  ``X-Frame-Options: DENY`` and a Content-Security-Policy with ``frame-ancestors 'none'``
  under which Dash runs (its inline scripts by hash, ``app.csp_hashes()``).
"""

from __future__ import annotations

import html
import json
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Flask, g, has_request_context, redirect, request, session
from flask.sessions import SecureCookieSessionInterface

from explorer.accounts import UserStore, allows

#: Failed logins allowed per client address and per name within WINDOW seconds.
MAX_FAILURES = 5
WINDOW = 15 * 60
_PUBLIC = ("/login", "/logout", "/favicon.ico", "/_favicon.ico")  # nothing that reveals data
_UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


class _CookieSession(SecureCookieSessionInterface):
    """Session cookies marked Secure exactly when the request came over HTTPS (directly,
    or through a proxy that says so when the server trusts it)."""

    def get_cookie_secure(self, app) -> bool:
        return bool(request and request.is_secure)


class LoginLimiter:
    """Counts failed logins per key (client address, name) in a sliding window."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures, self.window, self.clock = max_failures, window, clock
        self._fails: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque:
        q = self._fails[key]
        limit = self.clock() - self.window
        while q and q[0] < limit:
            q.popleft()
        return q

    def blocked(self, *keys: str) -> float:
        """Seconds until a try is allowed again (0: allowed now)."""
        with self._lock:
            waits = [self._recent(k)[0] + self.window - self.clock()
                     for k in keys if len(self._recent(k)) >= self.max_failures]
        return max(waits, default=0.0)

    def failed(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._recent(k).append(self.clock())

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._fails.pop(k, None)


def same_origin(req) -> bool:
    """Does an unsafe request come from this server's own origin? A browser names the page
    that sends a cross-site POST (``Origin``, else ``Referer``); a request that names none is
    taken only as JSON, which no page on another site can send here without a CORS preflight
    this server never grants (a form can: it is refused)."""
    source = req.headers.get("Origin") or req.headers.get("Referer")
    if not source:
        return req.mimetype == "application/json"
    if source == "null":
        return False
    parts = urlsplit(source)
    return (parts.scheme, parts.netloc) == (req.scheme, req.host)


def callback_outputs(callback_id: str) -> set[str]:
    """The component ids a Dash callback writes to, from its id (the ``output`` key that
    Dash dispatches a request by: ``"view.children"``, ``"..a.x...b.y.."``, pattern ids as
    their ``type``)."""
    if not isinstance(callback_id, str):
        return set()
    parts = callback_id[2:-2].split("...") if callback_id.startswith("..") else [callback_id]
    ids = set()
    for part in parts:
        cid = part.rsplit(".", 1)[0]
        if cid.startswith("{"):
            try:
                cid = json.loads(cid).get("type")
            except (ValueError, AttributeError):
                continue
        if isinstance(cid, str) and cid:
            ids.add(cid)
    return ids


def declared_outputs(entry) -> set[str]:
    """The component ids a callback writes to, from the Outputs it was declared with (its
    ``app.callback_map`` entry), a pattern-matching (dict) id as its ``type``: what
    :func:`callback_outputs` reads from the key, without reading a string (a dict id's
    values may hold the dots that key is split at)."""
    outs = entry.get("output") if isinstance(entry, dict) else None
    ids = set()
    for out in outs if isinstance(outs, (list, tuple)) else [outs]:
        cid = getattr(out, "component_id", None)
        if isinstance(cid, dict):
            cid = cid.get("type")
        if isinstance(cid, str) and cid:
            ids.add(cid)
    return ids


def needed_role(outputs: set[str], needs: dict[str, set[str]]) -> str | None:
    """The highest role any of ``outputs`` needs (None: any visitor)."""
    found = None
    for role in ("viewer", "curator", "admin"):
        if outputs & needs.get(role, set()):
            found = role
    return found


def callback_role(callback_id: str, entry, needs: dict[str, set[str]]) -> str | None:
    """The role the callback ``app.callback_map[callback_id] == entry`` needs, by its
    outputs as its key names them and as they were declared (the higher role wins)."""
    return needed_role(callback_outputs(callback_id) | declared_outputs(entry), needs)


def current_user() -> dict | None:
    """The logged-in user of this request (``{name, role}``), or None (no login, or no
    request: Dash builds the layout once at start-up to check it)."""
    if not has_request_context():
        return None
    return getattr(g, "eventline_user", None)


_FORM = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>eventline: log in</title><meta name="viewport" content="width=device-width">
<style>body{{font:16px system-ui,sans-serif;max-width:22rem;margin:4rem auto;color:#1d2733}}
label{{display:block;margin:.8rem 0 .2rem}}input{{width:100%;padding:.4rem;font:inherit}}
button{{margin-top:1rem;padding:.4rem 1.2rem;font:inherit}}.err{{color:#a30d0d}}</style>
</head><body><h1>eventline</h1><form method="post" action="login">
<input type="hidden" name="next" value="{next}">
<label for="user">User</label><input id="user" name="user" autocomplete="username" required autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<p class="err" id="login-error">{error}</p><button id="login-submit" type="submit">Log in</button>
</form></body></html>"""


def _login_page(error: str = "", next_path: str = "/", status: int = 200):
    page = _FORM.format(error=html.escape(error), next=html.escape(next_path, quote=True))
    return page, status, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}


def _safe_next(value: str | None, prefix: str) -> str:
    """A local path to go back to after login (never another site)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return prefix
    return value


def protect(app, users: UserStore | None, *, login: bool, read_only: bool = False,
            needs: dict[str, set[str]] | None = None, limiter: LoginLimiter | None = None) -> None:
    """Install login, role checks, the origin check and security headers on ``app`` (a
    Dash app). ``login``: require a logged-in user (needs ``users``). ``needs``: role ->
    component ids whose callbacks need at least that role. ``read_only``: refuse those
    callbacks for everybody."""
    server: Flask = app.server
    needs = needs or {}
    limiter = limiter or LoginLimiter()
    prefix = app.config.requests_pathname_prefix or "/"
    if login:
        if users is None:
            raise ValueError("login needs an accounts file")
        server.secret_key = users.secret_key()
        server.session_interface = _CookieSession()
        server.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                             SESSION_COOKIE_NAME="eventline_session")
    roles_of: dict[str, str | None] = {}

    def role_for(callback_id) -> str | None:
        # the role the callback Dash would dispatch this request to needs (by the very key
        # it dispatches by, so that no other field of the request can hide the callback)
        if len(roles_of) != len(app.callback_map):
            roles_of.clear()
            roles_of.update({k: callback_role(k, e, needs) for k, e in app.callback_map.items()})
        return roles_of.get(callback_id) if isinstance(callback_id, str) else None

    def who() -> dict | None:
        name, since = session.get("user"), session.get("since")
        if not name or users is None:
            return None
        user = users.get(name)
        # a password change since this session was made ends the session
        if user is None or (since and user["changed"] > since):
            return None
        return user

    @server.before_request
    def _gate():
        path = request.path
        if request.method in _UNSAFE and not same_origin(request):
            return {"error": "cross-site request refused"}, 403
        if login and path.rstrip("/").endswith(_PUBLIC):
            return None
        user = who() if login else {"name": None, "role": "curator" if read_only else "admin"}
        if user is None:
            if request.method == "GET" and "text/html" in request.headers.get("Accept", ""):
                return redirect(f"{prefix}login?next={request.full_path.rstrip('?')}")
            return {"error": "log in first"}, 401
        g.eventline_user = user
        if request.method == "POST" and path.endswith("_dash-update-component") and needs:
            body = request.get_json(silent=True)
            role = role_for(body.get("output") if isinstance(body, dict) else None)
            if role and role != "viewer" and read_only:
                return {"error": "this explorer is read-only"}, 403
            if role and not allows(user["role"], role):
                return {"error": f"{role}s only: your role is {user['role']}"}, 403
        return None

    if login:
        @server.route(f"{prefix}login", methods=["GET", "POST"])
        def _login():
            next_path = _safe_next(request.values.get("next"), prefix)
            if request.method == "GET":
                return _login_page(next_path=next_path)
            name = (request.form.get("user") or "").strip()
            keys = (f"addr:{request.remote_addr}", f"name:{name.lower()}")
            wait = limiter.blocked(*keys)
            if wait > 0:
                return _login_page(f"Too many failed logins: try again in {int(wait) + 1} s.",
                                   next_path, 429)
            user = users.verify(name, request.form.get("password") or "")
            if user is None:
                limiter.failed(*keys)
                return _login_page("Unknown user or wrong password.", next_path, 401)
            limiter.succeeded(*keys)
            session.clear()
            session["user"], session["since"] = user["name"], user["changed"]
            session["nonce"] = secrets.token_hex(8)  # a new cookie value at every login
            return redirect(next_path)

        @server.route(f"{prefix}logout", methods=["POST"])
        def _logout():
            session.clear()
            return redirect(f"{prefix}login")

    script_hashes = " ".join(app.csp_hashes())  # already quoted: "'sha256-...'"
    csp = ("default-src 'self'; "
           f"script-src 'self' 'unsafe-eval' {script_hashes}; "  # plotly's WebGL (regl) uses new Function
           "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
           "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
           "form-action 'self'; frame-ancestors 'none'")

    @server.after_request
    def _headers(resp):
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("X-Frame-Options", "DENY")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        resp.headers.setdefault("Content-Security-Policy", csp)
        return resp


def user_json() -> str:
    """The current user as JSON for the page (name and role; never anything else)."""
    user = current_user() or {}
    return json.dumps({"name": user.get("name"), "role": user.get("role")})
