"""At a successful login, a hash weaker than today's setting is replaced by
a bcrypt hash of the configured cost; a failed login changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from scratchpad.accounts.passwords import hash_password
from scratchpad.models import User
from tests.support import TEST_ROUNDS
from tests.support.legacy import werkzeug_pbkdf2

ROUNDS = TEST_ROUNDS + 1


@pytest.fixture
def app_settings(app_settings: dict[str, Any]) -> dict[str, Any]:
    return {**app_settings, "scratchpad.bcrypt_rounds": str(ROUNDS)}


def stored(dbsession, tm, name: str) -> str:
    tm.abort()
    tm.begin()
    return dbsession.scalar(select(User.password_hash).where(User.username == name))


def set_hash(dbsession, tm, name: str, password_hash: str) -> None:
    dbsession.add(User(username=name, password_hash=password_hash))
    tm.commit()
    tm.begin()


@pytest.mark.parametrize(
    "old_hash",
    [
        hash_password("pw-for-login", TEST_ROUNDS),
        werkzeug_pbkdf2("pw-for-login", "SaltSalt"),
    ],
    ids=["cheap-bcrypt", "werkzeug"],
)
def test_weak_hash_is_replaced_at_login(testapp, dbsession, tm, old_hash):
    set_hash(dbsession, tm, "ivy", old_hash)
    testapp.login("ivy", "wrong-password", status=200)
    assert stored(dbsession, tm, "ivy") == old_hash
    testapp.login("ivy", "pw-for-login")
    assert stored(dbsession, tm, "ivy").startswith(f"$2b$0{ROUNDS}$")


def test_current_hash_is_left_alone(testapp, dbsession, tm):
    current = hash_password("pw-for-login", ROUNDS)
    set_hash(dbsession, tm, "ivy", current)
    testapp.login("ivy", "pw-for-login")
    assert stored(dbsession, tm, "ivy") == current


def test_unknown_hash_format_fails_the_login_safely(testapp, dbsession, tm):
    set_hash(dbsession, tm, "ivy", "md5$salt$5ebe2294ecd0e0f08eab7690d2a6ee69")
    page = testapp.login("ivy", "secret", status=200)
    assert "Incorrect username or password" in page.text
    assert stored(dbsession, tm, "ivy").startswith("md5$")
