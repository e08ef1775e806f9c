"""What the text of a comment may be: one set of rules for the site's form
and the API.

Text is first given ``\\n`` line ends (:func:`normalize_newlines`: browsers
send form text with CRLF, as HTML requires, and JSON clients send either),
then :func:`validate_comment` refuses it with a message a person can act on,
the same words on the page and in the API's JSON error.
"""

from __future__ import annotations

from scratchpad.models.comment import MAX_LENGTH


class CommentRejected(ValueError):
    """The text cannot be stored as a comment; the message says why."""


def normalize_newlines(text: str) -> str:
    """``text`` with every CRLF and lone CR made ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def has_control_characters(text: str) -> bool:
    """True if ``text`` holds control characters other than newline and tab
    (NUL in particular, which PostgreSQL refuses to store)."""
    return any(
        (ord(char) < 32 and char not in "\n\t") or 127 <= ord(char) < 160
        for char in text
    )


def validate_comment(text: str) -> str:
    """``text`` if it may be a comment, else :class:`CommentRejected`."""
    if not text.strip():
        raise CommentRejected("Please write something before posting.")
    if has_control_characters(text):
        raise CommentRejected("Comments cannot contain control characters.")
    if len(text) > MAX_LENGTH:
        raise CommentRejected(
            f"Comments can be at most {MAX_LENGTH} characters long; "
            f"this one has {len(text)}. Shorten it and post again."
        )
    return text
