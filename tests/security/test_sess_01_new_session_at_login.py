"""SESS-01: a new session and CSRF token at login; nothing from before the
login (a planted cookie, a token seen by someone else) carries over."""

from __future__ import annotations

from scratchpad.models import Comment
from tests.support.client import logged_in_as
from tests.support.factories import ALICE_PASSWORD


def test_cookies_and_token_change_at_login(testapp, alice_id, count_rows):
    before_token = testapp.get_csrf_token("/login/")
    before_session = testapp.cookies["session"]
    testapp.login("alice", ALICE_PASSWORD)
    assert testapp.cookies["session"] != before_session
    assert testapp.get_csrf_token("/") != before_token
    testapp.post(
        "/comments/", {"contents": "x", "csrf_token": before_token}, status=400
    )
    assert count_rows(Comment) == 0


def test_planted_session_is_not_promoted(testapp, new_client, alice_id, count_rows):
    attacker = new_client()
    attacker_token = attacker.get_csrf_token("/login/")
    planted = attacker.cookies["session"]
    # The victim's browser carries the attacker's session cookie, then logs in.
    testapp.set_cookie("session", planted)
    testapp.login("alice", ALICE_PASSWORD)
    assert testapp.cookies["session"] != planted
    # The attacker's session (and its token) has not become alice's.
    attacker.set_cookie("scratchpad", "made-up-login-token")
    assert logged_in_as(attacker) is None
    attacker.post(
        "/comments/", {"contents": "x", "csrf_token": attacker_token}, status=303
    )
    assert count_rows(Comment) == 0


def test_planted_login_cookie_is_replaced(testapp, alice_id):
    testapp.set_cookie("scratchpad", "chosen-by-the-attacker")
    testapp.login("alice", ALICE_PASSWORD)
    assert testapp.cookies["scratchpad"] != "chosen-by-the-attacker"
    assert len(testapp.cookies["scratchpad"]) == 43
