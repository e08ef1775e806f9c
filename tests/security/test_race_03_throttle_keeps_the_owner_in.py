"""RACE-03: the throttle's reach and its escape hatches.

- An IPv6 client counts as its /64: hopping addresses inside it does not
  give a guesser a fresh per-address allowance.
- A targeted lockout does not keep the owner out: a browser that logged in
  to the account before (its device cookie) keeps its own allowance; a
  forged cookie, or one for another account, counts for nothing.
- ``manage_users unlock NAME`` lifts a lockout at once.
- The account page's forms that check the current password (password
  change, account deletion) are throttled like the login.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from scratchpad.models import User
from tests.support.client import change_password, logged_in_as
from tests.support.factories import ALICE_PASSWORD, BOB_PASSWORD

NETWORK = "2001:db8:1:2:"


@pytest.fixture
def app_settings(app_settings):
    return {**app_settings, "scratchpad.login_failures_per_address": "8"}


def fail_logins(client, username: str, times: int) -> None:
    for _ in range(times):
        client.login(username, "wrong-password", status=200)


def test_an_ipv6_network_counts_as_one_address(new_client, alice_id, make_user):
    make_user("bob", BOB_PASSWORD)
    for number, name in enumerate(("u1", "u2", "u3", "u4")):
        for host in range(2):
            guesser = new_client(address=f"{NETWORK}{number}:{host}::1")
            fail_logins(guesser, name, 1)
    hopped = new_client(address=f"{NETWORK}ffff:ffff:ffff:ffff")
    response = hopped.login("bob", BOB_PASSWORD, status=429)
    assert "from your network" in response.text
    # Another /64 is another address.
    new_client(address="2001:db8:1:3::1").login("bob", BOB_PASSWORD, status=303)


def test_a_browser_that_logged_in_before_keeps_its_own_allowance(
    testapp, new_client, alice_id
):
    testapp.login("alice", ALICE_PASSWORD)
    token = testapp.get_csrf_token("/")
    testapp.post("/logout/", {"csrf_token": token}, status=303)
    attacker = new_client(address="198.51.100.66")
    fail_logins(attacker, "alice", 5)
    attacker.login("alice", ALICE_PASSWORD, status=429)
    stranger = new_client(address="192.0.2.44")  # a new browser: locked out
    stranger.login("alice", ALICE_PASSWORD, status=429)
    testapp.login("alice", ALICE_PASSWORD, status=303)
    assert logged_in_as(testapp) == "alice"


def test_the_device_allowance_is_limited_too(testapp, alice_id):
    testapp.login("alice", ALICE_PASSWORD)
    token = testapp.get_csrf_token("/")
    testapp.post("/logout/", {"csrf_token": token}, status=303)
    fail_logins(testapp, "alice", 5)
    testapp.login("alice", ALICE_PASSWORD, status=429)


def test_a_forged_or_foreign_device_cookie_counts_for_nothing(
    new_client, alice_id, make_user
):
    make_user("bob", BOB_PASSWORD)
    bob = new_client(address="192.0.2.45")
    bob.login("bob", BOB_PASSWORD)
    cookie = bob.cookies["scratchpad-device"]
    attacker = new_client(address="198.51.100.67")
    fail_logins(attacker, "alice", 5)
    altered = cookie[:-1] + ("1" if cookie.endswith("0") else "0")
    for value in (cookie, "forged." + "0" * 64, altered):
        visitor = new_client(address="192.0.2.46")
        visitor.set_cookie("scratchpad-device", value)
        visitor.login("alice", ALICE_PASSWORD, status=429)


def test_unlock_lifts_a_lockout_at_once(new_client, alice_id, manage):
    attacker = new_client(address="198.51.100.68")
    fail_logins(attacker, "alice", 5)
    owner = new_client(address="192.0.2.47")
    owner.login("alice", ALICE_PASSWORD, status=429)
    code, out, _ = manage("unlock", "alice")
    assert code == 0 and "unlocked 'alice'" in out
    owner.login("alice", ALICE_PASSWORD, status=303)


def password_of(dbsession, tm) -> str:
    tm.abort()
    tm.begin()
    return dbsession.scalar(select(User.password_hash).where(User.username == "alice"))


def test_guessing_the_current_password_on_the_account_page_is_throttled(
    alice, dbsession, tm, clock
):
    clock.freeze()
    for _ in range(5):
        change_password(alice, "not-my-password", "a new passphrase", status=400)
    before = password_of(dbsession, tm)
    response = change_password(alice, ALICE_PASSWORD, "a new passphrase", status=429)
    assert response.headers["Retry-After"] == "900"
    assert "Please try again in 15 minutes." in response.text
    assert password_of(dbsession, tm) == before


def test_guessing_the_password_to_delete_the_account_is_throttled(alice, count_rows):
    for attempt in range(6):
        token = alice.get_csrf_token("/account/")
        response = alice.post(
            "/account/delete/",
            {"csrf_token": token, "password": "not-my-password"},
            status=400 if attempt < 5 else 429,
        )
    assert "Please try again in" in response.text
    token = alice.get_csrf_token("/account/")
    alice.post(
        "/account/delete/",
        {"csrf_token": token, "password": ALICE_PASSWORD},
        status=429,
    )
    assert count_rows(User) == 1
