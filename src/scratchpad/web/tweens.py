"""Every layer a request passes through, declared here and only here.

:data:`ORDER` lists the tweens from the outermost to the innermost: a
request goes down the list to the view and its response comes back up.
Two entries are not ours but are named so that ours can be placed around
them: pyramid_tm's tween (added when :mod:`scratchpad.models` includes
pyramid_tm) and Pyramid's exception view tween. :func:`includeme` registers
each of our tweens under the entry above it and over the entry below it,
so the list *is* the order (a test compares it with Pyramid's). The tween
factories stay in the modules that own the behaviour.

Around all of them, :func:`wrap` adds the one WSGI layer that must run
before Pyramid: the body limit (see :mod:`scratchpad.web.limits` for why it
cannot be a tween). Events are not ordered here: ``NewRequest`` subscribers
(the site's address, :mod:`scratchpad.web.baseurl`) run below every tween,
just before traversal, and ``NewResponse`` subscribers (caching,
:mod:`scratchpad.web.caching`) run after every tween has returned.
"""

from __future__ import annotations

from typing import Any

from pyramid.tweens import EXCVIEW, INGRESS, MAIN

from scratchpad.settings import get_settings
from scratchpad.web.devhost import TOOLBAR_TWEEN, toolbar_included
from scratchpad.web.limits import BodyLimit

ORDER: tuple[str, ...] = (
    # Outermost: every response, whatever made it (a page, a static file, a
    # redirect, the safety net's own 500/503 page), gets the security headers.
    "scratchpad.web.headers.headers_tween_factory",
    # Above pyramid_tm: an error raised at commit time escapes pyramid_tm and
    # the exception views; here it still becomes the site's page.
    "scratchpad.web.reliability.safety_net_tween_factory",
    # Before authentication, traversal and the transaction: an address that
    # the raw path and traversal would read differently (``/api/..``,
    # ``%2F``, ``//``) or that holds NUL or non-UTF-8 bytes is a 400.
    "scratchpad.web.paths.paths_tween_factory",
    # pyramid_tm: one request, one transaction (not ours).
    "pyramid_tm.tm_tween_factory",
    # Pyramid's exception views, inside the transaction: an error page is
    # rendered while the database session is still usable (not ours).
    EXCVIEW,
    # Under the exception views, so its 413 and 405 are the site's pages;
    # above traversal and the view, so a refused request reaches neither.
    "scratchpad.web.limits.limits_tween_factory",
)
OURS = "scratchpad."
# Only when the debug toolbar is included (development.ini): under the
# headers, over the toolbar's own tween, so a request for the toolbar from
# a foreign Host never reaches it.
DEVHOST = "scratchpad.web.devhost.devhost_tween_factory"


def wrap(app: Any) -> Any:
    """The Pyramid ``app`` inside the WSGI layers that run before it.

    Only the body limit: pyramid_retry copies the whole body before any
    tween runs, so a body over the limit must be dropped out here.
    """
    return BodyLimit(app, get_settings(app.registry).max_body_size)


def includeme(config: Any) -> None:
    above = (INGRESS, *ORDER[:-1])
    below = (*ORDER[1:], MAIN)
    for over_me, name, under_me in zip(above, ORDER, below, strict=True):
        if name.startswith(OURS):
            config.add_tween(name, under=over_me, over=under_me)
    if toolbar_included(config.get_settings()):
        config.add_tween(DEVHOST, under=ORDER[0], over=[TOOLBAR_TWEEN, ORDER[1]])
