"""``POST /comments/<id>/report/``: a logged-in user reports a comment.

The comment's ACL grants ``report`` to logged-in users other than its
author while it is shown (:class:`~scratchpad.resources.CommentResource`).
Each user reports a comment once: a second report is a 409 that changes
nothing. The reason is one short line (:mod:`scratchpad.comments.reports`).
The queue is on ``/admin/reports/``; no public page shows a count.
"""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPBadRequest, HTTPConflict, HTTPSeeOther
from pyramid.view import view_config

from scratchpad.comments.reports import (
    ReportRejected,
    add_report,
    check_reason,
    has_reported,
)
from scratchpad.resources import CommentResource
from scratchpad.security.audit import audit
from scratchpad.security.permissions import Permission
from scratchpad.views.forms import FormError, field

ALREADY = "You have already reported this comment; the moderators will see it."


@view_config(
    context=CommentResource,
    name="report",
    request_method="POST",
    permission=Permission.REPORT,
)
def report_comment(context: CommentResource, request: Any) -> HTTPSeeOther:
    try:
        reason = check_reason(field(request, "reason"))
    except (FormError, ReportRejected) as error:
        raise HTTPBadRequest(str(error)) from None
    user = request.identity
    comment = context.comment
    if has_reported(request.dbsession, comment.id, user.id):
        raise HTTPConflict(ALREADY)
    add_report(request.dbsession, comment, user, reason)
    audit("comment reported", user.username, request, comment=comment.id)
    request.session.flash("Thank you: the moderators will look at this comment.")
    return HTTPSeeOther(location=request.resource_path(context))
