"""What the operator's log shows: the security log has every post, edit,
delete and moderation; every response carries the request id its log lines
and its 500 page quote; log lines can be JSON."""

from __future__ import annotations

import json
import logging
import re

import pytest
from sqlalchemy import select, update
from zope.sqlalchemy import mark_changed

from scratchpad.models import Comment, User
from scratchpad.server.logs import JsonFormatter
from scratchpad.views import comments


@pytest.fixture
def audit_lines(caplog):
    def lines() -> list[str]:
        return [
            record.getMessage()
            for record in caplog.records
            if record.name == "scratchpad.audit"
        ]

    caplog.set_level(logging.INFO, logger="scratchpad.audit")
    return lines


def test_posts_edits_deletes_and_removals_are_in_the_security_log(
    testapp, make_user, dbsession, tm, audit_lines
):
    make_user("alice", "alice-password")
    admin = make_user("root", "root-password")
    dbsession.execute(update(User).where(User.id == admin).values(is_admin=True))
    mark_changed(dbsession)
    tm.commit()
    tm.begin()
    testapp.login("alice", "alice-password")
    testapp.post_comment("first")
    testapp.post_comment("second")
    first, second = (c.id for c in sorted_comments(dbsession, tm))
    token = testapp.get_csrf_token(f"/comments/{first}/edit/")
    testapp.post(
        f"/comments/{first}/edit/", {"contents": "first, edited", "csrf_token": token}
    )
    token = testapp.get_csrf_token(f"/comments/{first}/delete/")
    testapp.post(f"/comments/{first}/delete/", {"csrf_token": token}, status=303)
    testapp.reset()
    testapp.login("root", "root-password")
    token = testapp.get_csrf_token(f"/comments/{second}/remove/")
    testapp.post(f"/comments/{second}/remove/", {"csrf_token": token}, status=303)
    events = [re.sub(r" at=\S+", "", line) for line in audit_lines()]
    expected = [
        f"comment posted user='alice' ip='127.0.0.1' comment={first}",
        f"comment posted user='alice' ip='127.0.0.1' comment={second}",
        f"comment edited user='alice' ip='127.0.0.1' comment={first}",
        f"comment deleted user='alice' ip='127.0.0.1' comment={first}",
        f"comment removed user='root' ip='127.0.0.1' comment={second}",
    ]
    assert [event for event in events if event.startswith("comment")] == expected


def sorted_comments(dbsession, tm):
    tm.abort()
    tm.begin()
    return dbsession.scalars(select(Comment).order_by(Comment.id)).all()


def test_every_response_carries_a_request_id(testapp):
    first = testapp.get("/").headers["X-Request-Id"]
    second = testapp.get("/healthz").headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{12}", first) and first != second


def test_a_proxys_request_id_is_kept_and_a_strange_one_replaced(testapp):
    kept = testapp.get("/", headers={"X-Request-Id": "nginx-3f2a9c81d4"})
    assert kept.headers["X-Request-Id"] == "nginx-3f2a9c81d4"
    strange = testapp.get("/", headers={"X-Request-Id": "a b\tc"})
    assert re.fullmatch(r"[0-9a-f]{12}", strange.headers["X-Request-Id"])


def test_the_500_page_quotes_the_request_id_of_its_response(testapp, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(comments, "front_page", fail)
    page = testapp.get("/", status=500)
    assert f"<code>{page.headers['X-Request-Id']}</code>" in page.text


def test_json_log_lines():
    record = logging.LogRecord(
        "scratchpad.audit", logging.INFO, __file__, 1, "login %s", ("bob",), None
    )
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "login bob"
    assert (line["level"], line["logger"]) == ("INFO", "scratchpad.audit")
    assert line["time"].endswith("+00:00")
