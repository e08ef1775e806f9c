"""Keyset pagination of the comments: pages that cost the same at any size.

A page is named by a cursor in its URL: ``?before=<id>`` (the newest
``page_size`` comments older than ``id``), ``?after=<id>`` (the oldest
``page_size`` comments newer than ``id``) or nothing (the newest comments).
Either way the database walks the primary-key index from the cursor and
stops after ``page_size`` rows: no OFFSET, no COUNT, so a page deep in the
past costs what the front page costs, and a cursor URL keeps showing the
same comments when new ones arrive.

The one SELECT that fetches a page also brings the commenters (a join),
the smallest and largest comment ids (to know whether "Older" / "Newer"
links lead anywhere) and the change marker (for the ETag): one statement
per page, whatever the size of the table.

The same pages, limited to one commenter (``commenter_id``), make a user's
page (``/users/<name>/``): extremes are then that user's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from sqlalchemy import ColumnElement, Connection, Select, func, select
from sqlalchemy.orm import Session, joinedload
from webob.multidict import MultiDict

from scratchpad.models import MAX_ID, Comment, parse_id
from scratchpad.models.comment_changes import change_counter

CURSORS = ("before", "after")


class BadCursor(ValueError):
    """The page cursor in the URL is unusable; the message says why."""


@dataclass(frozen=True)
class Cursor:
    direction: str | None = None  # "before", "after", or None: the newest page
    id: int = 0


@dataclass(frozen=True)
class Page:
    """One page of comments, oldest first, and where its neighbours are."""

    comments: list[Comment]
    older: int | None  # the ``before`` cursor of the older page, if any
    newer: int | None  # the ``after`` cursor of the newer page, if any
    newest_id: int  # the newest comment id in the table (0 when empty)
    marker: int  # the change marker (edits and deletions)


def query_params(request: Any) -> MultiDict:
    """The query string, read without failing on bytes that are not UTF-8.

    ``request.GET`` raises on them; other parameters are not ours to refuse,
    and a cursor with such bytes is refused by :func:`parse_cursor` anyway.
    """
    query = request.environ.get("QUERY_STRING", "")
    return MultiDict(parse_qsl(query, keep_blank_values=True, errors="replace"))


def parse_cursor(params: Mapping[str, Any]) -> Cursor:
    """The cursor in the query string ``params`` (a WebOb MultiDict).

    Refuses anything but a single decimal id between 0 and ``MAX_ID`` in at
    most one of ``before`` / ``after`` (0 is allowed: ``after=0`` starts at
    the very first comment).
    """
    given = [name for name in CURSORS if name in params]
    if not given:
        return Cursor()
    if len(given) > 1:
        raise BadCursor("Use either 'before' or 'after', not both.")
    name = given[0]
    values = params.getall(name) if hasattr(params, "getall") else [params[name]]
    if len(values) != 1:
        raise BadCursor(f"Give {name!r} only once.")
    number = parse_id(values[0], minimum=0)
    if number is None:
        raise BadCursor(f"{name!r} must be a comment number from 0 to {MAX_ID}.")
    return Cursor(name, number)


def page_query(
    cursor: Cursor,
    page_size: int,
    commenter_id: int | None = None,
    shown: ColumnElement[bool] | None = None,
) -> Select[Any]:
    """The one SELECT of a page: comments walked from the cursor by the
    primary key, commenters joined, and the extremes and marker as scalar
    subqueries (each one index lookup); only ``commenter_id``'s if given.

    ``shown`` (pre-moderation: leave out others' held comments) filters the
    walk only, not the extremes, which stay index lookups: at worst a link
    leads past held comments to an empty page that links back."""
    newest = select(func.max(Comment.id))
    oldest = select(func.min(Comment.id))
    if commenter_id is not None:
        mine = Comment.commenter_id == commenter_id
        newest, oldest = newest.where(mine), oldest.where(mine)
    query = select(
        Comment, newest.scalar_subquery(), oldest.scalar_subquery(), change_counter()
    ).options(joinedload(Comment.commenter))
    if commenter_id is not None:
        query = query.where(Comment.commenter_id == commenter_id)
    if shown is not None:
        query = query.where(shown)
    if cursor.direction == "after":
        query = query.where(Comment.id > cursor.id).order_by(Comment.id.asc())
    else:
        if cursor.direction == "before":
            query = query.where(Comment.id < cursor.id)
        query = query.order_by(Comment.id.desc())
    return query.limit(page_size)


def load_page(
    dbsession: Session,
    cursor: Cursor,
    page_size: int,
    commenter_id: int | None = None,
    shown: ColumnElement[bool] | None = None,
) -> Page | None:
    """Fetch one page in one statement; None when the page is empty.

    An empty page (no comments at all, or a cursor past either end) carries
    no ids or marker; the caller asks :func:`table_state` for those.
    ``shown`` leaves out others' held comments (:mod:`.premoderation`).
    """
    query = page_query(cursor, page_size, commenter_id, shown)
    rows = dbsession.execute(query).all()
    if not rows:
        return None
    comments = [row[0] for row in rows]
    if cursor.direction != "after":
        comments.reverse()
    _, newest_id, oldest_id, marker = rows[0]
    first, last = comments[0].id, comments[-1].id
    return Page(
        comments=comments,
        older=first if oldest_id < first else None,
        # The page without a cursor is the newest there is (held comments
        # of others may be newer, but not for this reader).
        newer=last if newest_id > last and cursor.direction else None,
        newest_id=newest_id,
        marker=marker or 0,
    )


def _table_state_query() -> Select[Any]:
    newest = select(func.max(Comment.id)).scalar_subquery()
    return select(newest, change_counter())


# Built once: this statement runs on every validated request.
TABLE_STATE = _table_state_query()


def table_state(db: Session | Connection) -> tuple[int, int]:
    """(newest comment id, change marker) in one cheap statement.

    Both are single index lookups (the maximum of the primary key, one row
    by primary key), so a conditional GET can be answered without loading
    a page.
    """
    row = db.execute(TABLE_STATE).one()
    return row[0] or 0, row[1] or 0


def empty_page(dbsession: Session, cursor: Cursor) -> Page:
    """The page for a cursor past either end (or an empty table).

    Links lead back to the comments that exist, so following "Newer" or
    "Older" from here always reaches the nearest real page.
    """
    newest_id, marker = table_state(dbsession)
    older = newer = None
    if newest_id and cursor.direction == "after":
        older = min(cursor.id + 1, newest_id + 1)
    elif newest_id and cursor.direction == "before":
        newer = max(cursor.id - 1, 0)
    return Page([], older, newer, newest_id, marker)
