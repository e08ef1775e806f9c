"""REL-04: the same concurrent-posting harness as REL-03, on PostgreSQL and
MariaDB: nothing acknowledged is lost, nothing is stored twice."""

from __future__ import annotations

import pytest

from tests.support.live import check_concurrent_posts


@pytest.fixture
def app_settings(app_settings):
    # Flood control would (rightly) stop five posts a minute per user.
    return {**app_settings, "scratchpad.post_limit_per_minute": "0"}


def test_concurrent_posts_on_database_servers(backend, app, make_user, dbsession, tm):
    if backend.name == "sqlite":
        pytest.skip("REL-03 covers SQLite")
    check_concurrent_posts(app, make_user, dbsession, tm)
