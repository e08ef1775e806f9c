"""A failed login attempt, kept for a while to throttle password guessing.

One row per failure, naming the username as typed (whether or not such a
user exists, so that throttling does not reveal which accounts are real)
and the client address (an IPv6 one as its /64). The row is written, and
committed, before the password is checked (see
:mod:`scratchpad.security.throttle`); a right password removes it again.
Rows older than the throttle window no longer count and are deleted as
new failures arrive, so nobody is ever locked out for good. Living in the
database, the count holds across every process and server that shares it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from scratchpad.models.meta import Base, UTCDateTime, utcnow

MAX_ADDRESS_LENGTH = 64


class LoginFailure(Base):
    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(128))
    address: Mapped[str] = mapped_column(String(MAX_ADDRESS_LENGTH))
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set for a browser with a device cookie (it logged in before): such
    # failures count against that device only (migration 0015).
    device: Mapped[str | None] = mapped_column(String(64), nullable=True)

    __table_args__ = (
        Index("ix_login_failures_username_failed_at", "username", "failed_at"),
        Index("ix_login_failures_address_failed_at", "address", "failed_at"),
        Index("ix_login_failures_failed_at", "failed_at"),
        Index("ix_login_failures_device_failed_at", "device", "failed_at"),
    )
