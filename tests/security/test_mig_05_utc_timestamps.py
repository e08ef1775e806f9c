"""MIG-05: timestamps are stored as naive UTC and read back as the same
instant on every backend, and shown with ``scratchpad.date_format`` and an
ISO-8601 ``<time datetime>`` with its offset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import select, text

from scratchpad.models import Comment

INSTANT = datetime(2024, 3, 31, 1, 30, tzinfo=UTC)  # Europe's DST switch


def test_an_instant_comes_back_as_the_same_instant(testapp, dbsession, tm):
    paris = timezone(timedelta(hours=2))
    dbsession.add(Comment(content="utc", posted=INSTANT))
    dbsession.add(
        Comment(content="paris", posted=datetime(2024, 7, 1, 14, 0, tzinfo=paris))
    )
    tm.commit()
    tm.begin()

    posted = dict(dbsession.execute(select(Comment.content, Comment.posted)).all())
    assert posted["utc"] == INSTANT
    assert posted["paris"] == datetime(2024, 7, 1, 12, 0, tzinfo=UTC)
    raw = dbsession.execute(
        text("SELECT posted FROM comments WHERE content = 'paris'")
    ).scalar()
    assert str(raw).startswith("2024-07-01 12:00:00")  # naive UTC in the table

    page = testapp.get("/").text
    assert '<time datetime="2024-03-31T01:30:00+00:00">' in page
    assert "Sunday, 31 March 2024 at 01:30" in page
    assert '<time datetime="2024-07-01T12:00:00+00:00">' in page
