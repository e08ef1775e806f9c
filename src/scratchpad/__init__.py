"""Scratchpad: a small self-hosted commenting site built on Pyramid.

``main()`` is the table of contents of the application: each line wires in
one concern, which configures itself in its own ``includeme``.
"""

from __future__ import annotations

from typing import Any

from pyramid.config import Configurator

from scratchpad.settings import load_settings
from scratchpad.web.tweens import wrap


def main(global_config: dict[str, Any], **settings: Any) -> Any:
    """The WSGI application for ``pserve`` and the ini files."""
    merged, typed = load_settings(settings)
    with Configurator(settings=merged) as config:
        config.registry.scratchpad_settings = typed  # settings.get_settings()
        config.include(".models")  # engine, pyramid_tm, retries, request.dbsession
        config.include(".security")  # logins, tokens, ACL policy, sessions, CSRF
        config.include(".resources")  # the resource tree (traversal root)
        config.include(".web")  # address, templates, caching, headers, limits
        config.include(".server.requestid")  # X-Request-Id for logs and 500 pages
        config.include(".api")  # the JSON API under /api/
        config.scan(".views")  # the HTML pages
    return wrap(config.make_wsgi_app())  # request bodies over the limit: 413
