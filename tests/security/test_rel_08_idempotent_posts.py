"""REL-08: posting is idempotent, so sending a post again never stores it
twice.

Every comment form carries a one-time key made when it is rendered; the
API takes an ``Idempotency-Key`` header. A resend with a key already used
gets the first answer (the form's 303, the API's same 201 body) and stores
nothing, a day later as well as at once, after a 503 whose COMMIT did
reach the database, and when both sends arrive at the same moment. The key
sent with a different text is refused (409) and stores nothing.
"""

from __future__ import annotations

import re
import threading
from collections import Counter

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from scratchpad.accounts.tokens import create_token
from scratchpad.models import Comment, User
from tests.support.client import TIMEOUT, Browser, bearer
from tests.support.live import LiveServer

KEY_FIELD = re.compile(r'name="idempotency_key" value="([^"]+)"')


@pytest.fixture
def author(testapp, make_user):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    return testapp


@pytest.fixture
def token(make_user, dbsession, tm):
    user_id = make_user("bob", "bob-password")
    made = create_token(dbsession, dbsession.get(User, user_id))
    tm.commit()
    tm.begin()
    return made


def form(visitor) -> dict[str, str]:
    page = visitor.get("/").text
    return {
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
        "idempotency_key": KEY_FIELD.search(page).group(1),
    }


def stored(dbsession, tm) -> Counter[str]:
    tm.abort()
    tm.begin()
    return Counter(dbsession.scalars(select(Comment.content)))


def fail_after_commit_once(app) -> None:
    """The COMMIT reaches the database, then the answer is lost in a 503."""
    failed: list[bool] = []

    def lose_the_answer(session):
        if not failed:
            failed.append(True)
            raise OperationalError(
                "COMMIT", {}, Exception("server closed the connection")
            )

    event.listen(app.registry["dbsession_factory"], "after_commit", lose_the_answer)


def test_each_form_has_a_fresh_key(author):
    assert form(author)["idempotency_key"] != form(author)["idempotency_key"]


def test_a_resent_form_stores_once_even_a_day_later(author, clock, dbsession, tm):
    fields = {**form(author), "contents": "once"}
    first = author.post("/comments/", fields, status=303)
    author.post("/comments/", fields, status=303)
    clock.advance(25 * 3600)
    response = author.post("/comments/", fields, status=303)
    assert response.location == first.location  # the same answer: the comment
    assert response.location.endswith("/#comment-1")
    assert stored(dbsession, tm) == {"once": 1}


def test_a_resend_after_a_503_whose_commit_went_through(author, app, dbsession, tm):
    fields = {**form(author), "contents": "saved after all"}
    fail_after_commit_once(app)
    response = author.post("/comments/", fields, status=503)
    assert "Sending it again in a moment is safe" in response.text
    assert stored(dbsession, tm) == {"saved after all": 1}
    author.post("/comments/", fields, status=303)
    assert stored(dbsession, tm) == {"saved after all": 1}


def test_a_used_key_with_another_text_is_refused(author, dbsession, tm):
    fields = {**form(author), "contents": "first"}
    author.post("/comments/", fields, status=303)
    response = author.post("/comments/", {**fields, "contents": "second"}, status=409)
    assert "second" in response.text  # the text is kept
    assert stored(dbsession, tm) == {"first": 1}


def test_a_malformed_key_is_a_400(author, dbsession, tm):
    fields = {**form(author), "contents": "x", "idempotency_key": "no spaces"}
    author.post("/comments/", fields, status=400)
    assert stored(dbsession, tm) == {}


def test_an_api_resend_gets_the_same_201(testapp, token, dbsession, tm):
    headers = {**bearer(token), "Idempotency-Key": "post-1"}
    first = testapp.post_json("/api/comments", {"content": "hi"}, headers=headers)
    again = testapp.post_json("/api/comments", {"content": "hi"}, headers=headers)
    assert first.status_int == again.status_int == 201
    assert first.json == again.json
    assert first.location == again.location
    assert stored(dbsession, tm) == {"hi": 1}


def test_an_api_resend_after_a_503_whose_commit_went_through(
    testapp, app, token, dbsession, tm
):
    headers = {**bearer(token), "Idempotency-Key": "after-503"}
    fail_after_commit_once(app)
    response = testapp.post_json(
        "/api/comments", {"content": "kept"}, headers=headers, status=503
    )
    assert response.json["error"]["code"] == "unavailable"
    testapp.post_json("/api/comments", {"content": "kept"}, headers=headers, status=201)
    assert stored(dbsession, tm) == {"kept": 1}


def test_api_key_misuse_is_refused(testapp, token, dbsession, tm):
    headers = {**bearer(token), "Idempotency-Key": "k"}
    testapp.post_json("/api/comments", {"content": "one"}, headers=headers)
    conflict = testapp.post_json(
        "/api/comments", {"content": "two"}, headers=headers, status=409
    )
    assert list(conflict.json["error"]["fields"]) == ["Idempotency-Key"]
    bad = {**bearer(token), "Idempotency-Key": "x" * 65}
    testapp.post_json("/api/comments", {"content": "three"}, headers=bad, status=400)
    assert stored(dbsession, tm) == {"one": 1}


def test_two_sends_at_the_same_moment_store_once(app, make_user, dbsession, tm):
    make_user("carol", "carol-password")
    with LiveServer(app, threads=4) as server:
        browsers = [Browser(server.url) for _ in range(2)]
        for browser in browsers:
            browser.login("carol", "carol-password")
        page = browsers[0].get("/").text
        key = KEY_FIELD.search(page).group(1)
        start = threading.Barrier(2, timeout=TIMEOUT)
        statuses: list[int] = []

        def send(browser: Browser) -> None:
            fields = {
                "contents": "pressed twice",
                "csrf_token": browser.csrf_token("/"),
                "idempotency_key": key,
            }
            start.wait()
            statuses.append(browser.post("/comments/", fields).status)

        threads = [threading.Thread(target=send, args=(b,)) for b in browsers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=TIMEOUT)
    assert statuses == [303, 303]
    assert stored(dbsession, tm) == {"pressed twice": 1}
