"""The resource tree: where things are, and who may do what to them.

Every access rule of the site is an ACE in one of the ``__acl__`` below;
views only name the permission they need. The tree::

    Root                 /
    ├── Comments         /comments/        (posting happens here)
    │   └── CommentResource  /comments/<id>/
    ├── Users            /users/
    │   └── UserResource     /users/<username>/
    └── Api              /api/             (the JSON API, token-authenticated)
        └── ApiComments      /api/comments/
            └── ApiCommentResource  /api/comments/<id>

``__getitem__`` raises ``KeyError`` for anything that does not exist, which
Pyramid turns into a 404.
"""

from __future__ import annotations

from typing import Any

from pyramid.authorization import ALL_PERMISSIONS, Allow, Authenticated, Deny, Everyone
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .models import Comment, User
from .security import READ_ONLY_TOKEN, Permission, user_principal


class Root:
    __name__ = ""
    __parent__ = None

    def __init__(self, request: Any) -> None:
        self.request = request

    def __acl__(self) -> list[tuple[str, str, Any]]:
        return [
            (Allow, Everyone, Permission.VIEW),
            (Allow, Authenticated, Permission.POST),
        ]

    def __getitem__(self, name: str) -> Any:
        children = {"comments": Comments, "users": Users, "api": Api}
        return children[name](self, name)

    @property
    def comments(self) -> Comments:
        return self["comments"]


class Container:
    """A named child of the root whose items are rows of one table."""

    def __init__(self, parent: Root, name: str) -> None:
        self.__parent__ = parent
        self.__name__ = name
        self.request = parent.request


class Comments(Container):
    def __getitem__(self, name: str) -> CommentResource:
        if not name.isdigit() or len(name) > 18:
            raise KeyError(name)
        comment = self.request.dbsession.get(Comment, int(name))
        if comment is None:
            raise KeyError(name)
        return CommentResource(self, comment)


class CommentResource:
    """One comment. Its author may edit and delete it; nobody else may."""

    def __init__(self, parent: Comments, comment: Comment) -> None:
        self.__parent__ = parent
        self.__name__ = str(comment.id)
        self.comment = comment

    def __acl__(self) -> list[tuple[str, str, Any]]:
        acl: list[tuple[str, str, Any]] = [(Allow, Everyone, Permission.VIEW)]
        if self.comment.commenter_id is not None:
            author = user_principal(self.comment.commenter_id)
            acl += [
                (Allow, author, Permission.EDIT),
                (Allow, author, Permission.DELETE),
            ]
        acl.append((Deny, Everyone, ALL_PERMISSIONS))
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
        return [(Allow, Everyone, Permission.VIEW), (Deny, Everyone, ALL_PERMISSIONS)]


# -- The JSON API ------------------------------------------------------------
# The API serves the same comments under the same ACLs (its resources extend
# the HTML site's). The one addition is READ_ONLY_DENY, placed first, so a
# request made with a read-only token may change nothing.
READ_ONLY_DENY = (
    Deny,
    READ_ONLY_TOKEN,
    (Permission.POST, Permission.EDIT, Permission.DELETE),
)


class Api(Container):
    """``/api/``: inherits the root's ACL."""

    def __getitem__(self, name: str) -> ApiComments:
        if name == "comments":
            return ApiComments(self, name)
        raise KeyError(name)


class ApiComments(Comments):
    """``/api/comments``: the comments, as JSON; posting happens here."""

    def __acl__(self) -> list[tuple[str, str, Any]]:
        return [READ_ONLY_DENY]  # then the root's ACL, inherited

    def __getitem__(self, name: str) -> ApiCommentResource:
        # ids are 32-bit: a larger number would be a database error, not a 404.
        if not (name.isascii() and name.isdigit()) or len(name) > 10:
            raise KeyError(name)
        if int(name) > 2**31 - 1:
            raise KeyError(name)
        # The commenter comes in the same query: it is part of the response.
        comment = self.request.dbsession.get(
            Comment, int(name), options=[joinedload(Comment.commenter)]
        )
        if comment is None:
            raise KeyError(name)
        return ApiCommentResource(self, comment)


class ApiCommentResource(CommentResource):
    """One comment in the API: CommentResource's rules, plus READ_ONLY_DENY."""

    def __acl__(self) -> list[tuple[str, str, Any]]:
        return [READ_ONLY_DENY, *super().__acl__()]


def includeme(config: Any) -> None:
    config.set_root_factory(Root)
