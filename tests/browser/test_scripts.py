"""The site's only scripts: the character count and local times.

Both are enhancements: with scripts off the page says the same things in
plain HTML (the limit as a hint, times in UTC, saying so), which is tested
too. Times follow ``scratchpad.date_format`` with scripts on and off.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from scratchpad.settings import DEFAULT_DATE_FORMAT
from tests.support.live import LiveServer

from .pages import ADMIN, ADMIN_PASSWORD

ZONE = "Asia/Kolkata"  # UTC+05:30: the local time always differs from UTC


def logged_in(site):
    site.open("/")
    site.login(ADMIN, ADMIN_PASSWORD)
    return site


def test_the_character_count_follows_typing(new_site):
    site = logged_in(new_site(javascript=True))
    count = site.page.locator("#contents-count")
    expect(count).to_have_text("4,096 characters left")
    site.comment_box.press_sequentially("Hello")
    expect(count).to_have_text("4,091 characters left")
    site.comment_box.fill("é" * 4_096)  # counted in characters, as the server does
    expect(count).to_have_text("0 characters left")
    site.comment_box.press("End")
    site.comment_box.press_sequentially("!")
    expect(count).to_have_text("1 character too many")
    expect(count).to_have_class("char-count over")
    # Screen readers hear the count once typing pauses.
    expect(site.page.locator("#comment-form [role=status]")).to_have_text(
        "1 character too many"
    )
    site.screenshot("count-over")
    site.submit("Post comment")  # the server is still the limit
    expect(site.page.locator("#contents-error")).to_contain_text("at most 4096")


def test_without_scripts_the_limit_is_stated_and_no_count_shows(new_site):
    site = logged_in(new_site(javascript=False))
    expect(site.page.locator("#contents-hint")).to_have_text(
        "Plain text, at most 4,096 characters."
    )
    expect(site.comment_box).to_have_attribute("aria-describedby", "contents-hint")
    expect(site.page.locator("#contents-count")).to_be_hidden()


def posted_time(site):
    site.post_comment("What time is it?")
    time = site.comments.first.locator("time")
    return time, datetime.fromisoformat(time.get_attribute("datetime"))


def test_times_are_shown_in_the_readers_zone_with_scripts(new_site):
    site = logged_in(new_site(javascript=True, timezone_id=ZONE))
    time, posted = posted_time(site)
    local = posted.astimezone(ZoneInfo(ZONE))
    expect(time).to_have_attribute("data-local", "")
    # The configured format, in the reader's zone, the zone named.
    expect(time).to_have_text(local.strftime(DEFAULT_DATE_FORMAT) + " GMT+5:30")
    expect(time).to_have_attribute(
        "title", posted.strftime(DEFAULT_DATE_FORMAT) + " UTC"
    )


def test_times_stay_in_utc_without_scripts(new_site):
    site = logged_in(new_site(javascript=False, timezone_id=ZONE))
    time, posted = posted_time(site)
    expect(time).to_have_text(posted.strftime(DEFAULT_DATE_FORMAT) + " UTC")
    expect(time).not_to_have_attribute("data-local", "")


SHORT = "%d/%m/%y %-H.%M"  # a format unlike the default in every part


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_date_format_setting_shows_with_and_without_scripts(
    new_site, database_template, javascript
):
    server = LiveServer.on_copy_of(
        database_template, **{"scratchpad.date_format": SHORT}
    )
    try:
        server.add_comment("Posted under another date format.")
        site = new_site(javascript=javascript, server=server, timezone_id=ZONE)
        site.open("/")
        time = site.comments.first.locator("time")
        posted = datetime.fromisoformat(time.get_attribute("datetime"))
        if javascript:
            local = posted.astimezone(ZoneInfo(ZONE))
            expected = local.strftime(SHORT) + " GMT+5:30"
        else:
            expected = posted.strftime(SHORT) + " UTC"
        expect(time).to_have_text(expected)
        assert re.fullmatch(r"\d\d/\d\d/\d\d \d{1,2}\.\d\d [A-Z][\w:+]+", expected)
        site.assert_accessible()
    finally:
        server.stop()


def test_a_format_the_script_cannot_follow_keeps_the_utc_text(
    new_site, database_template
):
    server = LiveServer.on_copy_of(
        database_template, **{"scratchpad.date_format": "%d %b %Y, %X"}
    )
    try:
        server.add_comment("A format with %X, which the script does not know.")
        site = new_site(javascript=True, server=server, timezone_id=ZONE)
        site.open("/")
        time = site.comments.first.locator("time")
        posted = datetime.fromisoformat(time.get_attribute("datetime"))
        expect(time).to_have_text(posted.strftime("%d %b %Y, %X") + " UTC")
        expect(time).not_to_have_attribute("data-local", "")
    finally:
        server.stop()


def test_the_pages_have_no_inline_script_or_handler(new_site):
    """So a CSP without 'unsafe-inline' breaks nothing."""
    site = logged_in(new_site(javascript=False))
    for path in ("/", "/login/", "/logout/"):
        site.open(path)
        inline = site.page.evaluate(
            """() => [...document.querySelectorAll('script:not([src])')].length +
                [...document.querySelectorAll('*')].filter(e =>
                  [...e.attributes].some(a => a.name.startsWith('on'))).length"""
        )
        assert inline == 0, path
