"""Email addresses on accounts: optional, and used only once verified.

Setting an address stores it unverified and makes a one-time link (the one
token maker, :func:`scratchpad.models.login.new_token`; only its SHA-256 is
kept) that is mailed to it; following the link within a day marks the
address verified. Changing or removing the address un-verifies it and kills
older links. Reset links (:mod:`.resets`) are mailed only to verified
addresses. These functions take a session and never commit.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from scratchpad.models import EmailCheck, User, utcnow
from scratchpad.models.login import hash_token, new_token

LIFETIME = timedelta(days=1)
MAX_EMAIL_LENGTH = 254
MAX_TOKEN_LENGTH = 128
_EMAIL = re.compile(
    r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$"
)


class EmailRejected(ValueError):
    """Not an address we can send to; the message says why."""


def checked_email(text: str) -> str:
    """``text`` as an address to store ("" removes it), or EmailRejected."""
    email = text.strip()
    if not email:
        return ""
    if len(email) > MAX_EMAIL_LENGTH or not _EMAIL.match(email):
        raise EmailRejected("That does not look like an email address.")
    return email


def set_email(dbsession: Session, user: User, email: str) -> str | None:
    """Store ``email`` unverified; the token of the link that verifies it
    (None when the address was removed)."""
    dbsession.execute(delete(EmailCheck).where(EmailCheck.user_id == user.id))
    user.email = email or None
    user.email_verified = None
    if not email:
        return None
    token = new_token()
    dbsession.add(
        EmailCheck(
            token_hash=hash_token(token),
            user=user,
            email=email,
            expires=utcnow() + LIFETIME,
        )
    )
    dbsession.flush()
    return token


def check_path(token: str) -> str:
    return f"/verify-email/{token}/"


def find_check(dbsession: Session, token: str) -> EmailCheck | None:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return dbsession.scalar(
        select(EmailCheck).where(EmailCheck.token_hash == hash_token(token))
    )


def check_state(check: EmailCheck) -> str:
    """``open``, or why the link no longer works."""
    if check.user.email != check.email:
        return "superseded"
    if check.user.email_verified is not None:
        return "used"
    return "expired" if utcnow() >= check.expires else "open"


def confirm(dbsession: Session, check: EmailCheck) -> User:
    """Mark the address verified (the row stays, so the link then says it
    was used; the next address change deletes it)."""
    user = check.user
    user.email_verified = utcnow()
    return user


def user_for(dbsession: Session, name_or_email: str) -> User | None:
    """The user a "forgot password" form names: by exact username, or by a
    verified email address (ignoring case)."""
    text = name_or_email.strip()
    if not text or len(text) > MAX_EMAIL_LENGTH:
        return None
    user = dbsession.scalar(select(User).where(User.username == text))
    if user is None and "@" in text:
        user = dbsession.scalars(
            select(User)
            .where(func.lower(User.email) == text.lower())
            .where(User.email_verified.is_not(None))
            .order_by(User.id)
        ).first()
    return user
