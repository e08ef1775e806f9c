"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json.

It is a promise kept by the tests: every response the API gives in the test
suite is validated against it, and schemathesis fuzzes the API from it.
Change the API and this document together.
"""

from __future__ import annotations

import copy
from typing import Any

from scratchpad.models.comment import MAX_LENGTH
from scratchpad.models.meta import MAX_ID


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }


ERRORS = {
    400: "Malformed request: bad query parameter or body that is not JSON",
    401: "No valid API token",
    403: "The token's user may not do this, or the token is read-only",
    404: "No such comment",
    405: "Method not allowed",
    413: "Body too large",
    415: "Body is not JSON",
    422: "The comment is not acceptable (the message says why)",
    409: "The same text was posted by this user a moment ago, or the "
    "Idempotency-Key was used for another text",
    429: "Too many requests; wait (see Retry-After)",
    503: "Temporarily unavailable (see Retry-After)",
}


def _responses(ok: dict[str, Any], *errors: int) -> dict[str, Any]:
    responses = dict(ok)
    for status in (*errors, 405, 503):
        responses[str(status)] = _json(_ref("Error"), ERRORS[status])
    return responses


TIME = {"type": ["string", "null"], "format": "date-time"}
COMMENT_ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
}
BODY = {
    "required": True,
    "content": {"application/json": {"schema": _ref("CommentInput")}},
}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "description": (
        "Any key unique to this comment: sent again with the same key (after "
        "a lost answer or a 503), the post gets the first answer back "
        "instead of being stored twice"
    ),
    "schema": {"type": "string", "pattern": "^[A-Za-z0-9._:-]{1,64}$"},
}
WRITE_ERRORS = (400, 401, 403, 413, 415, 422, 429)
BEARER: list[dict[str, list[str]]] = [{"bearer": []}]

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Scratchpad API",
        "version": "1",
        "description": (
            "Comments as JSON. Reading needs no token; writing needs "
            "'Authorization: Bearer <token>' with a read-write token. The rules "
            "are the site's: only a comment's author may edit or delete it."
        ),
    },
    "servers": [{"url": "/"}],
    "paths": {
        "/api/comments": {
            "get": {
                "operationId": "listComments",
                "summary": "Comments, newest first, a page at a time",
                "parameters": [
                    {
                        "name": "before",
                        "in": "query",
                        "description": "Only comments with a smaller id",
                        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                    },
                    {
                        "name": "limit",
                        "in": "query",
                        "description": "Page size (default 50; a larger one gives 200)",
                        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                    },
                ],
                "responses": _responses(
                    {"200": _json(_ref("CommentPage"), "A page of comments")}, 400
                ),
            },
            "post": {
                "operationId": "postComment",
                "summary": "Post a comment as the token's user",
                "security": BEARER,
                "parameters": [IDEMPOTENCY_KEY],
                "requestBody": BODY,
                "responses": _responses(
                    {"201": _json(_ref("Comment"), "The new comment")},
                    *WRITE_ERRORS,
                    409,
                ),
            },
        },
        "/api/comments/{id}": {
            "parameters": [COMMENT_ID],
            "get": {
                "operationId": "showComment",
                "summary": "One comment",
                "responses": _responses(
                    {"200": _json(_ref("Comment"), "The comment")}, 400, 404
                ),
            },
            "patch": {
                "operationId": "editComment",
                "summary": "Change a comment's text (its author only)",
                "security": BEARER,
                "requestBody": BODY,
                "responses": _responses(
                    {"200": _json(_ref("Comment"), "The changed comment")},
                    *WRITE_ERRORS,
                    404,
                ),
            },
            "delete": {
                "operationId": "deleteComment",
                "summary": "Delete a comment (its author only)",
                "security": BEARER,
                "responses": _responses(
                    {"204": {"description": "Deleted"}}, 400, 401, 403, 404, 429
                ),
            },
        },
        "/api/openapi.json": {
            "get": {
                "operationId": "showOpenApi",
                "summary": "This document",
                "responses": _responses(
                    {"200": _json({"type": "object"}, "The OpenAPI document")}
                ),
            }
        },
    },
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Comment": {
                "type": "object",
                "required": [
                    "id",
                    "content",
                    "posted",
                    "commenter",
                    "edited",
                    "removed",
                ],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                    # NULL in rows from the site's earliest versions, and
                    # when a moderator removed the comment.
                    "content": {"type": ["string", "null"], "maxLength": MAX_LENGTH},
                    "posted": TIME,
                    "commenter": {"type": ["string", "null"]},
                    "edited": TIME,
                    "removed": {**TIME, "description": "When a moderator removed it"},
                },
            },
            "CommentPage": {
                "type": "object",
                "required": ["comments", "next"],
                "additionalProperties": False,
                "properties": {
                    "comments": {"type": "array", "items": _ref("Comment")},
                    "next": {
                        "type": ["string", "null"],
                        "description": "Path of the next page, or null at the end",
                    },
                },
            },
            "CommentInput": {
                "type": "object",
                "required": ["content"],
                "additionalProperties": False,
                "properties": {
                    "content": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": MAX_LENGTH,
                    }
                },
            },
            "Error": {
                "type": "object",
                "required": ["error"],
                "additionalProperties": False,
                "properties": {
                    "error": {
                        "type": "object",
                        "required": ["code", "message", "fields"],
                        "additionalProperties": False,
                        "properties": {
                            "code": {"type": "string"},
                            "message": {"type": "string"},
                            "fields": {
                                "type": "object",
                                "additionalProperties": {"type": "string"},
                            },
                        },
                    }
                },
            },
        },
    },
}


def openapi_document() -> dict[str, Any]:
    """A copy of the document (callers may not change the original)."""
    return copy.deepcopy(DOCUMENT)
