"""Moderation on the admin pages: removed comments and their restore,
reports (one per user, reasons, never counted in public) and their queue.
Every action is audited; every refusal changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from scratchpad.models import AuditEvent, Comment, Report
from tests.support.client import client, csrf, redirect_target
from tests.support.factories import cast


@pytest.fixture
def ids(make_user, dbsession, tm):
    return cast(make_user, dbsession, tm)


@pytest.fixture
def root(app, ids):
    return client(app, "root")


def rows(dbsession, tm, model, **where):
    tm.abort()
    tm.begin()
    return dbsession.scalars(select(model).filter_by(**where)).all()


def post(visitor, path, status=303, **fields):
    return visitor.post(path, {"csrf_token": csrf(visitor), **fields}, status=status)


def report(visitor, cid, reason="spam", status=303):
    return post(visitor, f"/comments/{cid}/report/", status=status, reason=reason)


def test_removed_comments_show_who_removed_them_and_can_be_restored(
    root, ids, dbsession, tm
):
    cid = ids["cid"]
    post(root, f"/comments/{cid}/remove/")
    page = root.get("/admin/removed/")
    entry = page.text.split(f'id="removed-{cid}"')[1].split("</li>")[0]
    assert "by root" in entry and "by alice" in entry
    assert "Alice&#39;s &lt;b&gt;words&lt;/b&gt;" in entry  # the text, escaped
    history = root.get("/admin/audit/", {"comment": str(cid)})
    assert "comment removed" in history.text and "root" in history.text
    response = post(root, f"/admin/removed/{cid}/restore/")
    assert redirect_target(response) == "/admin/removed/"
    assert rows(dbsession, tm, Comment, id=cid)[0].removed is None
    assert "removed by a moderator" not in client(root.app).get("/").text
    assert (
        rows(dbsession, tm, AuditEvent, kind="comment restored")[0].username == "root"
    )
    post(root, f"/admin/removed/{cid}/restore/", status=404)  # not removed now


def test_a_user_reports_a_comment_once(app, ids, dbsession, tm):
    bob = client(app, "bob")
    page = bob.get(f"/comments/{ids['cid']}/")
    assert "report-form" in page.forms
    report(bob, ids["cid"], reason="  rude\tand   loud ")
    (row,) = rows(dbsession, tm, Report)
    assert (row.reporter_id, row.reason) == (ids["bob"], "rude and loud")
    assert "You reported this comment" in bob.get(f"/comments/{ids['cid']}/").text
    report(bob, ids["cid"], status=409)
    assert len(rows(dbsession, tm, Report)) == 1


@pytest.mark.parametrize("reason", ["", "   ", "x" * 201, "bell\x07"])
def test_a_bad_reason_is_a_400(app, ids, dbsession, tm, reason):
    report(client(app, "bob"), ids["cid"], reason=reason, status=400)
    assert rows(dbsession, tm, Report) == []


def test_who_may_not_report(app, ids, dbsession, tm, root):
    alice = client(app, "alice")
    assert "report-form" not in alice.get(f"/comments/{ids['cid']}/").forms
    report(alice, ids["cid"], status=403)  # her own comment
    anonymous = client(app)
    assert "report-form" not in anonymous.get(f"/comments/{ids['cid']}/").forms
    response = report(anonymous, ids["cid"], status=303)
    assert redirect_target(response).startswith("/login/")
    client(app, "bob").post(
        f"/comments/{ids['cid']}/report/", {"reason": "no token"}, status=400
    )
    post(root, f"/comments/{ids['cid']}/remove/")
    report(client(app, "bob"), ids["cid"], status=403)  # removed: nothing to report
    assert rows(dbsession, tm, Report) == []


def test_the_queue_and_its_actions(app, ids, dbsession, tm, root, make_user):
    make_user("carol", "carol-password")
    report(client(app, "bob"), ids["cid"], reason="spam")
    report(client(app, "carol"), ids["cid"], reason="off topic")
    assert "Reported comments</a> (1 waiting)" in root.get("/admin/").text
    queue = root.get("/admin/reports/")
    assert "reported 2 time(s)" in queue.text
    assert "spam" in queue.text and "off topic" in queue.text and "carol" in queue.text
    for page in ("/", f"/comments/{ids['cid']}/", "/users/alice/", "/feed.atom"):
        shown = client(app, "bob").get(page, expect_errors=True).text
        for secret in ("time(s)", "reported 2", "2 report", "spam", "off topic"):
            assert secret not in shown, (page, secret)
    post(root, f"/admin/reports/{ids['cid']}/dismiss/")
    assert rows(dbsession, tm, Report) == []
    assert "No reported comments" in root.get("/admin/reports/").text
    post(root, f"/admin/reports/{ids['cid']}/dismiss/", status=404)
    report(client(app, "carol"), ids["cid"], reason="still off topic")  # anew
    response = post(root, f"/admin/reports/{ids['cid']}/remove/")
    assert redirect_target(response) == "/admin/reports/"
    (comment,) = rows(dbsession, tm, Comment, id=ids["cid"])
    assert comment.removed is not None and comment.removed_by_id == ids["root"]
    assert rows(dbsession, tm, Report) == []
    kinds = [event.kind for event in rows(dbsession, tm, AuditEvent)]
    assert kinds.count("comment reported") == 3
    assert "reports dismissed" in kinds and "comment removed" in kinds
