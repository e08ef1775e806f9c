"""Pre-moderation: a new user's comments wait for a moderator.

With ``scratchpad.premoderation`` = N (0, the default, turns it off), a
comment by a user with fewer than N approved comments (shown and not
removed) is stored *held*: its author sees it, marked as waiting, and so
do the admins; everyone else, on every page, the feed and the API, does
not, until an admin approves it on ``/admin/held/`` (or removes it).
Admins are never held (``Comments.__acl__`` grants them ``moderate``).

Who may see a held comment's own page is :class:`~scratchpad.resources.
CommentResource`'s ACL; lists ask :func:`shown_to` for the condition that
leaves out the held comments of others.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, false, func, or_, select
from sqlalchemy.orm import Session, joinedload

from scratchpad.models import Comment, User
from scratchpad.security.permissions import Permission
from scratchpad.settings import get_settings


def sees_everything(request: Any) -> bool:
    """Whether this request may list held comments of others (admins)."""
    return bool(request.has_permission(Permission.MODERATE, request.root["comments"]))


def shown_to(request: Any) -> ColumnElement[bool] | None:
    """The comments this request may list (None: all of them, for admins)."""
    if sees_everything(request):
        return None
    not_held = Comment.held == false()
    if request.identity is None:
        return not_held
    return or_(not_held, Comment.commenter_id == request.identity.id)


def is_held(request: Any, comments: Any) -> bool:
    """Whether the poster's new comment waits for a moderator (admins never
    do: ``Comments.__acl__`` grants them ``moderate``)."""
    if request.has_permission(Permission.MODERATE, comments):
        return False
    needed = get_settings(request.registry).premoderation
    return must_wait(request.dbsession, needed, request.identity)


def must_wait(dbsession: Session, needed: int, user: User) -> bool:
    """Whether ``user``'s next comment is held (``needed`` = the setting)."""
    if needed <= 0:
        return False
    approved = (
        select(Comment.id)
        .where(
            Comment.commenter_id == user.id,
            Comment.held == false(),
            Comment.removed.is_(None),
        )
        .limit(needed)
        .subquery()
    )
    count = dbsession.scalar(select(func.count()).select_from(approved)) or 0
    return count < needed


def held_queue(dbsession: Session, limit: int) -> list[Comment]:
    """The held comments not yet removed, oldest first."""
    query = (
        select(Comment)
        .where(Comment.held, Comment.removed.is_(None))
        .order_by(Comment.id)
        .limit(limit)
        .options(joinedload(Comment.commenter))
    )
    return list(dbsession.scalars(query))


def waiting(dbsession: Session) -> int:
    query = select(func.count()).where(Comment.held, Comment.removed.is_(None))
    return int(dbsession.scalar(query) or 0)
