"""SESS-05: login and CSRF tokens are 256 bits from ``secrets``, never
UUIDs."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.support.factories import ALICE_PASSWORD

URLSAFE_256_BITS = re.compile(r"[A-Za-z0-9_-]{43}")


@pytest.fixture
def no_uuids(monkeypatch):
    def refuse():
        raise AssertionError("uuid4 used for a security token")

    monkeypatch.setattr(uuid, "uuid4", refuse)


def test_login_and_csrf_tokens(testapp, alice_id, no_uuids):
    token = testapp.get_csrf_token("/login/")
    assert URLSAFE_256_BITS.fullmatch(token)
    testapp.login("alice", ALICE_PASSWORD)
    assert URLSAFE_256_BITS.fullmatch(testapp.cookies["scratchpad"])
    assert URLSAFE_256_BITS.fullmatch(testapp.get_csrf_token("/"))


def test_tokens_do_not_repeat(new_client, no_uuids):
    tokens = {new_client().get_csrf_token("/login/") for _ in range(20)}
    assert len(tokens) == 20
