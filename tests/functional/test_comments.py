"""The front page: listing, posting, and refusing bad input."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select
from zope.sqlalchemy import mark_changed

from scratchpad.models import Comment, User
from tests.support.client import redirect_target


@pytest.fixture
def alice(testapp, make_user):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    return testapp


def add_comment(dbsession, tm, content, posted=None, username=None):
    commenter = None
    if username:
        commenter = dbsession.scalar(select(User).where(User.username == username))
    # A plain insert, as an older version of the site would have written it.
    dbsession.execute(
        insert(Comment.__table__).values(
            content=content,
            posted=posted,
            commenter_id=commenter.id if commenter else None,
        )
    )
    mark_changed(dbsession)
    tm.commit()
    tm.begin()


def test_front_page_shows_each_comment_with_its_time_and_commenter(
    testapp, dbsession, tm, make_user
):
    make_user("bob")
    posted = datetime(2017, 10, 13, 16, 36, tzinfo=UTC)
    add_comment(dbsession, tm, "Hello there", posted=posted, username="bob")
    page = testapp.get("/", status=200)
    assert "Hello there" in page.text
    assert "Friday, 13 October 2017 at 16:36 UTC</time>" in page.text
    assert '<time datetime="2017-10-13T16:36:00+00:00">' in page.text
    assert "by bob" in page.text


def test_legacy_comment_says_unknown_time_and_anonymous(testapp, dbsession, tm):
    add_comment(dbsession, tm, "From part one")
    page = testapp.get("/")
    assert "From part one" in page.text
    assert "at an unknown time" in page.text
    assert "by anonymous" in page.text


def test_date_format_is_a_setting(app_settings, dbsession, tm):
    import webtest

    from scratchpad import main

    add_comment(dbsession, tm, "x", posted=datetime(2020, 2, 29, 8, 5, tzinfo=UTC))
    app = main({}, **{**app_settings, "scratchpad.date_format": "%Y-%m-%d %H:%M"})
    page = webtest.TestApp(app).get("/")
    assert ">2020-02-29 08:05 UTC</time>" in page.text  # the zone is always said
    assert 'data-date-format="%Y-%m-%d %H:%M"' in page.text  # for localtime.js
    app.registry["dbengine"].dispose()


def test_form_is_only_shown_when_logged_in(testapp, make_user):
    assert "Post comment" not in testapp.get("/").text
    assert 'name="contents"' not in testapp.get("/").text
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    page = testapp.get("/")
    assert 'name="contents"' in page.text
    assert "Post comment" in page.text


def test_logged_in_user_can_post(alice, count_rows, dbsession):
    before = datetime.now(UTC)
    response = alice.post_comment("My first comment")
    assert redirect_target(response) == "/"
    page = response.follow()
    assert "My first comment" in page.text
    assert "by alice" in page.text
    assert "Comment posted." in page.text
    assert count_rows(Comment) == 1
    comment = dbsession.scalar(select(Comment))
    assert comment.posted.tzinfo is not None
    assert before.replace(microsecond=0) <= comment.posted <= datetime.now(UTC)
    assert dbsession.get(User, comment.commenter_id).username == "alice"


def test_a_post_lands_on_the_new_comment(alice, dbsession):
    """The 303 names the new comment's anchor, and a resend of the same
    form (its idempotency key) gets the same answer."""
    page = alice.get("/")
    fields = {
        "contents": "Where am I?",
        "csrf_token": page.forms["comment-form"]["csrf_token"].value,
        "idempotency_key": page.forms["comment-form"]["idempotency_key"].value,
    }
    response = alice.post("/comments/", fields, status=303)
    comment_id = dbsession.scalar(select(Comment.id))
    assert response.headers["Location"].endswith(f"/#comment-{comment_id}")
    assert f'id="comment-{comment_id}"' in response.follow().text
    again = alice.post("/comments/", fields, status=303)
    assert again.headers["Location"] == response.headers["Location"]


def test_anonymous_post_is_refused(testapp, count_rows):
    token = testapp.get_csrf_token("/login/")
    response = testapp.post(
        "/comments/", {"contents": "spam", "csrf_token": token}, status=303
    )
    assert redirect_target(response) == "/login/?came_from=%2Fcomments%2F"
    assert count_rows(Comment) == 0


def test_post_after_logging_out_elsewhere_is_refused(alice, testapp, count_rows):
    token = alice.get_csrf_token("/")
    cookies = dict(alice.cookies)
    alice.post("/logout/", {"csrf_token": token}, status=303)
    # The old page's form is sent again with the old cookies.
    for name, value in cookies.items():
        alice.set_cookie(name, value)
    alice.post("/comments/", {"contents": "late", "csrf_token": token}, status=303)
    assert count_rows(Comment) == 0


def test_post_without_csrf_token_is_refused(alice, count_rows):
    response = alice.post("/comments/", {"contents": "forged"}, status=400)
    assert "Your page expired, please send again." in response.text
    assert count_rows(Comment) == 0


def test_text_is_escaped_and_line_breaks_kept(alice):
    text = "<script>alert('x')</script>\nline two & <b>bold</b>"
    page = alice.post_comment(text).follow()
    assert "<script>alert" not in page.text
    assert (
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\nline two &amp; &lt;b&gt;"
        in page.text
    )


def test_windows_line_endings_are_stored_as_newlines(alice, dbsession):
    alice.post_comment("one\r\ntwo")
    assert dbsession.scalar(select(Comment.content)) == "one\ntwo"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Please write something"),
        ("   \n\t  ", "Please write something"),
        ("x" * 4097, "at most 4096 characters"),
    ],
)
def test_bad_comment_is_refused_and_kept_in_the_form(alice, count_rows, text, message):
    response = alice.post_comment(text, status=400)
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    assert count_rows(Comment) == 0


def test_comment_of_exactly_the_limit_is_stored(alice, count_rows):
    alice.post_comment("é" * 4096)
    assert count_rows(Comment) == 1


def test_missing_field_is_a_400(alice, count_rows):
    token = alice.get_csrf_token("/")
    response = alice.post("/comments/", {"csrf_token": token}, status=400)
    assert "missing" in response.text
    assert count_rows(Comment) == 0


def test_non_utf8_body_is_a_400(alice, count_rows):
    token = alice.get_csrf_token("/")
    body = b"contents=%FF%FE%FA&csrf_token=" + token.encode()
    response = alice.post(
        "/comments/", body, content_type="application/x-www-form-urlencoded", status=400
    )
    assert "UTF-8" in response.text
    assert "Traceback" not in response.text
    assert count_rows(Comment) == 0


def test_comments_container_get_goes_to_front_page(testapp):
    assert redirect_target(testapp.get("/comments/", status=303)) == "/"


def test_unknown_comment_is_404(testapp):
    for path in ("/comments/999/", "/comments/abc/", "/comments/-1/", "/nothing/"):
        response = testapp.get(path, status=404)
        assert "Not found" in response.text
