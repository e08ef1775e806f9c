"""The resources of joining and recovering an account, children of the
root (:mod:`scratchpad.resources`), and their ACLs::

    Join                 /join/
    └── InvitationResource   /join/<token>/    (an invitation's form)
    SignUp               /signup/              (open sign-up's form)
    Resets               /reset/
    └── ResetResource        /reset/<token>/   (a reset link's form)
    Forgot               /forgot/              ("Forgot your password?")
    EmailChecks          /verify-email/
    └── EmailCheckResource   /verify-email/<token>/  (verifying an address)

Each ACL is a method, computed from the row, the clock and the settings on
every check: an invitation grants ``join`` to everyone while it is open and
the site takes new accounts (``scratchpad.registration`` is not
``closed``); ``/signup/`` grants it only when registration is ``open``; a
reset link grants ``reset-password`` while it is live; ``/forgot/`` grants
``request-reset`` only when email can be sent; a live address check grants
``verify-email``. Everyone may *view* these
pages, which is how a used, expired or revoked link gets a clear page of its
own (a 4xx) rather than a login form. An unknown token is a 404.
"""

from __future__ import annotations

from typing import Any

from pyramid.authorization import DENY_ALL, Allow, Everyone

from scratchpad.accounts.emails import check_state, find_check
from scratchpad.accounts.invitations import find_invitation
from scratchpad.accounts.resets import find_reset, reset_state
from scratchpad.models import EmailCheck, Invitation, PasswordReset, utcnow
from scratchpad.models.invitation import OPEN
from scratchpad.security.permissions import READ_ONLY_DENY, Permission
from scratchpad.settings import get_settings

ACE = tuple[str, str, Any]


def granted_if(condition: bool, permission: str) -> list[ACE]:
    """Everyone may view; and do ``permission`` while ``condition`` holds."""
    acl: list[ACE] = [READ_ONLY_DENY, (Allow, Everyone, Permission.VIEW)]
    if condition:
        acl.append((Allow, Everyone, permission))
    return [*acl, DENY_ALL]


class Page:
    """A named child of the root."""

    def __init__(self, parent: Any, name: str) -> None:
        self.__parent__ = parent
        self.__name__ = name
        self.request: Any = parent.request


class Join(Page):
    """``/join/``: its items are invitations, by token."""

    def __getitem__(self, token: str) -> InvitationResource:
        invitation = find_invitation(self.request.dbsession, token)
        if invitation is None:
            raise KeyError(token)
        return InvitationResource(self, token, invitation)


class InvitationResource:
    def __init__(self, parent: Join, token: str, invitation: Invitation) -> None:
        self.__parent__ = parent
        self.__name__ = token
        self.request = parent.request
        self.invitation = invitation

    def state(self) -> str:
        """``open``, ``used``, ``revoked``, ``expired``, or ``closed`` when
        the site takes no new accounts at all."""
        if get_settings(self.request.registry).registration == "closed":
            return "closed"
        return self.invitation.state(utcnow())

    def __acl__(self) -> list[ACE]:
        return granted_if(self.state() == OPEN, Permission.JOIN)


class SignUp(Page):
    """``/signup/``: anyone may make an account when registration is open."""

    def __acl__(self) -> list[ACE]:
        registration = get_settings(self.request.registry).registration
        return granted_if(registration == "open", Permission.JOIN)


class Resets(Page):
    """``/reset/``: its items are reset links, by token."""

    def __getitem__(self, token: str) -> ResetResource:
        reset = find_reset(self.request.dbsession, token)
        if reset is None:
            raise KeyError(token)
        return ResetResource(self, token, reset)


class ResetResource:
    def __init__(self, parent: Resets, token: str, reset: PasswordReset) -> None:
        self.__parent__ = parent
        self.__name__ = token
        self.request = parent.request
        self.reset = reset

    def state(self) -> str:
        """``open``, or why not: ``used``, ``expired`` or ``superseded``
        (the password changed since the link was made)."""
        return reset_state(self.reset)

    def __acl__(self) -> list[ACE]:
        return granted_if(self.state() == OPEN, Permission.RESET_PASSWORD)


class Forgot(Page):
    """``/forgot/``: asking for a reset link by email, when email is set up."""

    def __acl__(self) -> list[ACE]:
        enabled = get_settings(self.request.registry).email_enabled
        return granted_if(enabled, Permission.REQUEST_RESET)


class EmailChecks(Page):
    """``/verify-email/``: its items are address checks, by token."""

    def __getitem__(self, token: str) -> EmailCheckResource:
        check = find_check(self.request.dbsession, token)
        if check is None:
            raise KeyError(token)
        return EmailCheckResource(self, token, check)


class EmailCheckResource:
    def __init__(self, parent: EmailChecks, token: str, check: EmailCheck) -> None:
        self.__parent__ = parent
        self.__name__ = token
        self.request = parent.request
        self.check = check

    def state(self) -> str:
        return check_state(self.check)

    def __acl__(self) -> list[ACE]:
        return granted_if(self.state() == OPEN, Permission.VERIFY_EMAIL)


# The root's children defined here, by name.
PAGES = {
    "join": Join,
    "signup": SignUp,
    "reset": Resets,
    "forgot": Forgot,
    "verify-email": EmailChecks,
}
