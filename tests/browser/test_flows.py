"""The flows a person goes through, in a real browser, scripts on and off."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from scratchpad.models import Comment

from .pages import ADMIN, ADMIN_PASSWORD


def test_a_person_logs_in_posts_a_comment_and_logs_out(site, live_server):
    site.open("/")
    expect(site.page).to_have_title("Scratchpad: comments")
    expect(site.comment_box).to_have_count(0)
    expect(site.main).to_contain_text("No comments yet.")
    site.screenshot("1-logged-out")

    site.login(ADMIN, "not the password")
    expect(site.page).to_have_url(re.compile("/login/$"))
    expect(site.main.locator(".error")).to_contain_text(
        "Incorrect username or password"
    )
    expect(site.page.get_by_label("Username")).to_have_value(ADMIN)
    expect(site.page.get_by_label("Username")).to_be_focused()
    site.screenshot("2-wrong-password")

    site.page.get_by_label("Password").fill(ADMIN_PASSWORD)
    site.submit("Log in")
    expect(site.page).to_have_url(live_server.url + "/")
    expect(site.nav).to_contain_text(ADMIN)
    expect(site.comment_box).to_be_visible()

    before = datetime.now(UTC).replace(microsecond=0)
    site.post_comment("Hello from a real browser.\nSecond line.")
    expect(site.flash).to_have_text("Comment posted.")
    expect(site.comments).to_have_count(1)
    comment = site.comments.first
    expect(comment.locator(".comment-content")).to_have_text(
        "Hello from a real browser.\nSecond line."
    )
    expect(comment).to_contain_text(f"by {ADMIN}")
    posted = datetime.fromisoformat(comment.locator("time").get_attribute("datetime"))
    assert before <= posted <= datetime.now(UTC) + timedelta(seconds=1)
    expect(comment.locator("time")).not_to_be_empty()
    site.screenshot("3-posted")

    site.page.reload()  # the POST was answered with a redirect: no resubmission
    expect(site.comments).to_have_count(1)
    expect(site.flash).to_be_empty()
    assert live_server.count(Comment) == 1

    site.logout()
    expect(site.flash).to_have_text("Logged out.")
    expect(site.comment_box).to_have_count(0)
    expect(site.nav.get_by_role("link", name="Log in")).to_be_visible()
    expect(site.comments).to_have_count(1)
    site.screenshot("4-logged-out-again")


def test_a_refused_comment_keeps_its_text_and_says_what_to_do(site, live_server):
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    text = "Too long. " + "x" * 4_100
    site.post_comment(text)

    error = site.main.locator("#contents-error")
    expect(error).to_contain_text("at most 4096 characters")
    expect(error).to_contain_text("Shorten it and post again")
    expect(site.comment_box).to_have_value(text)
    expect(site.comment_box).to_have_attribute("aria-invalid", "true")
    expect(site.comment_box).to_have_attribute(
        "aria-describedby", re.compile(r"\bcontents-error\b")
    )
    expect(site.comment_box).to_be_focused()
    expect(site.comments).to_have_count(0)
    assert live_server.count(Comment) == 0
    site.screenshot("too-long")

    site.comment_box.fill(text[:4_096])
    site.submit("Post comment")
    expect(site.flash).to_have_text("Comment posted.")
    expect(site.comments).to_have_count(1)
    expect(site.comment_box).to_have_value("")
    assert live_server.count(Comment) == 1


def test_an_empty_comment_is_refused_with_a_message(site, live_server):
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    site.post_comment("   ")
    expect(site.main.locator("#contents-error")).to_contain_text(
        "Please write something"
    )
    expect(site.comment_box).to_be_focused()
    assert live_server.count(Comment) == 0


def test_logging_in_from_another_page_comes_back_to_it(site):
    site.open("/logout/")
    site.login(ADMIN, ADMIN_PASSWORD)
    expect(site.page).to_have_url(re.compile("/logout/$"))
    site.submit("Log out")
    expect(site.flash).to_have_text("Logged out.")
