"""What an admin does to a user: POSTs on named views of
:class:`~scratchpad.admin_tree.AdminUserResource`.

``disable``, ``revoke-admin`` and ``delete`` need ``suspend``, which the
resource refuses on the last enabled admin (a 403 that changes nothing);
the rest need ``administer``. Disabling ends the user's logins at once;
deleting keeps their comments as "anonymous" or removes them, as the form
says (:mod:`scratchpad.accounts.deletion`). Each action is audited under
the admin's name, with the user as ``target``.
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
from scratchpad.security import throttle
from scratchpad.security.audit import audit, escape
from scratchpad.security.login_cookie import end_all_logins
from scratchpad.security.permissions import Permission
from scratchpad.views.forms import FormError, field


def _done(context: AdminUserResource, request: Any, event: str, message: str) -> Any:
    name = context.user.username
    audit(event, request.identity.username, request, target=escape(name))
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
        target=escape(name),
        comments=f"{choice}:{count}",
    )
    fate = "kept as anonymous" if choice == "keep" else "removed"
    request.session.flash(f"{name} was deleted; {count} comment(s) {fate}.")
    return HTTPSeeOther(location=request.resource_path(context.__parent__))
