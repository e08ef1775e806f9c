"""IN-04: all SQL goes through bound parameters: injection text is stored
verbatim and a login attempt with it is a plain failure."""

from __future__ import annotations

from sqlalchemy import select

from scratchpad.models import Comment, User


def test_injection_text_is_stored_verbatim(
    testapp, make_user, dbsession, tm, count_rows
):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    text = "'); DROP TABLE comments;--"
    testapp.post_comment(text)
    tm.abort()
    tm.begin()
    assert dbsession.scalars(select(Comment.content)).all() == [text]
    assert count_rows(User) == 1


def test_injection_login_is_a_plain_failure(testapp, make_user, count_rows):
    make_user("alice", "alice-password")
    before = count_rows()
    response = testapp.login("' OR 1=1--", "' OR '1'='1", status="*")
    assert response.status_int < 500
    assert "Traceback" not in response.text
    assert 'id="comment-form"' not in testapp.get("/").text  # not logged in
    assert count_rows() == before
