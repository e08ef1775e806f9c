"""The front page: the list of comments, and posting a new one."""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPBadRequest, HTTPNotModified, HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.view import view_config

from scratchpad.comments import changes, flood, idempotency
from scratchpad.comments.list_controls import with_controls
from scratchpad.comments.page_cache import get_page_cache
from scratchpad.comments.pagination import (
    BadCursor,
    Cursor,
    parse_cursor,
    query_params,
)
from scratchpad.comments.premoderation import is_held
from scratchpad.comments.shared_list import State, comment_list, read_state
from scratchpad.models.comment import MAX_LENGTH
from scratchpad.resources import Comments, Root
from scratchpad.security.audit import audit
from scratchpad.security.permissions import Permission
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
    request: Any,
    error: str | None = None,
    text: str = "",
    cursor: Cursor = NEWEST,
    state: State | None = None,
) -> dict[str, Any]:
    """The page of comments at ``cursor`` (the newest by default).

    The list is shared by every viewer (:mod:`scratchpad.comments.
    shared_list`): at most one statement for it, whatever the size of the
    table; the viewer's controls are put in afterwards.
    """
    listing = comment_list(request, cursor, request.root, state=state)
    return {
        "comment_list": with_controls(request, listing.html, listing.facts),
        "listing": listing,
        "error": error,
        "text": text,
        "max_length": MAX_LENGTH,
        # A fresh key each time the form is rendered: one key, one comment.
        "idempotency_key": idempotency.new_key(),
    }


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
    (see :mod:`scratchpad.comments.page_cache`). Anyone else's page is
    rendered around the shared list of comments.
    """
    try:
        cursor = parse_cursor(query_params(request))
    except BadCursor as problem:
        raise HTTPBadRequest(str(problem)) from None
    shared = is_shared_page(request)
    cache = get_page_cache(request.registry)
    # Keyed by the exact URL: the page links back to it (e.g. "Log in").
    cached = cache.get(request.path_qs) if shared else None
    state = None
    if shared and (cached is not None or request.if_none_match):
        state = read_state(request)
        etag = page_etag(request, state.newest_id, state.marker)
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
    result = front_page(request, cursor=cursor, state=state)
    listing = result["listing"]
    etag = page_etag(request, listing.newest_id, listing.marker)
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
