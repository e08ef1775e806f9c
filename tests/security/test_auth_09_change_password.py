"""AUTH-09: users change their own password on the account page; the
current password is required; every other login ends, this one goes on."""

from __future__ import annotations

from sqlalchemy import select

from scratchpad.models import Login
from tests.support.client import change_password, logged_in_as, redirect_target
from tests.support.factories import ALICE_PASSWORD

NEW_PASSWORD = "a much better passphrase"


def test_account_page_needs_a_login(testapp):
    response = testapp.get("/account/", status=303)
    assert redirect_target(response) == "/login/?came_from=%2Faccount%2F"


def test_wrong_current_password_changes_nothing(alice, db_state):
    before = db_state()
    response = change_password(alice, "not-my-password", NEW_PASSWORD, status=400)
    assert "Your current password was not right." in response.text
    after = db_state()
    # Only the throttle counts the guess (RACE-03).
    assert after["counts"].pop("login_failures") == 1
    before["counts"].pop("login_failures")
    assert after == before
    # The error is tied to the field that was wrong, which gets the focus.
    current = response.html.find("input", id="current_password")
    assert current["aria-invalid"] == "true"
    assert current["aria-describedby"] == "password-error"
    assert current.has_attr("autofocus")
    assert not response.html.find("input", id="new_password").has_attr("aria-invalid")


def test_mismatched_confirmation_changes_nothing(alice, db_state):
    before = db_state()
    token = alice.get_csrf_token("/account/")
    response = alice.post(
        "/account/password/",
        {
            "csrf_token": token,
            "current_password": ALICE_PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD + "x",
        },
        status=400,
    )
    assert "were not the same" in response.text
    assert db_state() == before
    new = response.html.find("input", id="new_password")
    assert new["aria-invalid"] == "true"
    assert new["aria-describedby"] == "password-error password-rules"
    assert not response.html.find("input", id="current_password").has_attr(
        "aria-invalid"
    )


def test_missing_field_is_a_400(alice, db_state):
    before = db_state()
    token = alice.get_csrf_token("/account/")
    alice.post("/account/password/", {"csrf_token": token}, status=400)
    assert db_state() == before


def test_success_ends_other_logins_and_keeps_this_one(
    alice, new_client, app, dbsession, tm
):
    other = new_client()
    other.login("alice", ALICE_PASSWORD)
    assert logged_in_as(other) == "alice"
    response = change_password(alice, ALICE_PASSWORD, NEW_PASSWORD, status=303)
    assert redirect_target(response) == "/account/"
    assert "other logins were ended" in response.follow().text
    assert logged_in_as(alice) == "alice"
    assert logged_in_as(other) is None
    tm.abort()
    tm.begin()
    assert len(dbsession.scalars(select(Login)).all()) == 1
    fresh = new_client()
    fresh.login("alice", ALICE_PASSWORD, status=200)
    fresh.login("alice", NEW_PASSWORD, status=303)
