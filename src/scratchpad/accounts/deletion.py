"""Deleting a user for good, the one way: the account page, the admin
pages and ``manage_users delete`` all come here.

Their comments stay and show "anonymous" (``commenter_id`` becomes NULL),
unless an admin chose to remove them with the account,
comments they removed as a moderator stay removed without their name, and
their API tokens and logins go with the row. Cached pages showed their
name, so the comments' change marker moves.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scratchpad.accounts.tokens import revoke_all_tokens
from scratchpad.comments.changes import anonymise_comments, delete_comments_of
from scratchpad.models import Comment, User
from scratchpad.security.login_cookie import end_all_logins


def delete_user(dbsession: Session, user: User, keep_comments: bool = True) -> int:
    """Delete ``user``; returns how many comments are now anonymous (or,
    with ``keep_comments=False``, were deleted)."""
    kept = dbsession.scalar(
        select(func.count()).select_from(Comment).where(Comment.commenter_id == user.id)
    )
    if not keep_comments:
        delete_comments_of(dbsession, user.id)
    anonymise_comments(dbsession, user.id)
    revoke_all_tokens(dbsession, user.id)
    end_all_logins(dbsession, user.id)
    dbsession.delete(user)
    dbsession.flush()
    return int(kept or 0)
