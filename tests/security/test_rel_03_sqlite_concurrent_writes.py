"""REL-03: SQLite under concurrent writes. A real waitress server with 8
threads, 20 logged-in clients posting 5 comments each at once: every post
is acknowledged (303) and stored exactly once, and "database is locked"
never reaches anyone (WAL + busy timeout)."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from scratchpad.models import Comment
from tests.live import LiveServer, post_concurrently

CLIENTS = 20
POSTS_EACH = 5


@pytest.fixture
def app_settings(app_settings):
    # Flood control would (rightly) stop five posts a minute per user.
    return {**app_settings, "scratchpad.post_limit_per_minute": "0"}


def check_concurrent_posts(app, make_user, dbsession, tm) -> None:
    users = [(f"user{number}", f"password-{number}") for number in range(CLIENTS)]
    for username, password in users:
        make_user(username, password)
    with LiveServer(app, threads=8) as server:
        results = post_concurrently(server.port, users, POSTS_EACH)
    assert len(results) == CLIENTS * POSTS_EACH
    assert Counter(results.values()) == {303: CLIENTS * POSTS_EACH}
    tm.abort()
    tm.begin()
    stored = Counter(dbsession.scalars(select(Comment.content)))
    assert stored == Counter(list(results))  # every acknowledged post, exactly once
    ids = dbsession.scalars(select(Comment.id)).all()
    assert len(set(ids)) == len(ids)


def test_concurrent_posts_on_sqlite(backend, app, make_user, dbsession, tm):
    if backend.name != "sqlite":
        pytest.skip("REL-04 covers the database servers")
    check_concurrent_posts(app, make_user, dbsession, tm)
