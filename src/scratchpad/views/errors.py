"""The site's own error pages: no tracebacks, SQL, paths or settings.

Exception views render every 4xx/5xx as a page of the site. An unexpected
exception becomes a 500 whose page shows a short request id, and the
traceback is logged once under that id for the operator.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from pyramid.exceptions import PredicateMismatch, URLDecodeError
from pyramid.httpexceptions import HTTPException, HTTPSeeOther
from pyramid.interfaces import IRootFactory
from pyramid.view import (
    exception_view_config,
    forbidden_view_config,
    notfound_view_config,
)
from pyramid_retry import is_error_retryable

from scratchpad.web.caching import never_store
from scratchpad.web.limits import allowed_methods
from scratchpad.web.logsafe import escape, quoted, raw_path
from scratchpad.web.reliability import DATABASE_ERRORS, standalone_page, unavailable

log = logging.getLogger(__name__)

TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    410: "This link no longer works",
    413: "Too large",
    429: "Too many requests",
    500: "Something went wrong",
    503: "Temporarily unavailable",
}


def error_page(request: Any, status: int, message: str, **extra: Any) -> dict[str, Any]:
    if getattr(request, "root", None) is None:
        # Refused before traversal (a path that is not UTF-8, say): the
        # page still links home, which needs the root.
        request.root = request.registry.getUtility(IRootFactory)(request)
    request.response.status = status
    never_store(request.response)
    return {
        "status": status,
        "title": TITLES.get(status, "Error"),
        "message": message,
        **extra,
    }


@notfound_view_config(renderer="errors/error.jinja2")
def not_found(exc: HTTPException, request: Any) -> dict[str, Any]:
    """404, or 405 when the page exists but not for this method.

    Pyramid reports a view whose ``request_method`` does not match as
    :class:`PredicateMismatch`, a kind of 404; the client deserves to know
    the page is there and which methods it takes.
    """
    if isinstance(exc, PredicateMismatch) and request.context is not None:
        allow = allowed_methods(request.registry, request.context, request.view_name)
        if allow and request.method not in allow:
            request.response.headers["Allow"] = ", ".join(allow)
            return error_page(
                request, 405, "This page does not accept that kind of request."
            )
    return error_page(request, 404, "There is no page at this address.")


def log_denial(exc: HTTPException, request: Any) -> None:
    """Record who was refused what, where (never the ACL on the page)."""
    user = request.identity
    log.warning(
        "denied %s to %s on %s %s",
        escape(getattr(getattr(exc, "result", None), "permission", "-")),
        f"user {user.id} {quoted(user.username)}" if user else "anonymous",
        escape(request.method),
        quoted(request.environ.get("PATH_INFO", "")),
    )


@forbidden_view_config(renderer="errors/error.jinja2")
def forbidden(exc: HTTPException, request: Any) -> Any:
    """Logged out: go and log in, then come back. Logged in: a real 403."""
    log_denial(exc, request)
    if request.identity is None:
        query = urlencode({"came_from": request.path_qs})
        return HTTPSeeOther(location=f"{request.script_name}/login/?{query}")
    if request.identity.must_change_password:  # a one-time password: replace it
        return HTTPSeeOther(location=f"{request.script_name}/account/")
    return error_page(request, 403, "You are not allowed to do that.")


@exception_view_config(HTTPException, renderer="errors/error.jinja2")
def http_error(exc: HTTPException, request: Any) -> Any:
    if exc.code < 400:
        return exc  # redirects and the like pass through untouched
    message = (
        exc.detail if isinstance(exc.detail, str) and exc.detail else exc.explanation
    )
    result = error_page(request, exc.code, message)
    for name in ("Allow", "Retry-After"):
        if name in exc.headers:
            request.response.headers[name] = exc.headers[name]
    return result


@exception_view_config(URLDecodeError)
def bad_address(exc: URLDecodeError, request: Any) -> Any:
    """An address that is not UTF-8 (``/%c5``) names no page of the site.

    The page does not extend the layout, which reads the request's path:
    for this request, reading it is what fails.
    """
    return standalone_page(request, 400, TITLES[400], "That address is not valid.")


def database_unavailable(exc: Exception, request: Any) -> Any:
    """Database down, connection lost or pool exhausted: a 503 page."""
    return unavailable(exc, request)


for _error in DATABASE_ERRORS:
    database_unavailable = exception_view_config(_error)(database_unavailable)


@exception_view_config(Exception, renderer="errors/error.jinja2")
def server_error(exc: Exception, request: Any) -> dict[str, Any]:
    request_id = request.request_id
    path = raw_path(request)
    if is_error_retryable(request, exc):
        # pyramid_retry discards this page and runs the request again.
        log.info("request %s to %s will be retried: %s", request_id, path, escape(exc))
    else:
        log.error("request %s to %s failed", request_id, path, exc_info=exc)
    return error_page(
        request,
        500,
        "The server hit a problem and could not finish your request.",
        request_id=request_id,
    )
