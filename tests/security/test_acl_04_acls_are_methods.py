"""ACL-04: ``__acl__`` are methods, never properties, and end in DENY_ALL
where inheritance would otherwise grant more."""

from __future__ import annotations

import inspect
from datetime import timedelta
from types import SimpleNamespace

import pytest
from pyramid.authorization import DENY_ALL, ACLHelper

from scratchpad import admin_tree, resources
from scratchpad.accounts import resources as account_resources
from scratchpad.models import Comment, User, utcnow
from scratchpad.security.permissions import Permission, principals_for

# Users has no ACL of its own: it inherits the root's, which is right.
RESOURCES = (
    resources.Root,
    resources.Comments,
    resources.CommentResource,
    resources.UserResource,
    resources.Admin,
    admin_tree.AdminUserResource,
    account_resources.InvitationResource,
    account_resources.SignUp,
    account_resources.ResetResource,
    account_resources.Forgot,
    account_resources.EmailCheckResource,
)


@pytest.mark.parametrize("kind", RESOURCES, ids=lambda kind: kind.__name__)
def test_acl_04_acl_is_a_plain_method(kind):
    acl = inspect.getattr_static(kind, "__acl__")
    assert inspect.isfunction(acl), f"{kind.__name__}.__acl__ must be a method"


def _comment_resource(dummy_request, posted, removed=None):
    parent = SimpleNamespace(request=dummy_request)
    comment = Comment(id=7, content="x", commenter_id=1, posted=posted)
    comment.removed = removed
    return resources.CommentResource(parent, comment)


def test_acl_04_comment_acl_per_principal(dummy_request):
    author = User(id=1, username="alice", is_admin=False)
    other = User(id=2, username="bob", is_admin=False)
    admin = User(id=3, username="root", is_admin=True)
    policy = ACLHelper()

    def allowed(context, user):
        return {
            str(permission)
            for permission in Permission
            if policy.permits(context, principals_for(user), permission)
        }

    fresh = _comment_resource(dummy_request, utcnow())
    assert fresh.__acl__()[-1] == DENY_ALL
    assert allowed(fresh, None) == {"view"}
    assert allowed(fresh, author) == {"view", "edit", "delete"}
    assert allowed(fresh, other) == {"view", "report"}
    assert allowed(fresh, admin) == {"view", "moderate", "report"}
    old = _comment_resource(dummy_request, utcnow() - timedelta(minutes=16))
    assert allowed(old, author) == {"view", "delete"}
    gone = _comment_resource(dummy_request, utcnow(), removed=utcnow())
    assert allowed(gone, author) == allowed(gone, admin) == {"view"}


def test_acl_04_an_acl_that_fails_denies(dummy_request):
    """A broken ACL must fail the request, never fall back to the parent's."""

    class Broken(resources.CommentResource):
        def __acl__(self):
            raise AttributeError("typo in an ACL")

    broken = Broken.__new__(Broken)
    broken.__parent__ = resources.Root(dummy_request)
    with pytest.raises(AttributeError):
        ACLHelper().permits(broken, principals_for(None), Permission.VIEW)


def test_acl_04_admin_acl_admits_admins_only(dummy_request):
    admin = resources.Admin(resources.Root(dummy_request), "admin")
    assert admin.__acl__()[-1] == DENY_ALL
    policy = ACLHelper()
    for user, expected in (
        (None, False),
        (User(id=1, username="alice", is_admin=False), False),
        (User(id=3, username="root", is_admin=True), True),
        (User(id=4, username="new", is_admin=True, must_change_password=True), False),
    ):
        for permission in Permission:
            granted = bool(policy.permits(admin, principals_for(user), permission))
            assert granted == (expected and permission == Permission.ADMINISTER)
