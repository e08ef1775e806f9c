"""Logging in and out, and the login cookie."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from scratchpad.models import Login
from tests.support.client import TestApp, redirect_target


@pytest.fixture
def alice_id(make_user):
    return make_user("alice", "alice-password")


def test_login_page_has_the_tutorial_fields(testapp):
    page = testapp.get("/login/", status=200)
    form = page.forms["login-form"]
    assert set(form.fields) >= {"username", "password", "csrf_token"}
    assert 'type="password"' in page.text
    assert "no-store" in page.headers["Cache-Control"]


@pytest.mark.parametrize(
    ("username", "password"),
    [("alice", "wrong-password"), ("nobody", "alice-password"), ("", "")],
)
def test_bad_login_shows_the_same_warning(testapp, alice_id, username, password):
    page = testapp.login(username, password, status=200)
    assert "Incorrect username or password" in page.text
    assert "Log out" not in page.text
    assert not any(c.name == "scratchpad" for c in testapp.cookiejar)


def test_good_login_redirects_home_and_shows_the_user(testapp, alice_id):
    response = testapp.login("alice", "alice-password")
    assert redirect_target(response) == "/"
    page = response.follow()
    assert "alice" in page.text
    assert "Log out" in page.text
    assert "Log in</a>" not in page.text


def test_nav_says_log_in_when_logged_out(testapp):
    page = testapp.get("/")
    assert '<a href="/login/">Log in</a>' in page.text
    assert "Log out" not in page.text


def test_login_cookie_is_httponly_and_samesite_lax(testapp, alice_id):
    response = testapp.login("alice", "alice-password")
    cookie = next(
        h
        for k, h in response.headerlist
        if k == "Set-Cookie" and h.startswith("scratchpad=")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Domain" not in cookie
    assert "Path=/" in cookie


def test_login_is_kept_on_the_server_and_only_a_hash_is_stored(
    testapp, alice_id, dbsession
):
    testapp.login("alice", "alice-password")
    token = testapp.cookies["scratchpad"]
    stored = dbsession.scalars(select(Login.token_hash)).all()
    assert len(stored) == 1
    assert token not in stored[0]


def test_logout_is_a_post_and_revokes_the_cookie(testapp, alice_id, count_rows):
    testapp.login("alice", "alice-password")
    stolen = testapp.cookies["scratchpad"]
    token = testapp.get_csrf_token("/")
    response = testapp.post("/logout/", {"csrf_token": token}, status=303)
    assert redirect_target(response) == "/"
    assert "Logged out." in response.follow().text
    assert count_rows(Login) == 0
    testapp.set_cookie("scratchpad", stolen)
    assert "Log out" not in testapp.get("/").text


def test_get_logout_only_asks_for_confirmation(testapp, alice_id):
    testapp.login("alice", "alice-password")
    page = testapp.get("/logout/", status=200)
    assert 'method="post"' in page.text
    assert "Log out" in page.text
    # Still logged in.
    assert "alice" in testapp.get("/").text


def test_logout_without_csrf_token_is_refused(testapp, alice_id, count_rows):
    testapp.login("alice", "alice-password")
    testapp.post("/logout/", {}, status=400)
    assert count_rows(Login) == 1


def test_login_without_csrf_token_is_refused(testapp, alice_id, count_rows):
    testapp.post(
        "/login/", {"username": "alice", "password": "alice-password"}, status=400
    )
    assert count_rows(Login) == 0


def test_csrf_token_changes_at_login(testapp, alice_id):
    before = testapp.get_csrf_token("/login/")
    testapp.login("alice", "alice-password")
    assert testapp.get_csrf_token("/") != before


def test_each_login_is_its_own_row(testapp, app, alice_id, dbsession):

    other = TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    testapp.login("alice", "alice-password")
    other.login("alice", "alice-password")
    assert dbsession.scalar(select(func.count()).select_from(Login)) == 2
    token = other.get_csrf_token("/")
    other.post("/logout/", {"csrf_token": token})
    assert "Log out" in testapp.get("/").text


@pytest.mark.parametrize(
    ("came_from", "expected"),
    [
        ("/comments/", "/comments/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("/ok\r\nSet-Cookie: x=y", "/"),
    ],
)
def test_login_only_redirects_to_this_site(testapp, alice_id, came_from, expected):
    page = testapp.get("/login/", params={"came_from": came_from})
    form = page.forms["login-form"]
    form["username"] = "alice"
    form["password"] = "alice-password"
    response = form.submit(status=303)
    assert redirect_target(response) == expected


def test_cross_site_form_post_is_refused(testapp, alice_id, count_rows):
    token = testapp.get_csrf_token("/login/")
    testapp.post(
        "/login/",
        {"username": "alice", "password": "alice-password", "csrf_token": token},
        headers={"Origin": "https://evil.example"},
        status=400,
    )
    assert count_rows(Login) == 0


def test_disabled_user_cannot_log_in_and_open_logins_stop(
    testapp, app, alice_id, dbsession, tm
):
    from scratchpad.models import User

    testapp.login("alice", "alice-password")
    assert "Log out" in testapp.get("/").text
    dbsession.get(User, alice_id).disabled = True
    tm.commit()
    assert "Log out" not in testapp.get("/").text
    page = testapp.login("alice", "alice-password", status=200)
    assert "Incorrect username or password" in page.text
