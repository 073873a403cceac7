"""Serving the explorer: who must log in, and the production server.

* :func:`login_required`: accounts defined means login, wherever the server listens. With
  no accounts the explorer opens as it always did, but only on a loopback address; bound
  to any other address it refuses to start unless ``--no-login`` says the operator means it.
* :func:`run`: waitress (pure Python, every platform) by default; Flask's development
  server only with ``--debug``. ``behind_proxy``: trust one reverse proxy's
  ``X-Forwarded-Proto``/``-Host``/``-For`` (for HTTPS cookies and the origin check).
"""

from __future__ import annotations

import ipaddress
import socket
import sys

from explorer.accounts import UserStore


class ServeError(Exception):
    """The server cannot start as asked; the message says why and what to do."""


def is_loopback(host: str) -> bool:
    """Does ``host`` name only this machine (127.0.0.0/8, ::1, localhost)?"""
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None)
        except OSError:
            return False
        return bool(infos) and all(ipaddress.ip_address(i[4][0].split("%")[0]).is_loopback
                                   for i in infos)


def login_required(host: str, users: UserStore | None, *, no_login: bool = False) -> bool:
    """Whether the explorer asks for a login; raises ServeError for an open server on a
    non-loopback address."""
    has_users = users is not None and users.has_users()
    if no_login:
        if not is_loopback(host):
            print(f"eventline: warning: --no-login on {host}: anyone who can reach this port "
                  "can read, upload and curate", file=sys.stderr)
        return False
    if has_users:
        return True
    if not is_loopback(host):
        raise ServeError(
            f"refusing to serve on {host} without accounts: anyone who could reach the port "
            "could upload and curate. Add one first (python app.py users add NAME --role admin), "
            "or pass --no-login on a network you trust")
    return False


def run(app, host: str, port: int, *, debug: bool = False, threads: int = 8,
        behind_proxy: bool = False) -> None:
    """Serve ``app`` (a Dash app) until interrupted."""
    if behind_proxy:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.server.wsgi_app = ProxyFix(app.server.wsgi_app, x_for=1, x_proto=1, x_host=1)
    if debug:
        app.run(host=host, port=port, debug=True)
        return
    try:
        import waitress
    except ImportError:  # pragma: no cover - waitress is a dependency
        raise ServeError("waitress is not installed (pip install waitress), or use --debug") from None
    print(f"eventline: serving on http://{host}:{port}/ (waitress, {threads} threads)",
          file=sys.stderr)
    waitress.serve(app.server, host=host, port=port, threads=threads, ident="eventline",
                   clear_untrusted_proxy_headers=not behind_proxy)
