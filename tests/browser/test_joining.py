"""Joining and recovering an account in a real browser, scripts on and
off, each page axe-clean at 1280 and 375 px without sideways scrolling:
an admin invites someone who joins; a visitor signs up on an open site; a
forgotten password is reset by email (a real SMTP server) and by a link
an admin made in the shell; dead links get their 410 page."""

from __future__ import annotations

import io
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from scratchpad.scripts import manage_users
from tests.support import INI, TEST_ROUNDS
from tests.support.live import LiveServer
from tests.support.mail import Mailbox, link_in, mail_server
from tests.support.scripting import kept_logging

from .pages import ADMIN, ADMIN_PASSWORD

PASSWORD = "a fine browser passphrase"
WIDTHS = (1280, 375)


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with mail_server() as box:
        yield box


@pytest.fixture
def open_server(database_template, mailbox) -> Iterator[LiveServer]:
    """A site with open registration and email."""
    extra = {"scratchpad.registration": "open", **mailbox.settings()}
    server = LiveServer.on_copy_of(database_template, **extra)
    yield server
    server.stop()


def check_widths(site, title: str) -> None:
    """The page as it is, axe-clean and without sideways scrolling at each width."""
    for width in WIDTHS:
        site.page.set_viewport_size({"width": width, "height": 800})
        expect(site.page).to_have_title(title)
        assert not site.has_horizontal_scroll(), (site.page.url, width)
        site.assert_accessible()


def fill_join_form(site, username: str, password: str, again: str) -> None:
    site.page.get_by_label("Username").fill(username)
    site.page.get_by_label("Password", exact=True).fill(password)
    site.page.get_by_label("Password again").fill(again)
    site.submit("Join")


def test_an_invited_person_joins(site, new_site):
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    site.nav.get_by_role("link", name="Admin").click()
    site.main.get_by_role("navigation", name="Admin").get_by_role(
        "link", name="Invitations"
    ).click()
    check_widths(site, "Scratchpad: invitations")
    site.submit("Create an invitation")
    link = site.page.locator("#new-invitation-link").inner_text()
    check_widths(site, "Scratchpad: invitations")
    site.screenshot("1-link")

    guest = new_site(javascript=site.javascript)
    guest.page.goto(link)
    expect(guest.main).to_contain_text("You were invited by admin")
    check_widths(guest, "Scratchpad: join")
    fill_join_form(guest, "newcomer", PASSWORD, PASSWORD + "!")
    error = guest.page.locator("#join-error")
    expect(error).to_contain_text("not the same")
    expect(guest.page.get_by_label("Password", exact=True)).to_be_focused()
    check_widths(guest, "Scratchpad: join")
    fill_join_form(guest, "newcomer", PASSWORD, PASSWORD)
    expect(guest.flash).to_contain_text("Welcome to Scratchpad, newcomer.")
    expect(guest.nav).to_contain_text("newcomer")
    guest.screenshot("2-joined")

    again = new_site(javascript=site.javascript)
    again.page.goto(link)
    expect(again.main).to_contain_text("already been used")
    check_widths(again, "Scratchpad: this link no longer works")

    site.open("/admin/invitations/")
    row = site.main.locator("#invitations tbody tr").first
    expect(row).to_contain_text("used")
    expect(row).to_contain_text("newcomer")


def test_an_admin_revokes_an_invitation(site, new_site):
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    site.open("/admin/invitations/")
    site.submit("Create an invitation")
    link = site.page.locator("#new-invitation-link").inner_text()
    site.open("/admin/invitations/")
    site.submit("Revoke invitation 1")
    expect(site.flash).to_contain_text("Invitation 1 was revoked.")
    check_widths(site, "Scratchpad: invitations")
    guest = new_site(javascript=site.javascript)
    guest.page.goto(link)
    expect(guest.main).to_contain_text("withdrawn")


def test_a_visitor_signs_up_on_an_open_site(new_site, javascript, open_server):
    site = new_site(javascript=javascript, server=open_server)
    site.open("/")
    site.nav.get_by_role("link", name="Sign up").click()
    check_widths(site, "Scratchpad: join")
    expect(site.page.locator(".honeypot")).to_be_hidden()
    fill_join_form(site, ADMIN.upper(), PASSWORD, PASSWORD)
    expect(site.page.locator("#join-error")).to_contain_text("taken")
    expect(site.page.get_by_label("Username")).to_be_focused()
    check_widths(site, "Scratchpad: join")
    fill_join_form(site, "newcomer", PASSWORD, PASSWORD)
    expect(site.nav).to_contain_text("newcomer")
    expect(site.nav.get_by_role("link", name="Sign up")).to_have_count(0)


def test_a_forgotten_password_is_reset_by_email(
    new_site, javascript, open_server, mailbox
):
    site = new_site(javascript=javascript, server=open_server)
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    site.nav.get_by_role("link", name="Account").click()
    site.page.get_by_role("textbox", name="Email address").fill("admin@example.org")
    site.submit("Save and send a link")
    expect(site.page.locator("#email-state")).to_contain_text("not verified yet")
    check_widths(site, "Scratchpad: your account")
    site.page.goto(link_in(mailbox.wait()))
    check_widths(site, "Scratchpad: verify your email address")
    site.submit("Confirm")
    expect(site.flash).to_contain_text("is verified")
    site.logout()

    site.nav.get_by_role("link", name="Log in").click()
    site.main.get_by_role("link", name="Forgot your password?").click()
    check_widths(site, "Scratchpad: forgot your password?")
    site.page.get_by_label("Username or email address").fill("admin@example.org")
    site.submit("Email me a link")
    expect(site.page.locator("#reset-sent")).to_contain_text("on its way")
    check_widths(site, "Scratchpad: forgot your password?")
    path = urlsplit(link_in(mailbox.wait())).path
    choose_password(site, path)
    site.open(path)
    expect(site.main).to_contain_text("already been used")


def choose_password(site, path: str) -> None:
    site.open(path)
    check_widths(site, "Scratchpad: choose a new password")
    site.page.get_by_label("New password", exact=True).fill("password")
    site.page.get_by_label("New password again").fill("password")
    site.submit("Set the new password")
    expect(site.page.locator("#reset-error")).to_contain_text("most common")
    check_widths(site, "Scratchpad: choose a new password")
    site.page.get_by_label("New password", exact=True).fill(PASSWORD)
    site.page.get_by_label("New password again").fill(PASSWORD)
    site.submit("Set the new password")
    expect(site.page).to_have_title("Scratchpad: your account")
    expect(site.flash).to_contain_text("every login was ended")
    site.logout()
    site.login(ADMIN, PASSWORD)
    expect(site.nav).to_contain_text(ADMIN)


def test_a_password_is_reset_with_an_admins_link(
    site, live_server, monkeypatch, capsys
):
    monkeypatch.setenv("SCRATCHPAD_DATABASE_URL", live_server.database_url)
    monkeypatch.setenv("SCRATCHPAD_BCRYPT_ROUNDS", str(TEST_ROUNDS))
    monkeypatch.setenv("SCRATCHPAD_TESTING", "true")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with kept_logging():
        assert manage_users.main([INI, "reset-link", ADMIN]) == 0
    path = urlsplit(capsys.readouterr().out.splitlines()[-1]).path
    choose_password(site, path)
