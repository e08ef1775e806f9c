"""SESS-06: disabling a user, or an admin ending their logins, takes
effect on the very next request."""

from __future__ import annotations

from sqlalchemy import update

from scratchpad.models import Comment, User
from scratchpad.security.login_cookie import end_all_logins
from tests.support.client import logged_in_as


def test_disabling_ends_every_login(alice, alice_id, new_client, dbsession, tm):
    other = new_client()
    other.login("alice", "alice-password")
    dbsession.execute(update(User).where(User.id == alice_id).values(disabled=True))
    end_all_logins(dbsession, alice_id)
    tm.commit()
    tm.begin()
    assert logged_in_as(alice) is None
    assert logged_in_as(other) is None
    # And a disabled user cannot simply log in again.
    other.login("alice", "alice-password", status=200)
    assert logged_in_as(other) is None


def test_ending_logins_keeps_the_account(alice, alice_id, dbsession, tm, count_rows):
    token = alice.get_csrf_token("/")
    end_all_logins(dbsession, alice_id)
    tm.commit()
    tm.begin()
    alice.post("/comments/", {"contents": "x", "csrf_token": token}, status=303)
    assert count_rows(Comment) == 0
    assert logged_in_as(alice) is None
    alice.login("alice", "alice-password")
    assert logged_in_as(alice) == "alice"
