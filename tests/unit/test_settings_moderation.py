"""Settings of comment moderation and flood control."""

from __future__ import annotations

import pytest

from scratchpad.settings import SettingsError, load_settings

URL = "sqlite:///x.sqlite"


def test_defaults_are_fifteen_minutes_and_five_a_minute():
    _, settings = load_settings({"sqlalchemy.url": URL}, environ={})
    assert settings.edit_window == 900
    assert settings.post_limit_per_minute == 5
    assert settings.premoderation == 0  # off


def test_premoderation_from_the_environment():
    raw = {"sqlalchemy.url": URL, "scratchpad.premoderation": "2"}
    assert load_settings(raw, environ={})[1].premoderation == 2
    environ = {"SCRATCHPAD_PREMODERATION": "5"}
    assert load_settings(raw, environ=environ)[1].premoderation == 5


def test_environment_overrides_the_file():
    raw = {
        "sqlalchemy.url": URL,
        "scratchpad.edit_window": "60",
        "scratchpad.post_limit_per_minute": "3",
    }
    environ = {"SCRATCHPAD_EDIT_WINDOW": "0", "SCRATCHPAD_POST_LIMIT_PER_MINUTE": "0"}
    _, settings = load_settings(raw, environ=environ)
    assert (settings.edit_window, settings.post_limit_per_minute) == (0, 0)


@pytest.mark.parametrize(
    "name", ["edit_window", "post_limit_per_minute", "premoderation"]
)
@pytest.mark.parametrize("value", ["-1", "soon", "1.5"])
def test_nonsense_is_refused(name, value):
    with pytest.raises(SettingsError, match=name):
        load_settings({"sqlalchemy.url": URL, f"scratchpad.{name}": value}, environ={})
