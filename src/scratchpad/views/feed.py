"""``/feed.atom``: the newest comments as an Atom 1.0 feed.

Links in a feed are read far from the site, so they must be absolute; they
are built from the configured ``scratchpad.base_url`` and never from the
request's Host or X-Forwarded-Host headers, which a client chooses. Without
a base URL the feed is switched off (404, with a page that says why).

Feed readers poll: the response carries an ETag (the release, the newest
comment id and the change marker, as the pages have) and a Last-Modified
time, so an unchanged feed costs them a 304 after one cheap statement. The
feed is the same for everyone (held comments never show in it), so each
process keeps the last one it made in the page cache
(:mod:`scratchpad.comments.page_cache`) and serves it again while that ETag
is current.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from pyramid.httpexceptions import HTTPNotModified
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import false, func, select
from sqlalchemy.orm import joinedload

from scratchpad.comments.page_cache import get_page_cache
from scratchpad.comments.shared_list import read_state
from scratchpad.models import Comment
from scratchpad.models.comment_changes import change_counter
from scratchpad.resources import Root
from scratchpad.security.permissions import Permission
from scratchpad.settings import get_settings
from scratchpad.views.errors import error_page
from scratchpad.web.caching import is_fresh, page_etag, revalidate

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
FEED_KEY = "feed|"
TITLE_LENGTH = 60
REMOVED = "This comment was removed by a moderator."  # as on the site
# Atom needs an <updated> on every entry; comments from before the site
# recorded times get this fixed, obviously-old one.
UNKNOWN_TIME = datetime(1970, 1, 1, tzinfo=UTC)
# Characters XML 1.0 cannot carry at all (a comment may hold them).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    return NOT_XML.sub("\ufffd", value)


def atom_time(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def updated_of(comment: Comment) -> datetime:
    return comment.edited or comment.posted or UNKNOWN_TIME


def entry_title(comment: Comment) -> str:
    if comment.removed:
        return "Removed comment"
    text = " ".join((comment.content or "").split())
    if not text:
        return f"Comment {comment.id}"
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1] + "…"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> Any:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = xml_text(text)
    return element


def atom_feed(comments: list[Comment], base_url: str) -> tuple[bytes, datetime]:
    """The feed document for ``comments`` (newest first) and its update time."""
    updated = max((updated_of(c) for c in comments), default=UNKNOWN_TIME)
    feed = ET.Element("feed", xmlns=ATOM)
    _add(feed, "id", f"{base_url}/")
    _add(feed, "title", "Scratchpad comments")
    _add(feed, "updated", atom_time(updated))
    _add(feed, "link", rel="self", href=f"{base_url}/feed.atom")
    _add(feed, "link", rel="alternate", type="text/html", href=f"{base_url}/")
    for comment in comments:
        url = f"{base_url}/comments/{comment.id}/"
        entry = _add(feed, "entry")
        _add(entry, "id", url)
        _add(entry, "title", entry_title(comment))
        _add(entry, "updated", atom_time(updated_of(comment)))
        if comment.posted is not None:
            _add(entry, "published", atom_time(comment.posted))
        author = _add(entry, "author")
        _add(
            author,
            "name",
            comment.commenter.username if comment.commenter else "anonymous",
        )
        _add(entry, "link", rel="alternate", type="text/html", href=url)
        text = REMOVED if comment.removed else comment.content or ""
        _add(entry, "content", text, type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True), updated


@view_config(
    context=Root,
    name="feed.atom",
    request_method="GET",
    permission=Permission.VIEW,
    renderer="errors/error.jinja2",  # only when switched off; else a Response
)
def show_feed(context: Root, request: Any) -> Any:
    base_url = get_settings(request.registry).base_url
    if not base_url:
        # The site's own 404 page, saying why (the generic one would not).
        message = (
            "This site has no feed: its public address (scratchpad.base_url) "
            "is not configured."
        )
        return error_page(request, 404, message)
    etag: str | None = None
    cache = get_page_cache(request.registry)
    kept = cache.get(FEED_KEY)
    if kept is not None or request.if_none_match:
        state = read_state(request)
        etag = "feed-" + page_etag(request, state.newest_id, state.marker)
        if is_fresh(request, etag):
            response = HTTPNotModified()
            response.etag = etag
            revalidate(response)
            return response
    if kept is not None and kept.etag == etag:
        body, updated = kept.body, kept.extra[0]
    else:
        body, updated, etag = load_feed(request, base_url)
        cache.put(FEED_KEY, etag, body, (updated,))
    response = Response(body=body, content_type="application/atom+xml", charset="utf-8")
    response.etag = etag
    response.last_modified = updated
    # Caches may keep it but must ask again each time: a 304 is cheap.
    revalidate(response)
    response.conditional_response = True
    return response


def load_feed(request: Any, base_url: str) -> tuple[bytes, datetime, str]:
    """The feed, its update time and its ETag, in one statement (the newest
    id and the change marker ride along, as on a page of comments)."""
    newest = select(func.max(Comment.id)).scalar_subquery()
    rows = request.dbsession.execute(
        select(Comment, newest, change_counter())
        .where(Comment.held == false())  # one feed for all: held ones never
        .options(joinedload(Comment.commenter))
        .order_by(Comment.id.desc())
        .limit(FEED_SIZE)
    ).all()
    if rows:
        newest_id, marker = rows[0][1] or 0, rows[0][2] or 0
    else:
        state = read_state(request)
        newest_id, marker = state.newest_id, state.marker
    body, updated = atom_feed([row[0] for row in rows], base_url)
    return body, updated, "feed-" + page_etag(request, newest_id, marker)
