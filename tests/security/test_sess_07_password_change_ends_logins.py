"""SESS-07: a password change ends the user's other logins."""

from __future__ import annotations

from scratchpad.models import Comment
from tests.support.client import change_password, logged_in_as
from tests.support.factories import ALICE_PASSWORD


def test_the_other_browser_is_logged_out(alice, new_client, count_rows):
    phone = new_client(address="192.0.2.20")
    phone.login("alice", ALICE_PASSWORD)
    phone_token = phone.get_csrf_token("/")
    change_password(alice, ALICE_PASSWORD, "changed after a leak", status=303)
    phone.post("/comments/", {"contents": "x", "csrf_token": phone_token}, status=303)
    assert count_rows(Comment) == 0
    assert logged_in_as(phone) is None
    alice.post_comment("still me")
    assert count_rows(Comment) == 1


def test_this_browser_gets_a_new_login_and_csrf_token(alice):
    old_cookie = alice.cookies["scratchpad"]
    old_token = alice.get_csrf_token("/")
    change_password(alice, ALICE_PASSWORD, "changed after a leak", status=303)
    assert alice.cookies["scratchpad"] != old_cookie
    assert alice.get_csrf_token("/") != old_token
