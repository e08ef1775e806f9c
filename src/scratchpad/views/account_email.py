"""The email address on ``/account/``, and the link that verifies it
(``/verify-email/<token>/``).

Shown and accepted only when email is set up (``scratchpad.smtp_host``);
otherwise the POST is a 404. Saving an address stores it unverified and
mails a link to it (at most ``scratchpad.resets_per_account`` an hour); the
link's page asks for a click (a GET changes nothing), which marks the
address verified. A used, expired or superseded link gets a 410 page.
"""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPGone, HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from scratchpad.accounts.emails import (
    EmailRejected,
    check_path,
    checked_email,
    confirm,
    set_email,
)
from scratchpad.accounts.mail import send_after_commit
from scratchpad.accounts.resources import EmailCheckResource
from scratchpad.resources import Account
from scratchpad.security import rate
from scratchpad.security.audit import audit
from scratchpad.security.permissions import Permission
from scratchpad.settings import get_settings
from scratchpad.views.account import account_page
from scratchpad.views.forms import FormError, field
from scratchpad.web.caching import never_store

BODY = """\
Someone (we hope you) gave this address for the account {name} on {site}.

To confirm that it is yours, open this link within a day:

{link}

Once confirmed, it can be used to reset a forgotten password. If this was
not you, ignore this message: the address will not be used.
"""
GONE = {
    "used": "This address is already verified.",
    "expired": "This link has expired: save the address again for a new one.",
    "superseded": "This link is for an address the account no longer has.",
}


@view_config(
    context=Account,
    name="email",
    request_method="POST",
    renderer="account.jinja2",
    permission=Permission.MANAGE_ACCOUNT,
)
def change_email(context: Account, request: Any) -> Any:
    settings = get_settings(request.registry)
    if not settings.email_enabled:
        raise HTTPNotFound()
    user = request.identity
    try:
        email = checked_email(field(request, "email"))
    except (FormError, EmailRejected) as error:
        request.response.status = 400
        return account_page(request, email_error=str(error))
    limit = settings.resets_per_account
    if email and rate.retry_after(
        request.dbsession, "email-check", str(user.id), limit
    ):
        request.response.status = 429
        message = "Too many addresses were saved lately; please try again later."
        return account_page(request, email_error=message)
    token = set_email(request.dbsession, user, email)
    if token is None:
        audit("email removed", user.username, request)
        request.session.flash("Your email address was removed.")
    else:
        rate.record(request.dbsession, "email-check", str(user.id))
        site = settings.base_url or request.application_url
        link = site + check_path(token)
        body = BODY.format(name=user.username, site=site, link=link)
        send_after_commit(request, email, "Please confirm your email address", body)
        audit("email changed", user.username, request)
        request.session.flash(f"We sent a link to {email}: follow it to verify it.")
    return HTTPSeeOther(location=request.resource_path(context, ""))


PAGE = {
    "context": EmailCheckResource,
    "renderer": "verify_email.jinja2",
    "permission": Permission.VIEW,
}


def live(context: EmailCheckResource, request: Any) -> None:
    if not request.has_permission(Permission.VERIFY_EMAIL, context):
        raise HTTPGone(detail=GONE[context.state()])


@view_config(request_method="GET", **PAGE)
def show_check(context: EmailCheckResource, request: Any) -> dict[str, Any]:
    live(context, request)
    never_store(request.response)
    return {"check": context.check}


@view_config(request_method="POST", **PAGE)
def verify_email(context: EmailCheckResource, request: Any) -> HTTPSeeOther:
    live(context, request)
    user = confirm(request.dbsession, context.check)
    audit("email verified", user.username, request)
    request.session.flash(f"Thank you: {user.email} is verified.")
    return HTTPSeeOther(location=request.resource_path(request.root))
