"""When the database fails: a 503 page, logged, and a site that recovers.

An unreachable database, a dropped connection or an exhausted connection
pool is not a bug in the request: the visitor gets a "temporarily
unavailable" page with ``Retry-After`` (status 503) and the operator a log
line, and the next request simply tries again (``pool_pre_ping`` replaces
dead pooled connections, so the site recovers by itself).

Errors raised while a view runs reach the exception views (see
:mod:`scratchpad.views.errors`). Errors raised at *commit* time happen in
pyramid_tm, which sits above the exception view tween; pyramid_tm tries the
exception views once more, but if that fails too the error would reach the
WSGI server as a bare 500. :func:`safety_net_tween_factory` sits above
pyramid_tm and turns whatever still escapes into the site's page, except
for errors pyramid_retry is about to retry (serialization failures and
deadlocks), which it must see.

The pages rendered here use a template that does not extend the layout:
the layout asks who is logged in, which needs the very database that
has just failed. Under ``/api/`` the same failures are JSON (the API's
error body), retried the same way and logged the same way: one line, no
traceback, for a failure that is the database's and not the code's.

Each such failure is also noted in :class:`RecentFailures`: ``/readyz``
reports the process unready for a few seconds after one, so a balancer
moves traffic to processes whose database connections work.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from pyramid.renderers import render_to_response
from pyramid_retry import IRetryableError, is_error_retryable
from sqlalchemy import exc as sa_exc
from zope.interface import alsoProvides

from scratchpad.api.errors import ApiError, error_response
from scratchpad.security.policy import is_api_request
from scratchpad.web.caching import never_store

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
# Seconds after a database failure during which /readyz says "not ready".
UNREADY_SECONDS = 5
STANDALONE_TEMPLATE = "errors/standalone.jinja2"
# Failures of the database *service*, not of the query: connection refused
# or lost, pool exhausted, server shutting down, SQLite file unreachable.
DATABASE_ERRORS: tuple[type[Exception], ...] = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,
    sa_exc.DisconnectionError,
)


def is_transient(exc: BaseException) -> bool:
    """True for failures that running the same request again can cure.

    A serialization failure or deadlock (PostgreSQL SQLSTATE class 40,
    MySQL/MariaDB error 1213) and SQLite's "database is locked" after its
    busy timeout. zope.sqlalchemy recognises the first two only while the
    transaction is open; a failure *at commit* has already closed it, so
    the error is classified here from the driver's exception alone.
    """
    orig = getattr(exc, "orig", None)
    if orig is None:
        return False
    sqlstate = getattr(orig, "sqlstate", None)
    if isinstance(sqlstate, str):
        return sqlstate.startswith("40")
    module = type(orig).__module__
    args: tuple[Any, ...] = getattr(orig, "args", ())
    if module.startswith("pymysql"):
        return bool(args) and args[0] == 1213
    if module == "sqlite3":
        return "database is locked" in str(orig)
    return False


def logged_path(request: Any) -> str:
    """The request path for a log line, as sent, control characters escaped.

    ``request.path`` itself raises for a path that is not UTF-8.
    """
    raw: str = request.environ.get("PATH_INFO", "")[:200]
    return raw.encode("latin-1", "replace").decode("ascii", "backslashreplace")


def describe(exc: BaseException) -> str:
    """A one-line description for the log: the driver's error, no SQL."""
    cause = getattr(exc, "orig", None) or exc
    first_line = (str(cause).strip().splitlines() or [""])[0][:200]
    return f"{type(cause).__name__}: {first_line}"


def standalone_page(
    request: Any, status: int, title: str, message: str, **extra: Any
) -> Any:
    """An error page that needs neither the database nor the session."""
    response = render_to_response(
        STANDALONE_TEMPLATE,
        {"status": status, "title": title, "message": message, **extra},
        request=request,
    )
    response.status = status
    never_store(response)
    return response


class RecentFailures:
    """When this process last failed to use its database (monotonic time)."""

    def __init__(self) -> None:
        self.last: float | None = None
        self.what = ""

    def note(self, exc: BaseException) -> None:
        # Only the error's kind: /readyz is public, the driver's text is not.
        cause = getattr(exc, "orig", None) or exc
        self.last, self.what = time.monotonic(), type(cause).__name__

    def recent(self) -> str | None:
        """What failed within the last :data:`UNREADY_SECONDS`, or None."""
        if self.last is None or time.monotonic() - self.last > UNREADY_SECONDS:
            return None
        return self.what


def recent_failures(registry: Any) -> RecentFailures:
    failures: RecentFailures | None = registry.get("db_failures")
    if failures is None:
        failures = registry["db_failures"] = RecentFailures()
    return failures


def unavailable(exc: BaseException, request: Any) -> Any:
    """The 503 page (JSON under ``/api/``) for a database failure, logged once.

    A transient failure is marked retryable first: pyramid_retry then throws
    this page away and runs the request again, unless attempts are used up.
    """
    if is_transient(exc):
        alsoProvides(exc, IRetryableError)
    retried = is_error_retryable(request, exc)
    if not retried:
        recent_failures(request.registry).note(exc)
    log.log(
        logging.DEBUG if retried else logging.WARNING,  # one line per failure
        "database unavailable for %s %s: %s",
        request.method,
        logged_path(request),
        describe(exc),
    )
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if is_api_request(request):
        message = (
            "The database is unavailable; try again shortly. A post may have "
            "been stored: send it again with the same Idempotency-Key, and it "
            "is stored once."
        )
        return error_response(ApiError(503, message, headers=headers))
    response = standalone_page(
        request,
        503,
        "Temporarily unavailable",
        "The site cannot reach its database just now, so what you sent may "
        "or may not have been saved. Sending it again in a moment is safe: a "
        "comment is never stored twice.",
    )
    response.headers.update(headers)
    return response


def safety_net_tween_factory(
    handler: Callable[[Any], Any], registry: Any
) -> Callable[[Any], Any]:
    def safety_net_tween(request: Any) -> Any:
        try:
            return handler(request)
        except Exception as exc:
            if is_transient(exc):
                alsoProvides(exc, IRetryableError)
            if is_error_retryable(request, exc):
                raise  # pyramid_retry runs the request again
            if isinstance(exc, DATABASE_ERRORS):
                return unavailable(exc, request)
            request_id = request.request_id
            log.error(
                "request %s to %s failed",
                request_id,
                logged_path(request),
                exc_info=exc,
            )
            return standalone_page(
                request,
                500,
                "Something went wrong",
                "The server hit a problem and could not finish your request.",
                request_id=request_id,
            )

    return safety_net_tween
