"""The resource tree: where things are, and who may do what to them.

Every access rule of the site is an ACE in one of the ``__acl__`` below;
views only name the permission they need. The tree::

    Root                 /
    ├── Comments         /comments/        (posting happens here)
    │   └── CommentResource  /comments/<id>/
    ├── Users            /users/
    │   └── UserResource     /users/<username>/
    ├── Account          /account/         (the logged-in user's own settings)
    ├── Join, SignUp, Resets, Forgot, EmailChecks  (see accounts.resources)
    ├── Admin            /admin/           (group:admins only; see admin_tree)
    └── Api              /api/             (the JSON API, token-authenticated)
        └── ApiComments      /api/comments/
            └── ApiCommentResource  /api/comments/<id>

``__getitem__`` raises ``KeyError`` (a 404) for anything that does not exist.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pyramid.authorization import (
    ALL_PERMISSIONS,
    DENY_ALL,
    Allow,
    Authenticated,
    Deny,
    Everyone,
)
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from zope.interface import implementer

from scratchpad.accounts.resources import PAGES as ACCOUNT_PAGES
from scratchpad.admin_tree import SECTIONS
from scratchpad.models import Comment, User, parse_id, utcnow
from scratchpad.security.permissions import (
    ADMINS,
    PASSWORD_CHANGE_REQUIRED,
    READ_ONLY_DENY,
    Permission,
    user_principal,
)
from scratchpad.security.policy import IApiRoot
from scratchpad.settings import get_settings


class Root:
    __name__ = ""
    __parent__ = None

    def __init__(self, request: Any) -> None:
        self.request = request

    def __acl__(self) -> list[tuple[str, str, Any]]:
        return [
            READ_ONLY_DENY,
            (Allow, Everyone, Permission.VIEW),
            (Allow, Authenticated, Permission.POST),
        ]

    def __getitem__(self, name: str) -> Any:
        children = {
            "comments": Comments,
            "users": Users,
            "account": Account,
            "api": Api,
            "admin": Admin,
            **ACCOUNT_PAGES,  # join/, signup/, reset/, forgot/, verify-email/
        }
        return children[name](self, name)


class Container:
    """A named child of the root whose items are rows of one table."""

    def __init__(self, parent: Any, name: str) -> None:
        self.__parent__ = parent
        self.__name__ = name
        self.request: Any = parent.request


class Comments(Container):
    """``/comments/``: items are comments by id, read with the one id parser
    (:func:`~scratchpad.models.parse_id`), here and in the API alike."""

    def __acl__(self) -> list[tuple[str, str, Any]]:
        # Admins post without limit (they clean up floods) or pre-moderation,
        # and see held comments in every list; the rest is the root's.
        return [
            READ_ONLY_DENY,
            (Allow, ADMINS, Permission.POST_UNLIMITED),
            (Allow, ADMINS, Permission.MODERATE),
        ]

    def __getitem__(self, name: str) -> CommentResource:
        comment_id = parse_id(name)
        if comment_id is None:
            raise KeyError(name)
        # The commenter comes in the same query: every page shows it.
        comment = self.request.dbsession.get(
            Comment, comment_id, options=[joinedload(Comment.commenter)]
        )
        if comment is None:
            raise KeyError(name)
        return self.item(comment)

    def item(self, comment: Comment) -> CommentResource:
        """The resource for ``comment`` (the API's container makes its own)."""
        return CommentResource(self, comment)


class CommentResource:
    """One comment, and who may change it right now.

    - its author may edit it within ``scratchpad.edit_window`` seconds of
      posting (0 = no time limit), and may delete it at any time;
    - ``group:admins`` may moderate (soft-delete) it;
    - any logged-in user but its author may report it (once);
    - once removed by a moderator nobody may change it any more;
    - nobody else may do anything but look, and while it is held for a
      moderator (``scratchpad.premoderation``) only its author and admins.

    The ACL is computed on each check from the row and the clock
    (:func:`utcnow`, which tests may replace): the edit window closes on time.
    """

    def __init__(self, parent: Comments, comment: Comment) -> None:
        self.__parent__ = parent
        self.__name__ = str(comment.id)
        self.comment = comment
        self.request = parent.request

    def editable_until(self) -> datetime | None:
        """When the edit window closes (None: never, or no known time)."""
        window = get_settings(self.request.registry).edit_window
        if window == 0 or self.comment.posted is None:
            return None
        return self.comment.posted + timedelta(seconds=window)

    def _may_still_edit(self) -> bool:
        if get_settings(self.request.registry).edit_window == 0:
            return True
        until = self.editable_until()
        return until is not None and utcnow() < until

    def __acl__(self) -> list[tuple[str, str, Any]]:
        comment, commenter = self.comment, self.comment.commenter_id
        author = None if commenter is None else user_principal(commenter)
        viewers = [ADMINS, author] if comment.held else [Everyone]
        acl: list[tuple[str, str, Any]] = [READ_ONLY_DENY]
        acl += [(Allow, viewer, Permission.VIEW) for viewer in viewers if viewer]
        if comment.removed is None:
            if author is not None:
                if self._may_still_edit():
                    acl.append((Allow, author, Permission.EDIT))
                acl.append((Allow, author, Permission.DELETE))
                acl.append((Deny, author, Permission.REPORT))  # others' words only
            acl.append((Allow, ADMINS, Permission.MODERATE))
            if not comment.held:  # others cannot see it, nor report it
                acl.append((Allow, Authenticated, Permission.REPORT))
        acl.append(DENY_ALL)
        return acl


class Users(Container):
    def __getitem__(self, name: str) -> UserResource:
        if len(name) > 128:
            raise KeyError(name)
        user = self.request.dbsession.scalar(select(User).where(User.username == name))
        if user is None:
            raise KeyError(name)
        return UserResource(self, user)


class UserResource:
    """One user's public page."""

    def __init__(self, parent: Users, user: User) -> None:
        self.__parent__ = parent
        self.__name__ = user.username
        self.user = user

    def __acl__(self) -> list[tuple[str, str, Any]]:
        return [
            READ_ONLY_DENY,
            (Allow, Everyone, Permission.VIEW),
            (Deny, Everyone, ALL_PERMISSIONS),
        ]


class Account(Container):
    """The logged-in user's own page (settings are named views); a login that
    must first replace a one-time password may only do that."""

    def __acl__(self) -> list[tuple[str, str, Any]]:
        return [
            READ_ONLY_DENY,
            (Allow, Authenticated, Permission.ACCOUNT),
            (Allow, Authenticated, Permission.MANAGE_ACCOUNT),
            (Allow, PASSWORD_CHANGE_REQUIRED, Permission.ACCOUNT),
            (Deny, Everyone, ALL_PERMISSIONS),
        ]


class Admin(Container):
    """``/admin/``: admins only. Its sections (:mod:`scratchpad.admin_tree`)
    inherit this ACL, adding one rule: the last enabled admin stays."""

    def __acl__(self) -> list[tuple[str, str, Any]]:
        return [READ_ONLY_DENY, (Allow, ADMINS, Permission.ADMINISTER), DENY_ALL]

    def __getitem__(self, name: str) -> Any:
        return SECTIONS[name](self, name)


# -- The JSON API ------------------------------------------------------------
# The API serves the same comments under the same ACLs: its resources extend
# the HTML site's. Credentials are chosen by this part of the tree
# (IApiRoot, see scratchpad.security.policy): bearer tokens only.


@implementer(IApiRoot)
class Api(Container):
    """``/api/``: inherits the root's ACL."""

    def __getitem__(self, name: str) -> ApiComments:
        if name == "comments":
            return ApiComments(self, name)
        raise KeyError(name)


class ApiComments(Comments):
    """``/api/comments``: the comments, as JSON; posting happens here."""

    def item(self, comment: Comment) -> ApiCommentResource:
        return ApiCommentResource(self, comment)


class ApiCommentResource(CommentResource):
    """One comment in the API: CommentResource's rules."""


def includeme(config: Any) -> None:
    config.set_root_factory(Root)
