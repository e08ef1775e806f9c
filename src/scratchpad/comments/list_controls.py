"""Per-viewer controls in a shared list of comments.

A shared list (:mod:`scratchpad.comments.shared_list`) carries, in each
comment, a marker ``<!--controls:<id>-->`` where controls may go, and keeps
the :class:`Facts` of each comment. For each viewer this module asks the
comment's ACL (:class:`scratchpad.resources.CommentResource`, through
``request.has_permission``) which of Edit, Delete and Remove it allows,
and puts plain links to those pages (no script needed) in place of the
marker; every other marker is dropped. The ACL reads only the facts, so
no row is loaded again.

So that a page of fifty comments does not ask fifty ACLs every time, the
facts also name the principals each comment's ACL grants any control to
when the list is rendered (:func:`grantees`). Only where the viewer holds
one of those is ``request.has_permission`` asked. The ACL depends on the
clock only through the edit window, which can only close: a grant made
later than the render without a change to the comment (which renders the
list again) does not exist, so the first look never hides a control.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from markupsafe import Markup
from pyramid.authorization import ALL_PERMISSIONS, DENY_ALL, Allow
from pyramid.interfaces import ISecurityPolicy

from scratchpad.models import Comment
from scratchpad.resources import CommentResource
from scratchpad.security.permissions import Permission

MARKER = re.compile(r"<!--controls:(\d+)-->")
# Label, view name, permission, extra class (delete is the dangerous one).
ACTIONS = (
    ("Edit", "edit", Permission.EDIT, "button"),
    ("Delete", "delete", Permission.DELETE, "button danger"),
    ("Remove as moderator", "remove", Permission.MODERATE, "button danger"),
)
PERMISSIONS = {permission for _, _, permission, _ in ACTIONS}
LINK = Markup('<li><a class="{}" href="{}">{}</a></li>')
LIST = Markup('<ul class="comment-actions list-actions" aria-label="{}">{}</ul>')


@dataclass(frozen=True)
class Facts:
    """What a comment's ACL reads (:class:`scratchpad.resources.CommentResource`),
    and whom it granted a control when the list was rendered (None: ask
    every time, the ACL lets a parent decide)."""

    id: int
    commenter_id: int | None
    posted: datetime | None
    removed: datetime | None
    held: bool
    grantees: frozenset[str] | None = None


def facts_of(request: Any, comment: Comment) -> Facts:
    resource = CommentResource(request.root["comments"], comment)
    return Facts(
        comment.id,
        comment.commenter_id,
        comment.posted,
        comment.removed,
        comment.held,
        grantees(resource),
    )


def resource_of(comments: Any, facts: Facts) -> CommentResource:
    """The comment's resource, its facts standing in for the row: they are
    the attributes its ACL reads (a test checks that the controls follow
    the ACL), and a plain object costs far less than an ORM one."""
    return CommentResource(comments, cast(Comment, facts))


def controls_for(request: Any, resource: CommentResource) -> Markup:
    """The links the comment's ACL allows this request, or nothing."""
    links = [
        LINK.format(classes, request.resource_path(resource, name, ""), label)
        for label, name, permission, classes in ACTIONS
        if request.has_permission(permission, resource)
    ]
    if not links:
        return Markup("")
    return LIST.format(f"Comment {resource.comment.id}", Markup("").join(links))


def grantees(resource: Any) -> frozenset[str] | None:
    """The principals the resource's ACL allows any control to, or None
    when it does not end in ``DENY_ALL`` (a parent may decide: always ask).
    A first look, so that ``request.has_permission`` (the answer) is asked
    only about the few comments where it might say yes."""
    acl = resource.__acl__()
    if not acl or acl[-1] != DENY_ALL:
        return None
    allowed = set()
    for action, principal, permissions in acl:
        if action != Allow:
            continue
        if permissions is ALL_PERMISSIONS or isinstance(permissions, str):
            permissions = [permissions]
        if any(p is ALL_PERMISSIONS or p in PERMISSIONS for p in permissions):
            allowed.add(principal)
    return frozenset(allowed)


def with_controls(request: Any, html: Markup, facts: tuple[Facts, ...]) -> Markup:
    """``html`` with each comment's marker replaced by its controls."""
    policy = request.registry.getUtility(ISecurityPolicy)
    principals = set(policy.credential_policy(request).principals(request))
    comments = request.root["comments"]
    controls = {
        str(fact.id): controls_for(request, resource_of(comments, fact))
        for fact in facts
        if fact.grantees is None or fact.grantees & principals
    }
    spliced = MARKER.sub(lambda match: controls.get(match[1], ""), html)
    return Markup(spliced)  # noqa: S704 (markup with markup spliced in)
