"""PWD-02 (the part this area owns): a failed login never touches the
stored hash, whatever went wrong. Rehashing on a successful login belongs
to the password-hash upgrade work in passwords.py."""

from __future__ import annotations

import bcrypt
import pytest
from sqlalchemy import update

from scratchpad.models import User


@pytest.mark.parametrize("attempt", ["wrong-password", "", "é" * 80])
def test_failed_login_leaves_a_weak_hash_alone(
    testapp, alice_id, dbsession, tm, db_state, attempt
):
    weak = bcrypt.hashpw(b"alice-password", bcrypt.gensalt(rounds=4)).decode()
    dbsession.execute(
        update(User).where(User.id == alice_id).values(password_hash=weak)
    )
    tm.commit()
    tm.begin()
    before = db_state()
    testapp.get("/login/")
    token = testapp.get_csrf_token()
    testapp.post(
        "/login/",
        {"csrf_token": token, "username": "alice", "password": attempt},
        status=200,
    )
    assert db_state()["users"] == before["users"]
