"""OUT-01: comment text and usernames are escaped when shown; template
syntax in a comment is not evaluated."""

from __future__ import annotations

import pytest

ATTACKS = [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ('"><img src=x onerror=alert(1)>', "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"),
    ("{{7*7}}", "{{7*7}}"),
]


@pytest.mark.parametrize(("attack", "shown"), ATTACKS)
def test_comment_is_shown_as_text(testapp, make_user, count_rows, attack, shown):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    before = count_rows()
    testapp.post_comment(attack)
    assert count_rows() == before + 1
    page = testapp.get("/").text
    assert shown in page
    assert attack not in page or attack == shown
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    if attack == "{{7*7}}":
        assert ">49<" not in page


def test_username_with_html_is_escaped(testapp, make_user):
    name = "<b>bold</b>&co"
    make_user(name, "alice-password")
    testapp.login(name, "alice-password")
    testapp.post_comment("hello")
    page = testapp.get("/").text
    assert "&lt;b&gt;bold&lt;/b&gt;&amp;co" in page
    assert "<b>bold</b>" not in page
