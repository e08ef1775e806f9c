"""The users as the admin pages list them: searched by name and paged.

Pages are keyset pages over the primary key, as for the comments
(:mod:`scratchpad.comments.pagination`, whose cursor parser reads
``?before=<id>`` / ``?after=<id>``): users in the order they joined, and a
page deep in the list costs what the first costs. A search keeps only the
names that contain the text, ignoring case. Each user comes with their
state: flags, last login, number of comments and whether the login
throttle holds their account (three statements a page).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scratchpad.comments.pagination import Cursor
from scratchpad.models import Comment, User
from scratchpad.security.throttle import locked_accounts
from scratchpad.settings import Settings

MAX_SEARCH_LENGTH = 64


@dataclass(frozen=True)
class UserRow:
    user: User
    comments: int
    locked: bool


@dataclass(frozen=True)
class UserPage:
    rows: list[UserRow]
    previous: int | None  # the ``before`` cursor of the previous page, if any
    following: int | None  # the ``after`` cursor of the next page, if any


def _states(dbsession: Session, settings: Settings, users: list[User]) -> list[UserRow]:
    ids = [user.id for user in users]
    counts = dict(
        dbsession.execute(
            select(Comment.commenter_id, func.count())
            .where(Comment.commenter_id.in_(ids))
            .group_by(Comment.commenter_id)
        ).all()
    )
    locked = locked_accounts(dbsession, settings, [user.username for user in users])
    return [
        UserRow(user, int(counts.get(user.id, 0)), user.username.lower() in locked)
        for user in users
    ]


def find_users(
    dbsession: Session, settings: Settings, search: str, cursor: Cursor, size: int
) -> UserPage:
    """One page of users whose names contain ``search`` (all if empty)."""
    query = select(User)
    if search:
        text = search.lower()[:MAX_SEARCH_LENGTH]
        query = query.where(func.lower(User.username).contains(text, autoescape=True))
    if cursor.direction == "before":
        query = query.where(User.id < cursor.id).order_by(User.id.desc())
    else:
        if cursor.direction == "after":
            query = query.where(User.id > cursor.id)
        query = query.order_by(User.id.asc())
    users = list(dbsession.scalars(query.limit(size + 1)))
    more = len(users) > size
    users = users[:size]
    if cursor.direction == "before":
        users.reverse()
    if not users:
        return UserPage([], None, None)
    if cursor.direction == "before":
        previous = users[0].id if more else None
        following: int | None = users[-1].id
    else:
        previous = users[0].id if cursor.direction == "after" else None
        following = users[-1].id if more else None
    return UserPage(_states(dbsession, settings, users), previous, following)
