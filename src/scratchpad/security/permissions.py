"""Permissions and principals: the words the resource tree's ACLs are made of.

Views name a :class:`Permission`; resources grant them to principals
(``user:<id>``, ``group:<name>``, and two roles); :func:`principals_for`
says which principals a request's user holds. The default permission,
:data:`UNDECLARED_PERMISSION`, is granted by no ACL, so a view that forgets
``permission=`` fails closed.
"""

from __future__ import annotations

import enum

from pyramid.authorization import Authenticated, Deny, Everyone

from scratchpad.models import ApiToken, User

# No ACL grants this, so a view that forgets ``permission=`` fails closed.
UNDECLARED_PERMISSION = "undeclared"


class Permission(enum.StrEnum):
    VIEW = "view"
    POST = "post"
    EDIT = "edit"
    DELETE = "delete"
    ACCOUNT = "account"  # one's own account page: password change and so on
    # Tokens, log out everywhere, delete the account: not for a login that
    # must first replace a one-time password.
    MANAGE_ACCOUNT = "manage-account"
    # A moderator's soft delete of someone's comment.
    MODERATE = "moderate"
    # Exemption from the per-user posting limit (see scratchpad.comments.flood).
    POST_UNLIMITED = "post-unlimited"
    # Making an account: with an open invitation, or by open sign-up.
    JOIN = "join"
    # Choosing a new password with a live reset link; asking for one by email.
    RESET_PASSWORD = "reset-password"  # noqa: S105 - a permission, not a secret
    REQUEST_RESET = "request-reset"
    VERIFY_EMAIL = "verify-email"
    # Reporting a comment to the moderators (any logged-in user, once).
    REPORT = "report"
    # The admin pages under /admin/ and their actions (resources.Admin).
    ADMINISTER = "administer"
    # Disabling a user, taking their admin rights, deleting them: refused
    # where it would leave the site without an enabled admin.
    SUSPEND = "suspend"


def user_principal(user_id: int) -> str:
    return f"user:{user_id}"


def group_principal(name: str) -> str:
    return f"group:{name}"


ADMINS = group_principal("admins")
# A login whose password is a generated one-time password: it may only
# choose a new password (resources.Account), nothing else a user may do.
PASSWORD_CHANGE_REQUIRED = "role:password-change-required"  # noqa: S105

# The principal of a request made with a read-only API token.
READ_ONLY_TOKEN = "token:read-only"  # noqa: S105 - a principal, not a secret
# Every permission but looking. Each ``__acl__`` of the resource tree starts
# with READ_ONLY_DENY, so a read-only token may only view, wherever its
# request lands (not only in the API's part of the tree).
NOT_VIEW = (*(p for p in Permission if p is not Permission.VIEW), UNDECLARED_PERMISSION)
READ_ONLY_DENY = (Deny, READ_ONLY_TOKEN, NOT_VIEW)


def token_principals(token: ApiToken | None) -> list[str]:
    """The principals a token adds to its user's."""
    return [READ_ONLY_TOKEN] if token is not None and token.read_only else []


def principals_for(user: User | None) -> list[str]:
    """The principals ACLs are matched against for ``user`` (or nobody)."""
    if user is None:
        return [Everyone]
    if user.must_change_password:
        return [Everyone, PASSWORD_CHANGE_REQUIRED]
    principals = [Everyone, Authenticated, user_principal(user.id)]
    if user.is_admin:
        principals.append(ADMINS)
    return principals
