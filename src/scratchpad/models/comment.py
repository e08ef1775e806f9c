"""A comment. Table and columns keep the tutorial's names."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .meta import Base, UTCDateTime, utcnow
from .user import User

MAX_LENGTH = 4096


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    content: Mapped[str | None] = mapped_column(String(MAX_LENGTH))
    # NULL for comments written before the tutorial added timestamps.
    posted: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    # NULL for comments written before the tutorial added users.
    commenter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    commenter: Mapped[User | None] = relationship(lazy="raise")

    def __repr__(self) -> str:
        return f"<Comment {self.id}>"
