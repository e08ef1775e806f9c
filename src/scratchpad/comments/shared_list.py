"""The list of comments of a page, rendered once and shared by every viewer.

The ``<ol class="comments">`` block of a page and its Older/Newer links
(``comment_list.jinja2``) look the same to everyone who may see the same
comments, so they are rendered once per page state and kept in the page
cache (:mod:`scratchpad.comments.page_cache`, the same byte budget as the
whole pages) under a key naming the visibility they were rendered with,
the page's path and its cursor. A stored list is used only while its ETag
(release, newest comment id, change marker: see
:func:`scratchpad.web.caching.page_etag`) is still current; the per-viewer
parts (navigation, form, messages, the controls of
:mod:`scratchpad.comments.list_controls`) are rendered around it each time.

Visibility (pre-moderation, :mod:`scratchpad.comments.premoderation`):

- ``public``: no held comments. Anonymous viewers, and logged-in viewers who
  have no held comment of their own (asked in the same statement that
  reads the page state, so a logged-in page costs the login lookup and one
  statement when its list is stored).
- ``all``: every comment, for viewers who may moderate (the comments'
  ACL grants them ``moderate``); their lists are stored apart.
- none: a viewer with held comments of their own gets a list rendered for
  them alone, never stored, so they neither get nor poison a shared one.

Each stored list carries the facts the comments' ACLs need (id, author,
times, held), so controls are decided without loading the rows again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup
from pyramid.renderers import render
from sqlalchemy import ColumnElement, exists, false, func, select

from scratchpad.comments.page_cache import get_page_cache
from scratchpad.comments.pagination import Cursor, Page, empty_page, load_page
from scratchpad.comments.premoderation import shown_to
from scratchpad.models import Comment
from scratchpad.models.comment_changes import change_counter
from scratchpad.settings import get_settings
from scratchpad.web.caching import page_etag

PUBLIC = "public"
EVERYTHING = "all"
TEMPLATE = "comment_list.jinja2"


@dataclass(frozen=True)
class Facts:
    """What a comment's ACL reads (:class:`scratchpad.resources.CommentResource`)."""

    id: int
    commenter_id: int | None
    posted: datetime | None
    removed: datetime | None
    held: bool


@dataclass(frozen=True)
class State:
    newest_id: int
    marker: int
    own_held: bool = False  # the viewer has held comments of their own


@dataclass(frozen=True)
class Listing:
    """A rendered list and what the page around it needs to know."""

    html: Markup
    facts: tuple[Facts, ...]
    newest_id: int
    marker: int


def read_state(request: Any, viewer: bool = True) -> State:
    """The page state, and (``viewer``) for a logged-in viewer whether they
    have held comments: one statement on a pooled connection of its own."""
    newest = select(func.max(Comment.id)).scalar_subquery()
    columns: list[Any] = [newest, change_counter()]
    user = request.identity if viewer else None
    if user is not None:
        mine = exists().where(Comment.commenter_id == user.id, Comment.held)
        columns.append(mine)
    with request.registry["dbengine"].connect() as connection:
        row = connection.execute(select(*columns)).one()
    held = bool(row[2]) if user is not None else False
    return State(row[0] or 0, row[1] or 0, held)


def visibility(request: Any, state: State | None) -> str | None:
    """Which shared list this viewer may use (None: one of their own)."""
    if shown_to(request) is None:
        return EVERYTHING
    if request.identity is None:
        return PUBLIC
    return None if state is None or state.own_held else PUBLIC


def condition(request: Any, seen: str | None) -> ColumnElement[bool] | None:
    """The comments a list rendered for ``seen`` shows."""
    if seen == EVERYTHING:
        return None
    if seen == PUBLIC:
        return Comment.held == false()
    return shown_to(request)


def facts_of(comment: Comment) -> Facts:
    return Facts(
        comment.id, comment.commenter_id, comment.posted, comment.removed, comment.held
    )


def comment_list(
    request: Any,
    cursor: Cursor,
    base: Any,
    user: Any = None,
    state: State | None = None,
) -> Listing:
    """The list at ``cursor`` under ``base`` (the root, or a user's page,
    then only ``user``'s comments), from the cache when it is current.

    ``state`` is the page state if the caller has read it already; a
    user's page always reads it first (its page query knows only that
    user's newest comment). A list is tagged with the state read before it
    was rendered, so a change in between only makes it look stale.
    """
    if state is None and (request.identity is not None or user is not None):
        state = read_state(request)
    seen = visibility(request, state)
    cache = get_page_cache(request.registry)
    key = f"list|{seen}|{request.resource_path(base)}|{cursor.direction}={cursor.id}"
    cached = cache.get(key) if seen is not None else None
    if cached is not None:
        if state is None:
            state = read_state(request)
        etag = page_etag(request, state.newest_id, state.marker)
        if cached.etag == etag:
            html = Markup(cached.body.decode())  # noqa: S704 (rendered below)
            return Listing(html, cached.extra, state.newest_id, state.marker)
    page = load(request, cursor, user, condition(request, seen), state)
    values = {"page": page, "comments": page.comments, "base": base}
    values.update({"user": user, "cursor": cursor})
    # An autoescaped template's output: HTML already.
    html = Markup(render(TEMPLATE, values, request=request))  # noqa: S704
    facts = tuple(facts_of(comment) for comment in page.comments)
    known = page if state is None else state
    newest_id, marker = known.newest_id, known.marker
    if seen is not None:
        cache.put(key, page_etag(request, newest_id, marker), html.encode(), facts)
    return Listing(html, facts, newest_id, marker)


def load(
    request: Any,
    cursor: Cursor,
    user: Any,
    shown: ColumnElement[bool] | None,
    state: State | None,
) -> Page:
    page_size = get_settings(request.registry).page_size
    commenter_id = None if user is None else user.id
    page = load_page(request.dbsession, cursor, page_size, commenter_id, shown)
    if page is not None:
        return page
    if user is None or state is None:
        return empty_page(request.dbsession, cursor)
    # A user's page past either end: no links but back to the newest.
    return Page([], None, None, state.newest_id, state.marker)
