"""Device cookies (OWASP): a browser that logged in keeps its own allowance.

After a successful login the browser gets a long-lived cookie naming a
random nonce and the account, signed with a key derived from the site's
secret. When it next tries to log in to that account, its attempts are
counted against the nonce alone (:mod:`.throttle`), not the account: an
attacker guessing from elsewhere can lock the account against unknown
browsers but not against the browsers its owner already uses. The cookie
carries no authority of its own; a forged, altered or other account's
cookie is simply ignored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from webob.cookies import make_cookie

from scratchpad.accounts.usernames import fold
from scratchpad.security.csrf import derive_key
from scratchpad.settings import Settings

MAX_AGE = 365 * 24 * 60 * 60
MAX_COOKIE_LENGTH = 128


def cookie_name(settings: Settings) -> str:
    return settings.login_cookie_name + "-device"


def _signature(settings: Settings, nonce: str, username: str) -> str:
    key = derive_key(settings.secret, "device cookie").encode()
    message = f"{nonce}\n{fold(username)}".encode("utf-8", "surrogateescape")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def device_cookie(settings: Settings, username: str) -> list[tuple[str, str]]:
    """The ``Set-Cookie`` header for a browser that just logged in."""
    nonce = secrets.token_urlsafe(16)
    value = f"{nonce}.{_signature(settings, nonce, username)}"
    cookie = make_cookie(
        cookie_name(settings),
        value,
        max_age=MAX_AGE,
        path="/",
        secure=settings.cookie_secure,
        httponly=True,
        samesite="Lax",
    )
    return [("Set-Cookie", cookie)]


def trusted_device(request: Any, settings: Settings, username: str) -> str | None:
    """The throttle key of this browser's device cookie for ``username``,
    or None when it has no valid one for that account."""
    value = request.cookies.get(cookie_name(settings))
    if not value or len(value) > MAX_COOKIE_LENGTH:
        return None
    nonce, _, signature = value.partition(".")
    if not nonce or not hmac.compare_digest(
        signature.encode("utf-8", "surrogateescape"),
        _signature(settings, nonce, username).encode(),
    ):
        return None
    return hashlib.sha256(nonce.encode()).hexdigest()
