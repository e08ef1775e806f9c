"""The front page: the list of comments, and posting a new one."""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import flood
from ..models import Comment
from ..models.comment import MAX_LENGTH
from ..resources import Comments, Root
from ..security import Permission
from .forms import FormError, field


def front_page(
    request: Any, error: str | None = None, text: str = ""
) -> dict[str, Any]:
    comments = request.dbsession.scalars(
        select(Comment).options(joinedload(Comment.commenter)).order_by(Comment.id)
    ).all()
    return {
        "comments": comments,
        "error": error,
        "text": text,
        "max_length": MAX_LENGTH,
    }


@view_config(
    context=Root,
    request_method="GET",
    renderer="front.jinja2",
    permission=Permission.VIEW,
)
def list_comments(context: Root, request: Any) -> dict[str, Any]:
    return front_page(request)


@view_config(context=Comments, request_method="GET", permission=Permission.VIEW)
def comments_index(context: Comments, request: Any) -> HTTPSeeOther:
    return HTTPSeeOther(location=request.resource_path(context.__parent__))


def has_control_characters(text: str) -> bool:
    """True if ``text`` holds control characters other than newline and tab
    (NUL in particular, which PostgreSQL refuses to store)."""
    return any(
        (ord(char) < 32 and char not in "\n\t") or 127 <= ord(char) < 160
        for char in text
    )


def validate_comment(text: str) -> str:
    if not text.strip():
        raise FormError("Please write something before posting.")
    if has_control_characters(text):
        raise FormError("Comments cannot contain control characters.")
    if len(text) > MAX_LENGTH:
        raise FormError(
            f"Comments can be at most {MAX_LENGTH} characters long; "
            f"this one has {len(text)}. Shorten it and post again."
        )
    return text


@view_config(
    context=Comments,
    request_method="POST",
    renderer="front.jinja2",
    permission=Permission.POST,
)
def post_comment(context: Comments, request: Any) -> Any:
    text = ""
    try:
        text = field(request, "contents")
        content = validate_comment(text)
    except FormError as error:
        request.response.status = 400
        return front_page(request, error=str(error), text=text)
    refusal = flood.check_post(request, context, content)
    if refusal is not None:  # too fast, or already posted: keep the text
        request.response.status = refusal.status
        if refusal.retry_after is not None:
            request.response.headers["Retry-After"] = str(refusal.retry_after)
        return front_page(request, error=refusal.message, text=text)
    request.dbsession.add(Comment(content=content, commenter=request.identity))
    request.session.flash("Comment posted.")
    return HTTPSeeOther(location=request.resource_path(context.__parent__))
