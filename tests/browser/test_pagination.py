"""Older and newer pages of comments: following the links, on a phone too."""

from __future__ import annotations

import re

from playwright.sync_api import expect

PAGE_SIZE = 50  # scratchpad.page_size's default
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True}
LONG = "an-unbroken-word-that-is-far-too-long-for-a-phone-screen" * 4


def seed(live_server, count: int) -> None:
    for number in range(1, count + 1):
        live_server.add_comment(f"Comment {number}: {LONG}")


def test_a_reader_goes_to_older_comments_and_back(new_site, live_server, javascript):
    seed(live_server, PAGE_SIZE + 3)
    site = new_site(javascript=javascript, **PHONE)
    site.open("/")
    expect(site.comments).to_have_count(PAGE_SIZE)
    expect(site.comments.last).to_contain_text(f"Comment {PAGE_SIZE + 3}:")
    expect(site.main.get_by_role("link", name="Newer comments")).to_have_count(0)
    older = site.main.get_by_role("navigation", name="Older comments")
    expect(older).to_have_count(1)
    assert not site.has_horizontal_scroll()
    site.assert_accessible()
    site.screenshot("1-newest")

    with site.page.expect_navigation():
        older.get_by_role("link", name="Older comments").click()
    expect(site.page).to_have_url(re.compile(r"/\?before=\d+$"))
    expect(site.comments).to_have_count(3)
    expect(site.comments.first).to_contain_text("Comment 1:")
    expect(site.main.get_by_role("link", name="Older comments")).to_have_count(0)
    assert not site.has_horizontal_scroll()
    site.assert_accessible()
    site.screenshot("2-older")

    with site.page.expect_navigation():
        site.main.get_by_role("link", name="Newer comments").click()
    expect(site.page).to_have_url(re.compile(r"/\?after=\d+$"))
    expect(site.comments.first).to_contain_text("Comment 4:")
    expect(site.comments.last).to_contain_text(f"Comment {PAGE_SIZE + 3}:")
    assert not site.has_horizontal_scroll()
    site.assert_accessible()
    site.screenshot("3-newer")
