"""Protection against forged requests, and the signed session that holds
the CSRF token.

A per-session synchronizer token (256 random bits) kept in a signed session
cookie, plus an Origin/Referer check, is required on every unsafe request
and checked *before* permissions, so a forged request is a 400 whoever
sends it. Only views that opt out with ``require_csrf=False`` (the
token-authenticated API) skip it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from pyramid.csrf import SessionCSRFStoragePolicy, check_csrf_token, new_csrf_token
from pyramid.exceptions import BadCSRFOrigin
from pyramid.httpexceptions import HTTPBadRequest
from pyramid.session import SignedCookieSessionFactory

from scratchpad.settings import Settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def derive_key(secret: str, purpose: str) -> str:
    """A separate key per use of the one configured secret.

    Pyramid warns that sharing one secret between signing systems weakens
    both; HMAC derivation gives independent keys from one setting.
    """
    return hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).hexdigest()


def session_factory(settings: Settings) -> Any:
    """The signed-cookie session that carries the CSRF token and messages."""
    return SignedCookieSessionFactory(
        derive_key(settings.secret, "session"),
        cookie_name=settings.session_cookie_name,
        secure=settings.cookie_secure,
        httponly=True,
        samesite="Lax",
        hashalg="sha512",
        timeout=None,  # lives as long as the browser session
    )


def fresh_session(request: Any) -> None:
    """Drop the anonymous session and its CSRF token (no session fixation)."""
    request.session.invalidate()
    new_csrf_token(request)  # through CSRFStoragePolicy: 256 bits


class CSRFStoragePolicy(SessionCSRFStoragePolicy):
    """Pyramid's session-bound CSRF token, with 256 bits from ``secrets``
    instead of a 122-bit UUID."""

    _token_factory = staticmethod(lambda: secrets.token_urlsafe(32))


def check_origin(request: Any) -> None:
    """Refuse an unsafe request whose Origin (or Referer) is another site.

    Pyramid's own check only runs over https; this one runs always, against
    the scheme and host of the request: ``scratchpad.base_url`` when set
    (see :mod:`scratchpad.web.baseurl`), otherwise what the WSGI server reports
    (behind a TLS proxy, waitress must then trust its X-Forwarded-* headers).
    A browser's ``Sec-Fetch-Site: cross-site`` is refused outright.
    """
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        # Fetch Metadata: the browser itself says another site sent this.
        raise BadCSRFOrigin("request sent by another site (Sec-Fetch-Site)")
    origin = request.headers.get("Origin")
    if origin is None:
        referrer = request.headers.get("Referer")
        if not referrer:
            if request.scheme == "https":
                # Browsers always send Origin with a POST over https.
                raise BadCSRFOrigin("request without Origin or Referer")
            return  # plain http (development): the token check alone decides
        parts = urlsplit(referrer)
        origin = f"{parts.scheme}://{parts.netloc}"
    if origin.rstrip("/") != request.host_url:
        raise BadCSRFOrigin(f"request from another site ({origin[:100]!r})")


def require_utf8_form(request: Any) -> None:
    """Refuse a form body that is not UTF-8 with a 400.

    WebOb quietly replaces undecodable bytes with U+FFFD, which would store
    mangled text; a body that does not decode strictly is refused instead.
    """
    if request.content_type == "application/x-www-form-urlencoded":
        try:
            parse_qsl(
                request.body.decode("ascii"),
                keep_blank_values=True,
                encoding="utf-8",
                errors="strict",
            )
        except UnicodeDecodeError:
            raise HTTPBadRequest("The form was not sent as UTF-8 text.") from None
    elif request.content_type == "multipart/form-data":
        replaced = any(
            isinstance(value, str) and "\ufffd" in value
            for value in request.POST.values()
        )
        if replaced and b"\xef\xbf\xbd" not in request.body:
            raise HTTPBadRequest("The form was not sent as UTF-8 text.")


def csrf_first_view(view: Any, info: Any) -> Any:
    """A view deriver above ``secured_view``: CSRF before permissions.

    Every unsafe request needs the token unless the view opts out with
    ``require_csrf=False`` (only the token-authenticated API may). It also
    turns a form body that is not UTF-8 into a clean 400 before anything
    else reads it.
    """
    if info.options.get("require_csrf") is False or info.exception_only:
        return view

    def wrapper(context: Any, request: Any) -> Any:
        if request.method not in SAFE_METHODS:
            require_utf8_form(request)
            check_origin(request)
            check_csrf_token(request, raises=True)
        return view(context, request)

    return wrapper
