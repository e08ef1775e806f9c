"""The account page's tokens, "log out everywhere" and "delete my account":
each works, needs CSRF and a login, and bad input is a 4xx that changes
nothing."""

from __future__ import annotations

import re

from sqlalchemy import select

from scratchpad.models import ApiToken, Comment, Login, User
from tests.support.client import TestApp, bearer, redirect_target

ACCOUNT = "/account/"


def logged_in(testapp, make_user, name: str = "alice"):
    make_user(name, f"{name}-password")
    testapp.login(name, f"{name}-password")
    return testapp.get_csrf_token(ACCOUNT)


def revoke_forms(page):
    return [f for f in page.forms.values() if f.action.endswith("/revoke-token/")]


def create(testapp, csrf: str, access: str = "read-write", status: int = 303):
    """Create a token; a 303 is followed to the page that shows it."""
    response = testapp.post(
        ACCOUNT + "tokens/", {"csrf_token": csrf, "access": access}, status=status
    )
    return response.follow() if status == 303 else response


def test_new_token_is_shown_once_and_works(testapp, make_user, count_rows):
    csrf = logged_in(testapp, make_user)
    page = create(testapp, csrf)
    token = page.html.find(id="new-token-value").text
    assert token.startswith("sp_")
    assert count_rows(ApiToken) == 1
    assert "no-store" in page.headers["Cache-Control"]
    testapp.post_json(
        "/api/comments", {"content": "via token"}, headers=bearer(token), status=201
    )
    listing = testapp.get(ACCOUNT)
    assert token not in listing.text
    rows = listing.html.find(id="tokens").find("tbody").find_all("tr")
    assert len(rows) == 1
    assert "read-write" in rows[0].text and "never" not in rows[0].text


def test_creating_a_token_redirects_so_a_reload_makes_no_other(
    testapp, make_user, count_rows
):
    csrf = logged_in(testapp, make_user)
    response = testapp.post(
        ACCOUNT + "tokens/", {"csrf_token": csrf, "access": "read-only"}, status=303
    )
    assert redirect_target(response) == ACCOUNT  # the token is in no URL
    assert "sp_" not in response.headers["Location"] + response.text
    shown = response.follow()
    token = shown.html.find(id="new-token-value").text
    reloaded = testapp.get(ACCOUNT)  # what a reload does: a GET, nothing made
    assert token not in reloaded.text
    assert reloaded.html.find(id="new-token-value") is None
    assert count_rows(ApiToken) == 1


def test_read_only_token_is_listed_as_such(testapp, make_user):
    csrf = logged_in(testapp, make_user)
    create(testapp, csrf, "read-only")
    row = testapp.get(ACCOUNT).html.find(id="tokens").find("tbody").tr
    assert "read-only" in row.text and "never" in row.text


def test_revoke_one_token(testapp, make_user, count_rows):
    csrf = logged_in(testapp, make_user)
    token = create(testapp, csrf).html.find(id="new-token-value").text
    create(testapp, csrf, "read-only")
    forms = revoke_forms(testapp.get(ACCOUNT))
    assert len(forms) == 2
    forms[0].submit(status=303)
    assert count_rows(ApiToken) == 1
    testapp.post_json(
        "/api/comments", {"content": "x"}, headers=bearer(token), status=401
    )


def test_bad_token_requests_change_nothing(testapp, make_user, count_rows):
    make_user("bob", "bob-password")
    csrf = logged_in(testapp, make_user)
    create(testapp, csrf)
    other = TestApp(testapp.app, extra_environ=testapp.extra_environ)
    other.login("bob", "bob-password")
    bobs_csrf = other.get_csrf_token(ACCOUNT)
    create(other, bobs_csrf)
    alices = revoke_forms(testapp.get(ACCOUNT))[0]["token_id"].value
    for data, status in (
        ({"csrf_token": bobs_csrf, "token_id": alices}, 404),  # not Bob's
        ({"csrf_token": bobs_csrf, "token_id": "x"}, 404),
        ({"csrf_token": bobs_csrf}, 400),
        ({"token_id": alices}, 400),  # no CSRF token
    ):
        other.post(ACCOUNT + "revoke-token/", data, status=status)
    other.post(ACCOUNT + "tokens/", {"csrf_token": bobs_csrf}, status=400)
    other.post(
        ACCOUNT + "tokens/", {"csrf_token": bobs_csrf, "access": "all"}, status=400
    )
    other.post(ACCOUNT + "tokens/", {"access": "read-write"}, status=400)
    assert count_rows(ApiToken) == 2


def test_anonymous_cannot_manage_tokens(testapp, make_user, count_rows):
    csrf = testapp.get_csrf_token("/login/")
    response = testapp.post(
        ACCOUNT + "tokens/", {"csrf_token": csrf, "access": "read-write"}, status=303
    )
    assert "/login/" in response.location
    assert count_rows(ApiToken) == 0


def test_log_out_everywhere_ends_every_login(testapp, make_user, count_rows):
    csrf = logged_in(testapp, make_user)
    other = TestApp(testapp.app, extra_environ=testapp.extra_environ)
    other.login("alice", "alice-password")
    assert count_rows(Login) == 2
    response = testapp.post(
        ACCOUNT + "logout-everywhere/", {"csrf_token": csrf}, status=303
    )
    assert response.location.endswith("/")
    assert count_rows(Login) == 0
    for browser in (testapp, other):
        assert "Log out" not in browser.get("/").text


def test_log_out_everywhere_needs_csrf(testapp, make_user, count_rows):
    logged_in(testapp, make_user)
    testapp.post(ACCOUNT + "logout-everywhere/", {}, status=400)
    assert count_rows(Login) == 1


def test_delete_account_keeps_comments_as_anonymous(
    testapp, make_user, count_rows, dbsession, tm
):
    csrf = logged_in(testapp, make_user)
    testapp.post_comment("alice was here")
    create(testapp, csrf)
    testapp.post(
        ACCOUNT + "delete/",
        {"csrf_token": csrf, "password": "alice-password"},
        status=303,
    )
    assert (count_rows(User), count_rows(ApiToken), count_rows(Login)) == (0, 0, 0)
    assert count_rows(Comment) == 1
    tm.abort()
    tm.begin()
    assert dbsession.scalars(select(Comment)).one().commenter_id is None
    page = testapp.get("/")
    assert "Log out" not in page.text
    assert re.search(r"by\s+anonymous", page.text)
    testapp.login("alice", "alice-password", status=200)


def test_delete_account_needs_the_password_and_csrf(testapp, make_user, count_rows):
    csrf = logged_in(testapp, make_user)
    for data, status in (
        ({"csrf_token": csrf, "password": "wrong-password"}, 400),
        ({"csrf_token": csrf}, 400),
        ({"password": "alice-password"}, 400),
    ):
        testapp.post(ACCOUNT + "delete/", data, status=status)
    assert (count_rows(User), count_rows(Login)) == (1, 1)
