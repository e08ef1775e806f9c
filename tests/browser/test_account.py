"""The account page: changing one's password, and the forced first change.

Token management, "log out everywhere" and deleting an account have their
own tests; these cover the password section and the one-time password.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from scratchpad.models import Comment
from tests.support.live import LiveServer

from .pages import ADMIN, ADMIN_PASSWORD

ALICE, ALICE_PASSWORD = "alice", "alice's browser password"
NEW_PASSWORD = "a brand new browser passphrase"


def change_password(site, current: str, new: str, confirm: str | None = None) -> None:
    """From /account/: fill the password form and send it."""
    site.page.get_by_label("Current password").fill(current)
    site.page.get_by_label("New password", exact=True).fill(new)
    site.page.get_by_label("New password again").fill(
        new if confirm is None else confirm
    )
    site.submit("Change password")


def test_a_member_changes_their_password_and_other_logins_end(
    site, new_site, live_server
):
    live_server.add_user(ALICE, ALICE_PASSWORD)
    other = new_site(javascript=True)  # the same person on another device
    other.open("/")
    other.login(ALICE, ALICE_PASSWORD)
    expect(other.nav).to_contain_text(ALICE)

    site.open("/")
    site.login(ALICE, ALICE_PASSWORD)
    site.nav.get_by_role("link", name="Account").click()
    expect(site.page).to_have_title("Scratchpad: your account")
    expect(site.main).to_contain_text(f"You are logged in as {ALICE}")
    site.assert_accessible()
    site.screenshot("1-account")

    change_password(site, "not my password", NEW_PASSWORD)
    current = site.page.get_by_label("Current password")
    expect(site.page.locator("#password-error")).to_contain_text(
        "Your current password was not right."
    )
    expect(current).to_have_attribute("aria-invalid", "true")
    expect(current).to_have_attribute("aria-describedby", "password-error")
    expect(current).to_be_focused()
    expect(site.page.get_by_label("New password", exact=True)).not_to_have_attribute(
        "aria-invalid", "true"
    )
    site.assert_accessible()
    site.screenshot("2-wrong-current-password")

    change_password(site, ALICE_PASSWORD, NEW_PASSWORD)
    expect(site.page).to_have_url(live_server.url + "/account/")
    expect(site.flash).to_have_text(
        "Your password was changed; other logins were ended and your API "
        "tokens (0) were revoked."
    )
    expect(site.nav).to_contain_text(ALICE)  # still logged in here
    site.assert_accessible()
    site.screenshot("3-changed")
    site.open("/")
    expect(site.comment_box).to_be_visible()

    other.open("/")  # the other device's login ended
    expect(other.nav.get_by_role("link", name="Log in")).to_be_visible()
    expect(other.comment_box).to_have_count(0)
    other.login(ALICE, ALICE_PASSWORD)
    expect(other.main.locator(".error")).to_contain_text("Incorrect")
    other.page.get_by_label("Password").fill(NEW_PASSWORD)
    other.submit("Log in")
    expect(other.nav).to_contain_text(ALICE)


def test_a_new_password_that_is_refused_is_tied_to_its_field(site, live_server):
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    site.open("/account/")
    change_password(site, ADMIN_PASSWORD, NEW_PASSWORD, confirm="something else")
    new = site.page.get_by_label("New password", exact=True)
    expect(site.page.locator("#password-error")).to_contain_text(
        "The two new passwords were not the same."
    )
    expect(new).to_have_attribute("aria-invalid", "true")
    expect(new).to_have_attribute("aria-describedby", "password-error password-rules")
    expect(new).to_be_focused()
    site.assert_accessible()
    site.screenshot("mismatch")
    site.logout()
    site.login(ADMIN, ADMIN_PASSWORD)  # the old password still works
    expect(site.nav).to_contain_text(ADMIN)


@pytest.fixture
def new_install(fresh_install: tuple[Path, str]) -> Iterator[LiveServer]:
    """The site right after ``initialize_db`` generated the admin password."""
    server = LiveServer.on_copy_of(fresh_install[0])
    yield server
    server.stop()


def test_the_generated_admin_password_must_be_replaced_at_first_login(
    new_site, new_install, fresh_install, javascript
):
    one_time = fresh_install[1]
    site = new_site(javascript=javascript, server=new_install)
    site.open("/")
    site.login(ADMIN, one_time)
    expect(site.page).to_have_url(new_install.url + "/account/")
    expect(site.page.locator("#password-required")).to_contain_text(
        "choose your own password"
    )
    site.assert_accessible()
    site.screenshot("1-forced")

    site.open("/")  # no comment box until the password is changed: a way there
    expect(site.comment_box).to_have_count(0)
    site.assert_accessible()
    site.main.get_by_role("link", name="choose a new password").click()
    expect(site.page).to_have_url(re.compile("/account/$"))
    assert new_install.count(Comment) == 0

    change_password(site, one_time, NEW_PASSWORD)
    expect(site.flash).to_contain_text("Your password was changed")
    expect(site.page.locator("#password-required")).to_have_count(0)
    site.open("/")
    site.post_comment("The admin's first comment")
    expect(site.flash).to_have_text("Comment posted.")
    site.screenshot("2-replaced")
    site.logout()
    site.login(ADMIN, one_time)  # it worked once only
    expect(site.main.locator(".error")).to_contain_text("Incorrect")
