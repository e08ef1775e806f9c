"""The web plumbing every page shares: the site's address, templates,
caching, security headers, request limits and the failure pages.

:func:`includeme` wires them in; their order here is the order in which
they see a request (see each module for the tween it adds).
"""

from __future__ import annotations

from typing import Any


def includeme(config: Any) -> None:
    config.include(".baseurl")  # the site's own address, not the Host header
    config.include(".templating")  # Jinja2, filters, static files
    config.include(".caching")  # ETags, Cache-Control, static lifetimes
    config.include(".headers")  # CSP and the other security headers
    config.include(".limits")  # body size (413), unknown methods (405)
    config.include(".reliability")  # 503 when the database fails, even at commit
