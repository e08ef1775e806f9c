"""The JSON API's comment endpoints (``/api/comments``), and its schema.

The views are thin: access is decided by the ACLs of the API's resources
(the HTML site's rules plus a read-only-token deny, see
:mod:`scratchpad.resources`), validation is the HTML form's
(:func:`.comments.validate_comment`), and every error is an
:class:`~.api_errors.ApiError`. Views opt out of CSRF because the API is
authenticated only by bearer tokens, which a browser never sends by itself.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from scratchpad.api.errors import ApiError
from scratchpad.api.openapi import openapi_document
from scratchpad.comments import flood
from scratchpad.models import Comment, comment_changes
from scratchpad.resources import Api, ApiCommentResource, ApiComments
from scratchpad.security.audit import audit
from scratchpad.security.permissions import Permission
from scratchpad.views.comments import validate_comment
from scratchpad.views.forms import FormError

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_ID = 2**63 - 1
MAX_ROW_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL and MySQL
MAX_BODY_BYTES = 64 * 1024
BODY_FIELDS = frozenset({"content"})


def isotime(value: datetime | None) -> str | None:
    """ISO-8601 in UTC with a ``Z``, or None for an unknown time."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def comment_json(comment: Comment) -> dict[str, Any]:
    """A comment as the API shows it (``Comment`` in the OpenAPI document).

    A comment removed by a moderator keeps its place but not its text, as
    on the HTML site.
    """
    return {
        "id": comment.id,
        "content": None if comment.removed else comment.content,
        "posted": isotime(comment.posted),
        "commenter": comment.commenter.username if comment.commenter else None,
        "edited": isotime(comment.edited),
        "removed": isotime(comment.removed),
    }


def int_param(request: Any, name: str, minimum: int, maximum: int) -> int | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 19):
        raise ApiError(400, f"'{name}' must be a whole number.", {name: "not a number"})
    value = int(raw)
    if not minimum <= value <= maximum:
        message = f"must be between {minimum} and {maximum}"
        raise ApiError(400, f"'{name}' {message}.", {name: message})
    return value


def content_from_body(request: Any) -> str:
    """The ``content`` of a JSON request body, validated as the form's is."""
    if request.content_type != "application/json":
        raise ApiError(415, "Send the body as JSON (Content-Type: application/json).")
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise ApiError(413, f"The body may be at most {MAX_BODY_BYTES} bytes.")
    body = request.body  # also when no Content-Length was sent (chunked)
    if len(body) > MAX_BODY_BYTES:
        raise ApiError(413, f"The body may be at most {MAX_BODY_BYTES} bytes.")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # deep nesting
        raise ApiError(400, "The body is not valid UTF-8 JSON.") from None
    if not isinstance(data, dict):
        raise ApiError(400, 'The body must be a JSON object: {"content": "..."}.')
    unknown = sorted(set(data) - BODY_FIELDS)
    if unknown:
        fields = {name: "not a field of a comment" for name in unknown}
        raise ApiError(422, "The body has fields a comment does not have.", fields)
    text = data.get("content")
    if not isinstance(text, str):
        raise ApiError(422, "'content' must be a string.", {"content": "required"})
    if "\x00" in text or not _encodable(text):
        message = "Comments must be Unicode text without NUL characters."
        raise ApiError(422, message, {"content": message})
    try:
        return validate_comment(text.replace("\r\n", "\n").replace("\r", "\n"))
    except FormError as error:
        raise ApiError(422, str(error), {"content": str(error)}) from None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from "\ud800" escapes
        return False
    return True


def next_page(request: Any, before: int, limit: int) -> str:
    """A path-absolute link to the next page (never built from Host)."""
    query = urlencode({"before": before, "limit": limit})
    return f"{request.script_name}/api/comments?{query}"


@view_config(
    context=ApiComments,
    request_method="GET",
    renderer="json",
    permission=Permission.VIEW,
)
def list_comments_json(context: ApiComments, request: Any) -> dict[str, Any]:
    """Newest first; ``before`` (an id) and ``limit`` page through the rest."""
    before = int_param(request, "before", 1, MAX_ID)
    limit = int_param(request, "limit", 1, MAX_ID)
    limit = min(limit or DEFAULT_LIMIT, MAX_LIMIT)
    query = (
        select(Comment)
        .options(joinedload(Comment.commenter))
        .order_by(Comment.id.desc())
        .limit(limit + 1)
    )
    if before is not None and before <= MAX_ROW_ID:  # a larger one excludes none
        query = query.where(Comment.id < before)
    rows = list(request.dbsession.scalars(query))
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "comments": [comment_json(row) for row in rows],
        "next": next_page(request, rows[-1].id, limit) if more else None,
    }


@view_config(
    context=ApiCommentResource,
    request_method="GET",
    renderer="json",
    permission=Permission.VIEW,
)
def show_comment_json(context: ApiCommentResource, request: Any) -> dict[str, Any]:
    return comment_json(context.comment)


@view_config(
    context=ApiComments,
    request_method="POST",
    renderer="json",
    permission=Permission.POST,
    require_csrf=False,
)
def post_comment_json(context: ApiComments, request: Any) -> dict[str, Any]:
    content = content_from_body(request)
    refusal = flood.check_post(request, context, content)
    if refusal is not None:  # too fast, or already posted
        headers = {}
        if refusal.retry_after is not None:
            headers["Retry-After"] = str(refusal.retry_after)
        message = refusal.message.replace("; your text is kept below.", ".")
        raise ApiError(refusal.status, message, headers=headers)
    comment = Comment(content=content, commenter=request.identity)
    request.dbsession.add(comment)
    request.dbsession.flush()
    username = request.identity.username
    audit("comment posted", username, request, comment=comment.id, via="api")
    request.response.status = 201
    request.response.location = f"{request.script_name}/api/comments/{comment.id}"
    return comment_json(comment)


@view_config(
    context=ApiCommentResource,
    request_method="PATCH",
    renderer="json",
    permission=Permission.EDIT,
    require_csrf=False,
)
def edit_comment_json(context: ApiCommentResource, request: Any) -> dict[str, Any]:
    content = content_from_body(request)
    if comment_changes.revise_comment(request.dbsession, context.comment, content):
        comment_id = context.comment.id
        username = request.identity.username
        audit("comment edited", username, request, comment=comment_id, via="api")
    request.dbsession.flush()
    return comment_json(context.comment)


@view_config(
    context=ApiCommentResource,
    request_method="DELETE",
    permission=Permission.DELETE,
    require_csrf=False,
)
def delete_comment_json(context: ApiCommentResource, request: Any) -> Response:
    comment_id = context.comment.id
    comment_changes.delete_comment(request.dbsession, context.comment)
    username = request.identity.username
    audit("comment deleted", username, request, comment=comment_id, via="api")
    return Response(status=204)


@view_config(
    context=Api,
    name="openapi.json",
    request_method="GET",
    renderer="json",
    permission=Permission.VIEW,
)
def show_openapi(context: Api, request: Any) -> dict[str, Any]:
    return openapi_document()


# Any other method on an API resource: a JSON 405 naming the allowed ones.
ALLOWED = {
    ApiComments: "GET, HEAD, POST",
    ApiCommentResource: "GET, HEAD, PATCH, DELETE",
}


@view_config(context=ApiComments, permission=Permission.VIEW, require_csrf=False)
@view_config(context=ApiCommentResource, permission=Permission.VIEW, require_csrf=False)
@view_config(
    context=Api, name="openapi.json", permission=Permission.VIEW, require_csrf=False
)
def method_not_allowed(context: Any, request: Any) -> Response:
    allowed = ALLOWED.get(type(context), "GET, HEAD")
    raise ApiError(
        405, f"{request.method} is not allowed here.", headers={"Allow": allowed}
    )
