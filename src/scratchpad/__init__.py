"""Scratchpad: a small self-hosted commenting site built on Pyramid.

``main()`` is the table of contents of the application: each line wires in
one concern, which configures itself in its own ``includeme``.
"""

from __future__ import annotations

from typing import Any

from pyramid.config import Configurator

from .limits import wrap
from .settings import load_settings


def main(global_config: dict[str, Any], **settings: Any) -> Any:
    """The WSGI application for ``pserve`` and the ini files."""
    merged, typed = load_settings(settings)
    with Configurator(settings=merged) as config:
        config.registry.scratchpad_settings = typed  # settings.get_settings()
        config.include(".models")  # engine, pyramid_tm, retries, request.dbsession
        config.include(".security")  # logins, ACL policy, sessions, CSRF
        config.include(".baseurl")  # the site's own address, not the Host header
        config.include(".resources")  # the resource tree (traversal root)
        config.include(".templating")  # Jinja2, filters, static files
        config.include(".caching")  # ETags, Cache-Control, static lifetimes
        config.include(".headers")  # CSP and the other security headers
        config.include(".limits")  # body size (413), unknown methods (405)
        config.include(".reliability")  # 503 when the database fails, even at commit
        config.scan(".views")  # pages: comments, auth, errors
    return wrap(config.make_wsgi_app())  # request bodies over the limit: 413
