"""Request limits: body size and HTTP methods.

Body size (``scratchpad.max_body_size``, default 64 KiB). The check must
happen before anything reads the body, and pyramid_retry copies the whole
body (to replay it on a retry) before any tween runs. So the check is a thin
WSGI wrapper, :class:`BodyLimit`, around the Pyramid app (put there by
:func:`scratchpad.web.tweens.wrap`): it looks at
``Content-Length`` (or reads at most one byte past the limit of a body sent
without one), and for a body that is too large it hands Pyramid an *empty*
body plus a marker. The limits tween then raises a 413, which the error
views render as the site's own page; the transaction is aborted and nothing
is stored. waitress's ``max_request_body_size`` (in the ini files, larger
than this limit) stops absurd bodies before they are even buffered.

Methods. Only the methods of the HTTP standard that a browser or proxy
sends reach the views; anything else (TRACE, CONNECT, WebDAV verbs, junk)
is a 405. A method a view does not take is also a 405 (see
:mod:`scratchpad.views.errors`); both list the allowed methods in ``Allow``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from pyramid.httpexceptions import HTTPMethodNotAllowed, HTTPRequestEntityTooLarge
from pyramid.interfaces import IRootFactory
from pyramid.traversal import traverse

from scratchpad.settings import get_settings

TOO_LARGE = "scratchpad.body_too_large"
ANSWERED_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"})


class BodyLimit:
    """WSGI wrapper that keeps request bodies over ``limit`` bytes out.

    Attribute access falls through to the wrapped app, so code that expects
    the Pyramid router (``app.registry``) keeps working.
    """

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    def __getattr__(self, name: str) -> Any:
        return getattr(self.app, name)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        length = environ.get("CONTENT_LENGTH") or ""
        if length.strip().isdigit():
            too_large = int(length) > self.limit
        elif environ.get("wsgi.input_terminated"):
            # No Content-Length, but the server marks where the body ends
            # (chunked upload): read one byte past the limit at most.
            body = environ["wsgi.input"].read(self.limit + 1)
            too_large = len(body) > self.limit
            environ["wsgi.input"] = io.BytesIO(b"" if too_large else body)
            environ["CONTENT_LENGTH"] = str(0 if too_large else len(body))
        else:
            too_large = False
        if too_large:
            environ[TOO_LARGE] = True
            environ["wsgi.input"] = io.BytesIO(b"")
            environ["CONTENT_LENGTH"] = "0"
        answer: Iterable[bytes] = self.app(environ, start_response)
        return answer


def allowed_methods(registry: Any, context: Any, view_name: str) -> list[str]:
    """The request methods the views for ``context`` / ``view_name`` take."""
    methods: set[str] = set()
    for item in registry.introspector.get_category("views"):
        view = item["introspectable"]
        wanted = view["context"]
        if view["exception_only"] or view["route_name"] is not None:
            continue
        if view["name"] != view_name or wanted is None:
            continue
        if not isinstance(wanted, type) or not isinstance(context, wanted):
            continue
        declared = view["request_methods"] or ANSWERED_METHODS
        methods.update([declared] if isinstance(declared, str) else declared)
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods & ANSWERED_METHODS)


def method_not_allowed(request: Any, context: Any, view_name: str) -> Exception:
    allow = allowed_methods(request.registry, context, view_name)
    error = HTTPMethodNotAllowed("This page does not accept that kind of request.")
    error.headers["Allow"] = ", ".join(allow)
    refused: Exception = error
    return refused


def limits_tween_factory(
    handler: Callable[[Any], Any], registry: Any
) -> Callable[[Any], Any]:
    limit = get_settings(registry).max_body_size

    def limits_tween(request: Any) -> Any:
        if request.environ.get(TOO_LARGE):
            raise HTTPRequestEntityTooLarge(
                f"What you sent is too large: the limit is {limit // 1024} KiB."
            )
        if request.method not in ANSWERED_METHODS:
            root = registry.getUtility(IRootFactory)(request)
            found = traverse(root, request.path_info)
            raise method_not_allowed(request, found["context"], found["view_name"])
        return handler(request)

    return limits_tween
