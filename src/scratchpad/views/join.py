"""Joining: the form behind an invitation link (``/join/<token>/``) and
open sign-up (``/signup/``).

Both show the same form (username, password and the password again) and
make the account with :func:`scratchpad.accounts.joining.new_user`; success
logs the new user in. Whether the form may be used is the ``join``
permission, which the resources grant (:mod:`scratchpad.accounts.resources`):
everyone may *view* the page, so a used, expired or revoked invitation gets
a 410 page saying so, and sign-up on a site that does not take it a 404.
Open sign-up also has a honeypot field and per-address and site-wide
limits (:mod:`scratchpad.security.rate`); new users then post under the
site's flood control like everyone else.
"""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPGone, HTTPNotFound, HTTPSeeOther
from pyramid.security import forget, remember
from pyramid.view import view_config

from scratchpad.accounts.joining import JoinRejected, new_user
from scratchpad.accounts.resources import InvitationResource, SignUp
from scratchpad.models import User, utcnow
from scratchpad.security import rate
from scratchpad.security.audit import audit
from scratchpad.security.csrf import fresh_session
from scratchpad.security.permissions import Permission
from scratchpad.security.throttle import wait_text
from scratchpad.settings import get_settings
from scratchpad.views.forms import FormError, field
from scratchpad.web.caching import never_store

HONEYPOT = "website"
GONE = {
    "used": "This invitation has already been used: each one makes one account. "
    "Ask whoever invited you for a new one.",
    "expired": "This invitation has expired. Ask whoever invited you for a new one.",
    "revoked": "This invitation was withdrawn. Ask whoever invited you for a new one.",
    "closed": "This site is not taking new accounts at the moment.",
}
PAGE = {"renderer": "join.jinja2", "permission": Permission.VIEW}


def join_page(request: Any, **values: Any) -> dict[str, Any]:
    never_store(request.response)
    context = request.context
    return {
        "invitation": getattr(context, "invitation", None),
        "honeypot": isinstance(context, SignUp),
        "error": "",
        "error_field": "",
        "username": "",
        **values,
    }


def may_join(context: Any, request: Any) -> None:
    """Refuse the page unless the resource grants ``join`` right now."""
    if request.has_permission(Permission.JOIN, context):
        return
    if isinstance(context, InvitationResource):
        raise HTTPGone(detail=GONE[context.state()])
    raise HTTPNotFound()


def joined(request: Any, user: User, event: str, **details: Any) -> HTTPSeeOther:
    """Log the new user in (a new session and login) and go to the front page."""
    audit(event, user.username, request, **details)
    if request.identity is not None:
        forget(request)  # whoever was logged in here is not any more
    fresh_session(request)
    headers = remember(request, user.id)
    request.session.flash(f"Welcome to Scratchpad, {user.username}.")
    return HTTPSeeOther(location=request.resource_path(request.root), headers=headers)


def form_user(request: Any, admin: bool = False) -> User:
    """The new user the form asks for, or :class:`JoinRejected`."""
    try:
        username = field(request, "username")
        password = field(request, "password")
        confirmation = field(request, "confirm_password")
    except FormError as error:
        raise JoinRejected("username", str(error)) from None
    rounds = get_settings(request.registry).bcrypt_rounds
    return new_user(
        request.dbsession, username, password, confirmation, rounds, admin=admin
    )


def rejected(request: Any, error: JoinRejected) -> dict[str, Any]:
    request.response.status = 400
    username = request.POST.get("username", "")
    return join_page(
        request,
        error=str(error),
        error_field=error.field,
        username=username if isinstance(username, str) else "",
    )


@view_config(context=InvitationResource, request_method="GET", **PAGE)
@view_config(context=SignUp, request_method="GET", **PAGE)
def show_join(context: Any, request: Any) -> dict[str, Any]:
    may_join(context, request)
    return join_page(request)


@view_config(context=InvitationResource, request_method="POST", **PAGE)
def join_by_invitation(context: InvitationResource, request: Any) -> Any:
    may_join(context, request)
    invitation = context.invitation
    try:
        user = form_user(request, admin=invitation.admin)
    except JoinRejected as error:
        return rejected(request, error)
    invitation.used = utcnow()
    invitation.user = user
    inviter = invitation.invited_by.username if invitation.invited_by else "-"
    return joined(
        request, user, "joined by invitation", invitation=invitation.id, by=inviter
    )


@view_config(context=SignUp, request_method="POST", **PAGE)
def sign_up(context: SignUp, request: Any) -> Any:
    may_join(context, request)
    if request.POST.get(HONEYPOT):
        audit("sign-up refused: honeypot", None, request)
        return rejected(
            request, JoinRejected("username", "This form could not be sent.")
        )
    settings = get_settings(request.registry)
    network = rate.network(request.client_addr)
    wait = max(
        rate.retry_after(
            request.dbsession, "signup", network, settings.signups_per_address
        ),
        rate.retry_after(
            request.dbsession, "signup", rate.EVERYONE, settings.signups_per_hour
        ),
    )
    if wait:
        audit("sign-up throttled", None, request, retry_after=wait)
        request.response.status = 429
        request.response.headers["Retry-After"] = str(wait)
        message = (
            "Too many accounts were made from your network or on this site "
            f"lately. Please try again in {wait_text(wait)}."
        )
        return join_page(request, error=message)
    try:
        user = form_user(request)
    except JoinRejected as error:
        return rejected(request, error)
    rate.record(request.dbsession, "signup", network, rate.EVERYONE)
    return joined(request, user, "signed up")
