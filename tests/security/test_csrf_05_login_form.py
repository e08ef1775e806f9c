"""CSRF-05: the login form is protected too (no login CSRF)."""

from __future__ import annotations

from tests.support.client import logged_in_as
from tests.support.factories import ALICE_PASSWORD


def test_login_without_a_token_is_refused(testapp, alice_id, db_state):
    testapp.get("/login/")
    before = db_state()
    response = testapp.post(
        "/login/", {"username": "alice", "password": ALICE_PASSWORD}, status=400
    )
    assert "scratchpad=" not in response.headers.get("Set-Cookie", "")
    assert db_state() == before
    assert logged_in_as(testapp) is None


def test_login_from_another_site_is_refused(testapp, alice_id, db_state):
    token = testapp.get_csrf_token("/login/")
    before = db_state()
    testapp.post(
        "/login/",
        {"username": "alice", "password": ALICE_PASSWORD, "csrf_token": token},
        headers={"Origin": "http://evil.example"},
        status=400,
    )
    assert db_state() == before
