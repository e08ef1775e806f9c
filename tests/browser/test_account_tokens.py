"""The account page's API tokens and "log out everywhere", in a real
browser, scripts on and off, each state checked with axe."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from scratchpad.models import ApiToken, Login

from .pages import ADMIN, ADMIN_PASSWORD


def open_account(site) -> None:
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    with site.page.expect_navigation():
        site.nav.get_by_role("link", name="Account").click()
    expect(site.page).to_have_title(re.compile("your account"))


def test_create_and_revoke_a_token(site, live_server):
    open_account(site)
    expect(site.main.locator("#no-tokens")).to_be_visible()
    site.main.get_by_label("Read-write").check()
    site.submit("Create a token")
    token = site.main.locator("#new-token-value")
    expect(token).to_have_text(re.compile(r"^sp_[A-Za-z0-9_-]{43}$"))
    rows = site.main.locator("#tokens tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("read-write")
    expect(rows.first).to_contain_text("never")
    assert live_server.count(ApiToken) == 1
    site.screenshot("1-token-created")
    site.assert_accessible()

    site.open("/account/")  # shown once: not on the next visit
    expect(site.main.locator("#new-token-value")).to_have_count(0)
    expect(rows).to_have_count(1)
    with site.page.expect_navigation():
        rows.first.get_by_role("button", name=re.compile("^Revoke")).click()
    expect(site.flash).to_have_text("The token was revoked.")
    expect(site.main.locator("#no-tokens")).to_be_visible()
    assert live_server.count(ApiToken) == 0
    site.screenshot("2-token-revoked")
    site.assert_accessible()


def test_log_out_everywhere(site, new_site, live_server):
    other = new_site(javascript=True)
    other.open("/")
    other.login(ADMIN, ADMIN_PASSWORD)
    open_account(site)
    assert live_server.count(Login) == 2
    site.submit("Log out everywhere")
    expect(site.page).to_have_url(live_server.url + "/")
    expect(site.flash).to_have_text(
        "You were logged out everywhere and your API tokens (0) were revoked."
    )
    expect(site.nav.get_by_role("link", name="Log in")).to_be_visible()
    assert live_server.count(Login) == 0
    other.open("/")
    expect(other.nav.get_by_role("link", name="Log in")).to_be_visible()
    site.screenshot("logged-out-everywhere")
    site.assert_accessible()
