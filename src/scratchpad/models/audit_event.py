"""A stored line of the security log (:mod:`scratchpad.security.audit`).

Every event logged on ``scratchpad.audit`` is also a row here, written in
the request's own transaction, so the admin pages can answer "who removed
this, and when". The user is kept by name, not by a foreign key: the record
outlives a deleted account. A request whose transaction is aborted (a
refused form, a 429) leaves its line in the log only.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from scratchpad.models.meta import Base, UTCDateTime, utcnow

MAX_KIND_LENGTH = 64
MAX_DETAIL_LENGTH = 255


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_username_id", "username", "id"),
        Index("ix_audit_events_kind_id", "kind", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(MAX_KIND_LENGTH))
    username: Mapped[str | None] = mapped_column(String(128))
    address: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(String(MAX_DETAIL_LENGTH), default="")

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.kind!r}>"
