"""The admin page for invitations, ``/admin/invitations/``: create, list
and revoke.

Every view needs the ``admin`` permission, which only
:class:`~scratchpad.resources.Admin`'s ACL grants (to ``group:admins``);
every change is a POST with a CSRF token, logged. A new invitation's link
is shown once, in the page that answers the POST (only its hash is
stored), as ``manage_users invite`` prints it once.
"""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from scratchpad.accounts.invitations import (
    MAX_DAYS,
    create_invitation,
    invitation_path,
    list_invitations,
    revoke_invitation,
)
from scratchpad.admin_tree import AdminInvitations
from scratchpad.models import parse_id, utcnow
from scratchpad.security.audit import audit
from scratchpad.security.permissions import Permission
from scratchpad.settings import get_settings
from scratchpad.views.forms import FormError, field
from scratchpad.web.caching import never_store

ADMIN = {
    "context": AdminInvitations,
    "renderer": "admin_invitations.jinja2",
    "permission": Permission.ADMINISTER,
}


def invitations_page(request: Any, **values: Any) -> dict[str, Any]:
    never_store(request.response)
    settings = get_settings(request.registry)
    return {
        "invitations": list_invitations(request.dbsession),
        "now": utcnow(),
        "registration": settings.registration,
        "default_days": settings.invitation_days,
        "max_days": MAX_DAYS,
        "new_link": "",
        "error": "",
        **values,
    }


@view_config(request_method="GET", **ADMIN)
def show_invitations(context: AdminInvitations, request: Any) -> dict[str, Any]:
    return invitations_page(request)


def _days(request: Any) -> int:
    text = field(request, "days").strip()
    days = parse_id(text)
    if days is None or days > MAX_DAYS:
        raise FormError(f"An invitation is valid for 1 to {MAX_DAYS} days.")
    return days


@view_config(name="create", request_method="POST", **ADMIN)
def create(context: AdminInvitations, request: Any) -> dict[str, Any]:
    settings = get_settings(request.registry)
    try:
        if settings.registration == "closed":
            raise FormError("Registration is closed on this site: nobody can join.")
        days = _days(request)
    except FormError as error:
        request.response.status = 400
        return invitations_page(request, error=str(error))
    admin = request.POST.get("admin") == "yes"
    user = request.identity
    invitation, token = create_invitation(request.dbsession, user, days, admin=admin)
    audit("invitation created", user.username, request, invitation=invitation.id)
    base = settings.base_url or request.application_url
    return invitations_page(request, new_link=base + invitation_path(token))


@view_config(name="revoke", request_method="POST", **ADMIN)
def revoke(context: AdminInvitations, request: Any) -> HTTPSeeOther:
    """Revoke an open invitation; an unknown or no longer open one is a 404."""
    invitation_id = parse_id(request.POST.get("invitation_id"))
    invitation = None
    if invitation_id is not None:
        invitation = revoke_invitation(request.dbsession, invitation_id)
    if invitation is None:
        raise HTTPNotFound()
    audit(
        "invitation revoked",
        request.identity.username,
        request,
        invitation=invitation.id,
    )
    request.session.flash(f"Invitation {invitation.id} was revoked.")
    return HTTPSeeOther(location=request.resource_path(context, ""))
