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
from urllib.parse import urlsplit

from pyramid.csrf import SessionCSRFStoragePolicy, check_csrf_token, new_csrf_token
from pyramid.exceptions import BadCSRFOrigin
from pyramid.interfaces import ISecurityPolicy
from pyramid.session import SignedCookieSessionFactory

from scratchpad.settings import Settings
from scratchpad.web.bodies import require_readable_form

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
MAX_MESSAGES = 5  # flash messages kept per queue: the newest
FLASH_PREFIX = "_f_"  # how Pyramid's session names a message queue
CSRF_SESSION_KEY = "_csrft_"  # where SessionCSRFStoragePolicy keeps the token


def derive_key(secret: str, purpose: str) -> str:
    """A separate key per use of the one configured secret.

    Pyramid warns that sharing one secret between signing systems weakens
    both; HMAC derivation gives independent keys from one setting.
    """
    return hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).hexdigest()


def session_factory(settings: Settings) -> Any:
    """The signed-cookie session that carries the CSRF token and messages,
    bounded so that it always fits in a cookie (:func:`bounded`)."""
    return bounded(
        SignedCookieSessionFactory(
            derive_key(settings.secret, "session"),
            cookie_name=settings.session_cookie_name,
            secure=settings.cookie_secure,
            httponly=True,
            samesite="Lax",
            hashalg="sha512",
            timeout=None,  # lives as long as the browser session
            reissue_time=None,  # so never re-sent only to renew it
        )
    )


def bounded(session_class: Any) -> Any:
    """``session_class`` with at most :data:`MAX_MESSAGES` messages per queue,
    and reset (keeping only its CSRF token) rather than fail when it would
    not fit in a cookie.

    A client that posts without ever following the redirect never reads
    its "Comment posted." messages; unbounded, they would grow the cookie
    until Pyramid refused to write it, a 500 on every request after that.
    """

    class BoundedSession(session_class):
        def flash(
            self, msg: Any, queue: str = "", allow_duplicate: bool = True
        ) -> None:
            super().flash(msg, queue, allow_duplicate)
            messages = self.get(FLASH_PREFIX + queue)
            if messages is not None and len(messages) > MAX_MESSAGES:
                del messages[:-MAX_MESSAGES]  # the newest are kept

        def _set_cookie(self, response: Any) -> Any:
            try:
                return super()._set_cookie(response)
            except ValueError:  # "Cookie value is too long to store"
                token = self.get(CSRF_SESSION_KEY)
                self.clear()
                if token is not None:
                    self[CSRF_SESSION_KEY] = token
                return super()._set_cookie(response)

    return BoundedSession


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
        try:
            parts = urlsplit(referrer)
        except ValueError:  # "http://[": not a URL at all
            raise BadCSRFOrigin("request with an unreadable Referer") from None
        origin = f"{parts.scheme}://{parts.netloc}"
    if origin.rstrip("/") != request.host_url:
        raise BadCSRFOrigin(f"request from another site ({origin[:100]!r})")


def csrf_first_view(view: Any, info: Any) -> Any:
    """A view deriver above ``secured_view``: CSRF before permissions.

    Every unsafe request needs the token. A view that opts out with
    ``require_csrf=False`` (only the API's do) is exempt only for a request
    that a bearer token authenticated, or that nobody did (which may then
    only read): should a login cookie ever authenticate such a view, the
    token is required after all. It also turns a form body that cannot be
    read as UTF-8 into a clean 400 before anything else reads it
    (:func:`scratchpad.web.bodies.require_readable_form`).
    """
    if info.exception_only:
        return view
    exempt_for_tokens = info.options.get("require_csrf") is False

    def wrapper(context: Any, request: Any) -> Any:
        if request.method not in SAFE_METHODS:
            if exempt_for_tokens and not authenticated_by_cookie(request):
                return view(context, request)
            require_readable_form(request)
            check_origin(request)
            check_csrf_token(request, raises=True)
        return view(context, request)

    return wrapper


def authenticated_by_cookie(request: Any) -> bool:
    """Whether someone is logged in by anything but a bearer token."""
    if request.identity is None:
        return False
    policy = request.registry.queryUtility(ISecurityPolicy)
    return not policy.authenticated_by_token(request)
