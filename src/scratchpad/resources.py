"""The resource tree: where things are, and who may do what to them.

Every access rule of the site is an ACE in one of the ``__acl__`` below;
views only name the permission they need. The tree::

    Root                 /
    ├── Comments         /comments/        (posting happens here)
    │   └── CommentResource  /comments/<id>/
    ├── Users            /users/
    │   └── UserResource     /users/<username>/
    └── Account          /account/         (the logged-in user's own settings)

``__getitem__`` raises ``KeyError`` for anything that does not exist, which
Pyramid turns into a 404.
"""

from __future__ import annotations

from typing import Any

from pyramid.authorization import ALL_PERMISSIONS, Allow, Authenticated, Deny, Everyone
from sqlalchemy import select

from .models import Comment, User
from .security import PASSWORD_CHANGE_REQUIRED, Permission, user_principal


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
        children = {"comments": Comments, "users": Users, "account": Account}
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


class Account(Container):
    """The logged-in user's own account page (``request.identity``'s).

    Any logged-in user may manage their own account, and a login that must
    first replace a one-time password may do that and nothing else.
    Everyone else is sent to log in. Pages for more account settings hang
    off this resource as named views.
    """

    def __acl__(self) -> list[tuple[str, str, Any]]:
        return [
            (Allow, Authenticated, Permission.ACCOUNT),
            (Allow, PASSWORD_CHANGE_REQUIRED, Permission.ACCOUNT),
            (Deny, Everyone, ALL_PERMISSIONS),
        ]


def includeme(config: Any) -> None:
    config.set_root_factory(Root)
