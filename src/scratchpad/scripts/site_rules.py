"""The site's own rules for rows that arrive another way.

``scratchpad_data import`` and the adoption of a tutorial database bring in
users and comments that never went through the site's forms. They are held
to the very functions the forms use, so nothing gets in that the site would
refuse (and then fail to show):

- names: :func:`~scratchpad.accounts.usernames.normalize_username` (import;
  adopted tutorial names keep their characters) and, everywhere,
  uniqueness in :func:`~scratchpad.accounts.usernames.fold`'s sense: case
  and NFC/NFD spellings of one name are one name (SQL's ``lower()`` folds
  neither non-ASCII letters on SQLite nor decomposed accents anywhere);
- comment text: :func:`~scratchpad.comments.validation.validate_comment`,
  after the line ends are made ``\n`` as the forms do (browsers send CRLF);
- times: never in the future, and readable by the very type the site reads
  them with (a tutorial's SQLite file can hold ``13/10/2017``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from scratchpad.accounts.usernames import UsernameRejected, fold, normalize_username
from scratchpad.comments.validation import (
    CommentRejected,
    normalize_newlines,
    validate_comment,
)

# Times that are meant to lie ahead.
FUTURE_ALLOWED = frozenset({"one_time_password_expires"})


class RuleBroken(ValueError):
    """A row breaks one of the site's rules; ``field`` names the column."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def check_row(table: str, row: dict[str, Any], now: datetime) -> None:
    """Refuse (:class:`RuleBroken`) a decoded dump row the site would refuse."""
    if table == "users":
        name = row["username"]
        try:
            if normalize_username(name) != name:
                raise UsernameRejected("is not in Unicode NFC")
        except UsernameRejected as error:
            raise RuleBroken("username", str(error)) from None
    if table == "comments" and row.get("content") is not None:
        try:
            validate_comment(normalize_newlines(row["content"]))
        except CommentRejected as error:
            raise RuleBroken("content", str(error)) from None
    for column, value in row.items():
        future = isinstance(value, datetime) and value > now
        if future and column not in FUTURE_ALLOWED:
            raise RuleBroken(column, "is in the future")


class NameBook:
    """The names present and arriving, compared as the site compares them."""

    def __init__(self, existing: Iterable[str]) -> None:
        self.names = {fold(name): name for name in existing}
        self.arrived: set[str] = set()

    def admit(self, name: str) -> None:
        """Accept ``name`` (an existing one again is fine: merging skips it)."""
        key = fold(name)
        if key in self.arrived:
            raise RuleBroken("username", "appears twice (ignoring case)")
        self.arrived.add(key)
        other = self.names.get(key)
        if other is not None and other != name:
            raise RuleBroken(
                "username", f"is the existing user {other!r} spelled differently"
            )


def shared_names(users: Iterable[tuple[int, str]]) -> list[str]:
    """Names (in fold order, then by id) that another user also has."""
    groups: dict[str, list[str]] = defaultdict(list)
    for _, name in sorted(users, key=lambda user: (fold(user[1]), user[0])):
        groups[fold(name)].append(name)
    return [name for group in groups.values() if len(group) > 1 for name in group]


def unreadable_or_future(
    rows: Iterable[tuple[int, Any]], read: Callable[[Any], Any], now: datetime
) -> list[int]:
    """Ids whose time ``read`` (the site's own reader) cannot read, or that
    lie in the future."""
    bad = []
    naive_now = now.replace(tzinfo=None)
    for row_id, raw in rows:
        try:
            moment = read(raw)
        except (ValueError, TypeError):
            bad.append(row_id)
            continue
        if moment is None:
            continue
        # Not a datetime at all: MySQL hands back its zero dates as text.
        readable = isinstance(moment, datetime)
        if not readable or moment > (now if moment.tzinfo else naive_now):
            bad.append(row_id)
    return bad


def bad_texts(rows: Iterable[tuple[int, Any]]) -> list[int]:
    """Ids of comments whose text the site would refuse."""
    bad = []
    for row_id, text in rows:
        if text is None:
            continue
        try:
            validate_comment(normalize_newlines(str(text)))
        except CommentRejected:
            bad.append(row_id)
    return bad
