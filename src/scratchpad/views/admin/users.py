"""``/admin/users/``: find users and see their state; ``/admin/users/<id>/``:
one user, with the actions the ACL allows (see :mod:`.user_actions`)."""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPBadRequest
from pyramid.view import view_config
from sqlalchemy import func, select

from scratchpad.accounts.directory import MAX_SEARCH_LENGTH, find_users
from scratchpad.accounts.tokens import list_tokens
from scratchpad.admin_tree import AdminUserResource, AdminUsers
from scratchpad.comments.pagination import BadCursor, parse_cursor, query_params
from scratchpad.models import Comment
from scratchpad.security.permissions import Permission
from scratchpad.security.throttle import locked_accounts
from scratchpad.settings import get_settings
from scratchpad.views import shown_once
from scratchpad.views.admin.user_actions import reset_link_name


@view_config(
    context=AdminUsers,
    request_method="GET",
    renderer="admin/users.jinja2",
    permission=Permission.ADMINISTER,
)
def list_users(context: AdminUsers, request: Any) -> dict[str, Any]:
    params = query_params(request)
    search = params.get("q", "").strip()
    if len(search) > MAX_SEARCH_LENGTH or not search.isprintable():
        raise HTTPBadRequest(
            f"Search for at most {MAX_SEARCH_LENGTH} printable characters."
        )
    try:
        cursor = parse_cursor(params)
    except BadCursor as problem:
        raise HTTPBadRequest(str(problem)) from None
    settings = get_settings(request.registry)
    page = find_users(request.dbsession, settings, search, cursor, settings.page_size)
    return {"page": page, "search": search}


@view_config(
    context=AdminUserResource,
    request_method="GET",
    renderer="admin/user.jinja2",
    permission=Permission.ADMINISTER,
)
def show_user(context: AdminUserResource, request: Any) -> dict[str, Any]:
    user = context.user
    dbsession = request.dbsession
    settings = get_settings(request.registry)
    comments = dbsession.scalar(
        select(func.count()).select_from(Comment).where(Comment.commenter_id == user.id)
    )
    return {
        "user": user,
        "comments": comments or 0,
        "tokens": len(list_tokens(dbsession, user.id)),
        "locked": bool(locked_accounts(dbsession, settings, [user.username])),
        "last_admin": context.is_last_admin(),
        "reset_link": shown_once.take(request, reset_link_name(user)),
        "links_work": bool(settings.base_url),
    }
