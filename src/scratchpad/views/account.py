"""The account page: the logged-in user's own settings.

This module shows the page and changes the password; the page's other
sections (API tokens, log out everywhere, deleting the account) are named
views of :class:`~scratchpad.resources.Account` in :mod:`.account_settings`.
Changing the password needs the current one, ends every login of the user,
and gives this browser a new login and session; unless the user unticks
the box, it also revokes their API tokens (a leaked password may have made
some). Guesses at the current password are throttled as logins are
(:func:`guarded_check`), so a stolen login cannot brute-force it.
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
from scratchpad.accounts.tokens import list_tokens, revoke_all_tokens
from scratchpad.resources import Account
from scratchpad.security import throttle
from scratchpad.security.audit import audit
from scratchpad.security.csrf import fresh_session
from scratchpad.security.devices import trusted_device
from scratchpad.security.login_cookie import end_all_logins
from scratchpad.security.permissions import Permission
from scratchpad.settings import get_settings
from scratchpad.views import shown_once
from scratchpad.views.forms import FormError, field
from scratchpad.web.caching import never_store

WRONG_CURRENT = "Your current password was not right."
ONCE_NAME = "api-token"  # where shown_once keeps a token just made


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
    """The page; a token made by the POST that led here is shown this once."""
    return account_page(request, new_token=shown_once.take(request, ONCE_NAME))


class Throttled(FormError):
    """Too many wrong passwords: a 429 saying when to try again."""

    def __init__(self, wait: int) -> None:
        super().__init__(
            "Too many wrong passwords for this account or from your network. "
            f"Please try again in {throttle.wait_text(wait)}."
        )
        self.wait = wait


def guarded_check(request: Any, password: str) -> bool:
    """Check ``password`` against the logged-in user's, counted by the
    login throttle first (:class:`Throttled` when over its limits). A right
    password does not count as a failure."""
    settings = get_settings(request.registry)
    user = request.identity
    device = trusted_device(request, settings, user.username)
    attempt = throttle.reserve(
        request.dbsession, settings, user.username, request.client_addr or "", device
    )
    if attempt.id is None:
        raise Throttled(attempt.wait)
    if not verify_password(password, user.password_hash, settings.bcrypt_rounds):
        return False
    throttle.release(request.dbsession, attempt)
    return True


def refused(request: Any, error: FormError, **page: Any) -> dict[str, Any]:
    """The account page again, with a 400 (429 with Retry-After if throttled)."""
    request.response.status = 400
    if isinstance(error, Throttled):
        request.response.status = 429
        request.response.headers["Retry-After"] = str(error.wait)
    return account_page(request, **page)


def _new_password(request: Any) -> str:
    """The new password from the form, checked; :class:`FormError` if not.

    The rules that need no secret come first, so a typo in the new password
    costs no bcrypt check and no throttled attempt.
    """
    current = field(request, "current_password")
    new = field(request, "new_password")
    confirm = field(request, "confirm_password")
    if new != confirm:
        raise FormError("The two new passwords were not the same.")
    try:
        check_new_password(new)
    except PasswordRejected as error:
        raise FormError(str(error)) from None
    if not guarded_check(request, current):
        raise FormError(WRONG_CURRENT)
    if new == current:
        raise FormError("The new password must differ from the current one.")
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
        new = _new_password(request)
    except FormError as error:
        message = str(error)
        current = message == WRONG_CURRENT or isinstance(error, Throttled)
        wrong = "current_password" if current else "new_password"
        return refused(request, error, password_error=message, error_field=wrong)
    user = request.identity
    user.password_hash = hash_password(new, rounds)
    user.must_change_password = False
    user.one_time_password_expires = None
    # Every login of this user ends, this one included; this browser then
    # gets a new login and a new session (and so a new CSRF token).
    end_all_logins(request.dbsession, user.id)
    message = "Your password was changed; other logins were ended"
    if request.POST.get("revoke_tokens") == "yes":
        revoked = revoke_all_tokens(request.dbsession, user.id)
        message += f" and your API tokens ({revoked}) were revoked"
        audit("api tokens revoked", user.username, request, count=revoked)
    fresh_session(request)
    headers = remember(request, user.id)
    audit("password changed", user.username, request)
    request.session.flash(message + ".")
    return HTTPSeeOther(location=request.resource_path(context), headers=headers)
