""" "Forgot your password?" (``/forgot/``): a reset link by email.

Offered only when email is set up: :class:`~scratchpad.accounts.resources.
Forgot` grants ``request-reset`` only then (otherwise the page is a 404).
The form takes a username or a verified email address and always answers
the same page, whether or not such an account exists, has a verified
address, or has asked too often; the link is mailed after the transaction
commits, in the background (:mod:`scratchpad.accounts.mail`), so the
answer takes as long either way. Requests are limited per address (a 429,
which says nothing about any account) and per account (silently: nothing
more is sent).
"""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from scratchpad.accounts.emails import user_for
from scratchpad.accounts.mail import send_after_commit
from scratchpad.accounts.resets import LIFETIME, create_reset, reset_path
from scratchpad.accounts.resources import Forgot
from scratchpad.security import rate
from scratchpad.security.audit import audit
from scratchpad.security.permissions import Permission
from scratchpad.security.throttle import wait_text
from scratchpad.settings import get_settings
from scratchpad.views.forms import FormError, field
from scratchpad.web.caching import never_store

PAGE = {"context": Forgot, "renderer": "forgot.jinja2", "permission": Permission.VIEW}
BODY = """\
Someone (we hope you) asked for a new password for {name} on {site}.

To choose one, open this link within {minutes} minutes; it works once:

{link}

If you did not ask for it, ignore this message: your password stays as it is.
"""


def offered(context: Forgot, request: Any) -> None:
    if not request.has_permission(Permission.REQUEST_RESET, context):
        raise HTTPNotFound()


def forgot_page(request: Any, **values: Any) -> dict[str, Any]:
    never_store(request.response)
    return {"sent": False, "error": "", **values}


@view_config(request_method="GET", **PAGE)
def show_forgot(context: Forgot, request: Any) -> dict[str, Any]:
    offered(context, request)
    return forgot_page(request)


@view_config(request_method="POST", **PAGE)
def request_reset(context: Forgot, request: Any) -> dict[str, Any]:
    offered(context, request)
    try:
        wanted = field(request, "account")
    except FormError as error:
        request.response.status = 400
        return forgot_page(request, error=str(error))
    settings = get_settings(request.registry)
    network = rate.network(request.client_addr)
    dbsession = request.dbsession
    wait = rate.retry_after(dbsession, "reset-ip", network, settings.resets_per_address)
    if wait:
        audit("reset link throttled", None, request, retry_after=wait)
        request.response.status = 429
        request.response.headers["Retry-After"] = str(wait)
        message = (
            f"Too many requests from your network. Try again in {wait_text(wait)}."
        )
        return forgot_page(request, error=message)
    rate.record(dbsession, "reset-ip", network)
    user = user_for(dbsession, wanted)
    if user is None or user.disabled or not (user.email and user.email_verified):
        audit("reset link not sent", wanted, request)
        return forgot_page(request, sent=True)
    subject = str(user.id)
    if rate.retry_after(dbsession, "reset-user", subject, settings.resets_per_account):
        audit("reset link throttled", user.username, request)
        return forgot_page(request, sent=True)
    rate.record(dbsession, "reset-user", subject)
    token = create_reset(dbsession, user)
    site = settings.base_url or request.application_url
    body = BODY.format(
        name=user.username,
        site=site,
        minutes=int(LIFETIME.total_seconds() // 60),
        link=site + reset_path(token),
    )
    send_after_commit(request, user.email, "Your password reset link", body)
    audit("reset link sent", user.username, request)
    return forgot_page(request, sent=True)
