"""Settings of joining and email: ``scratchpad.registration`` is one of
three words (environment wins), and the SMTP settings turn email on."""

from __future__ import annotations

import pytest

from scratchpad.settings import SettingsError, load_settings

URL = "sqlite:///x.sqlite"


def test_registration_is_by_invitation_by_default():
    _, settings = load_settings({"sqlalchemy.url": URL}, environ={})
    assert settings.registration == "invite"
    assert settings.invitation_days == 7
    assert not settings.email_enabled


@pytest.mark.parametrize("word", ["invite", "open", "closed", " Open "])
def test_registration_takes_its_three_words(word):
    raw = {"sqlalchemy.url": URL, "scratchpad.registration": word}
    _, settings = load_settings(raw, environ={})
    assert settings.registration == word.strip().lower()


def test_the_environment_overrides_the_file():
    raw = {"sqlalchemy.url": URL, "scratchpad.registration": "open"}
    _, settings = load_settings(raw, environ={"SCRATCHPAD_REGISTRATION": "closed"})
    assert settings.registration == "closed"


@pytest.mark.parametrize("word", ["yes", "invite-only", "opened"])
def test_other_words_are_refused_with_the_choices(word):
    raw = {"sqlalchemy.url": URL, "scratchpad.registration": word}
    with pytest.raises(SettingsError, match="must be one of invite, open, closed"):
        load_settings(raw, environ={})


def test_smtp_settings_turn_email_on():
    environ = {
        "SCRATCHPAD_SMTP_HOST": "mail.example.org",
        "SCRATCHPAD_SMTP_PASSWORD": "from-the-environment",
        "SCRATCHPAD_SMTP_TLS": "ssl",
        "SCRATCHPAD_SMTP_SENDER": "comments@example.org",
    }
    _, settings = load_settings({"sqlalchemy.url": URL}, environ=environ)
    assert settings.email_enabled and settings.smtp_port == 587
    assert settings.smtp_password == "from-the-environment"
    assert settings.smtp_tls == "ssl"
    with pytest.raises(SettingsError, match="smtp_tls must be one of"):
        raw = {"sqlalchemy.url": URL, "scratchpad.smtp_tls": "tls"}
        load_settings(raw, environ={})


def test_email_needs_a_sender():
    environ = {"SCRATCHPAD_SMTP_HOST": "mail.example.org"}
    with pytest.raises(SettingsError, match="smtp_sender must be an address"):
        load_settings({"sqlalchemy.url": URL}, environ=environ)
