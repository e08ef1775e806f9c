"""Refused requests, as a person meets them: throttled logins, a form that
expired while open, a page asked for with the wrong method, a comment too
large to send, and the database out of reach.

Each refusal is a page of the site that says what happened and what to do,
changes nothing, and passes axe like every other page.
"""

from __future__ import annotations

import re
import sqlite3

from playwright.sync_api import expect

from scratchpad.models import Comment

from .pages import ADMIN, ADMIN_PASSWORD

FAILURES_ALLOWED = 5  # scratchpad.login_failures_per_account's default


def test_repeated_wrong_passwords_get_the_throttled_page(site):
    site.open("/")
    for _ in range(FAILURES_ALLOWED):
        site.login(ADMIN, "a wrong guess")
        expect(site.page.locator("#login-error")).to_be_visible()
    site.page.get_by_label("Password").fill(ADMIN_PASSWORD)  # even the right one
    site.submit("Log in")
    expect(site.page).to_have_title("Scratchpad: log in")
    throttled = site.page.locator("#login-throttled")
    expect(throttled).to_contain_text("Too many failed logins")
    expect(throttled).to_contain_text(re.compile(r"try again in \d+ minutes?"))
    expect(site.nav.get_by_role("link", name="Log in")).to_be_visible()
    expect(site.page.get_by_label("Username")).to_have_value(ADMIN)
    site.assert_accessible()
    site.screenshot("throttled")


def test_a_comment_sent_from_an_expired_page_comes_back_with_its_text(
    site, new_site, live_server
):
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    text = "Typed before lunch,\nsent after."
    site.comment_box.fill(text)
    # Meanwhile the same browser logs in again in another tab: a new
    # session, so the token in the first tab's form is no longer valid.
    tab = site.page.context.new_page()
    tab.goto(site.base_url + "/login/")
    tab.get_by_label("Username").fill(ADMIN)
    tab.get_by_label("Password").fill(ADMIN_PASSWORD)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Log in").click()
    tab.close()

    site.submit("Post comment")
    expect(site.page.locator("#contents-error")).to_contain_text("Your page expired")
    expect(site.comment_box).to_have_value(text)
    expect(site.comment_box).to_have_attribute("aria-invalid", "true")
    expect(site.comment_box).to_be_focused()
    assert live_server.count(Comment) == 0
    site.assert_accessible()
    site.screenshot("1-expired")

    site.submit("Post comment")  # the page came back with a fresh token
    expect(site.flash).to_have_text("Comment posted.")
    expect(site.comments.first.locator(".comment-content")).to_have_text(text)
    assert live_server.count(Comment) == 1


def test_a_page_asked_for_with_the_wrong_method_says_so(site):
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    response = site.open("/account/password/")  # a form's target, POST only
    assert response.status == 405
    assert "POST" in response.headers["allow"]
    expect(site.page).to_have_title(re.compile("method not allowed", re.I))
    expect(site.main).to_contain_text("does not accept that kind of request")
    site.assert_accessible()
    site.screenshot("405")


def test_a_comment_too_large_to_send_gets_the_413_page(site, live_server):
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    site.comment_box.fill("z" * 70_000)  # more than max_body_size (64 KiB)
    with site.page.expect_navigation() as navigation:
        site.main.get_by_role("button", name="Post comment").click()
    assert navigation.value.status == 413
    expect(site.page).to_have_title("Scratchpad: too large")
    expect(site.main.locator("h1")).to_have_text("Too large")
    assert live_server.count(Comment) == 0
    site.assert_accessible()
    site.screenshot("413")


def test_the_database_out_of_reach_gets_the_503_page(site, live_server):
    """The comments table gone from under the running site (as a broken
    restore would leave it): the page says so instead of a traceback."""
    path = live_server.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as database:
        database.execute("DROP TABLE comments")
    database.close()
    response = site.open("/")
    assert response.status == 503
    assert response.headers["retry-after"]
    expect(site.page).to_have_title(re.compile("temporarily unavailable", re.I))
    expect(site.page.locator("body")).to_contain_text(
        "Sending it again in a moment is safe"
    )
    expect(site.page.locator("body")).not_to_contain_text("no such table")
    site.assert_accessible()
    site.screenshot("503")
