"""SESS-02: logout is a POST and ends the login on the server: a copy of
the old cookie is worthless afterwards."""

from __future__ import annotations

from scratchpad.models import Comment, Login
from tests.support.client import logged_in_as, redirect_target


def test_replayed_cookie_after_logout_is_anonymous(
    alice, new_client, count_rows, db_state
):
    stolen = alice.cookies["scratchpad"]
    token = alice.get_csrf_token("/")
    alice.post("/logout/", {"csrf_token": token}, status=303)
    assert count_rows(Login) == 0
    before = db_state()
    thief = new_client()
    thief.set_cookie("scratchpad", stolen)
    assert logged_in_as(thief) is None
    token = thief.get_csrf_token("/login/")
    response = thief.post(
        "/comments/", {"contents": "as alice?", "csrf_token": token}, status=303
    )
    assert redirect_target(response).startswith("/login/")
    assert db_state() == before
    assert count_rows(Comment) == 0


def test_get_logout_only_asks(alice, count_rows):
    page = alice.get("/logout/", status=200)
    assert "logout" in page.text.lower()
    assert logged_in_as(alice) == "alice"
    assert count_rows(Login) == 1
