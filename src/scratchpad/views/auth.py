"""Logging in and out."""

from __future__ import annotations

import logging
import re
from typing import Any

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.security import forget, remember
from pyramid.view import view_config
from sqlalchemy import select

from ..models import User
from ..passwords import upgraded_hash, verify_password
from ..resources import Root
from ..security import Permission, fresh_session
from ..settings import get_settings
from .forms import FormError, field

log = logging.getLogger(__name__)

LOGIN_FAILED = "Incorrect username or password"
_SAFE_PATH = re.compile(r"^/(?![/\\])[^\x00-\x20\x7f\\]*$")


def safe_path(value: str | None) -> str:
    """``value`` if it is a path on this site, else ``/``.

    Refuses absolute and scheme-relative URLs (``//evil``, ``/\\evil``),
    other schemes (``javascript:``) and control characters, so the login
    form can never be used to send someone to another site.
    """
    if value and _SAFE_PATH.match(value):
        return value
    return "/"


def _login_page(
    request: Any, error: bool = False, username: str = ""
) -> dict[str, Any]:
    request.response.headers["Cache-Control"] = "no-store"
    return {
        "error": error,
        "username": username,
        "came_from": safe_path(request.params.get("came_from")),
    }


@view_config(
    context=Root,
    name="login",
    request_method="GET",
    renderer="login.jinja2",
    permission=Permission.VIEW,
)
def show_login(context: Root, request: Any) -> dict[str, Any]:
    return _login_page(request)


@view_config(
    context=Root,
    name="login",
    request_method="POST",
    renderer="login.jinja2",
    permission=Permission.VIEW,
)
def login(context: Root, request: Any) -> Any:
    try:
        username = field(request, "username")
        password = field(request, "password")
    except FormError:
        request.response.status = 400
        return _login_page(request, error=True)
    rounds = get_settings(request.registry).bcrypt_rounds
    user = None
    if 0 < len(username) <= 128:
        user = request.dbsession.scalar(select(User).where(User.username == username))
    valid = verify_password(password, user.password_hash if user else None, rounds)
    if not valid or user is None or user.disabled:
        log.info("login failed for %r from %s", username[:128], request.client_addr)
        return _login_page(request, error=True, username=username)
    log.info("login succeeded for %r from %s", user.username, request.client_addr)
    # A legacy (werkzeug) or too-cheap bcrypt hash is replaced now that we
    # know the password; see passwords.upgraded_hash.
    new_hash = upgraded_hash(password, user.password_hash, rounds)
    if new_hash is not None:
        user.password_hash = new_hash
    fresh_session(request)
    headers = remember(request, user.id)
    return HTTPSeeOther(
        location=safe_path(request.POST.get("came_from")), headers=headers
    )


@view_config(
    context=Root,
    name="logout",
    request_method="GET",
    renderer="logout.jinja2",
    permission=Permission.VIEW,
)
def confirm_logout(context: Root, request: Any) -> dict[str, Any]:
    return {}


@view_config(
    context=Root,
    name="logout",
    request_method="POST",
    permission=Permission.VIEW,
)
def logout(context: Root, request: Any) -> HTTPSeeOther:
    user = request.identity
    headers = forget(request)
    if user is not None:
        log.info("logout for %r from %s", user.username, request.client_addr)
    fresh_session(request)
    request.session.flash("Logged out.")
    return HTTPSeeOther(location=request.resource_path(context), headers=headers)
