"""Errors of the JSON API: always JSON, never HTML, never a traceback.

Every error under ``/api/`` is ``{"error": {"code", "message", "fields"}}``
with the matching status. The exception views here are limited to API
paths by a ``path_info`` predicate, which ranks them ahead of the HTML
site's views (:mod:`scratchpad.views.errors`) for the same exception.

A failure of the database itself is answered by the site's own handler,
:func:`scratchpad.web.reliability.unavailable`, which speaks JSON here: a
503 with ``Retry-After``, retried and logged exactly as for the HTML site.

``fields`` maps a request field (body member or query parameter) to what is
wrong with it; it is empty when no one field is at fault.
"""

from __future__ import annotations

import logging
from typing import Any

from pyramid.httpexceptions import HTTPException
from pyramid.response import Response
from pyramid.view import (
    exception_view_config,
    forbidden_view_config,
    notfound_view_config,
)
from pyramid_retry import is_error_retryable

from scratchpad.security.permissions import READ_ONLY_TOKEN
from scratchpad.web.caching import never_store

log = logging.getLogger(__name__)

API_PATHS = r"^/api(/|$)"
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
    503: "unavailable",
}
PASSED_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


class ApiError(Exception):
    """Raise from an API view to answer with a JSON error (and roll back)."""

    def __init__(
        self,
        status: int,
        message: str,
        fields: dict[str, str] | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields or {}
        self.code = code or CODES.get(status, "error")
        self.headers = headers or {}


def error_response(error: ApiError) -> Response:
    response = Response(
        json={
            "error": {
                "code": error.code,
                "message": error.message,
                "fields": error.fields,
            }
        },
        status=error.status,
        content_type="application/json",
        charset="utf-8",
    )
    never_store(response)
    response.headers.update(error.headers)
    return response


@exception_view_config(ApiError)
def api_error(exc: ApiError, request: Any) -> Response:
    return error_response(exc)


@notfound_view_config(path_info=API_PATHS)
def api_not_found(exc: HTTPException, request: Any) -> Response:
    return error_response(ApiError(404, "There is nothing at this address."))


@forbidden_view_config(path_info=API_PATHS)
def api_forbidden(exc: HTTPException, request: Any) -> Response:
    """No valid token: 401 with a Bearer challenge. A token that may not: 403."""
    if request.identity is None:
        sent = bool(request.headers.get("Authorization"))
        message = (
            "The API token is not valid (revoked, mistyped or its user disabled)."
            if sent
            else "This needs an API token: send 'Authorization: Bearer <token>'."
        )
        challenge = 'Bearer realm="scratchpad"'
        if sent:
            challenge += ', error="invalid_token"'
        return error_response(
            ApiError(401, message, headers={"WWW-Authenticate": challenge})
        )
    ace = getattr(getattr(exc, "result", None), "ace", None)
    if ace is not None and ace[1] == READ_ONLY_TOKEN:
        return error_response(ApiError(403, "This API token is read-only."))
    return error_response(ApiError(403, "You are not allowed to do that."))


@exception_view_config(HTTPException, path_info=API_PATHS)
def api_http_error(exc: HTTPException, request: Any) -> Any:
    if exc.code < 400:
        return exc
    message = exc.detail if isinstance(exc.detail, str) and exc.detail else exc.title
    headers = {
        name: exc.headers[name] for name in PASSED_HEADERS if name in exc.headers
    }
    return error_response(ApiError(exc.code, message, headers=headers))


@exception_view_config(Exception, path_info=API_PATHS)
def api_server_error(exc: Exception, request: Any) -> Response:
    """A 500; a database failure is :func:`scratchpad.web.reliability.unavailable`'s."""
    request_id = request.request_id
    if is_error_retryable(request, exc):  # pyramid_retry runs it again
        log.info("request %s will be retried: %r", request_id, exc)
    else:
        log.error("request %s to %s failed", request_id, request.path, exc_info=exc)
    return error_response(
        ApiError(
            500,
            f"The server hit a problem (request {request_id}); it has been logged.",
        )
    )
