"""AUTH-12: the login form is never cached, and with a configured base URL
it posts and redirects only to the configured scheme and host."""

from __future__ import annotations

import pytest

from scratchpad import main
from tests.support.client import TestApp
from tests.support.factories import ALICE_PASSWORD

SITE = "https://comments.example.org"


def test_login_page_is_no_store(testapp):
    response = testapp.get("/login/")
    assert "no-store" in response.headers["Cache-Control"]
    failed = testapp.login("nobody", "wrong-password", status=200)
    assert "no-store" in failed.headers["Cache-Control"]


@pytest.fixture
def pinned_app(app_settings):
    site = main({}, **app_settings, **{"scratchpad.base_url": SITE})
    yield site
    site.registry["dbengine"].dispose()


def test_login_goes_to_the_configured_site_only(pinned_app, alice_id):
    client = TestApp(
        pinned_app,
        extra_environ={"HTTP_HOST": "evil.example", "REMOTE_ADDR": "127.0.0.1"},
    )
    page = client.get("/login/")
    form = page.forms["login-form"]
    assert form.action == "/login/"
    session = page.headers["Set-Cookie"].split(";", 1)[0]
    response = client.post(
        "/login/",
        {
            "csrf_token": form["csrf_token"].value,
            "came_from": "/",
            "username": "alice",
            "password": ALICE_PASSWORD,
        },
        headers={"Origin": SITE, "Cookie": session},
        status=303,
    )
    assert response.headers["Location"] == SITE + "/"
