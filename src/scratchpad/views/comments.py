"""The front page: the list of comments, and posting a new one."""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPBadRequest, HTTPNotModified, HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.view import view_config

from scratchpad.comments import changes, flood, idempotency
from scratchpad.comments.page_cache import get_page_cache
from scratchpad.comments.pagination import (
    BadCursor,
    Cursor,
    empty_page,
    load_page,
    parse_cursor,
    query_params,
    table_state,
)
from scratchpad.comments.premoderation import is_held, shown_to
from scratchpad.models.comment import MAX_LENGTH
from scratchpad.resources import Comments, Root
from scratchpad.security.audit import audit
from scratchpad.security.permissions import Permission
from scratchpad.settings import get_settings
from scratchpad.views.forms import comment_from_form, key_from_form
from scratchpad.web.caching import (
    is_fresh,
    is_shared_page,
    page_etag,
    rendered_for_nobody,
    set_page_caching,
)

NEWEST = Cursor()
WAITING = "Your comment waits for a moderator: until then only you can see it."


def front_page(
    request: Any, error: str | None = None, text: str = "", cursor: Cursor = NEWEST
) -> dict[str, Any]:
    """The page of comments at ``cursor`` (the newest by default).

    One SQL statement for a page that has comments (see
    :mod:`scratchpad.comments.pagination`), whatever the size of the table.
    """
    page_size = get_settings(request.registry).page_size
    page = load_page(request.dbsession, cursor, page_size, shown=shown_to(request))
    if page is None:
        page = empty_page(request.dbsession, cursor)
    return {
        "comments": page.comments,
        "page": page,
        "error": error,
        "text": text,
        "max_length": MAX_LENGTH,
        # A fresh key each time the form is rendered: one key, one comment.
        "idempotency_key": idempotency.new_key(),
    }


def current_state(request: Any) -> tuple[int, int]:
    """Newest id and change marker, read on a pooled connection of its own.

    This read-only check is all a 304 or a stored page needs; skipping the
    ORM session (and its transaction wiring) roughly halves its cost.
    """
    with request.registry["dbengine"].connect() as connection:
        return table_state(connection)


@view_config(
    context=Root,
    request_method="GET",
    renderer="front.jinja2",
    permission=Permission.VIEW,
)
def list_comments(context: Root, request: Any) -> Any:
    """A page of comments; a shared page is validated by its ETag.

    A shared page (no cookies) that this process rendered before, or a
    conditional GET, is first checked with one cheap statement (newest id
    and change marker): a 304 or the stored bytes when nothing changed
    (see :mod:`scratchpad.comments.page_cache`).
    """
    try:
        cursor = parse_cursor(query_params(request))
    except BadCursor as problem:
        raise HTTPBadRequest(str(problem)) from None
    shared = is_shared_page(request)
    cache = get_page_cache(request.registry)
    # Keyed by the exact URL: the page links back to it (e.g. "Log in").
    cached = cache.get(request.path_qs) if shared else None
    if shared and (cached is not None or request.if_none_match):
        etag = page_etag(request, *current_state(request))
        if is_fresh(request, etag):
            response = HTTPNotModified()
            set_page_caching(request, response, etag)
            return response
        if cached is not None and cached.etag == etag:
            response = request.response
            response.content_type = "text/html"
            response.body = cached.body
            set_page_caching(request, response, etag)
            return response
    result = front_page(request, cursor=cursor)
    page = result["page"]
    etag = page_etag(request, page.newest_id, page.marker)
    if not shared:
        set_page_caching(request, request.response, etag)  # private
        return result
    response = render_to_response(
        "front.jinja2", result, request=request, response=request.response
    )
    if not rendered_for_nobody(request, response):
        set_page_caching(request, response, None)  # private, never stored
        return response
    set_page_caching(request, response, etag)
    cache.put(request.path_qs, etag, response.body)
    return response


@view_config(context=Comments, request_method="GET", permission=Permission.VIEW)
def comments_index(context: Comments, request: Any) -> HTTPSeeOther:
    return HTTPSeeOther(location=request.resource_path(context.__parent__))


@view_config(
    context=Comments,
    request_method="POST",
    renderer="front.jinja2",
    permission=Permission.POST,
)
def post_comment(context: Comments, request: Any) -> Any:
    """Store the comment, once: a resend of the same form (its idempotency
    key) gets the first send's answer, whatever happened to that answer."""
    text, error = comment_from_form(request)
    key, key_error = key_from_form(request)
    if error is not None or key_error is not None:
        request.response.status = 400
        return front_page(request, error=error or key_error, text=text)
    front = request.resource_path(context.__parent__)
    if key is not None:
        earlier = idempotency.earlier_post(request.dbsession, request.identity.id, key)
        if earlier is not None and earlier.content != text:
            request.response.status = 409
            return front_page(request, error=idempotency.REUSED, text=text)
        if earlier is not None:  # sent before: the same answer, nothing stored
            request.session.flash(WAITING if earlier.held else "Comment posted.")
            return HTTPSeeOther(location=f"{front}#comment-{earlier.id}")
    refusal = flood.check_post(request, context, text)
    if refusal is not None:  # too fast, or already posted: keep the text
        request.response.status = refusal.status
        request.response.headers.update(refusal.headers)
        return front_page(request, error=refusal.message, text=text)
    comment = changes.post_comment(
        request.dbsession, text, request.identity, is_held(request, context), key
    )
    audit("comment posted", request.identity.username, request, comment=comment.id)
    request.session.flash(WAITING if comment.held else "Comment posted.")
    return HTTPSeeOther(location=f"{front}#comment-{comment.id}")
