"""OUT-02: user data never breaks out of an attribute or becomes a link."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("name", ["javascript:alert(1)", '" onmouseover="x'])
def test_hostile_usernames_stay_text(testapp, make_user, count_rows, name):
    make_user(name, "alice-password")
    testapp.login(name, "alice-password")
    before = count_rows()
    testapp.post_comment(f"posted by {name}")
    assert count_rows() == before + 1
    page = testapp.get("/").text
    assert 'href="javascript:' not in page
    assert '" onmouseover="x' not in page
    assert " onmouseover=" not in page.replace("&#34; onmouseover=&#34;x", "")


def test_comment_urls_are_not_turned_into_links(testapp, make_user):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    testapp.post_comment("javascript:alert(1) and https://example.com/")
    page = testapp.get("/").text
    assert 'href="javascript:' not in page
    assert 'href="https://example.com/' not in page
