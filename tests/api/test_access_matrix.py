"""Every API operation for every kind of caller, with its exact status.

The API has no rules of its own: these are the HTML site's (see
tests/security/test_access_matrix.py) seen through tokens, plus "a
read-only token changes nothing" and "no valid token, no writes". A
refused cell must also change nothing.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update
from zope.sqlalchemy import mark_changed

from scratchpad.models import Comment, User, utcnow
from tests.support.factories import add_comments

CALLERS = ("anonymous", "author", "read-only", "other", "admin", "disabled")
MATRIX = {
    # operation: statuses in the order of CALLERS
    "list": (200, 200, 200, 200, 200, 200),
    "show": (200, 200, 200, 200, 200, 200),
    "post": (401, 201, 403, 201, 201, 401),
    "edit": (401, 200, 403, 403, 403, 401),
    "delete": (401, 204, 403, 403, 403, 401),
}


@pytest.fixture
def tokens(make_token, dbsession, tm):
    found = {
        "anonymous": None,
        "author": make_token("alice"),
        "read-only": make_token("alice", read_only=True),
        "other": make_token("bob"),
        "admin": make_token("root"),
        "disabled": make_token("dave"),
    }
    dbsession.execute(update(User).where(User.username == "root").values(is_admin=True))
    dbsession.execute(update(User).where(User.username == "dave").values(disabled=True))
    mark_changed(dbsession)
    tm.commit()
    tm.begin()
    return found


def snapshot(dbsession, tm):
    tm.abort()
    tm.begin()
    return dbsession.execute(
        select(func.count(Comment.id), func.max(Comment.edited))
    ).one()


@pytest.mark.parametrize("operation", MATRIX)
def test_api_access_matrix(api, tokens, dbsession, tm, operation):
    for caller, expected in zip(CALLERS, MATRIX[operation], strict=True):
        [cid] = add_comments(
            dbsession, tm, 1, username="alice", posted=utcnow(), first=0
        )[-1:]
        method, path, body = {
            "list": ("GET", "/api/comments", None),
            "show": ("GET", f"/api/comments/{cid}", None),
            "post": ("POST", "/api/comments", {"content": f"by {caller}"}),
            "edit": ("PATCH", f"/api/comments/{cid}", {"content": f"by {caller}"}),
            "delete": ("DELETE", f"/api/comments/{cid}", None),
        }[operation]
        before = snapshot(dbsession, tm)
        extra = {"json": body} if body is not None else {}
        response = api.call(method, path, token=tokens[caller], status="*", **extra)
        assert response.status_int == expected, (operation, caller, response.text)
        if expected >= 400:
            assert snapshot(dbsession, tm) == before, (operation, caller)
