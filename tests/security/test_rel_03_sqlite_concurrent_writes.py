"""REL-03: SQLite under concurrent writes. A real waitress server with 8
threads, 20 logged-in clients posting 5 comments each at once: every post
is acknowledged (303) and stored exactly once, and "database is locked"
never reaches anyone (WAL + busy timeout)."""

from __future__ import annotations

import pytest

from tests.support.live import check_concurrent_posts


@pytest.fixture
def app_settings(app_settings):
    # Flood control would (rightly) stop five posts a minute per user.
    return {**app_settings, "scratchpad.post_limit_per_minute": "0"}


def test_concurrent_posts_on_sqlite(backend, app, make_user, dbsession, tm):
    if backend.name != "sqlite":
        pytest.skip("REL-04 covers the database servers")
    check_concurrent_posts(app, make_user, dbsession, tm)
