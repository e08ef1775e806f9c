"""IN-01: the server enforces the comment rules; a refused comment is a 400
page with the reason, and nothing is stored."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from scratchpad.models import Comment


@pytest.fixture
def author(testapp, make_user):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    return testapp


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "write something"),
        ("  \n\t", "write something"),
        ("a" * 4097, "at most 4096"),
    ],
)
def test_bad_comments_are_refused(author, count_rows, text, reason):
    before = count_rows()
    page = author.post_comment(text, status=400)
    assert reason in page.text
    assert count_rows() == before


def test_control_characters_are_refused(author, count_rows):
    before = count_rows()
    page = author.post_comment("\x00x", status=400)
    assert page.status_int == 400
    assert count_rows() == before


@pytest.mark.parametrize("text", ["a" * 4096, "Grüße 👋🏽 from 東京\n\tindented"])
def test_good_comments_are_stored_exactly(author, dbsession, tm, text):
    author.post_comment(text)
    tm.abort()
    tm.begin()
    assert dbsession.scalars(select(Comment.content)).all() == [text]
