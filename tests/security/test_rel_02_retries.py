"""REL-02: transient failures (serialization failures, deadlocks) are
retried by pyramid_retry: the visitor sees one success and the comment is
stored once. Failures at commit time are recognised from the driver's
error, since the transaction that could have said so is already over."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError
from transaction.interfaces import TransientError

from scratchpad.accounts.tokens import create_token
from scratchpad.models import Comment, User
from tests.support.client import bearer


def driver_transient_error(backend_name: str) -> Exception:
    if backend_name == "postgresql":
        import psycopg.errors

        return psycopg.errors.SerializationFailure("could not serialize access")
    if backend_name == "mysql":
        import pymysql

        return pymysql.err.OperationalError(1213, "Deadlock found")
    import sqlite3

    return sqlite3.OperationalError("database is locked")


@pytest.fixture
def author(testapp, make_user):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    return testapp


def fail_first_commit(app, error: Exception) -> list[int]:
    attempts: list[int] = []

    def maybe_fail(session):
        attempts.append(1)
        if len(attempts) == 1:
            raise error

    event.listen(app.registry["dbsession_factory"], "before_commit", maybe_fail)
    return attempts


def stored(dbsession, tm) -> list[str]:
    tm.abort()
    tm.begin()
    return list(dbsession.scalars(select(Comment.content)))


def test_transient_error_is_retried(author, app, dbsession, tm):
    attempts = fail_first_commit(app, TransientError("conflict"))
    response = author.post_comment("once")
    assert response.status_int == 303
    assert len(attempts) == 2
    assert stored(dbsession, tm) == ["once"]


def test_driver_serialization_failure_is_retried(author, app, backend, dbsession, tm):
    orig = driver_transient_error(backend.name)
    attempts = fail_first_commit(app, OperationalError("COMMIT", {}, orig))
    response = author.post_comment("once more")
    assert response.status_int == 303
    assert len(attempts) == 2
    assert stored(dbsession, tm) == ["once more"]


def test_persistent_transient_error_ends_in_503(author, app, backend, count_rows):
    orig = driver_transient_error(backend.name)

    def always_fail(session):
        raise OperationalError("COMMIT", {}, orig)

    event.listen(app.registry["dbsession_factory"], "before_commit", always_fail)
    before = count_rows()
    response = author.post_comment("never", status=503)
    assert "Retry-After" in response.headers
    assert count_rows() == before


@pytest.fixture
def api_token(make_user, dbsession, tm):
    user_id = make_user("bob", "bob-password")
    token = create_token(dbsession, dbsession.get(User, user_id))
    tm.commit()
    tm.begin()
    return token


def test_the_api_retries_as_the_site_does(
    testapp, app, backend, api_token, dbsession, tm
):
    orig = driver_transient_error(backend.name)
    attempts = fail_first_commit(app, OperationalError("COMMIT", {}, orig))
    testapp.post_json(
        "/api/comments", {"content": "api once"}, headers=bearer(api_token), status=201
    )
    assert len(attempts) == 2
    assert stored(dbsession, tm) == ["api once"]


def test_the_api_answers_a_persistent_transient_error_with_json(
    testapp, app, backend, api_token, count_rows
):
    orig = driver_transient_error(backend.name)

    def always_fail(session):
        raise OperationalError("COMMIT", {}, orig)

    event.listen(app.registry["dbsession_factory"], "before_commit", always_fail)
    before = count_rows()
    response = testapp.post_json(
        "/api/comments", {"content": "never"}, headers=bearer(api_token), status=503
    )
    assert response.json["error"]["code"] == "unavailable"
    assert "Retry-After" in response.headers
    assert count_rows() == before
