"""``/users/<name>/``: one user's comments, newest page first.

Paged like the front page (keyset cursors ``?before=`` / ``?after=``, see
:mod:`scratchpad.comments.pagination`) but limited to the user's comments. An
unknown name is a 404 from traversal (:class:`~scratchpad.resources.Users`).
Two statements for a page: the user lookup and the page itself.
"""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPBadRequest
from pyramid.view import view_config

from scratchpad.comments.pagination import (
    BadCursor,
    Page,
    load_page,
    parse_cursor,
    query_params,
)
from scratchpad.comments.premoderation import shown_to
from scratchpad.resources import UserResource
from scratchpad.security.permissions import Permission
from scratchpad.settings import get_settings


@view_config(
    context=UserResource,
    request_method="GET",
    renderer="user.jinja2",
    permission=Permission.VIEW,
)
def user_page(context: UserResource, request: Any) -> dict[str, Any]:
    try:
        cursor = parse_cursor(query_params(request))
    except BadCursor as problem:
        raise HTTPBadRequest(str(problem)) from None
    page_size = get_settings(request.registry).page_size
    user = context.user
    shown = shown_to(request)  # others' held comments stay hidden
    page = load_page(
        request.dbsession, cursor, page_size, commenter_id=user.id, shown=shown
    )
    if page is None:
        # Past either end, or no comments: no links but back to the newest.
        page = Page([], None, None, 0, 0)
    return {"user": user, "page": page, "comments": page.comments, "cursor": cursor}
