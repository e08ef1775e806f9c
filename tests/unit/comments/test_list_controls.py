"""The first look at a comment's ACL (whom it grants any control) never
hides a control that ``request.has_permission`` would allow."""

from __future__ import annotations

from pyramid.authorization import ALL_PERMISSIONS, DENY_ALL, Allow, Deny

from scratchpad.comments.list_controls import grantees
from scratchpad.security.permissions import Permission


class Resource:
    def __init__(self, acl):
        self.acl = acl

    def __acl__(self):
        return self.acl


def test_only_an_allow_of_a_control_counts():
    acl = [
        (Allow, "user:1", Permission.DELETE),
        (Allow, "user:2", Permission.VIEW),
        (Deny, "user:3", Permission.EDIT),
        DENY_ALL,
    ]
    assert grantees(Resource(acl)) == {"user:1"}


def test_every_permission_and_lists_of_permissions_count():
    everything = [(Allow, "group:admins", ALL_PERMISSIONS), DENY_ALL]
    assert grantees(Resource(everything)) == {"group:admins"}
    listed = [(Allow, "user:1", (Permission.VIEW, Permission.MODERATE)), DENY_ALL]
    assert grantees(Resource(listed)) == {"user:1"}


def test_an_acl_that_lets_a_parent_decide_is_always_asked():
    assert grantees(Resource([(Allow, "user:1", Permission.VIEW)])) is None
    assert grantees(Resource([])) is None
