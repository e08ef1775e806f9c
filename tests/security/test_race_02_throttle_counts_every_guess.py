"""RACE-02: the login throttle counts every guess, however many arrive at
once: never more password checks than the limit per window, with guesses
sent in parallel to two servers (two apps, two engines, sharing only the
database) on every backend.

Each password check is slowed down so that, without the reservation the
throttle makes before bcrypt runs, every parallel guess would read the
count before any failure was stored and be checked. (The limit per
address, the device cookie, IPv6 networks and the account page's password
forms: ``test_race_03_throttle_keeps_the_owner_in.py``.)
"""

from __future__ import annotations

import threading
import time

import pytest

from scratchpad import main
from scratchpad.views import auth
from tests.support.client import TIMEOUT, Browser
from tests.support.live import LiveServer

GUESSES = 12
LIMIT = 5


@pytest.fixture
def app_settings(app_settings):
    return {**app_settings, "scratchpad.login_failures_per_address": "100"}


@pytest.fixture
def checks(monkeypatch) -> list[str]:
    """Every password the login view checks (each check takes 0.3 s)."""
    seen: list[str] = []
    lock = threading.Lock()
    real = auth.verify_password

    def slow_check(password, *args, **kwargs):
        with lock:
            seen.append(password)
        time.sleep(0.3)
        return real(password, *args, **kwargs)

    monkeypatch.setattr(auth, "verify_password", slow_check)
    return seen


def guess_in_parallel(urls: list[str], username: str) -> list[int]:
    """GUESSES wrong passwords for ``username``, all sent at once, spread
    over the servers at ``urls``; the statuses they got."""
    browsers = [Browser(urls[n % len(urls)]) for n in range(GUESSES)]
    tokens = [browser.csrf_token("/login/") for browser in browsers]
    start = threading.Barrier(GUESSES, timeout=TIMEOUT)
    statuses: list[int] = []
    lock = threading.Lock()

    def guess(number: int) -> None:
        start.wait()
        reply = browsers[number].post(
            "/login/",
            {
                "username": username,
                "password": f"guess number {number}",
                "csrf_token": tokens[number],
            },
        )
        with lock:
            statuses.append(reply.status)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(GUESSES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 2)
        assert not thread.is_alive()
    return statuses


def test_parallel_guesses_on_two_servers_get_at_most_the_limit_checked(
    app, app_settings, alice_id, checks
):
    other_process = main({}, **app_settings)
    try:
        with (
            LiveServer(app, threads=GUESSES) as one,
            LiveServer(other_process, threads=GUESSES) as two,
        ):
            statuses = guess_in_parallel([one.url, two.url], "alice")
    finally:
        other_process.registry["dbengine"].dispose()
    assert len(checks) <= LIMIT
    # Guesses racing at the edge may all be refused (the safe side); every
    # one that was checked got the failure page, every other one a 429.
    assert sorted(statuses) == [200] * len(checks) + [429] * (GUESSES - len(checks))
