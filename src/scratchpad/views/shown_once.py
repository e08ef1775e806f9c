"""A secret shown once, on the page that a POST redirects to.

A POST that makes a secret (a new API token, a password-reset link) is
answered with a 303, so reloading the page it lands on makes nothing new.
The secret travels to that page in the session under a name of its own and
is taken out of it the first time the page is rendered; it never goes into
a URL (URLs end up in logs, history and ``Referer`` headers). The session
is a signed, HttpOnly cookie that logging in or out replaces, so the secret
sits in this browser's cookie only between the POST and the next page.
"""

from __future__ import annotations

from typing import Any

PREFIX = "_once_"


def keep(request: Any, name: str, secret: str) -> None:
    """Hold ``secret`` for the next page that calls :func:`take` ``name``."""
    request.session[PREFIX + name] = secret


def take(request: Any, name: str) -> str | None:
    """The secret kept under ``name``, removed from the session; or None
    (then the session is left untouched, so it is not written again)."""
    if PREFIX + name not in request.session:
        return None
    secret: str = request.session.pop(PREFIX + name)
    return secret
