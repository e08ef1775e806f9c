"""Logging in and out.

A login attempt is first counted by the throttle (no password is checked
at all while it holds), then checked against the password (and a one-time
password against its single use and expiry); success starts a fresh
session, a new server-side login and a device cookie. Every outcome goes to the
security log (:mod:`scratchpad.security.audit`).
"""

from __future__ import annotations

import re
from typing import Any

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.security import forget, remember
from pyramid.view import view_config
from sqlalchemy import select

from scratchpad.accounts.one_time import one_time_password_usable
from scratchpad.accounts.passwords import (
    PasswordRejected,
    check_new_password,
    upgraded_hash,
    verify_password,
)
from scratchpad.models import User, utcnow
from scratchpad.resources import Root
from scratchpad.security import throttle
from scratchpad.security.audit import audit
from scratchpad.security.csrf import fresh_session
from scratchpad.security.devices import device_cookie, trusted_device
from scratchpad.security.permissions import Permission
from scratchpad.settings import get_settings
from scratchpad.views.forms import FormError, field
from scratchpad.web.caching import never_store

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
    request: Any, error: bool = False, username: str = "", throttled: str = ""
) -> dict[str, Any]:
    never_store(request.response)
    return {
        "error": error,
        "throttled": throttled,
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
    settings = get_settings(request.registry)
    device = trusted_device(request, settings, username)
    attempt = throttle.reserve(
        request.dbsession, settings, username, request.client_addr or "", device
    )
    if attempt.id is None:
        # Refused before any bcrypt work: a throttled guess learns nothing.
        audit("login throttled", username, request, retry_after=attempt.wait)
        request.response.status = 429
        request.response.headers["Retry-After"] = str(attempt.wait)
        throttled = throttle.wait_text(attempt.wait)
        return _login_page(request, username=username, throttled=throttled)
    user = None
    if 0 < len(username) <= 128:
        user = request.dbsession.scalar(select(User).where(User.username == username))
    hash_ = user.password_hash if user else None
    # Read before the check: a credential change from here on ends this login.
    version = user.credentials_version if user else None
    valid = verify_password(password, hash_, settings.bcrypt_rounds)
    if (
        not valid
        or user is None
        or user.disabled
        or not one_time_password_usable(request.dbsession, user)
    ):
        # The attempt's row, committed by reserve(), stays as the failure.
        throttle.prune(request.dbsession, settings)
        audit("login failed", username, request)
        return _login_page(request, error=True, username=username)
    throttle.succeeded(request.dbsession, attempt, username)
    user.last_login = utcnow()  # shown by manage_users list
    try:  # users adopted from the tutorial may have 6 characters, or "qwerty"
        check_new_password(password)
    except PasswordRejected:
        user.must_change_password = True  # this login may only replace it
    audit("login succeeded", user.username, request)
    # A legacy (werkzeug) or too-cheap bcrypt hash is replaced now that we
    # know the password; see passwords.upgraded_hash.
    new_hash = upgraded_hash(password, user.password_hash, settings.bcrypt_rounds)
    if new_hash is not None:
        user.password_hash = new_hash
    fresh_session(request)
    headers = remember(request, user.id, credentials_version=version)
    headers += device_cookie(settings, user.username)
    location = safe_path(request.POST.get("came_from"))
    if user.must_change_password:
        location = request.resource_path(context["account"])
    return HTTPSeeOther(location=location, headers=headers)


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
        audit("logout", user.username, request)
    fresh_session(request)
    request.session.flash("Logged out.")
    response = HTTPSeeOther(location=request.resource_path(context), headers=headers)
    # Drop cached copies of pages seen while logged in (the cookies are
    # already replaced above; clearing them too would lose the flash).
    response.headers["Clear-Site-Data"] = '"cache"'
    return response
