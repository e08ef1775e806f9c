"""Moderation on the admin pages: ``/admin/removed/`` (recently removed
comments, who removed them, and "restore") and ``/admin/reports/`` (the
queue of reported comments: dismiss the reports, or remove the comment).

Comments change only through :mod:`scratchpad.comments.changes`, so every
page that shows one is refreshed; each action is audited with the comment.
"""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import select
from sqlalchemy.orm import aliased, joinedload

from scratchpad.admin_tree import (
    RemovedComment,
    RemovedComments,
    ReportedComment,
    ReportedComments,
)
from scratchpad.comments import changes
from scratchpad.comments.reports import dismiss_reports, report_queue
from scratchpad.models import Comment, User
from scratchpad.security.audit import audit
from scratchpad.security.permissions import Permission
from scratchpad.settings import get_settings

ADMINISTER = {"permission": Permission.ADMINISTER}


@view_config(
    context=RemovedComments,
    request_method="GET",
    renderer="admin/removed.jinja2",
    **ADMINISTER,
)
def list_removed(context: RemovedComments, request: Any) -> dict[str, Any]:
    """The most recently removed comments, with their moderator's name
    (none once that moderator's account is gone)."""
    moderator = aliased(User)
    query = (
        select(Comment, moderator.username)
        .outerjoin(moderator, moderator.id == Comment.removed_by_id)
        .where(Comment.removed.is_not(None))
        .order_by(Comment.removed.desc(), Comment.id.desc())
        .limit(get_settings(request.registry).page_size)
        .options(joinedload(Comment.commenter))
    )
    return {"removed": request.dbsession.execute(query).all()}


def _back(request: Any, section: Any, message: str) -> HTTPSeeOther:
    request.session.flash(message)
    return HTTPSeeOther(location=request.resource_path(section))


@view_config(
    context=RemovedComment,
    name="restore",
    request_method="POST",
    **ADMINISTER,
)
def restore_comment(context: RemovedComment, request: Any) -> HTTPSeeOther:
    comment = context.comment
    changes.restore_comment(request.dbsession, comment)
    audit("comment restored", request.identity.username, request, comment=comment.id)
    return _back(request, context.__parent__, f"Comment {comment.id} is shown again.")


@view_config(
    context=ReportedComments,
    request_method="GET",
    renderer="admin/reports.jinja2",
    **ADMINISTER,
)
def list_reports(context: ReportedComments, request: Any) -> dict[str, Any]:
    limit = get_settings(request.registry).page_size
    return {"queue": report_queue(request.dbsession, limit)}


@view_config(
    context=ReportedComment,
    name="dismiss",
    request_method="POST",
    **ADMINISTER,
)
def dismiss(context: ReportedComment, request: Any) -> HTTPSeeOther:
    comment = context.comment
    count = dismiss_reports(request.dbsession, comment.id)
    audit(
        "reports dismissed",
        request.identity.username,
        request,
        comment=comment.id,
        reports=count,
    )
    return _back(
        request,
        context.__parent__,
        f"The reports on comment {comment.id} were dismissed.",
    )


@view_config(
    context=ReportedComment,
    name="remove",
    request_method="POST",
    **ADMINISTER,
)
def remove_reported(context: ReportedComment, request: Any) -> HTTPSeeOther:
    comment = context.comment
    changes.remove_comment(request.dbsession, comment, request.identity)
    dismiss_reports(request.dbsession, comment.id)
    audit("comment removed", request.identity.username, request, comment=comment.id)
    return _back(request, context.__parent__, f"Comment {comment.id} was removed.")
