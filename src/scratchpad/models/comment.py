"""A comment. Table and columns keep the tutorial's names.

Columns added by Scratchpad record what happened to a comment after it was
posted: ``edited`` (when its author last changed it), ``removed`` /
``removed_by_id`` (a moderator's soft delete; the text stays in the
database but is no longer shown), ``held`` (waiting for a moderator) and
``idempotency_key``, the key it was posted with, so that sending the same
post again never stores it twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scratchpad.models.meta import Base, UTCDateTime, utcnow
from scratchpad.models.user import User

MAX_LENGTH = 4096


class Comment(Base):
    __tablename__ = "comments"
    # Flood control counts one user's comments of the last minute.
    # AUTOINCREMENT: SQLite never hands a deleted comment's id out again
    # (migration 0014); the other backends never reuse ids anyway. A resend
    # with an idempotency key already used finds its comment.
    __table_args__ = (
        Index("ix_comments_commenter_id_posted", "commenter_id", "posted"),
        UniqueConstraint("idempotency_key", "commenter_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    content: Mapped[str | None] = mapped_column(String(MAX_LENGTH))
    # NULL for comments written before the tutorial added timestamps.
    posted: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    # NULL for comments written before the tutorial added users.
    commenter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    commenter: Mapped[User | None] = relationship(
        lazy="raise", foreign_keys=[commenter_id]
    )
    # When the author last edited the text; NULL if never.
    edited: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A moderator's soft delete: when, and by whom.
    removed: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Pre-moderation: shown to its author and the admins only until approved.
    held: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The key of the form or API request that posted it (see
    # scratchpad.comments.idempotency); NULL when it came without one.
    idempotency_key: Mapped[str | None] = mapped_column(String(64))

    def __repr__(self) -> str:
        return f"<Comment {self.id}>"
