"""SESS-12: the session cookie cannot overflow, and is sent only when it
changes.

A logged-in client that posts over and over without following the
redirects never reads its "Comment posted." messages. They are capped (the
newest few are kept), and a session that would still not fit in a cookie
is reset, keeping its CSRF token, instead of failing every request after
with "Cookie value is too long".
"""

from __future__ import annotations

import time

import pyramid.session
import pytest
from pyramid import testing
from pyramid.response import Response

from scratchpad import main
from scratchpad.security.csrf import CSRF_SESSION_KEY, MAX_MESSAGES, session_factory
from scratchpad.settings import get_settings
from tests.support.client import client
from tests.support.factories import ALICE_PASSWORD

POSTS = 200


@pytest.fixture
def unlimited_app(app_settings):
    app = main({}, **{**app_settings, "scratchpad.post_limit_per_minute": "0"})
    yield app
    app.registry["dbengine"].dispose()


def test_posting_without_following_redirects_never_overflows(unlimited_app, alice_id):
    visitor = client(unlimited_app)
    visitor.login("alice", ALICE_PASSWORD)
    token = visitor.get_csrf_token("/")
    for number in range(POSTS):
        response = visitor.post(
            "/comments/",
            {"contents": f"comment number {number}", "csrf_token": token},
            expect_errors=True,
        )
        assert response.status_int == 303, (number, response.status)
        cookie = response.headers.get("Set-Cookie", "")
        assert len(cookie) < 4096
    page = visitor.get("/")
    assert page.text.count('class="flash-message"') == MAX_MESSAGES
    assert "comment number 199" in page.text


def test_a_session_too_large_for_a_cookie_is_reset_not_a_500(app):
    settings = get_settings(app.registry)
    request = testing.DummyRequest()
    request.registry = app.registry
    session = session_factory(settings)(request)
    session[CSRF_SESSION_KEY] = "the-token"
    session["junk"] = "x" * 10_000
    response = Response()
    assert session._set_cookie(response)
    cookie = response.headers["Set-Cookie"]
    assert len(cookie) < 4096
    assert dict(session) == {CSRF_SESSION_KEY: "the-token"}


def test_messages_are_capped_newest_kept(app):
    request = testing.DummyRequest()
    request.registry = app.registry
    session = session_factory(get_settings(app.registry))(request)
    for number in range(50):
        session.flash(f"message {number}")
    assert session.peek_flash() == [
        f"message {n}" for n in range(50 - MAX_MESSAGES, 50)
    ]


def session_cookies(response, app) -> list[str]:
    name = get_settings(app.registry).session_cookie_name
    return [
        value
        for header, value in response.headerlist
        if header == "Set-Cookie" and value.startswith(f"{name}=")
    ]


class LaterClock:
    """``time`` for Pyramid's sessions, a minute on with every request."""

    def __init__(self) -> None:
        self.now = time.time()

    def time(self) -> float:
        self.now += 60
        return self.now


def test_the_session_cookie_is_sent_again_only_when_it_changes(
    app, alice_id, monkeypatch
):
    monkeypatch.setattr(pyramid.session, "time", LaterClock())
    visitor = client(app)
    visitor.login("alice", ALICE_PASSWORD)
    visitor.get("/")  # the login's "Logged in" message is read
    for _ in range(2):  # a page without messages changes nothing
        page = visitor.get("/")
        assert page.html.find(id="comment-form") is not None
        assert session_cookies(page, app) == []
    visitor.post_comment("Words")
    page = visitor.get("/")  # the message is shown once, and gone
    assert page.text.count('class="flash-message"') == 1
    assert len(session_cookies(page, app)) == 1
    page = visitor.get("/")
    assert 'class="flash-message"' not in page.text
    assert session_cookies(page, app) == []
