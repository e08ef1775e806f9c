"""Flood control: the per-user posting limit and duplicate suppression."""

from __future__ import annotations

import threading

import pytest

from scratchpad import main
from tests.support.client import client, csrf
from tests.support.factories import set_user

CLICKS = 4


@pytest.fixture
def alice(app, make_user):
    make_user("alice", "alice-password")
    return client(app, "alice")


def post(browser, text, status):
    return browser.post(
        "/comments/", {"contents": text, "csrf_token": csrf(browser)}, status=status
    )


def test_sixth_comment_in_a_minute_is_429_with_the_text_kept(alice, count_rows):
    for number in range(5):
        post(alice, f"comment {number}", 303)
    page = post(alice, "one too many <i>", 429)
    assert "You are posting too fast: at most 5 comments a minute" in page.text
    assert 0 < int(page.headers["Retry-After"]) <= 60
    assert page.forms["comment-form"]["contents"].value == "one too many <i>"
    assert count_rows() == 5


def test_limit_lifts_after_a_minute(alice, count_rows, clock):
    for number in range(5):
        post(alice, f"comment {number}", 303)
    post(alice, "waits", 429)
    clock.advance(61)
    post(alice, "waited", 303)
    assert count_rows() == 6


def test_limit_is_per_user(app, alice, make_user, count_rows):
    for number in range(5):
        post(alice, f"comment {number}", 303)
    make_user("bob", "bob-password")
    post(client(app, "bob"), "comment 0", 303)
    assert count_rows() == 6


def test_admins_are_exempt(app, make_user, dbsession, tm, count_rows):
    set_user(dbsession, tm, make_user("root", "root-password"), is_admin=True)
    root = client(app, "root")
    for number in range(8):
        post(root, f"cleaning up {number}", 303)
    assert count_rows() == 8


@pytest.mark.parametrize(("limit", "allowed"), [("2", 2), ("0", 8)])
def test_limit_is_a_setting_and_zero_means_off(
    app_settings, make_user, count_rows, limit, allowed
):
    make_user("alice", "alice-password")
    configured = main({}, **{**app_settings, "scratchpad.post_limit_per_minute": limit})
    alice = client(configured, "alice")
    for number in range(8):
        post(alice, f"comment {number}", 303 if number < allowed else 429)
    assert count_rows() == allowed
    configured.registry["dbengine"].dispose()


def test_same_text_twice_in_a_minute_is_stored_once(alice, count_rows):
    post(alice, "Hello!", 303)
    page = post(alice, "Hello!", 409)
    assert "You posted this comment a moment ago" in page.text
    assert page.forms["comment-form"]["contents"].value == "Hello!"
    assert count_rows() == 1
    # Different text, even differing only in case or spacing, is new.
    post(alice, "hello!", 303)
    post(alice, "Hello! ", 303)
    assert count_rows() == 3


def test_same_text_by_another_user_is_not_a_duplicate(
    app, alice, make_user, count_rows
):
    post(alice, "Me too", 303)
    make_user("bob", "bob-password")
    post(client(app, "bob"), "Me too", 303)
    assert count_rows() == 2


def test_same_text_after_a_minute_is_posted_again(alice, count_rows, clock):
    post(alice, "Again", 303)
    clock.advance(61)
    post(alice, "Again", 303)
    assert count_rows() == 2


def test_double_click_posts_once(alice, count_rows):
    """Identical posts sent at the same moment: one row, the rest refused."""
    token = csrf(alice)
    barrier = threading.Barrier(CLICKS, timeout=10)
    statuses: list[int] = []

    def click() -> None:
        barrier.wait()
        response = alice.post(
            "/comments/",
            {"contents": "clicked twice", "csrf_token": token},
            expect_errors=True,
        )
        statuses.append(response.status_int)

    threads = [threading.Thread(target=click) for _ in range(CLICKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [303] + [409] * (CLICKS - 1)
    assert count_rows() == 1
