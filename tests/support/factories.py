"""The one way tests make users and comments.

Rows are written through a session outside any request and committed, so
the application sees them exactly as if earlier requests had made them.
Every function takes the session and its transaction manager (the
``dbsession`` and ``tm`` fixtures, or a live server's own) and leaves a
fresh transaction begun.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from zope.sqlalchemy import mark_changed

from scratchpad.accounts.passwords import hash_password
from scratchpad.models import Comment, User, utcnow

from . import TEST_ROUNDS

ALICE_PASSWORD = "alice-password"
BOB_PASSWORD = "bob-password"
START = datetime(2024, 1, 1, tzinfo=UTC)  # add_comments' first minute
SPACED = object()  # add_comments' default: a minute apart from START


def _committed(tm: Any) -> None:
    tm.commit()
    tm.begin()


def add_user(
    dbsession: Any, tm: Any, username: str = "alice", password: str = ALICE_PASSWORD
) -> int:
    """Create and commit a user; returns the new row's id."""
    user = User(username=username, password_hash=hash_password(password, TEST_ROUNDS))
    dbsession.add(user)
    dbsession.flush()
    user_id = user.id
    _committed(tm)
    return user_id


def user_id(dbsession: Any, username: str) -> int | None:
    return dbsession.scalar(select(User.id).where(User.username == username))


def set_user(dbsession: Any, tm: Any, user_id: int, **values: Any) -> None:
    """Change a user's columns (``is_admin=True``, ``disabled=True`` …)."""
    dbsession.execute(update(User).where(User.id == user_id).values(**values))
    _committed(tm)


def add_comment(
    dbsession: Any,
    tm: Any,
    text: str,
    commenter_id: int | None,
    posted: datetime | None = None,
) -> int:
    """Store a comment as if posted at ``posted`` (default: now); its id."""
    comment = Comment(content=text, commenter_id=commenter_id)
    comment.posted = posted or utcnow()
    dbsession.add(comment)
    dbsession.flush()
    comment_id = comment.id
    _committed(tm)
    return comment_id


def add_comments(
    dbsession: Any,
    tm: Any,
    count: int,
    commenter_id: int | None = None,
    first: int = 1,
    *,
    username: str | None = None,
    posted: Any = SPACED,
) -> list[int]:
    """Commit comments "comment <first>" … in one multi-row INSERT; returns
    their ids, oldest first. By ``commenter_id`` or ``username`` (default:
    nobody); all ``posted`` at one time (None: no time, as legacy rows
    have), by default a minute apart from :data:`START`."""
    if username is not None:
        commenter_id = user_id(dbsession, username)
    numbers = range(first, first + count)
    rows = [
        {
            "content": f"comment {n}",
            "posted": START + timedelta(minutes=n) if posted is SPACED else posted,
            "commenter_id": commenter_id,
        }
        for n in numbers
    ]
    table = Comment.__table__  # Core: an explicit None stays NULL
    ids: list[int] = []
    for start in range(0, len(rows), 500):
        ids += dbsession.scalars(
            insert(table).returning(table.c.id, sort_by_parameter_order=True),
            rows[start : start + 500],
        ).all()
    mark_changed(dbsession)
    _committed(tm)
    return ids


def get_comment(dbsession: Any, tm: Any, comment_id: int) -> Comment | None:
    """The comment as committed right now (None once deleted)."""
    tm.abort()
    tm.begin()
    return dbsession.scalar(select(Comment).where(Comment.id == comment_id))


def cast(make_user: Any, dbsession: Any, tm: Any) -> dict[str, int]:
    """The usual cast, each with password ``<name>-password``.

    alice wrote comment ``cid`` just now; bob is another user; root is an
    admin. Returns their ids by name.
    """
    ids = {name: make_user(name, f"{name}-password") for name in ("alice", "bob")}
    ids["root"] = make_user("root", "root-password")
    set_user(dbsession, tm, ids["root"], is_admin=True)
    ids["cid"] = add_comment(dbsession, tm, "Alice's <b>words</b>", ids["alice"])
    return ids
