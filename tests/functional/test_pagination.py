"""Keyset pages: newest first page, stable cursor URLs, every comment
reachable, and bad cursors refused without a 500."""

from __future__ import annotations

import re

import pytest

from scratchpad import main
from tests.support.factories import add_comments

PAGE = 5


@pytest.fixture
def app_settings(app_settings):
    return {**app_settings, "scratchpad.page_size": str(PAGE)}


def shown(page) -> list[int]:
    """The comment numbers on a page, top to bottom."""
    return [int(n) for n in re.findall(r">comment (\d+)<", page.text)]


def link(page, rel: str) -> str | None:
    match = re.search(rf'<a rel="{rel}" href="([^"]+)"', page.text)
    return match.group(1).replace("&amp;", "&") if match else None


def test_front_page_shows_the_newest_page_oldest_first(testapp, dbsession, tm):
    add_comments(dbsession, tm, 12)
    page = testapp.get("/")
    assert shown(page) == [8, 9, 10, 11, 12]
    assert link(page, "prev") == "/?before=8"
    assert link(page, "next") is None


def test_page_size_is_a_setting(app_settings, dbsession, tm):
    import webtest

    add_comments(dbsession, tm, 12)
    app = main({}, **{**app_settings, "scratchpad.page_size": "3"})
    assert shown(webtest.TestApp(app).get("/")) == [10, 11, 12]
    app.registry["dbengine"].dispose()


def test_following_older_links_reaches_every_comment_once(testapp, dbsession, tm):
    add_comments(dbsession, tm, 23)
    seen: list[int] = []
    url: str | None = "/"
    for _ in range(10):  # 23 comments are 5 pages
        if url is None:
            break
        page = testapp.get(url)
        seen = shown(page) + seen
        url = link(page, "prev")
    assert seen == list(range(1, 24))


def test_following_newer_links_comes_back_to_the_newest(testapp, dbsession, tm):
    add_comments(dbsession, tm, 23)
    page = testapp.get("/?before=2")
    assert shown(page) == [1]
    assert link(page, "prev") is None
    seen = shown(page)
    for _ in range(10):
        url = link(page, "next")
        if url is None:
            break
        page = testapp.get(url)
        seen += shown(page)
    assert seen == list(range(1, 24))


def test_a_cursor_url_keeps_its_comments_when_new_ones_arrive(testapp, dbsession, tm):
    add_comments(dbsession, tm, 12)
    older = testapp.get("/?before=8")
    assert shown(older) == [3, 4, 5, 6, 7]
    add_comments(dbsession, tm, 4, first=13)
    assert shown(testapp.get("/?before=8")) == [3, 4, 5, 6, 7]
    assert shown(testapp.get("/")) == [12, 13, 14, 15, 16]


def test_no_comments_at_all(testapp):
    page = testapp.get("/")
    assert "No comments yet." in page.text
    assert link(page, "prev") is None and link(page, "next") is None


@pytest.mark.parametrize(
    ("query", "expected", "prev", "next"),
    [
        ("after=999", [], "/?before=13", None),  # past the newest
        ("before=1", [], None, "/?after=0"),  # before the oldest
        ("before=0", [], None, "/?after=0"),
        ("after=0", [1, 2, 3, 4, 5], None, "/?after=5"),
        ("before=2147483647", [8, 9, 10, 11, 12], "/?before=8", None),
        ("after=2147483647", [], "/?before=13", None),
    ],
)
def test_cursors_past_either_end_lead_back(
    testapp, dbsession, tm, query, expected, prev, next
):
    add_comments(dbsession, tm, 12)
    page = testapp.get(f"/?{query}", status=200)
    assert shown(page) == expected
    assert link(page, "prev") == prev
    assert link(page, "next") == next


@pytest.mark.parametrize(
    "query",
    [
        "before=abc",
        "before=-1",
        "after=1.5",
        "before=",
        "after=%20",
        "before=2147483648",
        "after=9223372036854775808",
        "before=" + "9" * 400,
        "before=%D9%A3",  # an Arabic-Indic digit three: not ASCII
        "before=3&after=1",
        "before=3&before=4",
    ],
)
def test_bad_cursor_is_a_400(testapp, dbsession, tm, query, count_rows):
    add_comments(dbsession, tm, 3)
    page = testapp.get(f"/?{query}", status=400)
    assert "Bad request" in page.text
    assert "Traceback" not in page.text
    assert count_rows() == 3


def test_unrelated_query_parameters_are_ignored(testapp, dbsession, tm):
    add_comments(dbsession, tm, 3)
    assert shown(testapp.get("/?utm_source=x")) == [1, 2, 3]
