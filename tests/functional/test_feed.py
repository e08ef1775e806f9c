"""``/feed.atom``: valid Atom, absolute links from the configured base URL
only, and cheap polling with ETag / Last-Modified."""

from __future__ import annotations

from datetime import UTC, datetime

import feedparser
import pytest
import webtest

from scratchpad import main
from tests.support.factories import add_comments

BASE = "https://comments.example.org"


@pytest.fixture
def feedapp(app_settings):
    app = main({}, **{**app_settings, "scratchpad.base_url": BASE + "/"})
    yield webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    app.registry["dbengine"].dispose()


def parse(response):
    feed = feedparser.parse(response.body)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_feed_has_the_newest_50_comments_with_authors(
    feedapp, dbsession, tm, make_user
):
    make_user("bob")
    posted = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    add_comments(dbsession, tm, 10, posted=posted, first=0)
    ids = add_comments(dbsession, tm, 50, username="bob", posted=posted, first=0)
    response = feedapp.get("/feed.atom", status=200)
    assert response.content_type == "application/atom+xml"
    feed = parse(response)
    assert len(feed.entries) == 50
    newest = feed.entries[0]
    assert newest.id == f"{BASE}/comments/{ids[-1]}/"
    assert newest.link == f"{BASE}/comments/{ids[-1]}/"
    assert newest.author == "bob"
    assert newest.content[0].value == "comment 49"
    assert newest.published == "2024-05-01T12:00:00Z"
    assert feed.feed.link == f"{BASE}/"


def test_a_comment_without_commenter_or_time_is_anonymous(feedapp, dbsession, tm):
    add_comments(dbsession, tm, 1, first=0, posted=None)
    [entry] = parse(feedapp.get("/feed.atom")).entries
    assert entry.author == "anonymous"
    assert entry.updated.startswith("1970-01-01")


def test_text_that_xml_cannot_hold_still_gives_a_valid_feed(feedapp, dbsession, tm):
    from sqlalchemy import update

    from scratchpad.models import Comment

    add_comments(dbsession, tm, 1, first=0, posted=None)
    dbsession.execute(update(Comment).values(content="bell \x07 <b>&amp;</b>"))
    tm.commit()
    tm.begin()
    [entry] = parse(feedapp.get("/feed.atom")).entries
    assert entry.content[0].value == "bell \ufffd <b>&amp;</b>"


def test_links_never_come_from_the_host_headers(feedapp, dbsession, tm):
    add_comments(dbsession, tm, 2, first=0, posted=None)
    response = feedapp.get(
        "/feed.atom",
        headers={"Host": "evil.example", "X-Forwarded-Host": "evil2.example"},
    )
    assert b"evil" not in response.body
    assert all(e.link.startswith(BASE + "/") for e in parse(response).entries)


def test_unchanged_feed_is_a_304(feedapp, dbsession, tm):
    add_comments(dbsession, tm, 3, posted=datetime(2024, 5, 1, tzinfo=UTC), first=0)
    first = feedapp.get("/feed.atom", status=200)
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"] == "Wed, 01 May 2024 00:00:00 GMT"
    feedapp.get("/feed.atom", headers={"If-None-Match": etag}, status=304)
    feedapp.get(
        "/feed.atom",
        headers={"If-Modified-Since": first.headers["Last-Modified"]},
        status=304,
    )
    add_comments(dbsession, tm, 1, posted=datetime(2024, 6, 1, tzinfo=UTC), first=0)
    second = feedapp.get("/feed.atom", headers={"If-None-Match": etag}, status=200)
    assert second.headers["ETag"] != etag
    assert len(parse(second).entries) == 4


def test_without_a_base_url_there_is_no_feed(testapp):
    response = testapp.get("/feed.atom", status=404)
    assert "scratchpad.base_url" in response.text


def test_feed_is_one_query(feedapp, dbsession, tm):
    from sqlalchemy import event

    add_comments(dbsession, tm, 20, first=0, posted=None)
    statements = []
    engine = feedapp.app.registry["dbengine"]

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    first = feedapp.get("/feed.atom", status=200)
    assert len([s for s in statements if "SELECT" in s.upper()]) == 1
    # Kept by the process: then only the state is read, for a 304 as well.
    statements.clear()
    again = feedapp.get("/feed.atom", status=200)
    assert again.body == first.body and again.headers["ETag"] == first.headers["ETag"]
    assert len(statements) == 1 and "JOIN" not in statements[0], statements
    statements.clear()
    etag = first.headers["ETag"]
    feedapp.get("/feed.atom", headers={"If-None-Match": etag}, status=304)
    assert len(statements) == 1 and "JOIN" not in statements[0], statements
    event.remove(engine, "before_cursor_execute", record)


def test_a_kept_feed_is_renewed_by_an_edit(feedapp, dbsession, tm):
    from sqlalchemy import update

    from scratchpad.models import Comment, note_comments_changed

    add_comments(dbsession, tm, 2, first=0, posted=None)
    etag = feedapp.get("/feed.atom").headers["ETag"]
    dbsession.execute(update(Comment).values(content="changed words"))
    note_comments_changed(dbsession)
    tm.commit()
    tm.begin()
    response = feedapp.get("/feed.atom", headers={"If-None-Match": etag}, status=200)
    assert response.headers["ETag"] != etag
    assert b"changed words" in response.body


def test_a_removed_comment_keeps_its_place_without_its_text(feedapp, dbsession, tm):
    from sqlalchemy import update

    from scratchpad.models import Comment, utcnow

    add_comments(dbsession, tm, 1, first=0, posted=None)
    dbsession.execute(update(Comment).values(content="spam", removed=utcnow()))
    tm.commit()
    tm.begin()
    response = feedapp.get("/feed.atom")
    [entry] = parse(response).entries
    assert entry.content[0].value == "This comment was removed by a moderator."
    assert b"spam" not in response.body


def test_pages_link_to_the_feed_only_when_there_is_one(feedapp, testapp):
    link = feedapp.get("/").html.find("link", rel="alternate")
    assert link["type"] == "application/atom+xml"
    assert link["href"] == "/feed.atom"
    feedapp.get(link["href"], status=200)
    assert testapp.get("/").html.find("link", rel="alternate") is None
