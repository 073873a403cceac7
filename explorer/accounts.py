"""Accounts of a shared explorer: names, roles and slow salted password hashes.

The accounts live in one SQLite file (by default ``users.sqlite`` in the user data
directory; ``--users FILE`` names another), apart from any corpus: a team shares one
server, and its accounts outlive the corpora it reads.

Roles are ranked: a **viewer** reads and exports, a **curator** also uploads and curates,
an **admin** also manages accounts (from the command line: ``app.py users ...``).
Passwords are stored only as werkzeug scrypt hashes (salted, memory-hard); a wrong name
costs the same hashing time as a wrong password, so timing does not tell which names exist.

Examples
--------
>>> import tempfile, pathlib
>>> users = UserStore(pathlib.Path(tempfile.mkdtemp()) / "users.sqlite")
>>> users.add("ana", "correct horse battery", "curator")
>>> users.verify("ana", "correct horse battery")["role"]
'curator'
>>> users.verify("ana", "wrong password") is None
True
>>> allows("curator", "viewer"), allows("viewer", "curator")
(True, False)
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import sqlite3
import threading
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

ROLES = ("viewer", "curator", "admin")
_RANK = {r: i for i, r in enumerate(ROLES)}
#: Shortest password accepted (NIST SP 800-63B asks for at least 8).
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")
_HASH_METHOD = "scrypt"
# a hash to check against when the name is unknown, so that both paths cost the same
_DUMMY = generate_password_hash("not a password of anybody", method=_HASH_METHOD)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    hash TEXT NOT NULL,
    created TEXT NOT NULL,
    changed TEXT NOT NULL  -- when the password was last set: older sessions end
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class AccountError(Exception):
    """An account operation that cannot be done; the message says why."""


def allows(role: str | None, needed: str) -> bool:
    """Does ``role`` include what ``needed`` may do?"""
    return role in _RANK and _RANK[role] >= _RANK[needed]


def check_role(role: str) -> str:
    if role not in _RANK:
        raise AccountError(f"role {role!r} is not one of {', '.join(ROLES)}")
    return role


def check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise AccountError(f"user name {name!r}: 1 to 64 letters, digits and _ . @ -, "
                           "starting with a letter or digit")
    return name


def check_password(password: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"the password has more than {MAX_PASSWORD} characters")
    return password


def open_users(path: str | os.PathLike | None = None) -> UserStore | None:
    """The accounts file at ``path`` (created if need be), or the default one when it
    exists; None when no path is given and there is no default file (no accounts)."""
    if path:
        return UserStore(path)
    default = default_users_path()
    return UserStore(default) if default.exists() else None


def default_users_path() -> Path:
    from events.curation.locations import user_data_dir

    return user_data_dir() / "users.sqlite"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class UserStore:
    """The accounts in an SQLite file; one connection per thread, so one store serves the
    threads of a web server."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self._local = threading.local()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as con:
                con.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise AccountError(f"cannot use the accounts file {self.path}: {exc}") from None
        if os.name == "posix":
            try:
                os.chmod(self.path, 0o600)  # hashes and the session key: owner only
            except OSError:
                pass

    def _connect(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            con.execute("PRAGMA journal_mode=WAL")
            self._local.con = con
        return con

    def _write(self, sql: str, args: tuple) -> int:
        try:
            con = self._connect()
            with con:
                return con.execute(sql, args).rowcount
        except sqlite3.Error as exc:
            raise AccountError(f"accounts file {self.path}: {exc}") from None

    def add(self, name: str, password: str, role: str = "viewer") -> None:
        check_name(name)
        check_role(role)
        digest = generate_password_hash(check_password(password), method=_HASH_METHOD)
        now = _now()
        try:
            self._write("INSERT INTO users VALUES (?, ?, ?, ?, ?)", (name, role, digest, now, now))
        except AccountError as exc:
            if "UNIQUE" in str(exc):
                raise AccountError(f"user {name!r} exists already") from None
            raise

    def remove(self, name: str) -> None:
        if not self._write("DELETE FROM users WHERE name = ?", (name,)):
            raise AccountError(f"no user {name!r}")

    def set_password(self, name: str, password: str) -> None:
        digest = generate_password_hash(check_password(password), method=_HASH_METHOD)
        if not self._write("UPDATE users SET hash = ?, changed = ? WHERE name = ?",
                           (digest, _now(), name)):
            raise AccountError(f"no user {name!r}")

    def set_role(self, name: str, role: str) -> None:
        if not self._write("UPDATE users SET role = ? WHERE name = ?", (check_role(role), name)):
            raise AccountError(f"no user {name!r}")

    def list(self) -> list[dict]:
        rows = self._connect().execute(
            "SELECT name, role, created, changed FROM users ORDER BY name").fetchall()
        return [dict(zip(("name", "role", "created", "changed"), r, strict=True)) for r in rows]

    def get(self, name: str) -> dict | None:
        """``{name, role, changed}`` of a user, or None."""
        row = self._connect().execute(
            "SELECT name, role, changed FROM users WHERE name = ?", (name,)).fetchone()
        return dict(zip(("name", "role", "changed"), row, strict=True)) if row else None

    def has_users(self) -> bool:
        return self._connect().execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    def verify(self, name: str, password: str) -> dict | None:
        """The user ``{name, role, changed}`` when the password is theirs, else None."""
        row = None
        if isinstance(name, str) and _NAME.fullmatch(name):
            row = self._connect().execute(
                "SELECT name, role, hash, changed FROM users WHERE name = ?", (name,)).fetchone()
        ok = check_password_hash(row[2] if row else _DUMMY,
                                 password if isinstance(password, str) else "")
        if not (row and ok):
            return None
        return {"name": row[0], "role": row[1], "changed": row[3]}

    def secret_key(self) -> str:
        """The key that signs session cookies: made once, kept, so that sessions outlive
        a restart (and are all ended by deleting it)."""
        con = self._connect()
        row = con.execute("SELECT value FROM meta WHERE key = 'session_key'").fetchone()
        if row:
            return row[0]
        key = secrets.token_hex(32)
        with con:
            con.execute("INSERT OR IGNORE INTO meta VALUES ('session_key', ?)", (key,))
        return con.execute("SELECT value FROM meta WHERE key = 'session_key'").fetchone()[0]

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None
