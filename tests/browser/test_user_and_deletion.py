"""A user's own page, and deleting an account, in a real browser with
scripts on and off, each state checked with axe."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from scratchpad.models import Comment, User

from .pages import ADMIN, ADMIN_PASSWORD


def test_commenter_name_leads_to_their_page(site, live_server):
    live_server.add_user("carol", "carol-password-1")
    live_server.add_comment("Carol was here", username="carol")
    live_server.add_comment("The admin too")
    site.open("/")
    with site.page.expect_navigation():
        site.comments.filter(has_text="Carol was here").get_by_role(
            "link", name=re.compile("carol")
        ).click()
    expect(site.page).to_have_url(live_server.url + "/users/carol/")
    expect(site.comments).to_have_count(1)
    expect(site.comments.first).to_contain_text("Carol was here")
    site.screenshot("user-page")
    site.assert_accessible()


def test_deleting_an_account_keeps_its_comments_as_anonymous(site, live_server):
    live_server.add_user("dora", "dora-password-1")
    live_server.add_comment("Dora's words stay", username="dora")
    site.open("/")
    site.login("dora", "dora-password-1")
    site.open("/account/")
    site.main.locator("#delete_password").fill("dora-password-1")
    site.submit("Delete my account")
    expect(site.nav.get_by_role("link", name="Log in")).to_be_visible()
    assert live_server.count(User) == 1  # only the admin is left
    assert live_server.count(Comment) == 1  # and her comment is kept
    kept = site.comments.filter(has_text="Dora's words stay")
    expect(kept).to_contain_text("by anonymous")
    site.screenshot("account-deleted")
    site.assert_accessible()
    site.login("dora", "dora-password-1")
    expect(site.main).to_contain_text("Incorrect username or password")


def test_deleting_needs_the_right_password(site, live_server):
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    site.open("/account/")
    site.main.locator("#delete_password").fill("not my password")
    site.submit("Delete my account")
    expect(site.main.locator("#delete-error")).to_be_visible()
    assert live_server.count(User) == 1
    site.assert_accessible()
