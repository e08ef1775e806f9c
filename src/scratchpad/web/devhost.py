"""With the debug toolbar on, the server answers only to names of this machine.

The toolbar (``development.ini``) shows tracebacks with an interactive
console: whoever reaches it runs Python on the developer's machine. It
already refuses clients that are not local (``debugtoolbar.hosts``), but a
web page the developer visits can rename its own host to 127.0.0.1 (DNS
rebinding) and make the developer's browser, a local client, send the
requests. The browser still sends the attacker's name in ``Host``. So while
the toolbar is included, :func:`devhost_tween_factory` refuses any request
whose ``Host`` is not ``localhost``, ``127.0.0.1`` or ``[::1]`` (any port)
with a 400, before the toolbar sees it. Production never includes the
toolbar, and this tween is then not registered at all
(:mod:`scratchpad.web.tweens`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pyramid.settings import aslist

from scratchpad.web.reliability import standalone_page

TOOLBAR = "pyramid_debugtoolbar"
TOOLBAR_TWEEN = "pyramid_debugtoolbar.toolbar_tween_factory"
LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})
HOST = re.compile(r"(?P<name>\[[^\]]*\]|[^:\[\]]*)(?::[0-9]{1,5})?\Z")


def toolbar_included(settings: Any) -> bool:
    """Does the configuration include the debug toolbar?"""
    return TOOLBAR in aslist(settings.get("pyramid.includes", ""))


def is_local_host(host: str) -> bool:
    """``host`` (a ``Host`` header) names this machine: name, optional port."""
    match = HOST.match(host)
    return match is not None and match["name"].lower() in LOCAL_NAMES


def devhost_tween_factory(
    handler: Callable[[Any], Any], registry: Any
) -> Callable[[Any], Any]:
    def devhost_tween(request: Any) -> Any:
        if not is_local_host(request.environ.get("HTTP_HOST", "")):
            return standalone_page(
                request,
                400,
                "Bad request",
                "This development server answers only to localhost, "
                "127.0.0.1 and [::1].",
            )
        return handler(request)

    return devhost_tween
