"""The account page's other sections: API tokens, "log out everywhere" and
"delete my account".

All are POSTs checked for CSRF (the default) on named views of
:class:`~scratchpad.resources.Account`, allowed by its ACL's
``MANAGE_ACCOUNT`` (a login that must first replace a one-time password may
not). A new token is shown once, on the account page the POST redirects
to (:mod:`.shown_once`), and never again: only its hash is stored.
Deleting the account needs the current password; the user's comments stay
and show "anonymous" (their ``commenter_id`` becomes NULL), and their
moderation marks lose their name.
"""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.security import forget
from pyramid.view import view_config

from scratchpad.accounts.deletion import delete_user
from scratchpad.accounts.tokens import create_token, revoke_all_tokens, revoke_token
from scratchpad.models import parse_id
from scratchpad.resources import Account
from scratchpad.security.audit import audit
from scratchpad.security.csrf import fresh_session
from scratchpad.security.login_cookie import end_all_logins
from scratchpad.security.permissions import Permission
from scratchpad.views import shown_once
from scratchpad.views.account import ONCE_NAME, account_page, guarded_check, refused
from scratchpad.views.forms import FormError, field

NOT_YOURS = "That is not one of your tokens."
MANAGE = {
    "context": Account,
    "request_method": "POST",
    "permission": Permission.MANAGE_ACCOUNT,
}


@view_config(name="tokens", renderer="account.jinja2", **MANAGE)
def new_token(context: Account, request: Any) -> Any:
    try:
        kind = field(request, "access")
        if kind not in ("read-only", "read-write"):
            raise FormError("Choose read-only or read-write access.")
    except FormError as error:
        request.response.status = 400
        return account_page(request, token_error=str(error))
    user = request.identity
    token = create_token(request.dbsession, user, read_only=kind == "read-only")
    request.dbsession.flush()
    audit("api token created", user.username, request)
    shown_once.keep(request, ONCE_NAME, token)
    return HTTPSeeOther(location=request.resource_path(context))


@view_config(name="revoke-token", renderer="account.jinja2", **MANAGE)
def revoke_one_token(context: Account, request: Any) -> Any:
    """Revoke one token; someone else's (or no such) token is a 404."""
    user = request.identity
    try:
        token_id = field(request, "token_id")
    except FormError as error:
        request.response.status = 400
        return account_page(request, token_error=str(error))
    number = parse_id(token_id)
    if number is None or not revoke_token(request.dbsession, user.id, number):
        request.response.status = 404
        return account_page(request, token_error=NOT_YOURS)
    audit("api token revoked", user.username, request)
    request.session.flash("The token was revoked.")
    return HTTPSeeOther(location=request.resource_path(context))


def _logged_out(request: Any, message: str) -> HTTPSeeOther:
    """To the front page, logged out, with a new session (as the logout
    view does); the login rows are already gone."""
    headers = forget(request)
    fresh_session(request)
    request.session.flash(message)
    location = request.resource_path(request.root)
    response = HTTPSeeOther(location=location, headers=headers)
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@view_config(name="logout-everywhere", **MANAGE)
def logout_everywhere(context: Account, request: Any) -> HTTPSeeOther:
    user = request.identity
    end_all_logins(request.dbsession, user.id)
    audit("logged out everywhere", user.username, request)
    if request.POST.get("revoke_tokens") != "yes":
        return _logged_out(
            request, "You were logged out everywhere; your API tokens still work."
        )
    revoked = revoke_all_tokens(request.dbsession, user.id)
    audit("api tokens revoked", user.username, request, count=revoked)
    return _logged_out(
        request,
        f"You were logged out everywhere and your API tokens ({revoked}) were revoked.",
    )


@view_config(name="delete", renderer="account.jinja2", **MANAGE)
def delete_account(context: Account, request: Any) -> Any:
    user = request.identity
    try:
        password = field(request, "password")
        if not guarded_check(request, password):
            raise FormError("Your password was not right; nothing was deleted.")
    except FormError as error:
        return refused(request, error, delete_error=str(error))
    audit("account deleted", user.username, request)
    response = _logged_out(request, "Your account was deleted.")
    delete_user(request.dbsession, user)  # comments stay, as anonymous
    return response
