"""``manage_users`` commands for day-to-day operations: list, unlock,
rename and delete (the rest are in :mod:`.manage_users`), and how every
command finds its user (:func:`find_user`).

- ``list``: each user's id, name, last login and flags (admin, disabled,
  must-change-password).
- ``unlock NAME``: forget the failed logins that throttle NAME's account
  (the throttle window would forget them anyway; this does it now).
- ``rename NAME NEW``: the new name follows the username rules and must not
  be taken (ignoring case); comments follow, since they point at the id.
- ``delete NAME``: the account goes; its comments stay, as anonymous, as
  when users delete their own account (:mod:`scratchpad.accounts.deletion`).
"""

from __future__ import annotations

import argparse

from sqlalchemy import select
from sqlalchemy.orm import Session

from scratchpad.accounts.deletion import delete_user
from scratchpad.accounts.usernames import UsernameRejected, fold, normalize_username
from scratchpad.models import User
from scratchpad.scripts import ScriptError
from scratchpad.security import throttle
from scratchpad.settings import Settings


def find_user(dbsession: Session, name: str) -> User:
    """The user called ``name``, ignoring case, or :class:`ScriptError`."""
    wanted = fold(name)
    users = dbsession.scalars(select(User).order_by(User.id)).all()
    matches = [user for user in users if fold(user.username) == wanted]
    exact = [user for user in matches if user.username == name]
    if exact or len(matches) == 1:
        return (exact or matches)[0]
    if matches:
        names = ", ".join(user.username for user in matches)
        raise ScriptError(
            f"{name!r} matches several users ({names}); use the exact name"
        )
    raise ScriptError(f"no user called {name!r}")


def flags(user: User) -> str:
    return " ".join(
        name
        for name, on in (
            ("admin", user.is_admin),
            ("disabled", user.disabled),
            ("must-change-password", user.must_change_password),
        )
        if on
    )


def list_users(dbsession: Session, settings: Settings, args: argparse.Namespace) -> str:
    users = dbsession.scalars(select(User).order_by(User.id)).all()
    lines = [f"{'id':>6}  {'name':<32} {'last login':<17} flags"]
    for user in users:
        seen = (
            user.last_login.strftime("%Y-%m-%dT%H:%MZ") if user.last_login else "never"
        )
        lines.append(
            f"{user.id:>6}  {user.username:<32} {seen:<17} {flags(user)}".rstrip()
        )
    return "\n".join(lines)


def unlock(dbsession: Session, user: User) -> str:
    throttle.unlock_account(dbsession, user.username)
    return f"unlocked {user.username!r}: failed logins forgotten"


def rename(dbsession: Session, user: User, new_name: str) -> str:
    try:
        name = normalize_username(new_name)
    except UsernameRejected as error:
        raise ScriptError(f"{error} Nothing changed.") from None
    others = dbsession.scalars(select(User.username).where(User.id != user.id)).all()
    clash = [other for other in others if fold(other) == fold(name)]
    if clash:
        raise ScriptError(f"user {clash[0]!r} already exists; nothing changed")
    old, user.username = user.username, name
    return f"renamed {old!r} to {name!r}"


def delete(dbsession: Session, user: User) -> str:
    name = user.username
    kept = delete_user(dbsession, user)
    return f"deleted {name!r}; their {kept} comment(s) stay, as anonymous"
