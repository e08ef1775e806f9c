"""``/admin/held/``: the comments pre-moderation holds
(:mod:`scratchpad.comments.premoderation`), oldest first; approve one and
everyone sees it, or remove it and nobody but the admins ever does."""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from scratchpad.admin_tree import HeldComment, HeldComments
from scratchpad.comments import changes
from scratchpad.comments.premoderation import held_queue
from scratchpad.security.audit import audit
from scratchpad.security.permissions import Permission
from scratchpad.settings import get_settings


@view_config(
    context=HeldComments,
    request_method="GET",
    renderer="admin/held.jinja2",
    permission=Permission.ADMINISTER,
)
def list_held(context: HeldComments, request: Any) -> dict[str, Any]:
    settings = get_settings(request.registry)
    return {
        "held": held_queue(request.dbsession, settings.page_size),
        "needed": settings.premoderation,
    }


def _done(context: HeldComment, request: Any, event: str, message: str) -> Any:
    comment = context.comment
    audit(event, request.identity.username, request, comment=comment.id)
    request.session.flash(message.format(id=comment.id))
    return HTTPSeeOther(location=request.resource_path(context.__parent__))


@view_config(
    context=HeldComment,
    name="approve",
    request_method="POST",
    permission=Permission.ADMINISTER,
)
def approve(context: HeldComment, request: Any) -> HTTPSeeOther:
    changes.approve_comment(request.dbsession, context.comment)
    return _done(context, request, "comment approved", "Comment {id} is shown now.")


@view_config(
    context=HeldComment,
    name="remove",
    request_method="POST",
    permission=Permission.ADMINISTER,
)
def remove(context: HeldComment, request: Any) -> HTTPSeeOther:
    changes.remove_comment(request.dbsession, context.comment, request.identity)
    return _done(context, request, "comment removed", "Comment {id} was removed.")
