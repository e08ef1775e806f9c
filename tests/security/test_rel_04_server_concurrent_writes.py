"""REL-04: the same concurrent-posting harness as REL-03, on PostgreSQL and
MariaDB: nothing acknowledged is lost, nothing is stored twice."""

from __future__ import annotations

import pytest

from tests.security.test_rel_03_sqlite_concurrent_writes import (
    app_settings,  # noqa: F401  (flood control off for this module too)
    check_concurrent_posts,
)


def test_concurrent_posts_on_database_servers(backend, app, make_user, dbsession, tm):
    if backend.name == "sqlite":
        pytest.skip("REL-03 covers SQLite")
    check_concurrent_posts(app, make_user, dbsession, tm)
