"""Choosing a new password with a reset link (``/reset/<token>/``).

The link comes from an admin (the admin pages, ``manage_users reset-link``)
or by email (:mod:`.forgot`). The ``reset-password`` permission, granted by
:class:`~scratchpad.accounts.resources.ResetResource` while the link is
live, decides whether the form may be used; a used, expired or superseded
link gets a 410 page and changes nothing. Success sets the password, ends
every login of the user, logs this browser in and shows the account page,
where their API tokens can be revoked.
"""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPGone, HTTPSeeOther
from pyramid.security import forget, remember
from pyramid.view import view_config

from scratchpad.accounts.joining import JoinRejected, checked_password
from scratchpad.accounts.resets import use_reset
from scratchpad.accounts.resources import ResetResource
from scratchpad.security.audit import audit
from scratchpad.security.csrf import fresh_session
from scratchpad.security.permissions import Permission
from scratchpad.settings import get_settings
from scratchpad.views.forms import FormError, field
from scratchpad.web.caching import never_store

GONE = {
    "used": "This password-reset link has already been used.",
    "expired": "This password-reset link has expired: links work for an hour.",
    "superseded": "This password-reset link no longer works: the password was "
    "changed after it was made.",
    "disabled": "This account is disabled.",
}
PAGE = {
    "context": ResetResource,
    "renderer": "reset.jinja2",
    "permission": Permission.VIEW,
}


def live(context: ResetResource, request: Any) -> None:
    if not request.has_permission(Permission.RESET_PASSWORD, context):
        raise HTTPGone(detail=GONE[context.state()] + " Ask for a new one.")


def reset_page(request: Any, error: str = "") -> dict[str, Any]:
    never_store(request.response)
    return {"reset_user": request.context.reset.user, "error": error}


@view_config(request_method="GET", **PAGE)
def show_reset(context: ResetResource, request: Any) -> dict[str, Any]:
    live(context, request)
    return reset_page(request)


@view_config(request_method="POST", **PAGE)
def reset_password(context: ResetResource, request: Any) -> Any:
    live(context, request)
    try:
        password = checked_password(
            field(request, "password"), field(request, "confirm_password")
        )
    except (FormError, JoinRejected) as error:
        request.response.status = 400
        return reset_page(request, error=str(error))
    rounds = get_settings(request.registry).bcrypt_rounds
    if request.identity is not None:
        forget(request)
    user = use_reset(request.dbsession, context.reset, password, rounds)
    audit("password reset", user.username, request, reset=context.reset.id)
    fresh_session(request)
    headers = remember(request, user.id)
    request.session.flash(
        "Your password was changed and every login was ended. If someone else "
        "may have had your account, revoke your API tokens below."
    )
    location = request.resource_path(request.root["account"], "")
    return HTTPSeeOther(location=location, headers=headers)
