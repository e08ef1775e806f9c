"""The comments' change marker: one row counting edits and deletions.

A page of comments is identified by the newest comment id (which every new
comment raises) and this counter (which every edit or deletion raises). Code
that changes or removes an existing comment must call
:func:`note_comments_changed` in the same transaction; posting a new comment
need not, since its id is the newest.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, ScalarSelect, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from scratchpad.models.meta import Base, utcnow

MARKER_ROW = 1


class CommentChanges(Base):
    __tablename__ = "comment_changes"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    counter: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


def note_comments_changed(dbsession: Session) -> None:
    """Record that an existing comment was edited or deleted.

    One UPDATE of one row by primary key, made inside the caller's
    transaction: if that transaction is aborted, the marker is unchanged too.
    """
    dbsession.execute(
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


def revise_comment(dbsession: Session, comment: Any, content: str) -> bool:
    """Give ``comment`` new text; False (and nothing changed) if it is the same.

    The one place an edit happens, for the site and the API alike, so the
    change marker (and with it every cached page's ETag) always moves.
    """
    if content == comment.content:  # saving unchanged text is not an edit
        return False
    comment.content = content
    comment.edited = utcnow()
    note_comments_changed(dbsession)
    return True


def delete_comment(dbsession: Session, comment: Any) -> None:
    """Delete ``comment`` for good and move the change marker."""
    dbsession.delete(comment)
    note_comments_changed(dbsession)
