"""The first look at a comment's ACL never hides a control that
``request.has_permission`` would allow."""

from __future__ import annotations

from pyramid.authorization import ALL_PERMISSIONS, DENY_ALL, Allow, Deny

from scratchpad.comments.list_controls import may_act
from scratchpad.security.permissions import Permission


class Resource:
    def __init__(self, acl):
        self.acl = acl

    def __acl__(self):
        return self.acl


def test_only_an_allow_of_a_control_to_the_viewer_counts():
    acl = [
        (Allow, "user:1", Permission.DELETE),
        (Allow, "user:2", Permission.VIEW),
        (Deny, "user:3", Permission.EDIT),
        DENY_ALL,
    ]
    assert may_act(Resource(acl), {"user:1"})
    assert not may_act(Resource(acl), {"user:2"})
    assert not may_act(Resource(acl), {"user:3"})


def test_every_permission_and_lists_of_permissions_count():
    everything = [(Allow, "group:admins", ALL_PERMISSIONS), DENY_ALL]
    assert may_act(Resource(everything), {"group:admins"})
    listed = [(Allow, "user:1", (Permission.VIEW, Permission.MODERATE)), DENY_ALL]
    assert may_act(Resource(listed), {"user:1"})


def test_an_acl_that_lets_a_parent_decide_is_always_asked():
    assert may_act(Resource([(Allow, "user:1", Permission.VIEW)]), {"user:2"})
    assert may_act(Resource([]), set())
