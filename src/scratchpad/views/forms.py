"""Reading form fields safely."""

from __future__ import annotations

from typing import Any

from scratchpad.comments.validation import normalize_newlines


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
