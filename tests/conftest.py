"""Shared fixtures, named as in Pyramid's cookiecutter.

Database-backed fixtures are parametrized over every configured backend
(:mod:`tests.databases`), so a functional test runs on SQLite, and again on
PostgreSQL and MariaDB when their URLs are set. Each test gets a fresh
database from the migrations and real commits: pyramid_tm commits and
aborts exactly as in production.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
import transaction
import webtest
from pyramid import testing
from sqlalchemy import event
from sqlalchemy.orm import Session
from transaction.interfaces import NoTransaction

from scratchpad import main
from scratchpad.accounts.passwords import hash_password
from scratchpad.models import Comment, User, get_tm_session

from .databases import configured_backends, open_backend

TEST_ROUNDS = 4
TEST_SECRET = "test-secret-" + "x" * 40


@pytest.fixture(scope="session", params=configured_backends())
def backend(request: pytest.FixtureRequest) -> Iterator[Any]:
    server = open_backend(request.param)
    yield server
    server.close()


@pytest.fixture
def db_url(backend: Any) -> Iterator[str]:
    """A fresh database at the newest schema, dropped after the test."""
    url = backend.create(migrated=True)
    yield url
    backend.drop(url)


@pytest.fixture
def empty_db_url(backend: Any) -> Iterator[str]:
    """A fresh database with no tables at all."""
    url = backend.create(migrated=False)
    yield url
    backend.drop(url)


@pytest.fixture
def app_settings(db_url: str) -> dict[str, Any]:
    return {
        "sqlalchemy.url": db_url,
        "scratchpad.secret": TEST_SECRET,
        "scratchpad.testing": "true",
        "scratchpad.bcrypt_rounds": str(TEST_ROUNDS),
    }


@pytest.fixture
def app(app_settings: dict[str, Any]) -> Iterator[Any]:
    wsgi_app = main({}, **app_settings)
    yield wsgi_app
    wsgi_app.registry["dbengine"].dispose()


@pytest.fixture
def dbengine(app: Any) -> Any:
    return app.registry["dbengine"]


@pytest.fixture
def tm() -> Iterator[transaction.TransactionManager]:
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()
    yield manager
    with contextlib.suppress(NoTransaction):
        manager.abort()


@pytest.fixture
def dbsession(app: Any, tm: transaction.TransactionManager) -> Session:
    """A session outside any request, for arranging and checking data.

    Call ``tm.commit()`` to make arranged rows visible to the app; reads see
    what the app committed (each query runs in the current transaction, so
    call ``tm.commit()``/``tm.begin()`` between an app request and a check
    when the database isolates snapshots).
    """
    return get_tm_session(app.registry["dbsession_factory"], tm)


class TestApp(webtest.TestApp):
    """WebTest with the form helpers every functional test needs."""

    def get_csrf_token(self, path: str = "/login/") -> str:
        page = self.get(path)
        match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert match, "no CSRF token on " + path
        return match.group(1)

    def login(self, username: str, password: str, status: int = 303) -> Any:
        form = self.get("/login/").forms["login-form"]
        form["username"] = username
        form["password"] = password
        return form.submit(status=status)

    def post_comment(self, text: str, status: int = 303) -> Any:
        token = self.get_csrf_token("/")
        return self.post(
            "/comments/", {"contents": text, "csrf_token": token}, status=status
        )


def redirect_target(response: Any) -> str:
    """The path and query a redirect sends the browser to, on this site only."""
    from urllib.parse import urlsplit

    parts = urlsplit(response.headers["Location"])
    assert parts.scheme in ("", "http") and parts.netloc in ("", "localhost"), parts
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def testapp(app: Any) -> TestApp:
    return TestApp(
        app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"}
    )


@pytest.fixture
def make_user(dbsession: Session, tm: transaction.TransactionManager):
    """Create and commit a user; returns the new row's id."""

    def make(username: str = "alice", password: str = "alice-password") -> int:
        user = User(
            username=username, password_hash=hash_password(password, TEST_ROUNDS)
        )
        dbsession.add(user)
        dbsession.flush()
        user_id = user.id
        tm.commit()
        tm.begin()
        return user_id

    return make


@pytest.fixture
def count_rows(dbsession: Session, tm: transaction.TransactionManager):
    """Count the rows of a model's table as committed right now."""
    from sqlalchemy import func, select

    def count(model: type = Comment) -> int:
        tm.abort()
        tm.begin()
        return dbsession.scalar(select(func.count()).select_from(model))

    return count


@pytest.fixture
def statements(dbengine: Any) -> Iterator[list[str]]:
    """Every SQL statement the app's engine runs during the test."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(dbengine, "before_cursor_execute", record)
    yield seen
    event.remove(dbengine, "before_cursor_execute", record)


@pytest.fixture
def dummy_request(app: Any) -> Iterator[testing.DummyRequest]:
    request = testing.DummyRequest()
    request.registry = app.registry
    with testing.testConfig(registry=app.registry, request=request):
        yield request
