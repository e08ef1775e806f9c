"""Settings: defaults, environment overrides and refusals."""

from __future__ import annotations

import pytest

from scratchpad.settings import DEFAULT_DATE_FORMAT, SettingsError, load_settings

URL = "sqlite:///x.sqlite"


def test_defaults_are_the_documented_ones():
    _, settings = load_settings({"sqlalchemy.url": URL}, environ={})
    assert settings.date_format == DEFAULT_DATE_FORMAT == "%A, %d %B %Y at %H:%M"
    assert settings.bcrypt_rounds == 12
    assert settings.production is False
    assert settings.cookie_secure is False
    assert settings.login_cookie_name == "scratchpad"
    assert len(settings.secret) >= 32  # a fresh development secret


def test_development_secret_differs_per_start():
    _, one = load_settings({"sqlalchemy.url": URL}, environ={})
    _, two = load_settings({"sqlalchemy.url": URL}, environ={})
    assert one.secret != two.secret


def test_environment_overrides_the_file():
    raw = {"sqlalchemy.url": URL, "scratchpad.date_format": "%Y"}
    environ = {
        "SCRATCHPAD_DATABASE_URL": "postgresql+psycopg://db/sp",
        "SCRATCHPAD_DATE_FORMAT": "%d/%m/%Y",
        "SCRATCHPAD_BCRYPT_ROUNDS": "13",
        "SCRATCHPAD_SECRET": "s" * 40,
        "UNRELATED": "ignored",
    }
    merged, settings = load_settings(raw, environ=environ)
    assert merged["sqlalchemy.url"] == "postgresql+psycopg://db/sp"
    assert settings.database_url == "postgresql+psycopg://db/sp"
    assert settings.date_format == "%d/%m/%Y"
    assert settings.bcrypt_rounds == 13
    assert settings.secret == "s" * 40
    assert "unrelated" not in " ".join(merged)


def test_production_refuses_to_start_without_a_secret():
    raw = {"sqlalchemy.url": URL, "scratchpad.production": "true"}
    with pytest.raises(SettingsError, match="SCRATCHPAD_SECRET is not set"):
        load_settings(raw, environ={})


def test_production_refuses_a_short_secret():
    raw = {"sqlalchemy.url": URL, "scratchpad.production": "true"}
    with pytest.raises(SettingsError, match="at least 32"):
        load_settings(raw, environ={"SCRATCHPAD_SECRET": "short"})


def test_production_turns_on_secure_host_only_cookies():
    raw = {"sqlalchemy.url": URL, "scratchpad.production": "true"}
    _, settings = load_settings(raw, environ={"SCRATCHPAD_SECRET": "k" * 40})
    assert settings.cookie_secure is True
    assert settings.login_cookie_name.startswith("__Host-")
    assert settings.session_cookie_name.startswith("__Host-")


def test_missing_database_url_is_refused():
    with pytest.raises(SettingsError, match="no database configured"):
        load_settings({}, environ={})


@pytest.mark.parametrize("rounds", ["4", "9"])
def test_weak_bcrypt_is_refused_outside_tests(rounds):
    raw = {"sqlalchemy.url": URL, "scratchpad.bcrypt_rounds": rounds}
    with pytest.raises(SettingsError, match="at least 10"):
        load_settings(raw, environ={})
    raw["scratchpad.testing"] = "true"
    assert load_settings(raw, environ={})[1].bcrypt_rounds == int(rounds)


@pytest.mark.parametrize("value", ["twelve", "1.5"])
def test_non_numbers_are_refused_with_the_setting_named(value):
    raw = {"sqlalchemy.url": URL, "scratchpad.page_size": value}
    with pytest.raises(SettingsError, match=r"scratchpad\.page_size"):
        load_settings(raw, environ={})


def test_empty_value_means_the_default():
    raw = {"sqlalchemy.url": URL, "scratchpad.page_size": ""}
    assert load_settings(raw, environ={})[1].page_size == 50
