"""Committed comments in bulk for the listing tests (one multi-row INSERT)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert
from zope.sqlalchemy import mark_changed

from scratchpad.models import Comment

START = datetime(2024, 1, 1, tzinfo=UTC)


def add_comments(
    dbsession, tm, count: int, commenter_id: int | None = None, first: int = 1
) -> None:
    """Commit comments "comment <first>" … in id order, a minute apart."""
    rows = [
        {
            "content": f"comment {n}",
            "posted": START + timedelta(minutes=n),
            "commenter_id": commenter_id,
        }
        for n in range(first, first + count)
    ]
    for start in range(0, len(rows), 500):
        dbsession.execute(insert(Comment), rows[start : start + 500])
    mark_changed(dbsession)
    tm.commit()
    tm.begin()
