"""AUTH-03: login throttling per account and per client address.

Five failures for one account in 15 minutes (fifty from one address) and
the next attempt gets a 429 page saying when to try again, without any
password being checked; the window slides, so nobody is locked out for
good; the count lives in the database, so a second process sees it.
"""

from __future__ import annotations

import bcrypt
import pytest

from scratchpad import main
from scratchpad.settings import load_settings
from tests.support.client import TestApp, logged_in_as
from tests.support.factories import ALICE_PASSWORD, BOB_PASSWORD


@pytest.fixture
def app_settings(app_settings):
    return {**app_settings, "scratchpad.login_failures_per_address": "8"}


def fail_logins(client, username: str, times: int) -> None:
    for _ in range(times):
        client.login(username, "wrong-password", status=200)


def test_sixth_attempt_is_refused_even_with_the_right_password(
    testapp, alice_id, make_user, clock, db_state, monkeypatch
):
    clock.freeze()  # Retry-After is exact
    make_user("bob", BOB_PASSWORD)
    fail_logins(testapp, "alice", 5)
    before = db_state()
    checks = []
    monkeypatch.setattr(bcrypt, "checkpw", lambda *args: checks.append(args))
    response = testapp.login("alice", ALICE_PASSWORD, status=429)
    assert checks == []  # no bcrypt work while throttled
    assert response.headers["Retry-After"] == "900"
    assert "Please try again in 15 minutes." in response.text
    assert "scratchpad=" not in response.headers.get("Set-Cookie", "")
    assert db_state() == before  # a throttled attempt is not even counted
    monkeypatch.undo()
    # Someone else's account is not affected.
    testapp.login("bob", BOB_PASSWORD, status=303)


def test_retry_time_counts_down_and_the_window_slides(testapp, alice_id, clock):
    clock.freeze()  # Retry-After is exact
    fail_logins(testapp, "alice", 5)
    clock.advance(14 * 60 + 30)
    response = testapp.login("alice", ALICE_PASSWORD, status=429)
    assert response.headers["Retry-After"] == "30"
    assert "Please try again in 30 seconds." in response.text
    clock.advance(31)
    testapp.login("alice", ALICE_PASSWORD, status=303)
    assert logged_in_as(testapp) == "alice"


def test_no_permanent_lockout_after_long_attacks(testapp, alice_id, clock):
    for _ in range(3):
        fail_logins(testapp, "alice", 5)
        testapp.login("alice", "wrong-password", status=429)
        clock.advance(15 * 60 + 1)
    testapp.login("alice", ALICE_PASSWORD, status=303)


def test_success_clears_the_account_failures(testapp, new_client, alice_id, clock):
    fail_logins(testapp, "alice", 4)
    new_client().login("alice", ALICE_PASSWORD, status=303)
    fail_logins(testapp, "alice", 4)  # would be throttled without the reset
    testapp.login("alice", ALICE_PASSWORD, status=303)


def test_unknown_usernames_are_throttled_like_real_ones(testapp, clock):
    fail_logins(testapp, "nosuchuser", 5)
    response = testapp.login("nosuchuser", "wrong-password", status=429)
    assert "try again in" in response.text


def test_per_address_limit_is_looser_and_per_address(
    testapp, new_client, alice_id, make_user, clock
):
    make_user("bob", BOB_PASSWORD)
    for name in ("u1", "u2", "u3", "u4"):
        fail_logins(testapp, name, 2)
    response = testapp.login("bob", BOB_PASSWORD, status=429)
    assert "from your network" in response.text
    new_client(address="192.0.2.7").login("bob", BOB_PASSWORD, status=303)


def test_throttle_state_is_shared_between_processes(
    testapp, app_settings, alice_id, clock
):
    fail_logins(testapp, "alice", 5)
    other_process = main({}, **app_settings)
    try:
        other = TestApp(
            other_process,
            extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "198.51.100.1"},
        )
        other.login("alice", ALICE_PASSWORD, status=429)
    finally:
        other_process.registry["dbengine"].dispose()


def test_limits_are_settings_with_environment_overrides(app_settings):
    _, settings = load_settings(
        app_settings,
        {
            "SCRATCHPAD_LOGIN_FAILURES_PER_ACCOUNT": "3",
            "SCRATCHPAD_LOGIN_FAILURES_PER_ADDRESS": "20",
            "SCRATCHPAD_LOGIN_THROTTLE_WINDOW": "600",
        },
    )
    assert settings.login_failures_per_account == 3
    assert settings.login_failures_per_address == 20
    assert settings.login_throttle_window == 600
    _, defaults = load_settings({"sqlalchemy.url": "sqlite://"}, {})
    assert defaults.login_failures_per_account == 5
    assert defaults.login_failures_per_address == 50
    assert defaults.login_throttle_window == 900
