"""The ``/admin/`` part of the resource tree, below :class:`~scratchpad.
resources.Admin` (whose ACL, ``group:admins`` only, every section here
inherits)::

    Admin                  /admin/
    ├── AdminUsers         /admin/users/           search and page through users
    │   └── AdminUserResource  /admin/users/<id>/  one user and its actions
    ├── RemovedComments    /admin/removed/         recently removed comments
    │   └── RemovedComment     /admin/removed/<id>/  (removed ones only)
    ├── ReportedComments   /admin/reports/         the queue of reported comments
    │   └── ReportedComment    /admin/reports/<id>/  (reported, not removed)
    ├── HeldComments       /admin/held/            comments held for pre-moderation
    │   └── HeldComment        /admin/held/<id>/     (held, not removed)
    ├── AuditLog           /admin/audit/           the stored security log
    └── AdminInvitations   /admin/invitations/     create, list, revoke invitations

Items are found by id with the one id parser; anything else, or a row not
in that section, is a ``KeyError`` (404). The only rule added here is on a
user: :class:`AdminUserResource` grants ``suspend`` (disable, revoke admin,
delete) unless the user is the last enabled admin, so the site cannot lose
its last admin from the web.
"""

from __future__ import annotations

from typing import Any

from pyramid.authorization import DENY_ALL, Allow
from sqlalchemy import exists, false, func, select
from sqlalchemy.orm import joinedload

from scratchpad.models import Comment, Report, User, parse_id
from scratchpad.security.permissions import ADMINS, READ_ONLY_DENY, Permission


class Section:
    """A named page of ``/admin/``."""

    def __init__(self, parent: Any, name: str) -> None:
        self.__parent__ = parent
        self.__name__ = name
        self.request: Any = parent.request


class AdminUsers(Section):
    def __getitem__(self, name: str) -> AdminUserResource:
        user_id = parse_id(name)
        user = None if user_id is None else self.request.dbsession.get(User, user_id)
        if user is None:
            raise KeyError(name)
        return AdminUserResource(self, user)


def enabled_admins(dbsession: Any, but: int | None = None) -> int:
    """How many enabled admins there are (leaving out user ``but``)."""
    query = select(func.count()).select_from(User)
    query = query.where(User.is_admin, User.disabled == false())
    if but is not None:
        query = query.where(User.id != but)
    return int(dbsession.scalar(query) or 0)


class AdminUserResource:
    """One user, as the admin pages see them."""

    def __init__(self, parent: AdminUsers, user: User) -> None:
        self.__parent__ = parent
        self.__name__ = str(user.id)
        self.user = user
        self.request = parent.request

    def is_last_admin(self) -> bool:
        user = self.user
        if not user.is_admin or user.disabled:
            return False
        return enabled_admins(self.request.dbsession, but=user.id) == 0

    def __acl__(self) -> list[tuple[str, str, Any]]:
        acl: list[tuple[str, str, Any]] = [
            READ_ONLY_DENY,
            (Allow, ADMINS, Permission.ADMINISTER),
        ]
        if not self.is_last_admin():
            acl.append((Allow, ADMINS, Permission.SUSPEND))
        acl.append(DENY_ALL)
        return acl


class ModeratedComment:
    """A comment in one of the moderation sections (inherits their ACL)."""

    def __init__(self, parent: Section, comment: Comment) -> None:
        self.__parent__ = parent
        self.__name__ = str(comment.id)
        self.comment = comment
        self.request = parent.request


class RemovedComment(ModeratedComment):
    pass


class ReportedComment(ModeratedComment):
    pass


class HeldComment(ModeratedComment):
    pass


class CommentSection(Section):
    """A section whose items (of class ``item``) are the comments that meet
    :meth:`belongs`."""

    item: type[ModeratedComment] = ModeratedComment

    def belongs(self) -> Any:
        return Comment.id.is_(None)  # pragma: no cover - each section says

    def __getitem__(self, name: str) -> ModeratedComment:
        comment_id = parse_id(name)
        if comment_id is None:
            raise KeyError(name)
        query = (
            select(Comment)
            .where(Comment.id == comment_id, self.belongs())
            .options(joinedload(Comment.commenter))
        )
        comment = self.request.dbsession.scalar(query)
        if comment is None:
            raise KeyError(name)
        return self.item(self, comment)


class RemovedComments(CommentSection):
    item = RemovedComment

    def belongs(self) -> Any:
        return Comment.removed.is_not(None)


class ReportedComments(CommentSection):
    item = ReportedComment

    def belongs(self) -> Any:
        reported = exists().where(Report.comment_id == Comment.id)
        return Comment.removed.is_(None) & reported


class HeldComments(CommentSection):
    item = HeldComment

    def belongs(self) -> Any:
        return Comment.held & Comment.removed.is_(None)


class AuditLog(Section):
    pass


class AdminInvitations(Section):
    pass


SECTIONS: dict[str, type[Section]] = {
    "users": AdminUsers,
    "removed": RemovedComments,
    "reports": ReportedComments,
    "held": HeldComments,
    "audit": AuditLog,
    "invitations": AdminInvitations,
}
