"""``manage_users CONFIG_URI COMMAND``: users from the shell.

Commands: ``add NAME [--admin]``, ``set-password NAME``, ``disable NAME``,
``enable NAME``, ``grant-admin NAME``, ``revoke-admin NAME``, ``list``,
``unlock NAME``, ``rename NAME NEW``, ``delete NAME`` (see
:mod:`.user_changes`), ``token NAME [--read-only]``, ``revoke-token NAME``,
``invite [--admin] [--expires DAYS]``, ``reset-link NAME`` (:mod:`.links`).

``token`` prints the new API token as the last line of its output (so a
script can take it with ``tail -n 1``): it is shown only this once, since
only its hash is stored. ``revoke-token`` revokes every token of the user.

Passwords are never taken from the command line (it ends up in shell
history and in ``ps``): they are asked for twice at a prompt, or read as one
line from standard input when that is not a terminal, for scripting. Names
follow :mod:`scratchpad.accounts.usernames`; an existing user is found ignoring case.

Disabling a user and setting a password end that user's logins (even one
being made at that moment) and revoke their API tokens; a disabled user's
comments keep their name. Every change
is one transaction; errors are one line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from scratchpad.accounts.passwords import (
    PasswordRejected,
    check_new_password,
    hash_password,
)
from scratchpad.accounts.tokens import create_token, revoke_all_tokens
from scratchpad.accounts.usernames import UsernameRejected, fold, normalize_username
from scratchpad.models import User
from scratchpad.scripts import (
    EXIT_OK,
    ScriptError,
    current_engine,
    database_problem,
    db_session,
    fail,
    links,
    load_config,
    user_changes,
)
from scratchpad.scripts.user_changes import find_user
from scratchpad.security.login_cookie import end_all_logins
from scratchpad.settings import Settings

DESCRIPTION = """\
Manage the site's users from the shell. Passwords are never arguments: they
are asked for twice at a prompt, or read as one line from standard input
when it is not a terminal (printf '%s\\n' "$PW" | manage_users CONFIG add bob).
A user is found by name, ignoring case. Errors are one line on stderr and
exit code 1, with nothing changed."""


def read_password(stdin: TextIO) -> str:
    """A new password: prompted twice on a terminal, else one line of stdin."""
    if stdin.isatty():
        password = getpass.getpass("New password: ")
        if getpass.getpass("Repeat it: ") != password:
            raise ScriptError("the two passwords differ; nothing changed")
    else:
        password = stdin.readline().rstrip("\r\n")
    if not password:
        raise ScriptError("the password is empty; nothing changed")
    try:
        check_new_password(password)
    except PasswordRejected as error:
        raise ScriptError(f"{error} Nothing changed.") from None
    return password


def on_user(action: Callable[[Session, User], str]) -> Callable[..., str]:
    def change(dbsession: Session, settings: Settings, args: argparse.Namespace) -> str:
        return action(dbsession, find_user(dbsession, args.name))

    return change


def rename(dbsession: Session, settings: Settings, args: argparse.Namespace) -> str:
    return user_changes.rename(
        dbsession, find_user(dbsession, args.name), args.new_name
    )


def add(dbsession: Session, settings: Settings, args: argparse.Namespace) -> str:
    try:
        name = normalize_username(args.name)
    except UsernameRejected as error:
        raise ScriptError(str(error)) from None
    existing = dbsession.scalars(select(User.username)).all()
    clash = [other for other in existing if fold(other) == fold(name)]
    if clash:
        raise ScriptError(f"user {clash[0]!r} already exists; nothing changed")
    password = read_password(sys.stdin)
    user = User(
        username=name,
        password_hash=hash_password(password, settings.bcrypt_rounds),
        is_admin=args.admin,
    )
    dbsession.add(user)
    dbsession.flush()
    return f"added {'admin' if args.admin else 'user'} {name!r}"


def set_password(
    dbsession: Session, settings: Settings, args: argparse.Namespace
) -> str:
    user = find_user(dbsession, args.name)
    password = read_password(sys.stdin)
    user.password_hash = hash_password(password, settings.bcrypt_rounds)
    user.one_time_password_expires = None
    end_all_logins(dbsession, user.id)
    revoked = revoke_all_tokens(dbsession, user.id)
    done = f"ended their logins and revoked {revoked} API token(s)"
    return f"set the password of {user.username!r}, {done}"


def set_flag(flag: str, value: bool, done: str) -> Callable[..., str]:
    def change(dbsession: Session, settings: Settings, args: argparse.Namespace) -> str:
        user = find_user(dbsession, args.name)
        setattr(user, flag, value)
        if flag == "disabled" and value:
            end_all_logins(dbsession, user.id)
            revoked = revoke_all_tokens(dbsession, user.id)
            return f"{done} {user.username!r} and revoked {revoked} API token(s)"
        return f"{done} {user.username!r}"

    return change


def make_token(dbsession: Session, settings: Settings, args: argparse.Namespace) -> str:
    user = find_user(dbsession, args.name)
    token = create_token(dbsession, user, read_only=args.read_only)
    dbsession.flush()
    kind = "read-only" if args.read_only else "read-write"
    return (
        f"created a {kind} API token for {user.username!r}; it is shown only "
        f"once:\n{token}"
    )


def revoke_tokens(
    dbsession: Session, settings: Settings, args: argparse.Namespace
) -> str:
    user = find_user(dbsession, args.name)
    count = revoke_all_tokens(dbsession, user.id)
    return f"revoked {count} API token(s) of {user.username!r}"


COMMANDS: dict[str, tuple[Callable[..., str], str]] = {
    "add": (add, "add a user (password from a prompt or stdin)"),
    "set-password": (set_password, "set a user's password"),
    "disable": (set_flag("disabled", True, "disabled"), "stop a user logging in"),
    "enable": (set_flag("disabled", False, "enabled"), "let a user log in again"),
    "grant-admin": (set_flag("is_admin", True, "made admin:"), "add to group:admins"),
    "revoke-admin": (
        set_flag("is_admin", False, "no longer admin:"),
        "remove from group:admins",
    ),
    "list": (
        user_changes.list_users,
        "list the users: id, name, last login, flags (admin, disabled, "
        "must-change-password)",
    ),
    "unlock": (
        on_user(user_changes.unlock),
        "forget the failed logins that keep a user from logging in",
    ),
    "rename": (
        rename,
        "give a user a new name (their comments follow)",
    ),
    "delete": (
        on_user(user_changes.delete),
        "delete a user; their comments stay, as anonymous",
    ),
    "token": (make_token, "create an API token (printed as the last line)"),
    "revoke-token": (revoke_tokens, "revoke all of a user's API tokens"),
    "invite": (links.invite, "create an invitation (its link printed last)"),
    "reset-link": (
        lambda dbsession, settings, args: links.reset_link(
            dbsession, settings, find_user(dbsession, args.name)
        ),
        "create a password-reset link for a user (printed last)",
    ),
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="manage_users",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("config_uri", help="the ini file, e.g. development.ini")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_, help_text) in COMMANDS.items():
        sub = commands.add_parser(name, help=help_text)
        if name not in ("list", "invite"):
            sub.add_argument("name")
        if name == "rename":
            sub.add_argument("new_name", metavar="NEW")
        if name in ("add", "invite"):
            sub.add_argument("--admin", action="store_true", help="in group:admins")
        if name == "invite":
            sub.add_argument("--expires", type=int, metavar="DAYS", help="days valid")
        if name == "token":
            sub.add_argument("--read-only", action="store_true", help="no writes")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    action = COMMANDS[args.command][0]
    url = ""
    try:
        merged, settings = load_config(args.config_uri)
        url = settings.database_url
        engine = current_engine(merged, args.config_uri)
        try:
            with db_session(engine) as dbsession:
                message = action(dbsession, settings, args)
        finally:
            engine.dispose()
    except ScriptError as error:
        return fail(str(error))
    except IntegrityError:
        return fail(
            f"user {getattr(args, 'name', '')!r} already exists; nothing changed"
        )
    except SQLAlchemyError as error:
        return fail(database_problem(url, error))
    print(message)
    return EXIT_OK
