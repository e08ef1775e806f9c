"""A person who can log in. The table keeps the tutorial's name and columns."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, false
from sqlalchemy.orm import Mapped, mapped_column

from scratchpad.models.meta import Base, UTCDateTime


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(128), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # Admins are the principal ``group:admins`` in ACLs.
    is_admin: Mapped[bool] = mapped_column(default=False, server_default=false())
    # A disabled user cannot log in, and open logins stop working.
    disabled: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Set for a generated first password: it works for one login, which can
    # only choose a new password (see security.permissions.principals_for).
    must_change_password: Mapped[bool] = mapped_column(
        default=False, server_default=false()
    )
    # Goes up whenever the credentials change (password, disable, log out
    # everywhere); a login made under an older value is refused (0015).
    credentials_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # A generated one-time password stops working at this moment; its one
    # login sets it to that login's time (NULL: not a one-time password).
    one_time_password_expires: Mapped[datetime | None] = mapped_column(
        UTCDateTime, nullable=True
    )
    # When they last logged in (NULL: not since migration 0013).
    last_login: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Optional; used (for reset links) only once verified by a link sent to it.
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    email_verified: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.username!r}>"
