"""An invitation to join: a one-time link an admin hands to someone.

Only the SHA-256 of the link's token is stored (as for logins and API
tokens, :mod:`.login`), so a copy of this table cannot be used to join. An
invitation is open until it is used, revoked or past ``expires``; it
records who made it and who joined with it (both set to NULL when that
user is deleted, so the record stays).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scratchpad.models.meta import Base, UTCDateTime, utcnow
from scratchpad.models.user import User

OPEN = "open"
USED = "used"
REVOKED = "revoked"
EXPIRED = "expired"


class Invitation(Base):
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires: Mapped[datetime] = mapped_column(UTCDateTime)
    # The new user is an admin (``manage_users invite --admin``).
    admin: Mapped[bool] = mapped_column(default=False, server_default=false())
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    used: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    revoked: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])

    def state(self, now: datetime) -> str:
        """``open``, or why not: ``used``, ``revoked`` or ``expired``."""
        if self.used is not None:
            return USED
        if self.revoked is not None:
            return REVOKED
        return EXPIRED if now >= self.expires else OPEN

    def __repr__(self) -> str:
        return f"<Invitation {self.id} by {self.invited_by_id}>"
