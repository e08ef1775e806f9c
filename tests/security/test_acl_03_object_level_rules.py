"""ACL-03: edit and delete belong to the author (edit only within the
window), moderation to admins; changing the id in the URL does not help."""

from __future__ import annotations

from tests.support.client import client, csrf
from tests.support.factories import add_comment, cast, get_comment


def test_acl_03_only_owner_in_window_or_admin(app, make_user, dbsession, tm, clock):
    ids = cast(make_user, dbsession, tm)
    bobs = add_comment(dbsession, tm, "Bob's own", ids["bob"])
    bob = client(app, "bob")
    # bob may change his own comment, so he is allowed the action in
    # general; only the id in the URL differs.
    bob.get(f"/comments/{bobs}/edit/", status=200)
    for name in ("edit", "delete", "remove"):
        bob.post(
            f"/comments/{ids['cid']}/{name}/",
            {"contents": "hijacked", "csrf_token": csrf(bob)},
            status=403,
        )
    stored = get_comment(dbsession, tm, ids["cid"])
    assert (stored.content, stored.edited, stored.removed) == (
        "Alice's <b>words</b>",
        None,
        None,
    )
    # The author, once the edit window has closed.
    alice = client(app, "alice")
    clock.advance(15 * 60 + 1)
    alice.post(
        f"/comments/{ids['cid']}/edit/",
        {"contents": "late", "csrf_token": csrf(alice)},
        status=403,
    )
    assert get_comment(dbsession, tm, ids["cid"]).content == "Alice's <b>words</b>"
    # An admin moderates: the row stays, marked removed by them.
    root = client(app, "root")
    root.post(f"/comments/{ids['cid']}/remove/", {"csrf_token": csrf(root)}, status=303)
    stored = get_comment(dbsession, tm, ids["cid"])
    assert stored.removed is not None and stored.removed_by_id == ids["root"]
