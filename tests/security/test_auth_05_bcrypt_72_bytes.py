"""AUTH-05: bcrypt's 72-byte limit: never a 500, never silent truncation."""

from __future__ import annotations

import pytest

from scratchpad.accounts.passwords import PasswordRejected, check_new_password
from tests.support.client import change_password, logged_in_as
from tests.support.factories import ALICE_PASSWORD

BYTES_72 = "correct horse battery staple " + "x" * 43  # 72 ASCII bytes


def test_login_with_a_100_byte_password_is_a_plain_failure(testapp, alice_id, db_state):
    before = db_state()
    response = testapp.login("alice", "ü" * 50, status=200)
    assert "Incorrect username or password" in response.text
    assert db_state()["users"] == before["users"]


def test_only_the_exact_72_byte_password_works(testapp, make_user):
    assert len(BYTES_72.encode()) == 72
    make_user("alice", BYTES_72)
    for longer in (BYTES_72 + "y", BYTES_72 + "é", BYTES_72 + "x" * 100):
        testapp.login("alice", longer, status=200)
    assert logged_in_as(testapp) is None
    testapp.login("alice", BYTES_72, status=303)
    assert logged_in_as(testapp) == "alice"


@pytest.mark.parametrize("new", [BYTES_72 + "y", "ä" * 37, "🔑" * 19])
def test_setting_a_password_over_72_bytes_is_refused(alice, db_state, new):
    before = db_state()
    response = change_password(alice, ALICE_PASSWORD, new, status=400)
    assert "at most 72 bytes" in response.text
    assert db_state() == before


def test_exactly_72_bytes_can_be_set(alice):
    change_password(alice, ALICE_PASSWORD, BYTES_72, status=303)
    with pytest.raises(PasswordRejected):
        check_new_password(BYTES_72 + "z")
