"""ACL-08: a read-only token may view and nothing else, anywhere in the tree.

Defence in depth behind IN-09: even if a request made with a read-only
token reached the HTML site's resources, every ``__acl__`` starts with
``READ_ONLY_DENY``, so the token's principal is denied every permission but
``view``, for an admin and for a comment's author inside the edit window.
"""

from __future__ import annotations

import inspect

import pytest
from pyramid.authorization import ACLHelper

from scratchpad import admin_tree, resources
from scratchpad.accounts.resources import granted_if
from scratchpad.models import Comment, User, utcnow
from scratchpad.security.permissions import (
    READ_ONLY_DENY,
    READ_ONLY_TOKEN,
    UNDECLARED_PERMISSION,
    Permission,
    principals_for,
)

EVERY_PERMISSION = [*Permission, UNDECLARED_PERMISSION]


@pytest.fixture
def dummy_request(dummy_request, dbsession):
    """The admin pages' ACL counts admins: the request needs a session."""
    dummy_request.dbsession = dbsession
    return dummy_request


def every_resource(request):
    root = resources.Root(request)
    author = User(id=5, username="alice", is_admin=True, must_change_password=False)
    comment = Comment(id=7, content="x", commenter_id=5, posted=utcnow())
    comment.commenter = author
    api_comments = root["api"]["comments"]
    site_comments = resources.Comments(root, "comments")
    admin_users = root["admin"]["users"]
    return author, [
        root,
        site_comments,
        site_comments.item(comment),
        resources.Users(root, "users"),
        resources.UserResource(resources.Users(root, "users"), author),
        resources.Account(root, "account"),
        root["api"],
        api_comments,
        api_comments.item(comment),
        root["admin"],
        admin_users,
        admin_tree.AdminUserResource(admin_users, author),
    ]


def test_a_read_only_token_is_denied_all_but_view_everywhere(dummy_request):
    author, tree = every_resource(dummy_request)
    with_token = [*principals_for(author), READ_ONLY_TOKEN]
    acl = ACLHelper()
    for resource in tree:
        for permission in EVERY_PERMISSION:
            if permission != Permission.VIEW:
                allowed = acl.permits(resource, with_token, permission)
                assert not allowed, (resource, permission)
        may_view = acl.permits(resource, principals_for(author), Permission.VIEW)
        assert bool(acl.permits(resource, with_token, Permission.VIEW)) is bool(
            may_view
        )


def test_the_same_user_without_the_token_may_do_more(dummy_request):
    """The denial comes from the token, not from a tree that allows nothing."""
    author, tree = every_resource(dummy_request)
    acl = ACLHelper()
    principals = principals_for(author)
    assert acl.permits(tree[0], principals, Permission.POST)
    assert acl.permits(tree[2], principals, Permission.EDIT)
    assert acl.permits(tree[5], principals, Permission.MANAGE_ACCOUNT)
    assert acl.permits(tree[8], principals, Permission.MODERATE)


@pytest.mark.parametrize(
    "cls",
    [
        cls
        for module in (resources, admin_tree)
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if cls.__module__ == module.__name__ and "__acl__" in vars(cls)
    ],
)
def test_every_acl_of_the_tree_starts_with_the_read_only_deny(dummy_request, cls):
    _, tree = every_resource(dummy_request)
    instance = next(resource for resource in tree if isinstance(resource, cls))
    assert instance.__acl__()[0] == READ_ONLY_DENY


def test_the_account_pages_acls_start_with_the_read_only_deny():
    for condition in (True, False):
        assert granted_if(condition, Permission.VIEW)[0] == READ_ONLY_DENY
