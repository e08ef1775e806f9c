"""REC-02: the one-time admin password really is one-time.

``initialize_db`` prints a generated admin password that logs in once, from
one browser (two browsers racing each other: one wins), and that login can
only choose a new password; unused, it expires after 24 hours. The script
says so in its output.
"""

from __future__ import annotations

import re
import threading

import pytest

from scratchpad.models import Login
from tests.support.client import TIMEOUT, Browser, change_password, redirect_target
from tests.support.live import LiveServer

NEW_PASSWORD = "a passphrase of my own"


@pytest.fixture
def one_time_password(run, db_url) -> str:
    code, out, _ = run(db_url, password=None)
    assert code == 0
    assert "works for one login" in out and "expires unused in 24 hours" in out
    return re.search(r"with password (\S+)", out).group(1)


def test_it_logs_in_once_and_never_again(one_time_password, new_client, count_rows):
    first = new_client(address="192.0.2.50")
    assert redirect_target(first.login("admin", one_time_password)) == "/account/"
    second = new_client(address="192.0.2.51")
    page = second.login("admin", one_time_password, status=200)
    assert "Incorrect username or password." in page.text
    assert count_rows(Login) == 1
    # The one login it made may still choose the new password.
    change_password(first, one_time_password, NEW_PASSWORD, status=303)
    new_client(address="192.0.2.52").login("admin", NEW_PASSWORD, status=303)


def test_unused_it_expires_after_24_hours(one_time_password, new_client, clock):
    clock.advance(24 * 60 * 60 + 1)
    new_client().login("admin", one_time_password, status=200)


def test_used_within_24_hours_it_works(one_time_password, new_client, clock):
    clock.advance(24 * 60 * 60 - 60)
    new_client().login("admin", one_time_password, status=303)


def test_two_browsers_racing_with_it_get_one_login(one_time_password, app):
    with LiveServer(app, threads=4) as server:
        browsers = [Browser(server.url) for _ in range(4)]
        tokens = [browser.csrf_token("/login/") for browser in browsers]
        start = threading.Barrier(len(browsers), timeout=TIMEOUT)
        statuses: list[int] = []

        def log_in(number: int) -> None:
            start.wait()
            fields = {
                "username": "admin",
                "password": one_time_password,
                "csrf_token": tokens[number],
            }
            statuses.append(browsers[number].post("/login/", fields).status)

        threads = [threading.Thread(target=log_in, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(TIMEOUT * 2)
        assert sorted(statuses) == [200, 200, 200, 303]
        assert server.count(Login) == 1
