"""An API token: a bearer credential for one user's scripts and apps.

The token itself is shown once, when it is made; only its SHA-256 digest is
stored (the same scheme as login cookies, see :mod:`.login`), so a copy of
this table cannot be used to call the API. A read-only token may read
everything its user may read and change nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scratchpad.models.login import HashedToken
from scratchpad.models.meta import Base, UTCDateTime
from scratchpad.models.user import User


class ApiToken(HashedToken, Base):
    __tablename__ = "api_tokens"

    read_only: Mapped[bool] = mapped_column(default=False, server_default=false())
    # NULL until the token is first used.
    last_used: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)

    def __repr__(self) -> str:
        kind = "read-only" if self.read_only else "read-write"
        return f"<ApiToken {self.id} {kind} of user {self.user_id}>"
