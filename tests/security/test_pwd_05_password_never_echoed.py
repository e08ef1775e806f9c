"""PWD-05: a password is never echoed into a page, logged or stored in
plain text."""

from __future__ import annotations

import logging

from sqlalchemy import select

from scratchpad.models import User
from tests.support.client import change_password
from tests.support.factories import ALICE_PASSWORD

GUESS = "my-secret-guess"


def test_failed_login_page_does_not_contain_the_password(testapp, alice_id, caplog):
    caplog.set_level(logging.DEBUG)
    response = testapp.login("alice", GUESS, status=200)
    assert GUESS not in response.text
    assert 'value="alice"' in response.text  # the username is kept
    assert all(GUESS not in r.getMessage() for r in caplog.records)


def test_refused_password_change_does_not_echo_any_password(alice, caplog):
    caplog.set_level(logging.DEBUG)
    response = change_password(alice, ALICE_PASSWORD, "password1", status=400)
    for secret in (ALICE_PASSWORD, "password1"):
        assert f'value="{secret}"' not in response.text
        assert all(secret not in r.getMessage() for r in caplog.records)


def test_only_a_hash_is_stored(alice, dbsession, tm):
    change_password(alice, ALICE_PASSWORD, "stored as a hash only", status=303)
    tm.abort()
    tm.begin()
    stored = dbsession.scalar(select(User.password_hash))
    assert stored.startswith("$2b$")
    assert "stored as a hash only" not in stored
