"""AUTH-04: the password is checked exactly as sent: no trimming, no case
folding, no normalisation, any Unicode."""

from __future__ import annotations

import pytest

from tests.support.client import logged_in_as

PASSWORD = " pässwörd ☃ "


@pytest.mark.parametrize(
    "attempt",
    [
        "pässwörd ☃",
        " PÄSSWÖRD ☃ ",
        " pässwörd ☃",
        " pa\u0308sswo\u0308rd ☃ ",  # the same text, decomposed (NFD)
    ],
)
def test_near_misses_fail(testapp, make_user, db_state, attempt):
    make_user("alice", PASSWORD)
    before = db_state()
    response = testapp.login("alice", attempt, status=200)
    assert "Incorrect username or password" in response.text
    assert logged_in_as(testapp) is None
    after = db_state()
    assert after["users"] == before["users"]
    assert after["counts"]["logins"] == 0


def test_exact_password_works(testapp, make_user):
    make_user("alice", PASSWORD)
    testapp.login("alice", PASSWORD, status=303)
    assert logged_in_as(testapp) == "alice"
