"""The comments' change marker: one row counting edits and deletions.

A page of comments is identified by the newest comment id (which every new
comment raises) and this counter (which every other change raises). Comments
change only in :mod:`scratchpad.comments.changes`, which calls
:func:`note_comments_changed` in the same transaction as the change.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Connection, ScalarSelect, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from scratchpad.models.meta import Base

MARKER_ROW = 1


class CommentChanges(Base):
    __tablename__ = "comment_changes"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    counter: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


def note_comments_changed(db: Session | Connection) -> None:
    """Record that existing comments changed.

    One UPDATE of one row by primary key, made inside the caller's
    transaction: if that transaction is aborted, the marker is unchanged too.
    """
    db.execute(
        update(CommentChanges)
        .where(CommentChanges.id == MARKER_ROW)
        .values(counter=CommentChanges.counter + 1)
    )


def change_counter() -> ScalarSelect[int]:
    """The counter as a scalar subquery, to ride along in another SELECT."""
    return (
        select(CommentChanges.counter)
        .where(CommentChanges.id == MARKER_ROW)
        .scalar_subquery()
    )
