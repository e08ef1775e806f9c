"""One comment: its permalink page, editing, deleting and moderating it.

Who may do what is decided by :class:`~scratchpad.resources.CommentResource`
alone (its ``__acl__`` knows the author, the admins and the edit window);
each view here only names the permission it needs, and the page offers the
actions ``request.has_permission`` allows (see ``comment.jinja2``).

The changes themselves are made by :mod:`scratchpad.comments.changes`, as
for the API, so every one of them refreshes the pages that show the comment.
"""

from __future__ import annotations

import logging
from typing import Any

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from scratchpad.comments import changes
from scratchpad.comments.reports import has_reported
from scratchpad.models import Comment
from scratchpad.models.comment import MAX_LENGTH
from scratchpad.resources import CommentResource
from scratchpad.security.audit import audit
from scratchpad.security.permissions import Permission
from scratchpad.views.forms import comment_from_form
from scratchpad.web.logsafe import quoted

log = logging.getLogger(__name__)
EXCERPT_LENGTH = 40  # characters of a comment quoted in its page's title


@view_config(
    context=CommentResource,
    request_method="GET",
    renderer="comment.jinja2",
    permission=Permission.VIEW,
)
def show_comment(context: CommentResource, request: Any) -> dict[str, Any]:
    """The permalink page; it offers the actions the comment's ACL allows
    (reporting only to those who have not reported it yet)."""
    may_report = bool(request.has_permission(Permission.REPORT, context))
    reported = may_report and has_reported(
        request.dbsession, context.comment.id, request.identity.id
    )
    comment = context.comment
    return {"comment": comment, "reported": reported, "headline": headline(comment)}


def headline(comment: Comment) -> str:
    """What the comment's page is titled by: its author and the start of its
    text (a removed comment's text is not shown, so not quoted either)."""
    author = comment.commenter.username if comment.commenter else "anonymous"
    if comment.removed:
        return f"a removed comment by {author}"
    words = " ".join((comment.content or "").split())
    if len(words) > EXCERPT_LENGTH:
        cut = words[:EXCERPT_LENGTH]
        words = (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"
    return f"{author}: “{words}”" if words else f"a comment by {author}"


def _edit_page(
    context: CommentResource, text: str, error: str | None = None
) -> dict[str, Any]:
    return {
        "comment": context.comment,
        "text": text,
        "error": error,
        "max_length": MAX_LENGTH,
    }


@view_config(
    context=CommentResource,
    name="edit",
    request_method="GET",
    renderer="edit.jinja2",
    permission=Permission.EDIT,
)
def show_edit(context: CommentResource, request: Any) -> dict[str, Any]:
    return _edit_page(context, context.comment.content or "")


@view_config(
    context=CommentResource,
    name="edit",
    request_method="POST",
    renderer="edit.jinja2",
    permission=Permission.EDIT,
)
def edit_comment(context: CommentResource, request: Any) -> Any:
    text, error = comment_from_form(request)
    if error is not None:
        request.response.status = 400
        return _edit_page(context, text, error)
    if changes.edit_comment(request.dbsession, context.comment, text):
        username = request.identity.username
        audit("comment edited", username, request, comment=context.comment.id)
        request.session.flash("Comment updated.")
    return HTTPSeeOther(location=request.resource_path(context))


def _confirm_page(
    context: CommentResource, view_name: str, heading: str, question: str, button: str
) -> dict[str, Any]:
    return {
        "comment": context.comment,
        "view_name": view_name,
        "heading": heading,
        "question": question,
        "button": button,
    }


@view_config(
    context=CommentResource,
    name="delete",
    request_method="GET",
    renderer="delete.jinja2",
    permission=Permission.DELETE,
)
def confirm_delete(context: CommentResource, request: Any) -> dict[str, Any]:
    return _confirm_page(
        context,
        "delete",
        "Delete your comment",
        "Delete this comment for good? This cannot be undone.",
        "Delete comment",
    )


@view_config(
    context=CommentResource,
    name="delete",
    request_method="POST",
    permission=Permission.DELETE,
)
def delete_comment(context: CommentResource, request: Any) -> HTTPSeeOther:
    """The author's own delete: the row goes."""
    comment_id = context.comment.id
    changes.delete_comment(request.dbsession, context.comment)
    log.info(
        "comment %d deleted by its author %s",
        comment_id,
        quoted(request.identity.username),
    )
    audit("comment deleted", request.identity.username, request, comment=comment_id)
    request.session.flash("Comment deleted.")
    return HTTPSeeOther(location=request.resource_path(request.root))


@view_config(
    context=CommentResource,
    name="remove",
    request_method="GET",
    renderer="delete.jinja2",
    permission=Permission.MODERATE,
)
def confirm_remove(context: CommentResource, request: Any) -> dict[str, Any]:
    return _confirm_page(
        context,
        "remove",
        "Remove a comment",
        'Remove this comment? Its place will say "removed by a moderator".',
        "Remove comment",
    )


@view_config(
    context=CommentResource,
    name="remove",
    request_method="POST",
    permission=Permission.MODERATE,
)
def remove_comment(context: CommentResource, request: Any) -> HTTPSeeOther:
    """A moderator's delete: the row stays, marked with who and when."""
    comment = context.comment
    moderator = request.identity
    removed = changes.remove_comment(request.dbsession, comment, moderator)
    audit("comment removed", moderator.username, request, comment=comment.id)
    log.info(
        "comment %d removed by moderator %s (user %d) at %s",
        comment.id,
        quoted(moderator.username),
        moderator.id,
        removed.isoformat(),
    )
    request.session.flash("Comment removed.")
    return HTTPSeeOther(location=request.resource_path(context))
