"""Posting is idempotent: sending the same post again never stores it twice.

Each comment form carries a one-time key, made when the form is rendered
(:func:`new_key`); an API client sends one in an ``Idempotency-Key``
header. The comment is stored with its key (unique per commenter), so a
resend with that key finds it (:func:`earlier_post`) for as long as the
comment exists, and gets the original outcome back (a 303 to the same
page, or the same 201 body) instead of a second comment, whether the first
answer was lost, was a 503 after a COMMIT the database did complete, or the
button was pressed twice.

The lookup runs after the poster's lock is taken (the same lock flood
control takes), so two sends of one key at the same moment are serialized:
the second finds the first. A key sent again with a *different* text is a
conflict (the form was reused, say from the browser's history), never a
silent replay that would drop the new text. Clients that send no key keep
the duplicate-text rule of :mod:`scratchpad.comments.flood`.
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from scratchpad.comments.flood import lock_poster
from scratchpad.models import Comment

FIELD = "idempotency_key"  # the form field
HEADER = "Idempotency-Key"  # the API's header
KEY = re.compile(r"[A-Za-z0-9._:-]{1,64}\Z")
REUSED = (
    "This form was already used to post another comment, so nothing was "
    "posted; your text is kept below: send it again to post it."
)


class BadKey(ValueError):
    """The key is not 1 to 64 letters, digits or ``._:-``."""


def new_key() -> str:
    """A fresh key for a form (128 random bits)."""
    return secrets.token_urlsafe(16)


def parse_key(value: str | None) -> str | None:
    """The key sent, None when none was sent; :class:`BadKey` if malformed."""
    if value is None or value == "":
        return None
    if not KEY.match(value):
        raise BadKey("must be 1 to 64 letters, digits, '.', '_', ':' or '-'")
    return value


def earlier_post(dbsession: Session, user_id: int, key: str) -> Comment | None:
    """The comment ``user_id`` already posted with ``key``, if any.

    Takes the poster's lock first and keeps it to the end of the
    transaction, so the answer stays true until the new comment is stored.
    """
    lock_poster(dbsession, user_id)
    return dbsession.scalar(
        select(Comment)
        .options(joinedload(Comment.commenter))
        .where(Comment.commenter_id == user_id, Comment.idempotency_key == key)
    )
