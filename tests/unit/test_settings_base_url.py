"""``scratchpad.base_url``: the site's public address, for absolute links."""

from __future__ import annotations

import pytest

from scratchpad.settings import SettingsError, load_settings

URL = "sqlite:///x.sqlite"


def test_base_url_is_unset_by_default():
    _, settings = load_settings({"sqlalchemy.url": URL}, environ={})
    assert settings.base_url == ""


def test_base_url_loses_its_trailing_slash_and_env_wins():
    raw = {"sqlalchemy.url": URL, "scratchpad.base_url": "https://a.example/"}
    _, settings = load_settings(raw, environ={})
    assert settings.base_url == "https://a.example"
    environ = {"SCRATCHPAD_BASE_URL": "http://B.example:8080/"}
    _, settings = load_settings(raw, environ=environ)
    assert settings.base_url == "http://b.example:8080"


@pytest.mark.parametrize(
    "value",
    [
        "comments.example.org",
        "ftp://a.example",
        "https://",
        "https://a.example/?x=1",
        "https://user:pw@a.example",
        "https://a.example/comments",
        "javascript:alert(1)",
    ],
)
def test_a_base_url_that_is_not_an_http_address_is_refused(value):
    with pytest.raises(SettingsError, match="base_url"):
        load_settings({"sqlalchemy.url": URL, "scratchpad.base_url": value}, environ={})
