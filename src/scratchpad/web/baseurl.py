"""The site's own address, so that no URL is built from the Host header.

WebOb turns a relative ``Location`` into an absolute one, and
``request.host_url`` (which the CSRF origin check compares against) comes
from the Host header, or from X-Forwarded-Host when waitress trusts a proxy.
Both are chosen by whoever sends the request. With ``scratchpad.base_url``
set (``https://comments.example.org``), every request's scheme and host are
replaced by the configured ones as soon as it enters the application:
redirects always point at the real site, and the origin check knows the
real origin even behind a TLS-terminating proxy that speaks plain http to
the application. Leave it empty only in development.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from pyramid.events import NewRequest

from scratchpad.settings import get_settings

log = logging.getLogger(__name__)


def pin_environ(environ: dict[str, Any], base_url: str) -> None:
    """Rewrite a WSGI environ so it says it was addressed to ``base_url``."""
    parts = urlsplit(base_url)
    default_port = "443" if parts.scheme == "https" else "80"
    environ["wsgi.url_scheme"] = parts.scheme
    environ["HTTP_HOST"] = parts.netloc
    environ["SERVER_NAME"] = parts.hostname or ""
    environ["SERVER_PORT"] = str(parts.port or default_port)
    environ.pop("HTTP_X_FORWARDED_HOST", None)
    environ.pop("HTTP_X_FORWARDED_PROTO", None)


def includeme(config: Any) -> None:
    base_url = get_settings(config.registry).base_url
    if not base_url:
        if get_settings(config.registry).production:
            log.warning(
                "scratchpad.base_url is not set: redirects and the CSRF origin "
                "check trust the Host header; set SCRATCHPAD_BASE_URL"
            )
        return

    def on_new_request(event: Any) -> None:
        pin_environ(event.request.environ, base_url)

    config.add_subscriber(on_new_request, NewRequest)
