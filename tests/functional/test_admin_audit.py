"""The security log is stored too, and browsable on /admin/audit/ by user,
kind and comment, newest first, in keyset pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from scratchpad import main
from scratchpad.models import AuditEvent
from tests.support import settings_for
from tests.support.client import client
from tests.support.factories import cast, set_user


@pytest.fixture
def ids(make_user, dbsession, tm):
    return cast(make_user, dbsession, tm)


def events(dbsession, tm):
    tm.abort()
    tm.begin()
    return dbsession.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


def rows(page):
    """The table of events on an audit page, as text."""
    return page.text.split("<tbody>")[1].split("</tbody>")[0]


def test_logged_events_are_stored(app, ids, dbsession, tm):
    alice = client(app, "alice")
    alice.post_comment("stored in the log")
    client(app).login("bob", "wrong password", status=200)
    client(app).login("nobody\nforged line", "x", status=200)
    stored = [(e.kind, e.username) for e in events(dbsession, tm)]
    assert ("login succeeded", "alice") in stored
    assert ("comment posted", "alice") in stored
    assert ("login failed", "bob") in stored
    assert ("login failed", "nobody\\x0aforged line") in stored  # one line
    posted = next(e for e in events(dbsession, tm) if e.kind == "comment posted")
    assert posted.address == "127.0.0.1" and posted.detail.startswith("comment=")


def test_browse_by_user_kind_and_comment(app, ids, dbsession, tm):
    client(app, "alice").post_comment("one more")
    client(app).login("bob", "wrong password", status=200)
    root = client(app, "root")
    everything = rows(root.get("/admin/audit/"))
    assert "login failed" in everything and "comment posted" in everything
    by_bob = rows(root.get("/admin/audit/", {"user": "bob"}))
    assert "login failed" in by_bob and "comment posted" not in by_bob
    failed = rows(root.get("/admin/audit/", {"kind": "login failed"}))
    assert "bob" in failed and "login succeeded" not in failed
    assert "No events match" in root.get("/admin/audit/", {"user": "carol"}).text
    posted = next(e for e in events(dbsession, tm) if e.kind == "comment posted")
    number = posted.detail.split("=")[1]
    about = rows(root.get("/admin/audit/", {"comment": number}))
    assert "comment posted" in about and "login" not in about


@pytest.mark.parametrize(
    "query",
    [
        {"comment": "x"},
        {"before": "-1"},
        {"after": "3"},
        {"user": "a\x01"},
        {"kind": "k" * 129},
    ],
)
def test_bad_filters_are_a_400(app, ids, query):
    client(app, "root").get("/admin/audit/", query, status=400)


def test_older_pages(db_url, make_user, dbsession, tm):
    admin_id = make_user("root", "root-password")
    set_user(dbsession, tm, admin_id, is_admin=True)
    app = main({}, **{**settings_for(db_url), "scratchpad.page_size": "2"})
    try:
        for _ in range(3):
            client(app).login("ghost", "wrong", status=200)
        root = client(app, "root")  # the newest event: its login
        first = root.get("/admin/audit/")
        assert first.text.count("<td>login failed</td>") == 1
        second = first.click("Older events")
        assert second.text.count("<td>login failed</td>") == 2
        assert "Older events" not in second.text
    finally:
        app.registry["dbengine"].dispose()
