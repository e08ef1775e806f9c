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

- ``public``: no held comments, for everyone who may not moderate. A
  logged-in viewer may see held comments of their own: the statement that
  checks a stored list's state also asks whether one of theirs lies in the
  stretch of ids that list covers (an index range of about a page), and if
  so the list is rendered for them. A list rendered for a viewer is stored
  as ``public`` only if it shows no held comment: it is then the same list.
  So a logged-in page costs the login lookup and one statement when its
  list is stored and current, and the login and the page otherwise.
- ``all``: every comment, for viewers who may moderate (the comments'
  ACL grants them ``moderate``); their lists are stored apart.

Each stored list carries the facts the comments' ACLs need (id, author,
times, held), so controls are decided without loading the rows again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from pyramid.renderers import render
from sqlalchemy import ColumnElement, Select, bindparam, exists, func, select

from scratchpad.comments.list_controls import Facts, facts_of
from scratchpad.comments.page_cache import get_page_cache
from scratchpad.comments.pagination import (
    Cursor,
    Page,
    empty_page,
    load_page,
    table_state,
)
from scratchpad.comments.premoderation import sees_everything, shown_to
from scratchpad.models import MAX_ID, Comment
from scratchpad.models.comment_changes import change_counter
from scratchpad.settings import get_settings
from scratchpad.web.caching import page_etag

PUBLIC = "public"
EVERYTHING = "all"
TEMPLATE = "comment_list.jinja2"


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


@dataclass(frozen=True)
class Stretch:
    """Ids ``lo <= id <= hi``, where the viewer's held comments would show."""

    viewer_id: int
    lo: int
    hi: int
    own_page: bool  # the viewer's own user page, else the front page


def _held_state(author: Any) -> Select[Any]:
    newest = select(func.max(Comment.id)).scalar_subquery()
    held = exists().where(
        author == bindparam("viewer"),
        Comment.held,
        Comment.id >= bindparam("lo"),
        Comment.id <= bindparam("hi"),  # inclusive: MAX_ID fits a column
    )
    return select(newest, change_counter(), held)


# Built once, as the plain state check is: they run on most requests. On
# the front page the author is compared as an expression, so that no
# planner walks the author's index through all their comments: the primary
# key's stretch (about a page) is the short walk.
HELD_STATE = {
    False: _held_state(Comment.commenter_id + 0),
    True: _held_state(Comment.commenter_id),
}


def read_state(request: Any, stretch: Stretch | None = None) -> State:
    """The page state, and whether the viewer has a held comment in
    ``stretch``: one statement.

    It runs on the request's own connection when the request has opened
    its session already (a logged-in viewer's login was looked up there):
    a request holding one pooled connection never waits for a second, so a
    pool of one connection per server thread cannot run dry while every
    thread waits for another. Otherwise (an anonymous request, which has
    no session) a pooled connection of its own is cheaper than a session.
    """
    if "dbsession" in request.__dict__:  # reified: the session is open
        return _state(request.dbsession.connection(), stretch)
    with request.registry["dbengine"].connect() as connection:
        return _state(connection, stretch)


def _state(connection: Any, stretch: Stretch | None) -> State:
    if stretch is None:
        return State(*table_state(connection))
    params = {"viewer": stretch.viewer_id, "lo": stretch.lo, "hi": stretch.hi}
    row = connection.execute(HELD_STATE[stretch.own_page], params).one()
    return State(row[0] or 0, row[1] or 0, bool(row[2]))


def own_held_within(
    request: Any, facts: tuple[Facts, ...], cursor: Cursor, user: Any
) -> Stretch | None:
    """Where the viewer's held comments would show in a list of ``facts``
    (a full page ends where its walk stopped; a short one walks to the end);
    None when there can be none (an anonymous viewer, another user's page)."""
    viewer = request.identity
    if viewer is None or (user is not None and user.id != viewer.id):
        return None  # another user's page lists none of the viewer's
    full = len(facts) >= get_settings(request.registry).page_size
    lo, hi = 0, MAX_ID
    if cursor.direction == "after":
        lo = cursor.id + 1
        hi = facts[-1].id if full else hi
    else:
        hi = cursor.id - 1 if cursor.direction == "before" else hi
        lo = facts[0].id if full else lo
    return Stretch(viewer.id, lo, hi, user is not None)


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
    user's page always reads it (its page query knows only that user's
    newest comment). A list is tagged with the state read before it was
    rendered, so a change in between only makes it look stale.
    """
    cache = get_page_cache(request.registry)
    seen = EVERYTHING if sees_everything(request) else PUBLIC
    key = f"list|{seen}|{request.resource_path(base)}|{cursor.direction}={cursor.id}"
    cached = cache.get(key)
    if cached is not None:
        stretch = None
        if seen == PUBLIC:  # a moderator's list shows every held comment
            stretch = own_held_within(request, cached.extra, cursor, user)
        if state is None or stretch is not None:
            state = read_state(request, stretch)
        etag = page_etag(request, state.newest_id, state.marker)
        if cached.etag == etag and not state.own_held:
            html = Markup(cached.body.decode())  # noqa: S704 (rendered below)
            return Listing(html, cached.extra, state.newest_id, state.marker)
    if state is None and user is not None:
        state = read_state(request)
    page = load(request, cursor, user, shown_to(request), state)
    values = {"page": page, "comments": page.comments, "base": base}
    values.update({"user": user, "cursor": cursor})
    # An autoescaped template's output: HTML already.
    html = Markup(render(TEMPLATE, values, request=request))  # noqa: S704
    facts = tuple(facts_of(request, comment) for comment in page.comments)
    known = page if state is None else state
    newest_id, marker = known.newest_id, known.marker
    # Shown to everyone alike unless it holds a held comment (then it is
    # the viewer's own, or the moderators' kept under their key).
    if seen == EVERYTHING or not any(fact.held for fact in facts):
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
