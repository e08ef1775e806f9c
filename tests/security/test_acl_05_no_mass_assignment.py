"""ACL-05: only ``contents`` is read from a form; ids, owner and times are
set by the server."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from scratchpad.models import Comment, utcnow
from tests.support.client import client, csrf
from tests.support.factories import cast, get_comment


def test_acl_05_extra_form_fields_are_ignored(app, make_user, dbsession, tm):
    ids = cast(make_user, dbsession, tm)
    alice = client(app, "alice")
    forged = {
        "commenter_id": str(ids["bob"]),
        "posted": "2000-01-01 00:00:00",
        "edited": "2000-01-01 00:00:00",
        "removed": "2000-01-01 00:00:00",
        "removed_by_id": str(ids["root"]),
        "id": str(ids["cid"]),
    }
    alice.post(
        "/comments/",
        {"contents": "hi", "csrf_token": csrf(alice), **forged},
        status=303,
    )
    tm.abort()
    tm.begin()
    new = dbsession.scalars(select(Comment).where(Comment.content == "hi")).one()
    assert new.id != ids["cid"]
    assert new.commenter_id == ids["alice"]
    assert abs(new.posted - utcnow()) < timedelta(minutes=1)
    assert (new.edited, new.removed, new.removed_by_id) == (None, None, None)
    # The same fields on an edit change nothing but the text.
    alice.post(
        f"/comments/{ids['cid']}/edit/",
        {"contents": "edited", "csrf_token": csrf(alice), **forged},
        status=303,
    )
    old = get_comment(dbsession, tm, ids["cid"])
    assert (old.content, old.commenter_id) == ("edited", ids["alice"])
    assert abs(old.edited - utcnow()) < timedelta(minutes=1)
    assert (old.removed, old.removed_by_id) == (None, None)
