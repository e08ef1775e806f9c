"""The web plumbing every page shares: the site's address, templates,
caching, security headers, request limits and the failure pages.

- :mod:`.tweens`: every tween and the WSGI body limit, registered in one
  place, in the order a request meets them.
- :mod:`.caching`: the only module that writes ``Cache-Control``; views
  call its named policies.
- :mod:`.headers`, :mod:`.limits`, :mod:`.reliability`, :mod:`.paths`,
  :mod:`.devhost`: the behaviour of those tweens (security headers; 413
  and 405; the 500/503 safety net; ambiguous addresses; the development
  server's Host check).
- :mod:`.bodies`: form bodies a view can read; :mod:`.logsafe`: the one
  escaping rule for log lines.
- :mod:`.baseurl` and :mod:`.templating`: the configured address, Jinja2.
"""

from __future__ import annotations

from typing import Any


def includeme(config: Any) -> None:
    config.include(".baseurl")  # the site's own address, not the Host header
    config.include(".templating")  # Jinja2, filters, static files
    config.include(".caching")  # ETags, Cache-Control, static lifetimes
    config.include(".tweens")  # headers, safety net, limits: in their order
