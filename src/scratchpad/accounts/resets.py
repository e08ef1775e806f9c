"""Password-reset links: making, finding and using them.

A link is ``<base_url>/reset/<token>/``; its token comes from the one token
maker (:func:`scratchpad.models.login.new_token`) and only its SHA-256 is
stored. It works once, for an hour, and only while the user's password is
the one it was made for (a digest of the hash is kept with it), so a
password change by any route kills every older link. Using one sets the new
password and ends every login of the user.

Admins make links on the admin pages and with ``manage_users reset-link``;
with email set up, anyone may have one sent (:mod:`scratchpad.accounts.mail`).
These functions take a SQLAlchemy session and never commit.
"""

from __future__ import annotations

import hmac
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from scratchpad.accounts.passwords import hash_password
from scratchpad.models import PasswordReset, User, utcnow
from scratchpad.models.login import hash_token, new_token
from scratchpad.security.login_cookie import end_all_logins

LIFETIME = timedelta(hours=1)
MAX_TOKEN_LENGTH = 128
OPEN = "open"


def password_mark(user: User) -> str:
    """What a link remembers of the password it was made for."""
    return hash_token("reset:" + user.password_hash)


def create_reset(dbsession: Session, user: User) -> str:
    """A new reset link's token for ``user``: the only time it is seen."""
    token = new_token()
    dbsession.add(
        PasswordReset(
            token_hash=hash_token(token),
            user=user,
            expires=utcnow() + LIFETIME,
            password_mark=password_mark(user),
        )
    )
    dbsession.flush()
    return token


def reset_path(token: str) -> str:
    """Where a reset token is used, from the site's root."""
    return f"/reset/{token}/"


def find_reset(dbsession: Session, token: str) -> PasswordReset | None:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return dbsession.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == hash_token(token))
    )


def reset_state(reset: PasswordReset) -> str:
    """``open``, or why the link no longer works."""
    if reset.used is not None:
        return "used"
    if utcnow() >= reset.expires:
        return "expired"
    if reset.user.disabled:
        return "disabled"
    if not hmac.compare_digest(reset.password_mark, password_mark(reset.user)):
        return "superseded"
    return OPEN


def use_reset(
    dbsession: Session, reset: PasswordReset, password: str, rounds: int
) -> User:
    """Set the new (already checked) password and end every login."""
    user = reset.user
    reset.used = utcnow()
    user.password_hash = hash_password(password, rounds)
    user.must_change_password = False
    user.one_time_password_expires = None
    end_all_logins(dbsession, user.id)
    return user
