"""REL-07: every wait on the database is bounded, by default.

A post that waits for a lock another connection holds gets the 503 page
(JSON under ``/api/``) with ``Retry-After`` once the lock bound runs out,
long before the lock is released; nothing is stored, and the log has one
line without a traceback. Each session on PostgreSQL and MariaDB carries
the statement and lock bounds, and a statement that runs too long is
cancelled. On SQLite the busy timeout is the lock bound, and "database is
locked" is retried like any transient error, so its bound is the number of
attempts times the lock bound.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, make_url, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from scratchpad import main
from scratchpad.accounts.tokens import create_token
from scratchpad.models import User, pool_per_thread
from tests.support.client import bearer, client

LOCK_BOUND = 1
STATEMENT_BOUND = 2
MARGIN = 1.5  # seconds for the request itself, on a busy test machine


@pytest.fixture
def bounded_app(app_settings):
    settings = {
        **app_settings,
        "scratchpad.db_lock_timeout": str(LOCK_BOUND),
        "scratchpad.db_statement_timeout": str(STATEMENT_BOUND),
        "scratchpad.post_limit_per_minute": "0",
    }
    app = main({}, **settings)
    yield app
    app.registry["dbengine"].dispose()


def bound(backend) -> float:
    attempts = 3 if backend.name == "sqlite" else 1  # retry.attempts
    return attempts * LOCK_BOUND + MARGIN


@contextlib.contextmanager
def poster_locked(backend, url: str, user_id: int) -> Iterator[None]:
    """Another connection holds the lock a post needs: SQLite's write lock,
    or on a server the poster's ``users`` row (flood control locks it)."""
    if backend.name == "sqlite":
        path = make_url(url).database
        holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.rollback()
            holder.close()
        return
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            connection.execute(
                select(User.id).where(User.id == user_id).with_for_update()
            )
            try:
                yield
            finally:
                transaction.rollback()
    finally:
        engine.dispose()


def failure_lines(caplog) -> list[logging.LogRecord]:
    return [
        record
        for record in caplog.records
        if record.levelno >= logging.WARNING and record.name.startswith("scratchpad")
    ]


def test_a_post_waiting_for_a_lock_gets_a_503_within_the_bound(
    bounded_app, backend, db_url, make_user, count_rows, caplog
):
    user_id = make_user("alice", "alice-password")
    visitor = client(bounded_app)
    visitor.login("alice", "alice-password")
    token = visitor.get_csrf_token("/")
    before = count_rows()
    caplog.clear()
    with poster_locked(backend, db_url, user_id):
        started = time.monotonic()
        response = visitor.post(
            "/comments/", {"contents": "waits", "csrf_token": token}, status=503
        )
        waited = time.monotonic() - started
    assert LOCK_BOUND * 0.9 <= waited < bound(backend)
    assert int(response.headers["Retry-After"]) > 0
    assert "Temporarily unavailable" in response.text
    assert count_rows() == before
    lines = failure_lines(caplog)
    assert len(lines) == 1, [line.getMessage() for line in lines]
    assert lines[0].exc_info is None


def test_an_api_post_waiting_for_a_lock_gets_a_json_503(
    bounded_app, backend, db_url, make_user, dbsession, tm, count_rows, caplog
):
    user_id = make_user("alice", "alice-password")
    token = create_token(dbsession, dbsession.get(User, user_id))
    tm.commit()
    tm.begin()
    api = client(bounded_app)
    before = count_rows()
    caplog.clear()
    with poster_locked(backend, db_url, user_id):
        started = time.monotonic()
        response = api.post_json(
            "/api/comments", {"content": "waits"}, headers=bearer(token), status=503
        )
        waited = time.monotonic() - started
    assert waited < bound(backend)
    assert response.content_type == "application/json"
    assert response.json["error"]["code"] == "unavailable"
    assert int(response.headers["Retry-After"]) > 0
    assert count_rows() == before
    lines = failure_lines(caplog)
    assert len(lines) == 1, [line.getMessage() for line in lines]
    assert lines[0].exc_info is None


@pytest.mark.parametrize("sized", [False, True], ids=["as-built", "server-sized"])
def test_each_session_carries_the_bounds(bounded_app, backend, sized):
    if sized:  # a server remakes the engine with one connection per thread
        pool_per_thread(bounded_app.registry, 2)
    engine = bounded_app.registry["dbengine"]
    with engine.connect() as connection:
        run = connection.exec_driver_sql
        if backend.name == "sqlite":
            assert run("PRAGMA busy_timeout").scalar() == LOCK_BOUND * 1000
            return
        if backend.name == "postgresql":
            assert run("SHOW statement_timeout").scalar() == f"{STATEMENT_BOUND}s"
            assert run("SHOW lock_timeout").scalar() == f"{LOCK_BOUND}s"
            too_long = "SELECT pg_sleep(30)"
        else:
            statement, lock = run(
                "SELECT @@max_statement_time, @@innodb_lock_wait_timeout"
            ).one()
            assert (float(statement), int(lock)) == (STATEMENT_BOUND, LOCK_BOUND)
            too_long = "SELECT SLEEP(30)"
        started = time.monotonic()
        with pytest.raises(OperationalError):
            run(too_long)
        assert time.monotonic() - started < STATEMENT_BOUND + MARGIN


def test_the_bounds_default_to_five_seconds(app_settings):
    app = main({}, **app_settings)
    engine = app.registry["dbengine"]
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                value = connection.exec_driver_sql("SHOW statement_timeout").scalar()
                assert value == "5s"
            elif engine.dialect.name == "mysql":
                value = connection.exec_driver_sql("SELECT @@max_statement_time")
                assert float(value.scalar()) == 5
            else:
                value = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
                assert value == 5000
    finally:
        engine.dispose()
