"""SESS-04: production cookies (login, session, device) are Secure,
HttpOnly, SameSite=Lax, host-only, Path=/ and carry the __Host- prefix."""

from __future__ import annotations

import pytest

from scratchpad import main
from tests.support.client import TestApp
from tests.support.factories import ALICE_PASSWORD

SITE = "https://example.org"


@pytest.fixture
def production_app(app_settings):
    settings = {
        **app_settings,
        "scratchpad.production": "true",
        "scratchpad.base_url": SITE,
    }
    site = main({}, **settings)
    yield site
    site.registry["dbengine"].dispose()


def test_every_cookie_set_at_login_is_locked_down(production_app, alice_id):
    client = TestApp(
        production_app,
        extra_environ={"wsgi.url_scheme": "https", "HTTP_HOST": "example.org"},
    )
    page = client.get("/login/")
    form = page.forms["login-form"]
    form["username"] = "alice"
    form["password"] = ALICE_PASSWORD
    response = form.submit(headers={"Origin": SITE}, status=303)
    cookies = response.headers.getall("Set-Cookie")
    names = {cookie.split("=", 1)[0] for cookie in cookies}
    assert names == {"__Host-scratchpad", "__Host-session", "__Host-scratchpad-device"}
    for cookie in cookies:
        attributes = [part.strip().lower() for part in cookie.split(";")[1:]]
        assert "secure" in attributes
        assert "samesite=lax" in attributes
        assert "path=/" in attributes
        assert not any(a.startswith("domain=") for a in attributes)
        assert "httponly" in attributes
