"""Reading form fields safely, and the comment box of the comment forms."""

from __future__ import annotations

from typing import Any

from scratchpad.comments.idempotency import FIELD, BadKey, parse_key
from scratchpad.comments.validation import (
    CommentRejected,
    normalize_newlines,
    validate_comment,
)


class FormError(ValueError):
    """A submitted form cannot be used; the message is shown to the user."""


def field(request: Any, name: str) -> str:
    """The value of form field ``name``, with line endings made ``\\n``.

    A missing field is a :class:`FormError` (the page then says so with a
    400); the body was already checked to be UTF-8 before the view ran.
    """
    values = request.POST.getall(name)
    if len(values) > 1:
        # Parameter pollution: which copy would the user have meant?
        raise FormError(f"The form sent its {name!r} field twice; please try again.")
    value = values[0] if values else None
    if value is None or not isinstance(value, str):
        raise FormError(f"The form was missing its {name!r} field; please try again.")
    return normalize_newlines(value)


def comment_from_form(request: Any) -> tuple[str, str | None]:
    """The comment text the form sent, and why it cannot be stored (None
    if it can). The text comes back either way, to refill the box."""
    text = ""
    try:
        text = field(request, "contents")
        return validate_comment(text), None
    except (FormError, CommentRejected) as error:
        return text, str(error)


def key_from_form(request: Any) -> tuple[str | None, str | None]:
    """The form's idempotency key (None for a form from before keys), and
    why it cannot be used (None if it can)."""
    values = request.POST.getall(FIELD)
    if len(values) > 1 or not all(isinstance(value, str) for value in values):
        return None, "The form sent its idempotency key twice; please try again."
    try:
        return parse_key(values[0] if values else None), None
    except BadKey:
        return None, "The form's idempotency key is not valid; please try again."
