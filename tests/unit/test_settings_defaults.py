"""Each setting's default is written once, on the Settings dataclass, and
parsing an ini file that leaves a setting out gives exactly that default."""

from __future__ import annotations

from dataclasses import MISSING, fields

import pytest

from scratchpad.settings import Settings, SettingsError, load_settings

URL = "sqlite:///x.sqlite"
DEFAULTED = [setting for setting in fields(Settings) if setting.default is not MISSING]


@pytest.mark.parametrize("setting", DEFAULTED, ids=lambda setting: setting.name)
def test_a_missing_setting_takes_the_dataclass_default(setting):
    _, settings = load_settings({"sqlalchemy.url": URL}, environ={})
    assert getattr(settings, setting.name) == setting.default


@pytest.mark.parametrize(
    ("name", "minimum"),
    [
        (setting.name, setting.metadata["minimum"])
        for setting in DEFAULTED
        if "minimum" in setting.metadata
    ],
)
def test_the_declared_minimum_is_enforced(name, minimum):
    raw = {"sqlalchemy.url": URL, "scratchpad.testing": "true"}
    raw[f"scratchpad.{name}"] = str(minimum - 1)
    with pytest.raises(SettingsError, match=rf"scratchpad\.{name} must be at least"):
        load_settings(raw, environ={})
    raw[f"scratchpad.{name}"] = str(minimum)
    assert getattr(load_settings(raw, environ={})[1], name) == minimum


def test_cookie_secure_defaults_to_production():
    raw = {"sqlalchemy.url": URL, "scratchpad.production": "true"}
    _, settings = load_settings(raw, environ={"SCRATCHPAD_SECRET": "k" * 40})
    assert settings.cookie_secure is True
    raw["scratchpad.cookie_secure"] = "false"
    _, settings = load_settings(raw, environ={"SCRATCHPAD_SECRET": "k" * 40})
    assert settings.cookie_secure is False
