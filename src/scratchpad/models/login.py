"""A login: one browser's authenticated session, kept on the server.

The login cookie carries a random 256-bit token; only its SHA-256 digest is
stored here, so a copy of this table cannot be replayed as cookies. Deleting
a row logs that browser out at once, whoever holds a copy of the cookie:
that is what makes logout, "log out everywhere" and disabling a user real.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scratchpad.models.meta import Base, UTCDateTime, utcnow
from scratchpad.models.user import User


def new_token() -> str:
    """A fresh random token, 256 bits as 43 URL-safe characters: the one
    maker of secret tokens (login cookies, and API tokens after a prefix)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


class HashedToken:
    """The columns of a row that stands for one user's secret token: the
    token's digest (:func:`hash_token`), its user (the row goes with them)
    and when it was made. Logins and API tokens are both such rows."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Login(HashedToken, Base):
    __tablename__ = "logins"

    last_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The user's credentials_version when this login was made: a credential
    # change since then (even one racing the login) ends it.
    credentials_version: Mapped[int] = mapped_column(default=0, server_default="0")
    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)
