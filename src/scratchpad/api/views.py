"""The JSON API's comment endpoints (``/api/comments``), and its schema.

The views are thin: access is decided by the ACLs of the API's resources
(the HTML site's rules plus a read-only-token deny, see
:mod:`scratchpad.resources`); validation, changes, paging and flood control
are the HTML site's own (:mod:`scratchpad.comments`); the body size limit is
the site's ``scratchpad.max_body_size`` (:mod:`scratchpad.web.limits`,
before any view runs); and every error is an :class:`~.errors.ApiError`.
Views opt out of CSRF because the API is authenticated only by bearer
tokens, which a browser never sends by itself.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from pyramid.response import Response
from pyramid.view import view_config

from scratchpad.api.errors import ApiError
from scratchpad.api.inputs import content_from_body, key_from_header
from scratchpad.api.openapi import openapi_document
from scratchpad.comments import changes, flood, idempotency
from scratchpad.comments.idempotency import HEADER
from scratchpad.comments.pagination import Cursor, load_page, query_params
from scratchpad.comments.premoderation import is_held, shown_to
from scratchpad.models import MAX_ID, Comment, parse_id
from scratchpad.resources import Api, ApiCommentResource, ApiComments
from scratchpad.security.audit import audit
from scratchpad.security.permissions import Permission

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


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


def page_params(request: Any) -> tuple[Cursor, int]:
    """The ``before`` cursor (a comment id) and the page size ``limit``
    (1 to ``MAX_ID``, as the OpenAPI document says; more than ``MAX_LIMIT``
    gives ``MAX_LIMIT``)."""
    params = query_params(request)
    cursor = Cursor()
    if "before" in params:
        before = parse_id(params["before"])
        if before is None:
            message = f"must be a comment number from 1 to {MAX_ID}"
            raise ApiError(400, f"'before' {message}.", {"before": message})
        cursor = Cursor("before", before)
    limit = DEFAULT_LIMIT
    if "limit" in params:
        # No page can hold more comments than there can be ids.
        limit = parse_id(params["limit"]) or 0
        if not limit:
            message = "must be a whole number from 1"
            raise ApiError(400, f"'limit' {message}.", {"limit": message})
    return cursor, min(limit, MAX_LIMIT)


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
    cursor, limit = page_params(request)
    page = load_page(request.dbsession, cursor, limit, shown=shown_to(request))
    if page is None:
        return {"comments": [], "next": None}
    older = page.older
    return {
        "comments": [comment_json(row) for row in reversed(page.comments)],
        "next": None if older is None else next_page(request, older, limit),
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
    """201 and the comment; sent again with the same ``Idempotency-Key``,
    the same 201 and comment, stored once."""
    content = content_from_body(request)
    key = key_from_header(request)
    if key is not None:
        earlier = idempotency.earlier_post(request.dbsession, request.identity.id, key)
        if earlier is not None and earlier.content != content:
            message = "already used for another comment"
            raise ApiError(
                409, f"This Idempotency-Key was {message}.", {HEADER: message}
            )
        if earlier is not None:
            return created(request, earlier)
    refusal = flood.check_post(request, context, content)
    if refusal is not None:  # too fast, or already posted
        message = refusal.message.replace("; your text is kept below.", ".")
        raise ApiError(refusal.status, message, headers=refusal.headers)
    held = is_held(request, context)  # pre-moderation applies here too
    comment = changes.post_comment(
        request.dbsession, content, request.identity, held, key
    )
    # The time as stored (MariaDB keeps whole seconds): a resend's answer,
    # read back from the row, is then the same.
    request.dbsession.refresh(comment, ["posted"])
    username = request.identity.username
    audit("comment posted", username, request, comment=comment.id, via="api")
    return created(request, comment)


def created(request: Any, comment: Comment) -> dict[str, Any]:
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
    if changes.edit_comment(request.dbsession, context.comment, content):
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
    changes.delete_comment(request.dbsession, context.comment)
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
