"""Shared fixtures, named as in Pyramid's cookiecutter; what they are built
from lives in :mod:`tests.support`.

Database-backed fixtures are parametrized over every configured backend
(:mod:`tests.support.databases`), so a functional test runs on SQLite, and
again on PostgreSQL and MariaDB when their URLs are set. Each test gets a
fresh database at the newest schema and real commits: pyramid_tm commits
and aborts exactly as in production.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import transaction
from pyramid import testing
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session
from transaction.interfaces import NoTransaction

from scratchpad import main
from scratchpad.accounts.tokens import create_token
from scratchpad.models import Comment, User, get_tm_session
from scratchpad.scripts import initialize_db, manage_users

from .support import INI, TEST_ROUNDS, settings_for
from .support.client import TestApp, client
from .support.clock import Clock
from .support.databases import Backend, Backends, configured_backends
from .support.factories import add_user
from .support.scripting import kept_logging


@pytest.fixture(autouse=True)
def logging_put_back() -> Iterator[None]:
    """A script run in a test configures logging from its ini file; whatever
    a test does to logging is undone after it, so no later test writes to
    this test's closed capture of stderr."""
    with kept_logging(across_phases=True):
        yield


@pytest.fixture(scope="session")
def backends() -> Iterator[Backends]:
    """Each configured backend, opened once per test process."""
    opened = Backends()
    yield opened
    opened.close()


@pytest.fixture(params=configured_backends())
def backend(backends: Backends, request: pytest.FixtureRequest) -> Backend:
    return backends[request.param]


@pytest.fixture
def db_url(backend: Backend) -> Iterator[str]:
    """A fresh database at the newest schema, dropped after the test."""
    url = backend.create(migrated=True)
    yield url
    backend.drop(url)


@pytest.fixture
def empty_db_url(backend: Backend) -> Iterator[str]:
    """A fresh database with no tables at all."""
    url = backend.create(migrated=False)
    yield url
    backend.drop(url)


@pytest.fixture
def app_settings(db_url: str) -> dict[str, Any]:
    return settings_for(db_url)


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


@pytest.fixture
def testapp(app: Any) -> TestApp:
    return client(app)


@pytest.fixture
def new_client(app: Any) -> Callable[..., TestApp]:
    """Another browser: its own cookies, same application
    (``new_client(address=…, username=…)``)."""
    return lambda **options: client(app, **options)


@pytest.fixture
def make_user(dbsession: Session, tm: transaction.TransactionManager):
    """Create and commit a user; returns the new row's id."""
    return lambda *args, **kwargs: add_user(dbsession, tm, *args, **kwargs)


@pytest.fixture
def make_token(dbsession: Session, tm: transaction.TransactionManager, make_user):
    """Create (or reuse) a user and give them a committed API token."""

    def make(username: str = "alice", read_only: bool = False) -> str:
        user = dbsession.scalar(select(User).where(User.username == username))
        if user is None:
            make_user(username, f"{username}-password")
            user = dbsession.scalar(select(User).where(User.username == username))
        token = create_token(dbsession, user, read_only=read_only)
        tm.commit()
        tm.begin()
        return token

    return make


@pytest.fixture
def count_rows(dbsession: Session, tm: transaction.TransactionManager):
    """Count the rows of a model's table as committed right now."""

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


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The app's time, standing still until ``clock.advance(seconds)``."""
    return Clock().install(monkeypatch)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
    """Run ``initialize_db`` on a URL in this process: (exit code, stdout,
    stderr). The first admin's password is ``password`` (None: the script
    makes one up); ``env`` sets more variables."""

    def run(
        url: str, *args: str, password: str | None = "first-admin-password", **env: str
    ) -> tuple[int, str, str]:
        monkeypatch.setenv("SCRATCHPAD_DATABASE_URL", url)
        monkeypatch.setenv("SCRATCHPAD_BCRYPT_ROUNDS", str(TEST_ROUNDS))
        monkeypatch.setenv("SCRATCHPAD_TESTING", "true")
        if password is None:
            monkeypatch.delenv("SCRATCHPAD_ADMIN_PASSWORD", raising=False)
        else:
            monkeypatch.setenv("SCRATCHPAD_ADMIN_PASSWORD", password)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        with kept_logging():
            code = initialize_db.main([INI, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def manage(db_url, monkeypatch, capsys):
    """Run ``manage_users``; ``stdin`` is what standard input holds."""

    def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setenv("SCRATCHPAD_DATABASE_URL", db_url)
        monkeypatch.setenv("SCRATCHPAD_BCRYPT_ROUNDS", str(TEST_ROUNDS))
        monkeypatch.setenv("SCRATCHPAD_TESTING", "true")
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        with kept_logging():
            code = manage_users.main([INI, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run
