"""The site on a phone: 375 px wide, no sideways scrolling, form usable."""

from __future__ import annotations

from playwright.sync_api import expect

from .pages import ADMIN, ADMIN_PASSWORD

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True}


def test_a_phone_reader_can_log_in_and_post(new_site, javascript):
    site = new_site(javascript=javascript, **PHONE)
    site.open("/")
    assert not site.has_horizontal_scroll()
    site.login(ADMIN, ADMIN_PASSWORD)
    site.post_comment("From a phone: " + "a-long-unbroken-word" * 10)
    expect(site.flash).to_have_text("Comment posted.")
    expect(site.comments).to_have_count(1)
    assert not site.has_horizontal_scroll()

    box = site.comment_box.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert box["width"] >= 300  # the box uses the width there is
    button = site.main.get_by_role("button", name="Post comment")
    expect(button).to_be_visible()
    button_box = button.bounding_box()
    assert button_box["height"] >= 24 and button_box["x"] + button_box["width"] <= 375
    site.screenshot("phone")
