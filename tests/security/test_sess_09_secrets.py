"""SESS-09: production needs a real secret from the environment, and each
use of it gets its own derived key."""

from __future__ import annotations

import pytest

from scratchpad.security.csrf import derive_key
from scratchpad.settings import SettingsError, load_settings

BASE = {"sqlalchemy.url": "sqlite://", "scratchpad.production": "true"}


@pytest.mark.parametrize("secret", [None, "", "changeme", "x" * 16])
def test_production_refuses_a_missing_or_short_secret(secret):
    environ = {} if secret is None else {"SCRATCHPAD_SECRET": secret}
    with pytest.raises(SettingsError, match="SCRATCHPAD_SECRET"):
        load_settings(BASE, environ)


def test_secret_comes_from_the_environment():
    _, settings = load_settings(BASE, {"SCRATCHPAD_SECRET": "k" * 40})
    assert settings.secret == "k" * 40


def test_keys_are_derived_per_purpose():
    secret = "k" * 40
    session_key = derive_key(secret, "session")
    assert session_key != secret
    assert session_key != derive_key(secret, "other purpose")
    assert session_key != derive_key("j" * 40, "session")
