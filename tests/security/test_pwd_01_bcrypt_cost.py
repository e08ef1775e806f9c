"""PWD-01: bcrypt with the configured cost (12 by default); below 10 is
refused anywhere but the test suite."""

from __future__ import annotations

import pytest

from scratchpad import main
from scratchpad.settings import SettingsError, load_settings
from tests.support.client import change_password
from tests.support.factories import ALICE_PASSWORD

LONG_SECRET = "s" * 40


@pytest.mark.parametrize("production", ["true", "false"])
def test_low_cost_is_refused_outside_tests(db_url, production):
    settings = {
        "sqlalchemy.url": db_url,
        "scratchpad.secret": LONG_SECRET,
        "scratchpad.production": production,
        "scratchpad.bcrypt_rounds": "8",
    }
    with pytest.raises(SettingsError, match="bcrypt_rounds must be at least 10"):
        main({}, **settings)


def test_environment_cannot_lower_the_cost_either():
    with pytest.raises(SettingsError, match="at least 10"):
        load_settings(
            {"sqlalchemy.url": "sqlite://"}, {"SCRATCHPAD_BCRYPT_ROUNDS": "9"}
        )


def test_default_cost_is_12_and_10_is_accepted():
    _, settings = load_settings({"sqlalchemy.url": "sqlite://"}, {})
    assert settings.bcrypt_rounds == 12
    _, settings = load_settings(
        {"sqlalchemy.url": "sqlite://"}, {"SCRATCHPAD_BCRYPT_ROUNDS": "10"}
    )
    assert settings.bcrypt_rounds == 10


def test_new_hash_uses_the_configured_cost(alice, alice_id, dbsession, tm):
    from scratchpad.models import User

    change_password(alice, ALICE_PASSWORD, "another good passphrase", status=303)
    tm.abort()
    tm.begin()
    stored = dbsession.get(User, alice_id).password_hash
    assert stored.startswith("$2b$04$")  # the test suite's cost setting
