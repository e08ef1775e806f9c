"""``/admin/audit/``: the stored security log, newest first.

Filters in the query string: ``user`` (the name that acted, exactly),
``kind`` (one of the kinds on record) and ``comment`` (an id: every event
about that comment, so "who removed this, and when" is one click from the
removed list). Keyset pages over the id with ``?before=<id>``.
"""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPBadRequest
from pyramid.view import view_config
from sqlalchemy import or_, select

from scratchpad.admin_tree import AuditLog
from scratchpad.comments.pagination import BadCursor, parse_cursor, query_params
from scratchpad.models import AuditEvent, parse_id
from scratchpad.security.permissions import Permission
from scratchpad.settings import get_settings


def _filters(params: Any) -> dict[str, str]:
    """The filters asked for; a bad one is a 400."""
    chosen = {}
    for name in ("user", "kind", "comment"):
        values = params.getall(name)
        if len(values) > 1:
            raise HTTPBadRequest(f"Give {name!r} only once.")
        value = values[0].strip() if values else ""
        if len(value) > 128 or not value.isprintable():
            raise HTTPBadRequest(f"{name!r} is not a name this log could hold.")
        if value:
            chosen[name] = value
    if "comment" in chosen and parse_id(chosen["comment"]) is None:
        raise HTTPBadRequest("'comment' must be a comment number.")
    return chosen


@view_config(
    context=AuditLog,
    request_method="GET",
    renderer="admin/audit.jinja2",
    permission=Permission.ADMINISTER,
)
def browse_audit(context: AuditLog, request: Any) -> dict[str, Any]:
    params = query_params(request)
    chosen = _filters(params)
    try:
        cursor = parse_cursor(params)
    except BadCursor as problem:
        raise HTTPBadRequest(str(problem)) from None
    if cursor.direction == "after":
        raise HTTPBadRequest("This log pages backwards only: use 'before'.")
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if cursor.direction == "before":
        query = query.where(AuditEvent.id < cursor.id)
    if "user" in chosen:
        query = query.where(AuditEvent.username == chosen["user"])
    if "kind" in chosen:
        query = query.where(AuditEvent.kind == chosen["kind"])
    if "comment" in chosen:
        tag = f"comment={parse_id(chosen['comment'])}"
        query = query.where(
            or_(AuditEvent.detail == tag, AuditEvent.detail.startswith(tag + " "))
        )
    size = get_settings(request.registry).page_size
    events = list(request.dbsession.scalars(query.limit(size + 1)))
    older = events[size - 1].id if len(events) > size else None
    kinds = request.dbsession.scalars(
        select(AuditEvent.kind).distinct().order_by(AuditEvent.kind)
    ).all()
    return {"events": events[:size], "older": older, "chosen": chosen, "kinds": kinds}
