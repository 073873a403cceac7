"""``app.py users add|list|remove|passwd|role``: the accounts of a shared explorer."""

from __future__ import annotations

import getpass
import sys

from explorer.accounts import ROLES, AccountError, UserStore, default_users_path


def add_parser(sub) -> None:
    """Add the ``users`` command to the subparsers ``sub`` of the main parser."""
    sp = sub.add_parser(
        "users", help="manage the accounts of a shared explorer",
        description="Accounts for 'serve': viewers read and export, curators also upload and "
                    "curate, admins also manage accounts. Passwords are read from the terminal "
                    "(or one line of standard input with --password-stdin) and kept only as "
                    "salted scrypt hashes.")
    sp.add_argument("--users", metavar="FILE", default=None,
                    help=f"accounts file (default: {default_users_path()})")
    act = sp.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    a = act.add_parser("add", help="add an account")
    a.add_argument("name")
    a.add_argument("--role", choices=ROLES, default="viewer")
    a.add_argument("--password-stdin", action="store_true")
    act.add_parser("list", help="list the accounts")
    r = act.add_parser("remove", help="remove an account (its sessions end at once)")
    r.add_argument("name")
    p = act.add_parser("passwd", help="set a new password (the account's sessions end)")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true")
    o = act.add_parser("role", help="change an account's role")
    o.add_argument("name")
    o.add_argument("role", choices=ROLES)
    sp.set_defaults(func=cmd_users)


def _password(args, stdin=None) -> str:
    if args.password_stdin:
        line = (stdin or sys.stdin).readline()
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise AccountError("no terminal to read the password from: use --password-stdin")
    first = getpass.getpass(f"password for {args.name}: ")
    if getpass.getpass("again: ") != first:
        raise AccountError("the two passwords differ")
    return first


def cmd_users(args, out=None, stdin=None) -> int:
    out = out or sys.stdout
    store = UserStore(args.users or default_users_path())
    try:
        action = args.users_command
        if action == "list":
            rows = store.list()
            for row in rows:
                print(f"{row['name']:<24} {row['role']:<8} since {row['created']}", file=out)
            if not rows:
                print("no accounts: the explorer opens without login on 127.0.0.1 only", file=out)
        elif action == "add":
            store.add(args.name, _password(args, stdin), args.role)
            print(f"added {args.name} ({args.role})", file=out)
        elif action == "remove":
            store.remove(args.name)
            print(f"removed {args.name}", file=out)
        elif action == "passwd":
            store.set_password(args.name, _password(args, stdin))
            print(f"new password for {args.name}", file=out)
        else:
            store.set_role(args.name, args.role)
            print(f"{args.name} is now {args.role}", file=out)
        return 0
    finally:
        store.close()
