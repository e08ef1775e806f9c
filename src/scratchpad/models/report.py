"""A report: one logged-in user telling the moderators a comment is wrong.

Each user reports a comment at most once (a unique pair), with a short
reason. Reports go with their comment or their reporter. They are read
only on the admin pages: no public page shows how often a comment was
reported.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scratchpad.models.meta import Base, UTCDateTime, utcnow
from scratchpad.models.user import User

MAX_REASON_LENGTH = 200


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("comment_id", "reporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE")
    )
    reporter_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    reporter: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    reason: Mapped[str] = mapped_column(String(MAX_REASON_LENGTH))
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Report {self.id} on comment {self.comment_id}>"
