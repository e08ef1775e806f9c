"""What an API write sends: the JSON body's comment and the
``Idempotency-Key`` header, validated as the site validates its forms.
Each problem is an :class:`~.errors.ApiError` naming the field at fault."""

from __future__ import annotations

import json
from typing import Any

from scratchpad.api.errors import ApiError
from scratchpad.comments import idempotency
from scratchpad.comments.idempotency import HEADER
from scratchpad.comments.validation import (
    CommentRejected,
    normalize_newlines,
    validate_comment,
)

BODY_FIELDS = frozenset({"content"})


def content_from_body(request: Any) -> str:
    """The ``content`` of a JSON request body, validated as the form's is."""
    if request.content_type != "application/json":
        raise ApiError(415, "Send the body as JSON (Content-Type: application/json).")
    try:
        data = json.loads(request.body.decode("utf-8"))
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
        return validate_comment(normalize_newlines(text))
    except CommentRejected as error:
        raise ApiError(422, str(error), {"content": str(error)}) from None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from "\ud800" escapes
        return False
    return True


def key_from_header(request: Any) -> str | None:
    try:
        return idempotency.parse_key(request.headers.get(HEADER))
    except idempotency.BadKey as error:
        raise ApiError(400, f"{HEADER} {error}.", {HEADER: str(error)}) from None
