"""Arranging users, comments and time for the comment and access tests.

Rows are written through a session outside any request and committed, so
the application sees them exactly as if earlier requests had made them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from scratchpad.models import Comment, User, utcnow

HOST = {"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"}


def client(app: Any, username: str | None = None) -> Any:
    """A browser of its own (its own cookies), logged in as ``username``."""
    from .conftest import TestApp

    browser = TestApp(app, extra_environ=dict(HOST))
    if username is not None:
        browser.login(username, f"{username}-password")
    return browser


def set_user(dbsession: Any, tm: Any, user_id: int, **values: Any) -> None:
    """Change a user's columns (``is_admin=True``, ``disabled=True`` …)."""
    dbsession.execute(update(User).where(User.id == user_id).values(**values))
    tm.commit()
    tm.begin()


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
    tm.commit()
    tm.begin()
    return comment_id


def get_comment(dbsession: Any, tm: Any, comment_id: int) -> Comment | None:
    """The comment as committed right now (None once deleted)."""
    tm.abort()
    tm.begin()
    return dbsession.scalar(select(Comment).where(Comment.id == comment_id))


def csrf(browser: Any) -> str:
    """A valid CSRF token for this browser's session."""
    return browser.get_csrf_token("/login/")


def move_clock(monkeypatch: Any, module: Any, seconds: float) -> None:
    """Make ``module.utcnow`` run ``seconds`` ahead of the real clock."""
    monkeypatch.setattr(module, "utcnow", lambda: utcnow() + timedelta(seconds=seconds))


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
