"""The account page: the logged-in user's own settings.

This module shows the page and changes the password; the page's other
sections (API tokens, log out everywhere, deleting the account) are named
views of :class:`~scratchpad.resources.Account` in :mod:`.account_settings`.
Changing the password needs the current one, ends every login of the user,
and gives this browser a new login and session.
"""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.security import remember
from pyramid.view import view_config

from scratchpad.accounts.passwords import (
    PasswordRejected,
    check_new_password,
    hash_password,
    verify_password,
)
from scratchpad.accounts.tokens import list_tokens
from scratchpad.resources import Account
from scratchpad.security.audit import audit
from scratchpad.security.csrf import fresh_session
from scratchpad.security.login_cookie import end_all_logins
from scratchpad.security.permissions import Permission
from scratchpad.settings import get_settings
from scratchpad.views.forms import FormError, field
from scratchpad.web.caching import never_store

WRONG_CURRENT = "Your current password was not right."


def account_page(
    request: Any, password_error: str = "", error_field: str = "", **extra: Any
) -> dict[str, Any]:
    """``error_field`` names the input the error is tied to (and focused)."""
    never_store(request.response)
    user = request.identity
    return {
        "user": user,
        "password_error": password_error,
        "error_field": error_field,
        "tokens": list_tokens(request.dbsession, user.id),
        "new_token": None,
        "token_error": "",
        "delete_error": "",
        "email_error": "",
        **extra,
    }


@view_config(
    context=Account,
    request_method="GET",
    renderer="account.jinja2",
    permission=Permission.ACCOUNT,
)
def show_account(context: Account, request: Any) -> dict[str, Any]:
    return account_page(request)


def _new_password(request: Any, rounds: int) -> str:
    """The new password from the form, checked; :class:`FormError` if not."""
    user = request.identity
    current = field(request, "current_password")
    new = field(request, "new_password")
    confirm = field(request, "confirm_password")
    if not verify_password(current, user.password_hash, rounds):
        raise FormError(WRONG_CURRENT)
    if new != confirm:
        raise FormError("The two new passwords were not the same.")
    if new == current:
        raise FormError("The new password must differ from the current one.")
    try:
        check_new_password(new)
    except PasswordRejected as error:
        raise FormError(str(error)) from None
    return new


@view_config(
    context=Account,
    name="password",
    request_method="POST",
    renderer="account.jinja2",
    permission=Permission.ACCOUNT,
)
def change_password(context: Account, request: Any) -> Any:
    rounds = get_settings(request.registry).bcrypt_rounds
    try:
        new = _new_password(request, rounds)
    except FormError as error:
        request.response.status = 400
        message = str(error)
        wrong = "current_password" if message == WRONG_CURRENT else "new_password"
        return account_page(request, password_error=message, error_field=wrong)
    user = request.identity
    user.password_hash = hash_password(new, rounds)
    user.must_change_password = False
    # Every login of this user ends, this one included; this browser then
    # gets a new login and a new session (and so a new CSRF token).
    end_all_logins(request.dbsession, user.id)
    fresh_session(request)
    headers = remember(request, user.id)
    audit("password changed", user.username, request)
    request.session.flash("Your password was changed; other logins were ended.")
    return HTTPSeeOther(location=request.resource_path(context), headers=headers)
