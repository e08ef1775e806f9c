"""The admin pages in a real browser, scripts on and off: managing a user,
reports, held comments and removals, the audit log; each page axe-clean,
and without sideways scrolling at 1280 and 375 px."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from scratchpad import main
from scratchpad.models import Comment, Report, User
from tests.support import settings_for
from tests.support.live import LiveServer

from .pages import ADMIN, ADMIN_PASSWORD

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True}
WIDE = {"viewport": {"width": 1280, "height": 800}}


def open_admin(site, section: str) -> None:
    with site.page.expect_navigation():
        site.nav.get_by_role("link", name="Admin").click()
    expect(site.page).to_have_title("Scratchpad: admin")
    site.assert_accessible()
    with site.page.expect_navigation():
        site.page.get_by_role("navigation", name="Admin").get_by_role(
            "link", name=section
        ).click()


def test_an_admin_manages_a_user(site, live_server):
    live_server.add_user("carol", "carol-password-1")
    live_server.add_comment("Carol's words", username="carol")
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    open_admin(site, "Users")
    expect(site.main.locator("#users tbody tr")).to_have_count(2)
    site.main.get_by_label("Find users by name").fill("CAR")
    site.submit("Search")
    expect(site.main.locator("#users tbody tr")).to_have_count(1)
    site.assert_accessible()
    with site.page.expect_navigation():
        site.main.locator("#users").get_by_role("link", name="carol").click()
    expect(site.page).to_have_title("Scratchpad: user carol")
    site.assert_accessible()
    for button, message in (
        ("Disable", "carol is disabled."),
        ("Enable", "carol may log in again."),
        ("Make admin", "carol is now an admin."),
        ("Revoke admin", "carol is no longer an admin."),
    ):
        site.submit(button)
        expect(site.flash).to_have_text(message)
    site.assert_accessible()
    site.screenshot("user")
    site.main.get_by_label("Delete them too").check()
    site.submit("Delete user")
    expect(site.flash).to_contain_text("carol was deleted; 1 comment(s) removed")
    assert live_server.count(User) == 1 and live_server.count(Comment) == 0


def test_the_last_admin_is_told_why_they_cannot_step_down(site):
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    open_admin(site, "Users")
    with site.page.expect_navigation():
        site.main.locator("#users").get_by_role("link", name=ADMIN, exact=True).click()
    expect(site.main.locator("#last-admin")).to_be_visible()
    expect(site.main.get_by_role("button", name="Revoke admin")).to_have_count(0)
    expect(site.main.get_by_role("button", name="Disable")).to_have_count(0)
    expect(site.main.get_by_role("button", name="Delete user")).to_have_count(0)
    site.assert_accessible()


def test_a_report_is_handled_and_a_removal_undone(site, live_server):
    live_server.add_user("dora", "dora-password-1")
    live_server.add_comment("Buy cheap watches")
    site.open("/")
    site.login("dora", "dora-password-1")
    site.open_comment()
    site.main.get_by_label("Report this comment to the moderators").fill("spam")
    site.submit("Report comment")
    expect(site.flash).to_contain_text("the moderators will look")
    expect(site.main.locator("#reported")).to_be_visible()
    site.assert_accessible()
    assert live_server.count(Report) == 1
    site.logout()
    site.login(ADMIN, ADMIN_PASSWORD)
    open_admin(site, "Reports")
    expect(site.main.locator("#reports")).to_contain_text("spam")
    site.assert_accessible()
    site.submit("Remove comment")
    expect(site.main).to_contain_text("No reported comments are waiting.")
    with site.page.expect_navigation():
        site.page.get_by_role("navigation", name="Admin").get_by_role(
            "link", name="Removed comments"
        ).click()
    expect(site.main.locator("#removed")).to_contain_text(f"by {ADMIN}")
    site.assert_accessible()
    site.submit("Restore")
    expect(site.flash).to_contain_text("is shown again")
    site.open("/")
    expect(site.comments.first).to_contain_text("Buy cheap watches")
    open_admin(site, "Audit log")
    site.main.get_by_label("Kind").select_option("comment restored")
    site.submit("Show")
    expect(site.main.locator("#audit tbody tr")).to_have_count(1)
    site.assert_accessible()
    site.screenshot("audit")


@pytest.mark.parametrize("screen", [WIDE, PHONE], ids=["1280px", "375px"])
def test_admin_pages_fit_the_screen(new_site, javascript, live_server, screen):
    live_server.add_user("a-rather-long-username-for-a-phone", "phone-password-1")
    live_server.add_comment("Something to list")
    site = new_site(javascript=javascript, **screen)
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    for path in (
        "/admin/",
        "/admin/users/",
        "/admin/users/2/",
        "/admin/reports/",
        "/admin/held/",
        "/admin/removed/",
        "/admin/audit/",
    ):
        site.open(path)
        assert not site.has_horizontal_scroll(), path
        site.assert_accessible()
    site.screenshot("audit-log")


@pytest.fixture
def premoderated(database_template, tmp_path):
    """A live site on its own database with scratchpad.premoderation = 1."""
    copy = tmp_path / "premoderated.sqlite"
    shutil.copyfile(database_template, copy)
    settings = {**settings_for(f"sqlite:///{copy}"), "scratchpad.premoderation": "1"}
    app = main({}, **settings)
    server = LiveServer(app).start()
    yield server
    server.stop()
    app.registry["dbengine"].dispose()


def test_a_held_comment_waits_for_approval(new_site, javascript, premoderated):
    premoderated.add_user("erin", "erin-password-1")
    site = new_site(javascript=javascript, server=premoderated)
    site.open("/")
    site.login("erin", "erin-password-1")
    site.post_comment("My very first comment")
    expect(site.flash).to_contain_text("waits for a moderator")
    expect(site.comments.first).to_contain_text("Waiting for a moderator")
    site.assert_accessible()
    site.screenshot("held-for-author")
    site.logout()
    expect(site.comments).to_have_count(0)
    site.login(ADMIN, ADMIN_PASSWORD)
    open_admin(site, "Held comments")
    expect(site.main.locator("#held")).to_contain_text("My very first comment")
    site.assert_accessible()
    site.submit("Approve")
    expect(site.main).to_contain_text("No comments are waiting.")
    site.logout()
    expect(site.comments.first).to_contain_text("My very first comment")
    expect(site.comments.first).not_to_contain_text("Waiting")
