"""Attempts that are counted to slow abuse down: sign-ups per address and
in all, reset links asked for per account and per address.

One row per counted attempt: its kind, the subject it is counted under (an
address or network, a user id, ``*`` for the whole site) and when. Kept in
the database so every process counts the same (see
:mod:`scratchpad.security.rate`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from scratchpad.models.meta import Base, UTCDateTime, utcnow


class Attempt(Base):
    __tablename__ = "attempts"
    __table_args__ = (Index("ix_attempts_kind_subject_at", "kind", "subject", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
