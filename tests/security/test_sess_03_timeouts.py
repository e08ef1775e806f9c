"""SESS-03: the idle timeout and the absolute lifetime are enforced on the
server, with a controlled clock."""

from __future__ import annotations

import pytest

from scratchpad.models import Login
from tests.support.client import logged_in_as
from tests.support.factories import ALICE_PASSWORD


@pytest.fixture
def app_settings(app_settings):
    return {
        **app_settings,
        "scratchpad.session_idle_timeout": "600",
        "scratchpad.session_max_age": "3600",
    }


def test_idle_login_ends(testapp, alice_id, clock, count_rows):
    testapp.login("alice", ALICE_PASSWORD)
    clock.advance(590)
    assert logged_in_as(testapp) == "alice"
    clock.advance(590)  # activity above kept it alive...
    assert logged_in_as(testapp) == "alice"
    clock.advance(601)  # ...but ten idle minutes end it
    assert logged_in_as(testapp) is None
    assert count_rows(Login) == 0  # and the row is gone


def test_steady_activity_ends_at_the_absolute_lifetime(
    testapp, alice_id, clock, count_rows
):
    testapp.login("alice", ALICE_PASSWORD)
    for _ in range(6):
        clock.advance(500)
        assert logged_in_as(testapp) == "alice"
    clock.advance(601)  # 3601 s after login, never idle for long
    assert logged_in_as(testapp) is None
    assert count_rows(Login) == 0
