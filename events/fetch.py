"""Downloading one web page that a user asked to add (``python app.py add URL``, the
browser's add box). The only place eventline touches the network.

Every hop is checked: the scheme is http or https; the host name is resolved once and
each of its addresses must be public (not loopback, private, link-local, multicast or
reserved) unless the operator allows private addresses; the connection goes to the very
address that was checked (no second look-up a DNS answer could change); redirects (at
most :data:`MAX_REDIRECTS`) are followed by hand and checked the same way. The download
has a time limit for the whole transfer, not only per read (a server that drips bytes
forever is cut off), a size limit, no compression (no zip bombs) and must be a web page
(``text/html`` or ``application/xhtml+xml``).
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

MAX_REDIRECTS = 5
TIMEOUT_S = 20.0
USER_AGENT = "eventline/0.1 (adds one article a user asked for)"
PAGE_TYPES = ("text/html", "application/xhtml+xml")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


class FetchError(Exception):
    """A URL that cannot be added; the message names it and says why."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str
    charset: str | None


def looks_like_url(text: str) -> bool:
    """True for ``scheme://...`` (any scheme: the wrong ones get a clear refusal).

    >>> looks_like_url("https://example.org/a"), looks_like_url("notes/a.html")
    (True, False)
    """
    return bool(_URL.match(str(text).strip()))


def is_public_address(address: str) -> bool:
    """True for an address on the public internet.

    >>> [is_public_address(a) for a in ("93.184.216.34", "127.0.0.1", "10.1.2.3",
    ...                                 "169.254.169.254", "::1", "::ffff:192.168.0.1")]
    [True, False, False, False, False, False]
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _resolve(host: str, port: int, allow_private: bool, shown: str) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{shown}: the host {host!r} cannot be found ({exc})") from None
    addresses = sorted({info[4][0] for info in infos})
    if not addresses:
        raise FetchError(f"{shown}: the host {host!r} has no address")
    private = [a for a in addresses if not is_public_address(a)]
    if private and not allow_private:
        raise FetchError(
            f"{shown}: refused: {host} resolves to {private[0]}, a loopback, private or "
            "link-local address (a server must not fetch from its own network); the operator "
            "can allow it with --allow-private-urls")
    return addresses[0]


class _HTTP(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _HTTPS(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _split(url: str, shown: str):
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"{shown}: not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"{shown}: only http:// and https:// URLs can be added")
    if not parts.hostname:
        raise FetchError(f"{shown}: the URL has no host")
    if parts.username or parts.password:
        raise FetchError(f"{shown}: URLs with a user name or password are not fetched")
    https = parts.scheme.lower() == "https"
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return https, parts.hostname, port or (443 if https else 80), path


def _read_body(resp, shown: str, max_bytes: int, deadline: float) -> bytes:
    length = resp.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > max_bytes:
        raise FetchError(f"{shown}: the page is {int(length) / 1e6:.1f} MB, over the "
                         f"{max_bytes / 1e6:.0f} MB limit")
    chunks, total = [], 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(f"{shown}: the download took longer than the time limit; stopped")
        chunk = resp.read1(65536) if hasattr(resp, "read1") else resp.read(65536)
        if not chunk:
            break
        total += len(chunk)
        if total > max_bytes:
            raise FetchError(f"{shown}: the page is over the {max_bytes / 1e6:.0f} MB limit; "
                             "stopped")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch_url(url: str, *, allow_private: bool = False, timeout: float = TIMEOUT_S,
              max_bytes: int = 5 * 1024 * 1024) -> Fetched:
    """Download one web page (see the module docstring); FetchError says why it cannot."""
    shown = str(url).strip()[:300]
    current = shown
    deadline = time.monotonic() + timeout
    for _hop in range(MAX_REDIRECTS + 1):
        https, host, port, path = _split(current, shown)
        address = _resolve(host, port, allow_private, shown)
        left = max(0.1, deadline - time.monotonic())
        conn = (_HTTPS if https else _HTTP)(host, port, address, min(left, timeout))
        try:
            conn.request("GET", path, headers={
                "User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml",
                "Accept-Encoding": "identity"})
            resp = conn.getresponse()
            if resp.status in (301, 302, 303, 307, 308):
                location = resp.getheader("Location")
                if not location:
                    raise FetchError(f"{shown}: a redirect ({resp.status}) without a Location")
                current = urljoin(current, location.strip())
                continue
            if resp.status != 200:
                raise FetchError(f"{shown}: the server answered {resp.status} {resp.reason}")
            ctype = (resp.getheader("Content-Type") or "").strip()
            mime = ctype.split(";", 1)[0].strip().lower()
            if mime not in PAGE_TYPES:
                raise FetchError(f"{shown}: not a web page (Content-Type {mime or 'missing'}); "
                                 "download it and add the file instead")
            encoding = (resp.getheader("Content-Encoding") or "identity").strip().lower()
            if encoding not in ("", "identity"):
                raise FetchError(f"{shown}: the server sent a compressed ({encoding}) page "
                                 "though none was asked for")
            data = _read_body(resp, shown, max_bytes, deadline)
            m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", ctype, re.I)
            return Fetched(current, data, mime, m.group(1) if m else None)
        except TimeoutError:
            raise FetchError(f"{shown}: no answer within the time limit") from None
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(f"{shown}: the download failed ({str(exc)[:120] or type(exc).__name__})"
                             ) from None
        finally:
            conn.close()
    raise FetchError(f"{shown}: more than {MAX_REDIRECTS} redirects")
