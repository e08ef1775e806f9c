"""Flood control for posting: a per-user rate limit and duplicate suppression.

Two rules, checked by :func:`check_post` before a new comment is stored:

- **Rate limit**: a user may post at most ``scratchpad.post_limit_per_minute``
  comments in any 60 seconds (0 = no limit). Members of ``group:admins``
  hold ``Permission.POST_UNLIMITED`` on the comments container and are
  exempt: they are the ones who clean up after a flood.
- **Duplicates**: the same text from the same user within 60 seconds is
  stored once, whoever the user is; a double-clicked "Post" button posts
  once.

The state is the ``comments`` table itself (the user's comments of the last
minute, found through the ``(commenter_id, posted)`` index), read no more
than the rules need: an EXISTS for the duplicate rule and a count bounded
by the limit (with the oldest of those posts) for the rate rule, so the rules
hold across any number of server processes. Two identical posts arriving at
the same moment are serialized by locking the poster's ``users`` row first
(``SELECT … FOR UPDATE`` on PostgreSQL and MariaDB; on SQLite a no-op write
takes the database's write lock): the second request waits, then sees the
first one's comment.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, LargeBinary, cast, exists, func, select, update

from scratchpad.models import Comment, User, utcnow
from scratchpad.security.permissions import Permission
from scratchpad.settings import get_settings
from scratchpad.web.logsafe import quoted

log = logging.getLogger(__name__)

WINDOW = timedelta(minutes=1)


@dataclass(frozen=True)
class Refusal:
    """Why a post was not stored: the HTTP status and a message for people."""

    status: int
    message: str
    retry_after: int | None = None

    @property
    def headers(self) -> dict[str, str]:
        """The response headers that go with the refusal (``Retry-After``)."""
        if self.retry_after is None:
            return {}
        return {"Retry-After": str(self.retry_after)}


def lock_poster(dbsession: Any, user_id: int) -> None:
    """Serialize concurrent posts by one user until the transaction ends."""
    if dbsession.get_bind().dialect.name == "sqlite":
        # SQLite has no row locks; the first write of a transaction takes
        # the database's write lock (waiting up to the busy timeout).
        dbsession.execute(
            update(User).where(User.id == user_id).values(is_admin=User.is_admin)
        )
    else:
        dbsession.execute(select(User.id).where(User.id == user_id).with_for_update())


def same_text(dbsession: Any, text: str) -> ColumnElement[bool]:
    """``comments.content`` equals ``text`` exactly: on MariaDB/MySQL as
    bytes, since its collations call "Hi" and "hi " equal."""
    if dbsession.get_bind().dialect.name in ("mysql", "mariadb"):
        return cast(Comment.content, LargeBinary) == text.encode()
    return Comment.content == text


def as_utc(value: datetime) -> datetime:
    """A time read from an aggregate (SQLite returns it naive, in UTC)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def check_post(request: Any, context: Any, text: str) -> Refusal | None:
    """None if ``request.identity`` may store ``text`` now, else a Refusal.

    Must run in the request's transaction, just before the comment is
    added, so that the lock it takes covers the insert.
    """
    user = request.identity
    dbsession = request.dbsession
    lock_poster(dbsession, user.id)
    now = utcnow()
    limit = get_settings(request.registry).post_limit_per_minute
    # Every engine reads at READ COMMITTED (see models.get_engine), so once
    # the poster's lock is held this sees the posts committed before it.
    mine = (Comment.commenter_id == user.id, Comment.posted > now - WINDOW)
    if dbsession.scalar(select(exists().where(*mine, same_text(dbsession, text)))):
        return Refusal(
            409,
            "You posted this comment a moment ago, so it was not posted again.",
        )
    if limit == 0 or request.has_permission(Permission.POST_UNLIMITED, context):
        return None
    # At most ``limit`` rows read: the count, and the oldest of them, which
    # must leave the window before another post may go.
    last = (
        select(Comment.posted)
        .where(*mine)
        .order_by(Comment.posted.desc())
        .limit(limit)
        .subquery()
    )
    count, oldest = dbsession.execute(
        select(func.count(), func.min(last.c.posted)).select_from(last)
    ).one()
    if count < limit:
        return None
    wait = max(1, math.ceil((as_utc(oldest) + WINDOW - now).total_seconds()))
    log.info("posting limit reached by %s (user %d)", quoted(user.username), user.id)
    return Refusal(
        429,
        f"You are posting too fast: at most {limit} comments a minute. "
        f"Please wait {wait} seconds and send again; your text is kept below.",
        retry_after=wait,
    )
