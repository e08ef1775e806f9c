"""``/users/<name>/``: that user's comments only, in keyset pages like the
front page, with the front page's ETag; unknown users and bad cursors are
4xx."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from scratchpad.models import User
from tests.support.factories import add_comments

PAGE = 5


@pytest.fixture
def app_settings(app_settings):
    return {**app_settings, "scratchpad.page_size": str(PAGE)}


def shown(page) -> list[int]:
    return [int(n) for n in re.findall(r">comment (\d+)<", page.text)]


def link(page, rel: str) -> str | None:
    match = re.search(rf'<a rel="{rel}" href="([^"]+)"', page.text)
    return match.group(1).replace("&amp;", "&") if match else None


@pytest.fixture
def two_users(make_user, dbsession, tm) -> None:
    """alice wrote comments 1-7 and 15-19, bob 8-14: ids interleave."""
    ids = {}
    for name in ("alice", "bob"):
        make_user(name, f"{name}-password")
        ids[name] = dbsession.scalar(select(User.id).where(User.username == name))
    add_comments(dbsession, tm, 7, ids["alice"], first=1)
    add_comments(dbsession, tm, 7, ids["bob"], first=8)
    add_comments(dbsession, tm, 5, ids["alice"], first=15)


def test_pages_walk_only_that_users_comments(testapp, two_users):
    page = testapp.get("/users/alice/")
    assert page.html.h1.text == "Comments by alice"
    assert shown(page) == [15, 16, 17, 18, 19]
    assert link(page, "next") is None
    older = testapp.get(link(page, "prev"))
    assert shown(older) == [3, 4, 5, 6, 7]
    oldest = testapp.get(link(older, "prev"))
    assert shown(oldest) == [1, 2]
    assert link(oldest, "prev") is None
    assert shown(testapp.get(link(oldest, "next"))) == [3, 4, 5, 6, 7]
    assert shown(testapp.get("/users/bob/")) == [10, 11, 12, 13, 14]


def test_commenter_names_link_to_their_page(testapp, two_users):
    links = testapp.get("/?before=16").html.select("a.commenter")
    assert {a["href"] for a in links} == {"/users/alice/", "/users/bob/"}


def test_user_with_no_comments(testapp, make_user):
    make_user("carol", "carol-password")
    page = testapp.get("/users/carol/")
    assert "No comments yet." in page.text
    assert link(page, "prev") is None and link(page, "next") is None


@pytest.mark.parametrize(
    "path, status",
    [
        ("/users/nobody/", 404),
        ("/users/" + "x" * 200 + "/", 404),
        ("/users/alice/?before=x", 400),
        ("/users/alice/?before=1&before=2", 400),
        ("/users/alice/?after=99999999999", 400),
    ],
)
def test_bad_requests(testapp, two_users, path, status):
    testapp.get(path, status=status)


def test_anonymous_page_is_two_statements(testapp, two_users, statements):
    """The user, the page state and (unless the shared list of comments is
    kept and current) the page."""
    page = testapp.get("/users/alice/?before=15")
    assert "by alice" in page.text
    assert len(statements) <= 3, statements
    statements.clear()
    again = testapp.get("/users/alice/?before=15")
    assert again.text == page.text
    assert len(statements) == 2, statements


def test_a_users_page_has_an_etag_and_answers_304(
    testapp, two_users, statements, dbsession, tm
):
    page = testapp.get("/users/bob/")
    etag = page.headers["ETag"]
    assert page.headers["Cache-Control"] == "public, no-cache"
    statements.clear()
    testapp.get("/users/bob/", headers={"If-None-Match": etag}, status=304)
    assert len(statements) == 2, statements  # the user, the page state
    # Anyone's new comment (even alice's) changes it: the ETag is the site's.
    alice = dbsession.scalar(select(User.id).where(User.username == "alice"))
    add_comments(dbsession, tm, 1, alice, first=20)
    fresh = testapp.get("/users/bob/", headers={"If-None-Match": etag}, status=200)
    assert fresh.headers["ETag"] != etag


def test_a_users_page_seen_logged_in_is_private(testapp, two_users):
    testapp.login("alice", "alice-password")
    page = testapp.get("/users/bob/")
    assert page.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in page.headers
    assert 'class="nav-user">alice' in page.text
