"""CSRF-08: CSRF tokens have 256 bits from ``secrets``."""

from __future__ import annotations

import secrets

from scratchpad.security.csrf import CSRFStoragePolicy


def test_policy_uses_secrets(monkeypatch):
    calls = []
    real = secrets.token_urlsafe

    def spy(nbytes=None):
        calls.append(nbytes)
        return real(nbytes)

    monkeypatch.setattr(secrets, "token_urlsafe", spy)
    token = CSRFStoragePolicy._token_factory()
    assert calls == [32]
    assert len(token) == 43


def test_tokens_on_pages_are_43_urlsafe_characters(testapp):
    token = testapp.get_csrf_token("/login/")
    assert len(token) == 43
    assert set(token) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )
