"""AUTH-11: logins, failures, throttling and logouts are logged with user,
address and UTC time; never the password; control characters escaped."""

from __future__ import annotations

import logging
import re

import pytest

from tests.support.client import change_password
from tests.support.factories import ALICE_PASSWORD

SECRET_GUESS = "hunter2-guess"
UTC_TIME = r"at=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"


@pytest.fixture
def audit_log(caplog):
    caplog.set_level(logging.INFO, logger="scratchpad.audit")
    return caplog


def _lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "scratchpad.audit"]


def test_failure_success_and_logout_are_logged(testapp, alice_id, audit_log):
    testapp.login("alice", SECRET_GUESS, status=200)
    testapp.login("alice", ALICE_PASSWORD, status=303)
    token = testapp.get_csrf_token("/")
    testapp.post("/logout/", {"csrf_token": token}, status=303)
    lines = _lines(audit_log)
    assert len(lines) == 3
    assert re.fullmatch(
        rf"login failed user='alice' ip='127.0.0.1' {UTC_TIME}", lines[0]
    )
    assert re.fullmatch(
        rf"login succeeded user='alice' ip='127.0.0.1' {UTC_TIME}", lines[1]
    )
    assert re.fullmatch(rf"logout user='alice' ip='127.0.0.1' {UTC_TIME}", lines[2])
    assert all(SECRET_GUESS not in r.getMessage() for r in audit_log.records)
    assert all(ALICE_PASSWORD not in r.getMessage() for r in audit_log.records)


def test_throttling_and_password_change_are_logged(alice, audit_log, clock):
    clock.freeze()  # retry_after is exact
    for _ in range(5):
        alice.login("bob", SECRET_GUESS, status=200)
    alice.login("bob", SECRET_GUESS, status=429)
    assert re.fullmatch(
        rf"login throttled user='bob' ip='127.0.0.1' {UTC_TIME} retry_after=900",
        _lines(audit_log)[-1],
    )
    change_password(alice, ALICE_PASSWORD, "my new passphrase", status=303)
    assert _lines(audit_log)[-1].startswith("password changed user='alice'")


def test_control_characters_cannot_forge_log_lines(testapp, audit_log):
    testapp.login("a\nFAKE login succeeded user='admin'\x1b[2J", "x" * 8, status=200)
    (line,) = _lines(audit_log)
    assert "\n" not in line and "\x1b" not in line
    assert line.startswith(
        r"login failed user='a\x0aFAKE login succeeded user=\'admin\'\x1b[2J'"
    )
