"""What an admin does to a user: POSTs on named views of
:class:`~scratchpad.admin_tree.AdminUserResource`.

``disable``, ``revoke-admin`` and ``delete`` need ``suspend``, which the
resource refuses on the last enabled admin (a 403 that changes nothing);
the rest need ``administer``. Disabling ends the user's logins at once;
deleting keeps their comments as "anonymous" or removes them, as the form
says (:mod:`scratchpad.accounts.deletion`). ``reset-link`` makes a
password-reset link as ``manage_users CONFIG reset-link NAME`` does (the
same function) and shows it once, on the user's page the POST redirects to
(:mod:`scratchpad.views.shown_once`); without ``scratchpad.base_url``, or
for a disabled user, it is a 400 that changes nothing. Each action is
audited under the admin's name, with the user as ``target``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyramid.httpexceptions import HTTPBadRequest, HTTPSeeOther
from pyramid.view import view_config

from scratchpad.accounts.deletion import delete_user
from scratchpad.accounts.tokens import revoke_all_tokens
from scratchpad.admin_tree import AdminUserResource
from scratchpad.models import User
from scratchpad.scripts import ScriptError, links
from scratchpad.security import throttle
from scratchpad.security.audit import audit
from scratchpad.security.login_cookie import end_all_logins
from scratchpad.security.permissions import Permission
from scratchpad.settings import get_settings
from scratchpad.views import shown_once
from scratchpad.views.forms import FormError, field
from scratchpad.web.logsafe import quoted


def _done(context: AdminUserResource, request: Any, event: str, message: str) -> Any:
    name = context.user.username
    audit(event, request.identity.username, request, target=quoted(name))
    request.session.flash(message.format(name=name))
    return HTTPSeeOther(location=request.resource_path(context))


def _action(
    name: str, permission: Permission, event: str, message: str
) -> Callable[[Callable[[Any, User], None]], Callable[..., Any]]:
    """Register ``change(dbsession, user)`` as the POST view ``name``."""

    def register(change: Callable[[Any, User], None]) -> Callable[..., Any]:
        def view(context: AdminUserResource, request: Any) -> Any:
            change(request.dbsession, context.user)
            return _done(context, request, event, message)

        view.__name__ = view.__qualname__ = change.__name__
        view_config(
            context=AdminUserResource,
            name=name,
            request_method="POST",
            permission=permission,
        )(view)
        return view

    return register


@_action("disable", Permission.SUSPEND, "user disabled", "{name} is disabled.")
def disable(dbsession: Any, user: User) -> None:
    user.disabled = True
    end_all_logins(dbsession, user.id)


@_action("enable", Permission.ADMINISTER, "user enabled", "{name} may log in again.")
def enable(dbsession: Any, user: User) -> None:
    user.disabled = False


@_action(
    "grant-admin", Permission.ADMINISTER, "admin granted", "{name} is now an admin."
)
def grant_admin(dbsession: Any, user: User) -> None:
    user.is_admin = True


@_action(
    "revoke-admin", Permission.SUSPEND, "admin revoked", "{name} is no longer an admin."
)
def revoke_admin(dbsession: Any, user: User) -> None:
    user.is_admin = False


@_action(
    "unlock",
    Permission.ADMINISTER,
    "user unlocked",
    "{name}'s failed logins are forgotten.",
)
def unlock(dbsession: Any, user: User) -> None:
    throttle.unlock_account(dbsession, user.username)


@_action(
    "revoke-tokens",
    Permission.ADMINISTER,
    "api tokens revoked",
    "Every API token of {name} was revoked.",
)
def revoke_tokens(dbsession: Any, user: User) -> None:
    revoke_all_tokens(dbsession, user.id)


def reset_link_name(user: User) -> str:
    """Where :mod:`~scratchpad.views.shown_once` keeps ``user``'s new link."""
    return f"reset-link-{user.id}"


@view_config(
    context=AdminUserResource,
    name="reset-link",
    request_method="POST",
    permission=Permission.ADMINISTER,
)
def make_reset_link(context: AdminUserResource, request: Any) -> HTTPSeeOther:
    settings = get_settings(request.registry)
    try:
        link = links.new_reset_link(request.dbsession, settings, context.user)
    except ScriptError as error:
        raise HTTPBadRequest(str(error)) from None
    shown_once.keep(request, reset_link_name(context.user), link)
    minutes = links.RESET_MINUTES
    return _done(
        context,
        request,
        "reset link created",
        f"A password-reset link for {{name}} was made: it works once, for {minutes}"
        " minutes, and is shown only now.",
    )


@view_config(
    context=AdminUserResource,
    name="delete",
    request_method="POST",
    permission=Permission.SUSPEND,
)
def delete(context: AdminUserResource, request: Any) -> HTTPSeeOther:
    """Delete the user; ``comments`` says ``keep`` (as anonymous) or ``remove``."""
    try:
        choice = field(request, "comments")
        if choice not in ("keep", "remove"):
            raise FormError("Choose whether to keep or remove their comments.")
    except FormError as error:
        raise HTTPBadRequest(str(error)) from None
    user = context.user
    name = user.username
    count = delete_user(request.dbsession, user, keep_comments=choice == "keep")
    audit(
        "user deleted",
        request.identity.username,
        request,
        target=quoted(name),
        comments=f"{choice}:{count}",
    )
    fate = "kept as anonymous" if choice == "keep" else "removed"
    request.session.flash(f"{name} was deleted; {count} comment(s) {fate}.")
    return HTTPSeeOther(location=request.resource_path(context.__parent__))
