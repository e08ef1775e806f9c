"""Per-viewer controls in a shared list of comments.

A shared list (:mod:`scratchpad.comments.shared_list`) carries, in each
comment, a marker ``<!--controls:<id>-->`` where controls may go. For each
viewer this module asks the comment's ACL
(:class:`scratchpad.resources.CommentResource`, through
``request.has_permission``) which of Edit, Delete and Remove it allows,
and puts plain links to those pages (no script needed) in place of the
marker; every other marker is dropped. The ACL reads only the facts kept
with the list, so no row is loaded again.
"""

from __future__ import annotations

import re
from typing import Any, cast

from markupsafe import Markup
from pyramid.authorization import ALL_PERMISSIONS, DENY_ALL, Allow
from pyramid.interfaces import ISecurityPolicy

from scratchpad.comments.shared_list import Facts
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


def may_act(resource: CommentResource, principals: set[str]) -> bool:
    """Whether the comment's ACL allows any control to any of ``principals``
    at all: a first look, so that ``request.has_permission`` (the answer)
    is asked only about the few comments where it might say yes. An ACL
    that does not end in ``DENY_ALL`` (a parent may decide) is always asked."""
    acl = resource.__acl__()
    if not acl or acl[-1] != DENY_ALL:
        return True
    for action, principal, permissions in acl:
        if action != Allow or principal not in principals:
            continue
        if permissions is ALL_PERMISSIONS or isinstance(permissions, str):
            permissions = [permissions]
        if any(p is ALL_PERMISSIONS or p in PERMISSIONS for p in permissions):
            return True
    return False


def with_controls(request: Any, html: Markup, facts: tuple[Facts, ...]) -> Markup:
    """``html`` with each comment's marker replaced by its controls."""
    comments = request.root["comments"]
    policy = request.registry.getUtility(ISecurityPolicy)
    principals = set(policy.credential_policy(request).principals(request))
    resources = (resource_of(comments, fact) for fact in facts)
    controls = {
        resource.__name__: controls_for(request, resource)
        for resource in resources
        if may_act(resource, principals)
    }
    spliced = MARKER.sub(lambda match: controls.get(match[1], ""), html)
    return Markup(spliced)  # noqa: S704 (markup with markup spliced in)
