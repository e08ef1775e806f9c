"""Security headers and a declared charset on every response.

One tween, outermost in the chain (see :mod:`scratchpad.web.tweens`), so
that every response gets the same headers whatever produced it: a page, a
static file, a redirect, an error page, or the 503 page rendered when the
database fails at commit time.

- ``Content-Security-Policy``: only the site's own files, no plugins, no
  ``<base>``, never framed, forms post only here. The templates carry no
  inline script or ``on…=`` handlers, so nothing needs ``'unsafe-inline'``
  (a test lints every template for that).
- ``X-Frame-Options: DENY`` for browsers that predate ``frame-ancestors``.
- ``X-Content-Type-Options: nosniff``, ``Referrer-Policy`` and
  ``Cross-Origin-Opener-Policy``.
- ``Strict-Transport-Security`` only in production and only on a request
  that arrived over https: sent over plain http it would be ignored, and in
  development it would pin ``localhost`` to https in the browser.
- A textual ``Content-Type`` without a charset gets ``charset=UTF-8``, so no
  browser ever guesses an encoding.

The ``Server`` header is waitress's, not the application's: both ini files
set ``ident = scratchpad`` so it names no software version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scratchpad.settings import get_settings

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
HSTS = "max-age=31536000"
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Types that are text even though they are not text/*.
TEXTUAL_TYPES = frozenset(
    {"application/json", "application/javascript", "application/xml", "image/svg+xml"}
)


def needs_charset(content_type: str | None) -> bool:
    """True for a textual type whose header declares no charset."""
    if not content_type:
        return False
    media_type, _, params = content_type.partition(";")
    media_type = media_type.strip().lower()
    textual = media_type.startswith("text/") or media_type in TEXTUAL_TYPES
    return textual and "charset=" not in params.lower()


def secure_headers(response: Any, request: Any, hsts: bool) -> Any:
    """Add the site's headers to ``response`` (in place) and return it."""
    headers = response.headers
    for name, value in SECURITY_HEADERS.items():
        headers.setdefault(name, value)
    if hsts and request.scheme == "https":
        headers.setdefault("Strict-Transport-Security", HSTS)
    headers.pop("X-Powered-By", None)
    if needs_charset(headers.get("Content-Type")):
        headers["Content-Type"] += "; charset=UTF-8"
    return response


def headers_tween_factory(
    handler: Callable[[Any], Any], registry: Any
) -> Callable[[Any], Any]:
    hsts = get_settings(registry).production

    def headers_tween(request: Any) -> Any:
        return secure_headers(handler(request), request, hsts)

    return headers_tween
