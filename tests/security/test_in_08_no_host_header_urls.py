"""IN-08: no absolute URL is built from the Host header. With
``scratchpad.base_url`` set (as production should), redirects name the
configured site whatever Host or X-Forwarded-Host say."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from scratchpad import main
from scratchpad.settings import SettingsError, load_settings
from tests.support.client import TestApp
from tests.support.factories import ALICE_PASSWORD

SITE = "https://comments.example.org"


@pytest.fixture
def pinned_app(app_settings) -> Iterator[object]:
    site = main({}, **app_settings, **{"scratchpad.base_url": SITE})
    yield site
    site.registry["dbengine"].dispose()


@pytest.mark.parametrize(
    "environ",
    [
        {"HTTP_HOST": "evil.example"},
        {"HTTP_HOST": "localhost", "HTTP_X_FORWARDED_HOST": "evil.example"},
        {"HTTP_HOST": "evil.example:8080", "wsgi.url_scheme": "http"},
    ],
)
def test_redirects_use_the_configured_site(pinned_app, alice_id, db_state, environ):
    client = TestApp(pinned_app, extra_environ={"REMOTE_ADDR": "127.0.0.1", **environ})
    before = db_state()
    response = client.get("/comments/", status=303)  # a redirect to the front
    assert response.headers["Location"] == SITE + "/"
    forbidden = client.get("/account/", status=303)
    assert forbidden.headers["Location"].startswith(SITE + "/login/")
    assert "evil" not in forbidden.headers["Location"]
    assert db_state() == before


def test_login_redirect_uses_the_configured_site(pinned_app, alice_id):
    client = TestApp(pinned_app, extra_environ={"HTTP_HOST": "evil.example"})
    page = client.get("/login/")
    session = page.headers["Set-Cookie"].split(";", 1)[0]
    response = client.post(
        "/login/",
        {
            "csrf_token": page.forms["login-form"]["csrf_token"].value,
            "username": "alice",
            "password": ALICE_PASSWORD,
        },
        headers={"Origin": SITE, "Cookie": session},
        status=303,
    )
    assert response.headers["Location"] == SITE + "/"


@pytest.mark.parametrize(
    "value",
    [
        "comments.example.org",
        "ftp://comments.example.org",
        "https://comments.example.org/path",
        "https://user:pw@comments.example.org",
        "https://comments.example.org/?q=1",
    ],
)
def test_unusable_base_urls_are_refused(value):
    with pytest.raises(SettingsError, match="base_url"):
        load_settings({"sqlalchemy.url": "sqlite://"}, {"SCRATCHPAD_BASE_URL": value})


def test_base_url_is_normalised():
    _, settings = load_settings(
        {"sqlalchemy.url": "sqlite://"},
        {"SCRATCHPAD_BASE_URL": "https://Comments.Example.org:8443/"},
    )
    assert settings.base_url == "https://comments.example.org:8443"
