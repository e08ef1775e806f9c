"""HTTP caching: the one module that writes ``Cache-Control``.

Views and error pages never write the header themselves: they call one of
the named policies below, so every response's caching is decided here (a
test checks that no other module names the header).

Policies
    :func:`never_store` (``no-store``): forms, error pages, health checks,
    anything answered once. :func:`keep_private` (``private, no-store``):
    a page that may hold someone's name or CSRF token. :func:`revalidate`
    (``no-cache``) and :func:`revalidate_public` (``public, no-cache`` with
    an ETag): caches may keep it but must ask each time, and a matching
    validator gets a cheap 304. :func:`immutable`: a year, never asked again.

Pages
    A page that looks the same to every visitor (no login or session
    cookie in the request) is ``public, no-cache`` with an ETag: browsers
    and proxies may keep it but must revalidate, and a matching
    ``If-None-Match`` gets a 304 after one cheap statement (see
    :func:`scratchpad.comments.pagination.table_state`). The ETag is made of the
    newest comment id, the comments' change marker (edits and deletions,
    :mod:`scratchpad.models.comment_changes`) and a fingerprint of the
    templates and display settings, so a new comment, an edit, a deletion
    or a new release each change it. A request that carries one of the
    site's cookies may get a personal page (a name, a form, a message):
    it is ``private, no-store`` and never reaches a shared cache.

Static files
    URLs carry a hash of the file's content (``?x=<hash>``, a Pyramid cache
    buster), so they can be kept for a year, ``immutable``: a changed file
    gets a new URL. The same file asked for without its hash is kept an hour.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pyramid.events import NewResponse
from pyramid.path import AssetResolver
from pyramid.static import QueryStringCacheBuster

from scratchpad.comments.page_cache import PageCache
from scratchpad.settings import get_settings

STATIC_NAME = "static"
STATIC_MAX_AGE = 3600  # a static URL without its content hash
ONE_YEAR = 365 * 24 * 3600
NEVER_STORE = "no-store"
PRIVATE = "private, no-store"
REVALIDATE = "no-cache"
REVALIDATE_PUBLIC = "public, no-cache"
IMMUTABLE = f"public, max-age={ONE_YEAR}, immutable"
TEMPLATES = "scratchpad:templates"


def never_store(response: Any) -> None:
    """No cache may keep ``response``: a form, an error, a one-off answer."""
    response.headers["Cache-Control"] = NEVER_STORE


def keep_private(response: Any) -> None:
    """Nobody else's cache, and not even the browser's: a personal page."""
    response.headers["Cache-Control"] = PRIVATE


def revalidate(response: Any) -> None:
    """Caches may keep ``response`` but must check it with the server (its
    ETag or Last-Modified) before each use."""
    response.headers["Cache-Control"] = REVALIDATE


def revalidate_public(response: Any, etag: str) -> None:
    """Like :func:`revalidate`, for shared caches too, validated by ``etag``."""
    response.headers["Cache-Control"] = REVALIDATE_PUBLIC
    response.etag = etag


def immutable(response: Any) -> None:
    """Keep for a year and never ask again: the URL changes with the content."""
    response.headers["Cache-Control"] = IMMUTABLE
    response.expires = None


def is_shared_page(request: Any) -> bool:
    """True when the page cannot depend on who asks.

    Decided from the cookies alone, without a database query: no login
    cookie and no session cookie means no name, form or message to show.
    """
    settings = get_settings(request.registry)
    cookies = request.cookies
    return (
        settings.login_cookie_name not in cookies
        and settings.session_cookie_name not in cookies
    )


def rendered_for_nobody(request: Any, response: Any) -> bool:
    """True when a rendered page may be shared: stored in the page cache
    and marked ``public``.

    :func:`is_shared_page` decides before rendering, from the cookies; this
    checks afterwards that rendering saw nobody at all: no identity (from
    whatever credential), no session read or made, no cookie set. A page
    rendered for anyone who is someone is never shared.
    """
    return (
        is_shared_page(request)
        and request.identity is None
        and "session" not in request.__dict__  # Pyramid reifies request.session
        and "Set-Cookie" not in response.headers
    )


def release_fingerprint(registry: Any) -> str:
    """A short hash of everything besides data that shapes a page.

    Templates, page size and date format: every process of one release
    computes the same value, so their ETags agree.
    """
    settings = get_settings(registry)
    digest = hashlib.sha256()
    folder = Path(AssetResolver().resolve(TEMPLATES).abspath())
    for path in sorted(folder.rglob("*.jinja2")):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update(f"{settings.page_size}|{settings.date_format}".encode())
    return digest.hexdigest()[:12]


def page_etag(request: Any, newest_id: int, marker: int) -> str:
    """The ETag value (unquoted) of a shared page, for one URL."""
    return f"{request.registry.scratchpad_release}-{newest_id}-{marker}"


def is_fresh(request: Any, etag: str) -> bool:
    """Does the request's ``If-None-Match`` already name ``etag``?"""
    return etag in request.if_none_match


def set_page_caching(request: Any, response: Any, etag: str | None) -> None:
    """Cache-Control (and ETag) for a page, shared or personal."""
    response.vary = ("Cookie",)
    if etag is not None and is_shared_page(request):
        revalidate_public(response, etag)
    else:
        keep_private(response)


class ContentHashCacheBuster(QueryStringCacheBuster):
    """Add ``?x=<first 16 hex of the file's SHA-256>`` to static URLs.

    Hashes are computed once per file per process; a release changes files
    only by restarting, which starts with an empty memo.
    """

    def __init__(self) -> None:
        super().__init__(param="x")
        self._memo: dict[str, str] = {}

    def tokenize(self, request: Any, subpath: str, kw: dict[str, Any]) -> str:
        pathspec = kw["pathspec"]  # the full asset spec, given by Pyramid
        token = self._memo.get(pathspec)
        if token is None:
            path = Path(AssetResolver().resolve(pathspec).abspath())
            token = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            self._memo[pathspec] = token
        return token


def static_lifetime(event: NewResponse) -> None:
    """One year, immutable, for a cache-busted static URL that was found.

    Reads the raw WSGI path and query: this runs for every response,
    including the 400 for a URL that is not valid UTF-8.
    """
    request, response = event.request, event.response
    path = request.environ.get("PATH_INFO", "")
    query = request.environ.get("QUERY_STRING", "")
    if (
        path.startswith(f"/{STATIC_NAME}/")
        and any(part.startswith("x=") for part in query.split("&"))
        and response.status_code in (200, 304)
    ):
        immutable(response)


def no_store_when_logged_in(event: Any) -> None:
    """``Cache-Control: private, no-store`` for pages seen logged in or
    setting cookies.

    A shared cache (or the browser's back button after logout) must never
    keep a page holding someone's name or CSRF token. Decided from the
    cookie alone: the transaction is already over when this runs. Static
    files keep their own caching.
    """
    request, response = event.request, event.response
    route = getattr(request, "matched_route", None)
    if route is not None and route.name.startswith("__"):
        return
    cookie_name = get_settings(request.registry).login_cookie_name
    if cookie_name in request.cookies or "Set-Cookie" in response.headers:
        keep_private(response)


def add_static_files(config: Any) -> None:
    """The static view, its content-hash cache buster and ``request.asset_path``."""
    config.add_static_view(
        STATIC_NAME, "scratchpad:static", cache_max_age=STATIC_MAX_AGE
    )
    config.add_cache_buster("scratchpad:static/", ContentHashCacheBuster())
    config.registry.scratchpad_asset_paths = {}
    config.add_request_method(asset_path, "asset_path")


def asset_path(request: Any, spec: str) -> str:
    """``request.static_path(spec)``, worked out once per process and script
    name: like the content hashes in it, it changes only with a restart.
    Every page's layout names four static files."""
    key = (request.script_name, spec)
    paths = request.registry.scratchpad_asset_paths
    path = paths.get(key)
    if path is None:
        path = paths[key] = request.static_path(spec)
    return str(path)


def includeme(config: Any) -> None:
    config.registry.scratchpad_release = release_fingerprint(config.registry)
    budget = get_settings(config.registry).page_cache_bytes
    config.registry.scratchpad_page_cache = PageCache(budget)
    config.add_subscriber(no_store_when_logged_in, NewResponse)
    config.add_subscriber(static_lifetime, NewResponse)
