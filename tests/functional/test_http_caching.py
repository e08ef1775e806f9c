"""HTTP caching: ETags that change with the data, 304s, private personal
pages, and content-hashed static files kept for a year."""

from __future__ import annotations

import re

import pytest
import webtest
from sqlalchemy import delete, select, update

from scratchpad.models import Comment, CommentChanges, User, note_comments_changed
from tests.support.client import client
from tests.support.factories import add_comments


def test_shared_page_has_an_etag_and_must_be_revalidated(testapp, dbsession, tm):
    add_comments(dbsession, tm, 3)
    page = testapp.get("/")
    assert page.headers["Cache-Control"] == "public, no-cache"
    assert page.headers["Vary"] == "Cookie"
    assert page.headers["ETag"].startswith('"')
    assert "Set-Cookie" not in page.headers


def test_matching_conditional_get_is_a_304_without_a_body(testapp, dbsession, tm):
    add_comments(dbsession, tm, 3)
    etag = testapp.get("/").headers["ETag"]
    response = testapp.get("/", headers={"If-None-Match": etag}, status=304)
    assert response.body == b""
    assert response.headers["ETag"] == etag
    assert response.headers["Cache-Control"] == "public, no-cache"
    other = testapp.get("/", headers={"If-None-Match": '"stale"'}, status=200)
    assert "comment 3" in other.text


def test_a_new_comment_changes_the_etag(testapp, dbsession, tm):
    add_comments(dbsession, tm, 3)
    etag = testapp.get("/").headers["ETag"]
    add_comments(dbsession, tm, 1, first=4)
    page = testapp.get("/", headers={"If-None-Match": etag}, status=200)
    assert "comment 4" in page.text
    assert page.headers["ETag"] != etag


def test_an_edit_that_notes_the_change_changes_the_etag(testapp, dbsession, tm):
    add_comments(dbsession, tm, 3)
    etag = testapp.get("/").headers["ETag"]
    dbsession.execute(update(Comment).where(Comment.id == 2).values(content="edited"))
    note_comments_changed(dbsession)
    tm.commit()
    page = testapp.get("/", headers={"If-None-Match": etag}, status=200)
    assert "edited" in page.text
    assert page.headers["ETag"] != etag


def test_deleting_the_newest_comment_then_posting_does_not_reuse_an_etag(
    testapp, dbsession, tm
):
    add_comments(dbsession, tm, 3)
    etag = testapp.get("/").headers["ETag"]
    dbsession.execute(delete(Comment).where(Comment.id == 3))
    note_comments_changed(dbsession)
    tm.commit()
    tm.begin()
    testapp.get("/", headers={"If-None-Match": etag}, status=200)


def test_pages_have_their_own_etags_and_304s(testapp, dbsession, tm):
    add_comments(dbsession, tm, 60)
    older = testapp.get("/?before=11")
    testapp.get(
        "/?before=11", headers={"If-None-Match": older.headers["ETag"]}, status=304
    )


def test_logged_in_page_is_private_and_never_a_304(testapp, make_user):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    page = testapp.get("/")
    assert page.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in page.headers
    testapp.get("/", headers={"If-None-Match": "*"}, status=200)


def test_a_visitor_with_a_session_gets_a_private_page(testapp):
    testapp.get("/login/")  # a session (CSRF token) begins
    page = testapp.get("/")
    assert page.headers["Cache-Control"] == "private, no-store"


def test_a_refused_post_is_not_cacheable(testapp, make_user, count_rows):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    page = testapp.post_comment("", status=400)
    assert "public" not in page.headers.get("Cache-Control", "")
    assert count_rows() == 0


def test_change_marker_counts_in_the_callers_transaction(app, dbsession, tm):
    def counter() -> int:
        tm.abort()
        tm.begin()
        return dbsession.scalar(select(CommentChanges.counter))

    start = counter()
    note_comments_changed(dbsession)
    note_comments_changed(dbsession)
    tm.commit()
    tm.begin()
    assert counter() == start + 2
    note_comments_changed(dbsession)
    tm.abort()  # an edit that failed leaves no trace
    tm.begin()
    assert counter() == start + 2


def static_urls(page) -> list[str]:
    return re.findall(r'href="(/static/[^"]+)"', page.text)


def test_static_urls_carry_a_content_hash(testapp):
    urls = static_urls(testapp.get("/"))
    assert urls
    for url in urls:
        assert re.fullmatch(r"/static/[\w.-]+\?x=[0-9a-f]{16}", url), url


def test_cache_busted_static_files_are_immutable_for_a_year(testapp):
    for url in static_urls(testapp.get("/")):
        response = testapp.get(url, status=200)
        assert response.headers["Cache-Control"] == (
            "public, max-age=31536000, immutable"
        )


def test_static_files_without_a_hash_are_kept_an_hour_only(testapp):
    response = testapp.get("/static/site.css", status=200)
    assert "immutable" not in response.headers["Cache-Control"]
    assert "max-age=3600" in response.headers["Cache-Control"]


def test_missing_static_file_is_a_404_and_not_immutable(testapp):
    response = testapp.get("/static/nothing.css?x=0", status=404)
    assert "immutable" not in response.headers.get("Cache-Control", "")


def test_a_stored_page_is_served_again_after_one_cheap_statement(
    testapp, dbsession, tm, statements
):
    add_comments(dbsession, tm, 3)
    first = testapp.get("/")
    statements.clear()
    again = testapp.get("/")
    assert again.body == first.body
    assert again.headers["ETag"] == first.headers["ETag"]
    assert len(statements) == 1 and "JOIN" not in statements[0]


def test_a_stored_page_is_never_served_after_a_change(testapp, dbsession, tm):
    add_comments(dbsession, tm, 3)
    assert "comment 2" in testapp.get("/").text
    dbsession.execute(update(Comment).where(Comment.id == 2).values(content="edited"))
    note_comments_changed(dbsession)
    tm.commit()
    tm.begin()
    assert "edited" in testapp.get("/").text
    add_comments(dbsession, tm, 1, first=4)
    assert "comment 4" in testapp.get("/").text


def test_each_process_checks_the_database_not_its_neighbours(
    app_settings, dbsession, tm
):
    """Two app instances on one database: a change made through one is seen
    by the other, whose stored copy of the page is then stale."""

    from scratchpad import main

    add_comments(dbsession, tm, 3)
    apps = [main({}, **app_settings) for _ in range(2)]
    first, second = (webtest.TestApp(app) for app in apps)
    assert "comment 3" in first.get("/").text and "comment 3" in second.get("/").text
    add_comments(dbsession, tm, 1, first=4)
    assert "comment 4" in second.get("/").text
    assert "comment 4" in first.get("/").text
    for app in apps:
        app.registry["dbengine"].dispose()


def test_page_cache_can_be_turned_off(app_settings, dbsession, tm):

    from scratchpad import main

    add_comments(dbsession, tm, 3)
    app = main({}, **{**app_settings, "scratchpad.page_cache_bytes": "0"})
    testapp = webtest.TestApp(app)
    testapp.get("/")
    testapp.get("/")
    assert len(app.registry.scratchpad_page_cache) == 0
    app.registry["dbengine"].dispose()


@pytest.fixture
def alice_posted(testapp, make_user, dbsession):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    testapp.post_comment("first words")
    return dbsession.scalar(select(Comment.id))


def test_editing_through_the_site_changes_the_shared_page(app, testapp, alice_posted):
    visitor = client(app)
    etag = visitor.get("/").headers["ETag"]
    token = testapp.get_csrf_token(f"/comments/{alice_posted}/edit/")
    testapp.post(
        f"/comments/{alice_posted}/edit/",
        {"contents": "better words", "csrf_token": token},
        status=303,
    )
    page = visitor.get("/", headers={"If-None-Match": etag}, status=200)
    assert "better words" in page.text and "first words" not in page.text


def test_deleting_through_the_site_changes_the_shared_page(app, testapp, alice_posted):
    testapp.post_comment("later words")  # the newest id stays the same
    visitor = client(app)
    assert "first words" in visitor.get("/").text
    token = testapp.get_csrf_token(f"/comments/{alice_posted}/delete/")
    testapp.post(f"/comments/{alice_posted}/delete/", {"csrf_token": token}, status=303)
    assert "first words" not in visitor.get("/").text


def test_removing_as_moderator_changes_the_shared_page(
    app, testapp, alice_posted, dbsession, tm
):
    dbsession.execute(update(User).values(is_admin=True))
    tm.commit()
    tm.begin()
    visitor = client(app)
    assert "first words" in visitor.get("/").text
    token = testapp.get_csrf_token(f"/comments/{alice_posted}/remove/")
    testapp.post(f"/comments/{alice_posted}/remove/", {"csrf_token": token}, status=303)
    page = visitor.get("/").text
    assert "first words" not in page and "removed by a moderator" in page


def test_stored_pages_are_kept_per_url(app, testapp, dbsession, tm):
    """A page may link back to its own URL, so each URL has its own copy."""
    add_comments(dbsession, tm, 8)
    testapp.get("/?before=6")
    testapp.get("/?before=6&from=feed")
    kept = app.registry.scratchpad_page_cache.kept_keys()
    assert [key for key in kept if key[0] == "/"] == [
        "/?before=6",
        "/?before=6&from=feed",
    ]
    # The list of comments in them is one and the same.
    assert len([key for key in kept if key.startswith("list|")]) == 1
