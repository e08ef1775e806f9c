"""A comment's own page: following its permalink, editing and deleting it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from scratchpad.models import Comment

from .pages import ADMIN, ADMIN_PASSWORD

ALICE, ALICE_PASSWORD = "alice", "alice's browser password"


def test_an_author_edits_then_deletes_their_comment(site, live_server):
    live_server.add_user(ALICE, ALICE_PASSWORD)
    site.open("/")
    site.login(ALICE, ALICE_PASSWORD)
    site.post_comment("First draft")

    site.open_comment()
    expect(site.page).to_have_url(re.compile(r"/comments/\d+/$"))
    expect(site.page).to_have_title("Scratchpad: alice: “First draft”")
    expect(site.comments).to_have_count(1)
    expect(site.main.get_by_role("link", name="Remove as moderator")).to_have_count(0)
    until = site.main.locator("p", has_text="You can edit this comment until")
    if site.javascript:  # the edit deadline, in local time like every time
        expect(until.locator("time")).to_have_attribute("data-local", "")
    else:
        expect(until.locator("time")).not_to_have_attribute("data-local", "")
    expect(until.locator("time")).to_have_text(re.compile(r"\d\d:\d\d UTC$"))
    site.screenshot("1-comment-page")

    site.edit_comment("Second draft")
    expect(site.flash).to_have_text("Comment updated.")
    expect(site.comments.first.locator(".comment-content")).to_have_text("Second draft")
    expect(site.comments.first.locator(".comment-edited")).to_be_visible()
    site.screenshot("2-edited")

    site.delete_comment()
    expect(site.page).to_have_url(live_server.url + "/")
    expect(site.flash).to_have_text("Comment deleted.")
    expect(site.comments).to_have_count(0)
    assert live_server.count(Comment) == 0
    site.screenshot("3-deleted")


def test_a_refused_edit_keeps_the_text_and_focuses_the_box(site, live_server):
    live_server.add_user(ALICE, ALICE_PASSWORD)
    site.open("/")
    site.login(ALICE, ALICE_PASSWORD)
    site.post_comment("Short")
    site.open_comment()
    too_long = "y" * 4_097
    site.edit_comment(too_long)

    expect(site.page.locator("#contents-error")).to_contain_text("at most 4096")
    expect(site.comment_box).to_have_value(too_long)
    expect(site.comment_box).to_have_attribute("aria-invalid", "true")
    expect(site.comment_box).to_be_focused()
    site.assert_accessible()
    site.screenshot("edit-error")

    site.open("/")
    expect(site.comments.first.locator(".comment-content")).to_have_text("Short")


def test_other_people_see_no_edit_or_delete(site, live_server):
    live_server.add_comment("The admin's comment")
    live_server.add_user(ALICE, ALICE_PASSWORD)
    site.open("/")
    site.login(ALICE, ALICE_PASSWORD)
    site.open_comment()
    expect(site.main.locator(".comment-actions")).to_have_count(0)
    site.open(site.page.url.removeprefix(site.base_url) + "edit/")
    expect(site.page).to_have_title("Scratchpad: forbidden")
    site.assert_accessible()


def test_a_moderator_removes_someone_elses_comment(site, live_server):
    live_server.add_user(ALICE, ALICE_PASSWORD)
    live_server.add_comment("Spam, spam, spam", username=ALICE)
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    site.open_comment()
    expect(site.main.get_by_role("link", name="Edit")).to_have_count(0)
    site.main.get_by_role("link", name="Remove as moderator").click()
    expect(site.page).to_have_title("Scratchpad: remove a comment")
    site.submit("Remove comment")
    expect(site.flash).to_have_text("Comment removed.")
    expect(site.comments.first).to_contain_text("removed by a moderator")
    expect(site.comments.first).not_to_contain_text("Spam")
    assert live_server.count(Comment) == 1  # the row stays, marked
    site.assert_accessible()
    site.screenshot("removed")
