"""Fixtures for the attack tests: a logged-in client, a controlled clock,
and a snapshot of everything an attack must leave unchanged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from scratchpad.models import Comment, Login, LoginFailure, User, utcnow
from tests.conftest import TestApp

ALICE_PASSWORD = "alice-password"
BOB_PASSWORD = "bob-password"


@pytest.fixture
def alice_id(make_user) -> int:
    return make_user("alice", ALICE_PASSWORD)


@pytest.fixture
def alice(testapp, alice_id) -> TestApp:
    """A client logged in as alice."""
    testapp.login("alice", ALICE_PASSWORD)
    return testapp


@pytest.fixture
def new_client(app):
    """Another browser: its own cookies, same application."""

    def make(address: str = "127.0.0.1", **environ: Any) -> TestApp:
        extra = {"HTTP_HOST": "localhost", "REMOTE_ADDR": address, **environ}
        return TestApp(app, extra_environ=extra)

    return make


class Clock:
    """Stands in for ``utcnow`` in the modules that decide about time."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self):
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    for module in ("security.login_cookie", "security.throttle", "security.audit"):
        monkeypatch.setattr(f"scratchpad.{module}.utcnow", clock)
    return clock


@pytest.fixture
def db_state(dbsession, tm):
    """Everything an attack could change: row counts, passwords, flags."""

    def state() -> dict[str, Any]:
        tm.abort()
        tm.begin()
        counts = {
            model.__tablename__: dbsession.scalar(
                select(func.count()).select_from(model)
            )
            for model in (Comment, User, Login, LoginFailure)
        }
        users = dbsession.execute(
            select(
                User.id,
                User.password_hash,
                User.is_admin,
                User.disabled,
                User.must_change_password,
            ).order_by(User.id)
        ).all()
        return {"counts": counts, "users": [tuple(row) for row in users]}

    return state


def logged_in_as(client: TestApp) -> str | None:
    """The username the nav shows, or None for a logged-out visitor."""
    page = client.get("/")
    if 'class="nav-user"' not in page.text:
        return None
    return page.text.split('class="nav-user">', 1)[1].split("<", 1)[0]
