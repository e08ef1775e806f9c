"""IN-06: flood control: a per-user posting limit and no duplicate posts."""

from __future__ import annotations

from scratchpad import main
from scratchpad.models import Comment
from tests.support.client import client, csrf


def test_in_06_rate_limit_and_double_click(app_settings, make_user, count_rows):
    make_user("alice", "alice-password")
    app = main({}, **{**app_settings, "scratchpad.post_limit_per_minute": "2"})
    alice = client(app, "alice")

    def send(text, status):
        form = {"contents": text, "csrf_token": csrf(alice)}
        return alice.post("/comments/", form, status=status)

    send("one", 303)
    send("two", 303)
    page = send("three", 429)
    assert "posting too fast" in page.text
    assert page.forms["comment-form"]["contents"].value == "three"
    assert count_rows(Comment) == 2
    app.registry["dbengine"].dispose()


def test_in_06_same_text_twice_is_stored_once(app, make_user, count_rows):
    make_user("alice", "alice-password")
    alice = client(app, "alice")
    token = csrf(alice)
    alice.post("/comments/", {"contents": "once", "csrf_token": token}, status=303)
    alice.post("/comments/", {"contents": "once", "csrf_token": token}, status=409)
    assert count_rows(Comment) == 1
