"""SQLite's "database is locked" never reaches a visitor.

A writer that finds the database locked waits (busy timeout) instead of
failing; if the lock outlasts the wait on every retry, the visitor gets the
503 page, not the error, and nothing is half-stored.
"""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import make_url


@pytest.fixture
def sqlite_path(backend, db_url):
    if backend.name != "sqlite":
        pytest.skip("SQLite only")
    return make_url(db_url).database


@pytest.fixture
def author(testapp, make_user):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    return testapp


def hold_write_lock(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("BEGIN IMMEDIATE")
    return connection


def test_a_writer_waits_for_the_lock(sqlite_path, author, count_rows):
    before = count_rows()
    token = author.get_csrf_token("/")
    holder = hold_write_lock(sqlite_path)
    released = threading.Timer(0.3, holder.rollback)
    released.start()
    try:
        response = author.post(
            "/comments/", {"contents": "waited", "csrf_token": token}, status=303
        )
    finally:
        released.join()
        holder.close()
    assert response.status_int == 303
    assert count_rows() == before + 1


def test_a_lock_that_outlasts_the_wait_is_a_503(
    sqlite_path, app_settings, count_rows, make_user
):
    from webtest import TestApp

    from scratchpad import main

    app = main({}, **{**app_settings, "scratchpad.db_lock_timeout": "1"})
    client = TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    make_user("bob", "bob-password")
    form = client.get("/login/").forms["login-form"]
    form["username"], form["password"] = "bob", "bob-password"
    form.submit(status=303)
    token = client.get("/").html.find("input", {"name": "csrf_token"})["value"]
    before = count_rows()
    holder = hold_write_lock(sqlite_path)
    try:
        response = client.post(
            "/comments/", {"contents": "blocked", "csrf_token": token}, status=503
        )
    finally:
        holder.rollback()
        holder.close()
    assert "locked" not in response.text
    assert response.headers["Retry-After"]
    assert count_rows() == before
    app.registry["dbengine"].dispose()
