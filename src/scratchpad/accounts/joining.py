"""Making a new account from the join form, by invitation or open sign-up.

The form's username and password follow the rules every account follows
(:mod:`.usernames`, :mod:`.passwords`): a name is normalised, must be free
ignoring case, and the password is checked as on the account page. A
refusal says which field is wrong and changes nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from scratchpad.accounts.passwords import (
    PasswordRejected,
    check_new_password,
    hash_password,
)
from scratchpad.accounts.usernames import UsernameRejected, fold, normalize_username
from scratchpad.models import User, utcnow


class JoinRejected(ValueError):
    """The form cannot make an account; ``field`` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def name_taken(dbsession: Session, name: str) -> str | None:
    """The existing username that ``name`` would clash with, if any."""
    wanted = fold(name)
    for existing in dbsession.scalars(select(User.username)):
        if fold(existing) == wanted:
            return existing
    return None


def checked_username(dbsession: Session, raw: str) -> str:
    """The name to store for ``raw``, or :class:`JoinRejected`."""
    try:
        name = normalize_username(raw)
    except UsernameRejected as error:
        message = f"That username cannot be used: {error}."
        raise JoinRejected("username", message) from None
    if name_taken(dbsession, name) is not None:
        raise JoinRejected("username", "That username is taken; please choose another.")
    return name


def checked_password(typed: str, again: str) -> str:
    """The new password ``typed`` if it follows the rules and ``again``
    repeats it."""
    if typed != again:
        raise JoinRejected("password", "The two passwords were not the same.")
    try:
        check_new_password(typed)
    except PasswordRejected as error:
        raise JoinRejected("password", str(error)) from None
    return typed


def new_user(
    dbsession: Session,
    username: str,
    password: str,
    confirmation: str,
    rounds: int,
    admin: bool = False,
) -> User:
    """Check the form's fields and add the user (flushed, so it has an id)."""
    name = checked_username(dbsession, username)
    checked_password(password, confirmation)
    user = User(
        username=name,
        password_hash=hash_password(password, rounds),
        is_admin=admin,
        last_login=utcnow(),
    )
    dbsession.add(user)
    dbsession.flush()
    return user
