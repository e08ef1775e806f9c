"""Fixtures for the attack tests: a logged-in client, and a snapshot of
everything an attack must leave unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from scratchpad.models import Comment, Login, LoginFailure, User
from tests.support.client import TestApp
from tests.support.factories import ALICE_PASSWORD


@pytest.fixture
def alice_id(make_user) -> int:
    return make_user("alice", ALICE_PASSWORD)


@pytest.fixture
def alice(testapp, alice_id) -> TestApp:
    """A client logged in as alice."""
    testapp.login("alice", ALICE_PASSWORD)
    return testapp


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
