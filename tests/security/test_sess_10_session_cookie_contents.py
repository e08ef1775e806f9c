"""SESS-10: the signed session cookie is JSON holding only the CSRF token
and flash messages, nothing sensitive."""

from __future__ import annotations

import base64
import json

from tests.support.factories import ALICE_PASSWORD

SIGNATURE_BYTES = 64  # HMAC-SHA512


def decode(cookie: str) -> object:
    raw = base64.urlsafe_b64decode(cookie + "=" * (-len(cookie) % 4))
    return json.loads(raw[SIGNATURE_BYTES:])


def test_session_holds_only_token_and_flash(testapp, alice_id):
    testapp.login("alice", ALICE_PASSWORD)
    token = testapp.get_csrf_token("/")
    testapp.post("/logout/", {"csrf_token": token}, status=303)
    accessed, created, data = decode(testapp.cookies["session"])
    assert isinstance(accessed, int | float) and isinstance(created, int | float)
    assert set(data) <= {"_csrft_", "_f_"}
    assert data["_f_"] == ["Logged out."]
    assert ALICE_PASSWORD not in json.dumps(data)
