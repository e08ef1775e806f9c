"""One-time links sent to a user: a password reset, and the check of an
email address (:class:`EmailCheck`).

As with logins and API tokens (:class:`~.login.HashedToken`), only the
SHA-256 of the link's token is stored. A link works once, until
``expires``, and only while the user's password is the one it was made
for: ``password_mark`` is a digest of the password hash at the time, so
any password change kills every older link without touching this table.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scratchpad.models.login import HashedToken
from scratchpad.models.meta import Base, UTCDateTime
from scratchpad.models.user import User


class PasswordReset(HashedToken, Base):
    __tablename__ = "password_resets"

    expires: Mapped[datetime] = mapped_column(UTCDateTime)
    used: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_mark: Mapped[str] = mapped_column(String(64))
    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)

    def __repr__(self) -> str:
        return f"<PasswordReset {self.id} of user {self.user_id}>"


class EmailCheck(HashedToken, Base):
    """A link that proves ``email`` reaches its user: it is mailed there, and
    following it marks that address verified (until the user changes it)."""

    __tablename__ = "email_checks"

    email: Mapped[str] = mapped_column(String(254))
    expires: Mapped[datetime] = mapped_column(UTCDateTime)
    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)
