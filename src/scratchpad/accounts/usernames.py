"""What a username may be, and when two names are the same.

Names are shown on every comment and appear in URLs (``/users/<name>/``),
so they are kept plain:

- normalised to Unicode NFC first, so "é" typed as one code point or as
  "e" plus an accent is one name;
- 1 to 64 characters, letters (any script), digits, ``.``, ``_`` and ``-``
  only: no spaces, no look-alike punctuation, nothing that needs escaping
  in a URL path segment; and not ``.`` or ``..``, which a URL path reads as
  "this folder" and "the folder above" (the site refuses such paths, see
  :mod:`scratchpad.web.paths`, so a user page must never need one);
- unique regardless of case: "Alice" cannot join when "alice" exists.
  MySQL's default collation compares names that way anyway, so the rule is
  the same on every database. The database backs it up on PostgreSQL
  (migration 0008: a unique index on ``lower(username)``) and MySQL (the
  unique constraint already ignores case); on SQLite only exact duplicates
  are stopped by the database, case variants by the application.

Names adopted from the tutorial are kept as they are, even if they break
the character rules; adoption only insists on case-insensitive uniqueness.
"""

from __future__ import annotations

import unicodedata

MAX_USERNAME_LENGTH = 64
EXTRA_CHARACTERS = frozenset("._-")
DOT_SEGMENTS = frozenset({".", ".."})


class UsernameRejected(ValueError):
    """The name breaks a rule; the message says which."""


def normalize_username(name: str) -> str:
    """``name`` in NFC, or :class:`UsernameRejected`."""
    name = unicodedata.normalize("NFC", name)
    if not name:
        raise UsernameRejected("a username cannot be empty")
    if len(name) > MAX_USERNAME_LENGTH:
        raise UsernameRejected(
            f"a username can have at most {MAX_USERNAME_LENGTH} characters"
        )
    if name in DOT_SEGMENTS:
        raise UsernameRejected(f"{name!r} cannot be a username: it is not a name")
    bad = sorted({c for c in name if not (c.isalnum() or c in EXTRA_CHARACTERS)})
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        raise UsernameRejected(
            f"a username may hold letters, digits, '.', '_' and '-' only, not {shown}"
        )
    return name


def fold(name: str) -> str:
    """The form names are compared in: NFC, then case-folded."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())
