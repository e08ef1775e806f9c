"""AUTH-02: a login for an unknown user costs the same bcrypt check."""

from __future__ import annotations

import bcrypt
import pytest


@pytest.fixture
def checkpw_calls(monkeypatch):
    calls = []
    real = bcrypt.checkpw

    def spy(password, hashed):
        calls.append(hashed)
        return real(password, hashed)

    monkeypatch.setattr(bcrypt, "checkpw", spy)
    return calls


@pytest.mark.parametrize(
    "username, password",
    [
        ("nosuchuser", "whatever-password"),
        ("alice", "wrong-password"),
        ("alice", "é" * 60),  # over 72 bytes
        ("x" * 200, "whatever-password"),  # longer than any username
    ],
)
def test_each_failed_login_runs_exactly_one_bcrypt_check(
    testapp, alice_id, checkpw_calls, db_state, username, password
):
    testapp.get("/login/")
    before = db_state()
    response = testapp.login(username, password, status=200)
    assert "Incorrect username or password" in response.text
    assert len(checkpw_calls) == 1
    after = db_state()
    assert after["users"] == before["users"]
    assert after["counts"]["logins"] == 0


def test_a_good_login_runs_one_bcrypt_check_too(testapp, alice_id, checkpw_calls):
    testapp.login("alice", "alice-password")
    assert len(checkpw_calls) == 1
