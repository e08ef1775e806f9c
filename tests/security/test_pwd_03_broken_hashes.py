"""PWD-03: an unknown or malformed stored hash fails the login cleanly."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from scratchpad.models import User


@pytest.mark.parametrize(
    "stored", ["", "md5$x", "$2b$12$truncated", "$2b$99$" + "a" * 53, "é"]
)
def test_login_against_a_broken_hash_is_a_plain_failure(
    testapp, alice_id, dbsession, tm, db_state, stored
):
    dbsession.execute(
        update(User).where(User.id == alice_id).values(password_hash=stored)
    )
    tm.commit()
    tm.begin()
    before = db_state()
    response = testapp.login("alice", "alice-password", status=200)
    assert "Incorrect username or password" in response.text
    assert "Traceback" not in response.text
    after = db_state()
    assert after["users"] == before["users"]
    assert after["counts"]["logins"] == 0
