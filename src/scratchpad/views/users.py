"""``/users/<name>/``: one user's comments, newest page first.

Paged like the front page (keyset cursors ``?before=`` / ``?after=``, see
:mod:`scratchpad.comments.pagination`) but limited to the user's comments. An
unknown name is a 404 from traversal (:class:`~scratchpad.resources.Users`).
Statements: the user lookup, the page state (the front page's ETag, so
``If-None-Match`` gets a 304 after these two) and, unless the shared list
is stored and current, the page itself.
"""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPBadRequest, HTTPNotModified
from pyramid.view import view_config

from scratchpad.comments.list_controls import with_controls
from scratchpad.comments.pagination import BadCursor, parse_cursor, query_params
from scratchpad.comments.shared_list import comment_list, read_state
from scratchpad.resources import UserResource
from scratchpad.security.permissions import Permission
from scratchpad.web.caching import is_fresh, page_etag, set_page_caching


@view_config(
    context=UserResource,
    request_method="GET",
    renderer="user.jinja2",
    permission=Permission.VIEW,
)
def user_page(context: UserResource, request: Any) -> Any:
    """The page, around the list every viewer shares (:mod:`scratchpad.
    comments.shared_list`); validated by the same ETag as the front page."""
    try:
        cursor = parse_cursor(query_params(request))
    except BadCursor as problem:
        raise HTTPBadRequest(str(problem)) from None
    state = None
    if request.if_none_match:  # answered after the user and the state
        state = read_state(request)
        etag = page_etag(request, state.newest_id, state.marker)
        if is_fresh(request, etag):
            response = HTTPNotModified()
            set_page_caching(request, response, etag)
            return response
    user = context.user
    listing = comment_list(request, cursor, context, user=user, state=state)
    etag = page_etag(request, listing.newest_id, listing.marker)
    set_page_caching(request, request.response, etag)
    return {
        "user": user,
        "comment_list": with_controls(request, listing.html, listing.facts),
    }
