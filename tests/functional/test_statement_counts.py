"""SQL statements per page do not grow with the number of comments.

Anonymous pages: 1 statement (the page, commenters joined, ids and change
marker riding along). Logged in: at most 2 more (the login, the page state,
then the page unless its shared list of comments is kept and current). A
matching conditional GET: 1 cheap statement. Counted at 10 and at 1,000
comments, each written by a different user so a query per commenter would
show.
"""

from __future__ import annotations

import pytest
from sqlalchemy import insert
from zope.sqlalchemy import mark_changed

from scratchpad.models import Comment, User
from tests.support.factories import START

PAGE_QUERIES = ["/", "/?before=6", "/?after=3"]


def add_comments_by_many_users(dbsession, tm, count: int) -> None:
    users = [{"username": f"user{n}", "password_hash": "x"} for n in range(count)]
    dbsession.execute(insert(User), users)
    ids = dbsession.scalars(User.__table__.select().with_only_columns(User.id))
    rows = [
        {"content": f"comment {n}", "posted": START, "commenter_id": user_id}
        for n, user_id in enumerate(ids)
    ]
    for start in range(0, len(rows), 500):
        dbsession.execute(insert(Comment), rows[start : start + 500])
    mark_changed(dbsession)
    tm.commit()
    tm.begin()


@pytest.fixture(params=[10, 1000], ids=["10-comments", "1000-comments"])
def comments(request, dbsession, tm) -> int:
    add_comments_by_many_users(dbsession, tm, request.param)
    return request.param


def selects(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith("SELECT")]


@pytest.mark.parametrize("path", PAGE_QUERIES)
def test_anonymous_page_is_one_statement(testapp, comments, statements, path):
    page = testapp.get(path, status=200)
    assert "by user" in page.text  # commenters came with the page
    assert len(statements) == 1, statements


@pytest.mark.parametrize("path", PAGE_QUERIES)
def test_logged_in_page_is_at_most_two_statements_more(
    testapp, comments, make_user, statements, path
):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    testapp.get("/")  # the flash message after logging in is shown and gone
    statements.clear()
    page = testapp.get(path, status=200)
    assert 'name="contents"' in page.text  # really logged in
    assert "by user" in page.text
    assert len(statements) <= 1 + 2, statements
    statements.clear()
    again = testapp.get(path, status=200)
    assert "by user" in again.text
    # The login and the page state: the list is shared and still current.
    assert len(statements) == 2, statements
    assert not any("JOIN users" in s and "comments" in s for s in statements[1:])


def test_matching_conditional_get_is_one_statement(testapp, comments, statements):
    etag = testapp.get("/").headers["ETag"]
    statements.clear()
    testapp.get("/", headers={"If-None-Match": etag}, status=304)
    assert len(statements) == 1, statements
    assert "FROM comments" in statements[0] and "JOIN" not in statements[0]


def test_page_query_starts_at_the_cursor_and_counts_nothing(
    testapp, comments, statements
):
    testapp.get("/?before=7")
    (query,) = statements
    assert "comments.id < " in query  # a keyset, not a skipped OFFSET
    assert "COUNT(" not in query.upper()
    assert "LIMIT" in query.upper()
