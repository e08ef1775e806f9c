"""The one place comments change: posted (perhaps held), approved, edited,
deleted, removed by a moderator and restored, anonymised or deleted when
their author's account goes, and imported.

A page of comments is known (its ETag, the shared page cache) by the newest
comment id and the change marker (:mod:`scratchpad.models.comment_changes`).
A new comment raises the newest id by itself; every other change here also
moves the marker, in the same transaction, so no caller can forget to and
no cached page outlives the text it shows. The site's views, the API and
the scripts all call these functions. They take the caller's session (or,
for a bulk import, connection), never commit, and know nothing of requests.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, update
from sqlalchemy.orm import Session

from scratchpad.models import Comment, User, note_comments_changed, utcnow


def post_comment(
    dbsession: Session,
    content: str,
    commenter: User,
    held: bool = False,
    key: str | None = None,
) -> Comment:
    """Store a new comment by ``commenter`` (``held`` for a moderator: see
    :mod:`.premoderation`), with the idempotency ``key`` it was sent with;
    its id is the newest, so the marker need not move. ``content`` is
    already validated. Flushed, so the caller (the audit line, the API's
    answer) knows its id."""
    comment = Comment(
        content=content, commenter=commenter, held=held, idempotency_key=key
    )
    dbsession.add(comment)
    dbsession.flush()
    return comment


def edit_comment(dbsession: Session, comment: Comment, content: str) -> bool:
    """Give ``comment`` new text; False (and nothing changed) if it is the same."""
    if content == comment.content:  # saving unchanged text is not an edit
        return False
    comment.content = content
    comment.edited = utcnow()
    note_comments_changed(dbsession)
    return True


def delete_comment(dbsession: Session, comment: Comment) -> None:
    """Delete ``comment`` for good (its author's choice)."""
    dbsession.delete(comment)
    note_comments_changed(dbsession)


def remove_comment(dbsession: Session, comment: Comment, moderator: User) -> datetime:
    """A moderator's soft delete: the row stays, marked with who and when
    (returned)."""
    removed = comment.removed = utcnow()
    comment.removed_by_id = moderator.id
    note_comments_changed(dbsession)
    return removed


def approve_comment(dbsession: Session, comment: Comment) -> None:
    """A moderator lets a held comment show to everyone."""
    comment.held = False
    note_comments_changed(dbsession)


def restore_comment(dbsession: Session, comment: Comment) -> None:
    """Undo a moderator's removal: the text shows again (the audit log
    keeps who removed it, and when)."""
    comment.removed = None
    comment.removed_by_id = None
    note_comments_changed(dbsession)


def delete_comments_of(dbsession: Session, user_id: int) -> int:
    """Before ``user_id``'s account is deleted with its words: their comments
    go for good (their reports with them); returns how many."""
    result: Any = dbsession.execute(
        delete(Comment).where(Comment.commenter_id == user_id)
    )
    note_comments_changed(dbsession)
    return int(result.rowcount or 0)


def anonymise_comments(dbsession: Session, user_id: int) -> None:
    """Before ``user_id``'s account is deleted: their comments stay and show
    "anonymous", and their moderation marks lose their name."""
    dbsession.execute(
        update(Comment).where(Comment.commenter_id == user_id).values(commenter_id=None)
    )
    dbsession.execute(
        update(Comment)
        .where(Comment.removed_by_id == user_id)
        .values(removed_by_id=None)
    )
    note_comments_changed(dbsession)  # cached pages showed this user's name


def import_comments(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert comments as they come from a dump, ids included.

    Merged into a live site, they may be older than its newest comment, so
    the marker moves as for any other change.
    """
    if rows:
        connection.execute(insert(Comment), rows)
        note_comments_changed(connection)
