"""CSRF-02: the token lives in the signed session, not in a cookie of its
own, so an attacker who can write cookies (cookie tossing from a sibling
domain) still cannot supply a matching pair."""

from __future__ import annotations


def test_tossed_csrf_cookie_is_ignored(alice, db_state):
    before = db_state()
    alice.set_cookie("csrf_token", "attacker-chosen")
    alice.post(
        "/comments/",
        {"contents": "forged", "csrf_token": "attacker-chosen"},
        status=400,
    )
    assert db_state() == before


def test_a_forged_session_cookie_is_not_accepted(alice, db_state):
    before = db_state()
    session = alice.cookies["session"]
    alice.set_cookie("session", session[:-4] + "AAAA")  # signature broken
    token = "x" * 43
    alice.post("/comments/", {"contents": "forged", "csrf_token": token}, status=400)
    assert db_state() == before


def test_attackers_own_session_and_token_do_not_work_for_the_victim(
    alice, new_client, db_state
):
    attacker = new_client()
    token = attacker.get_csrf_token("/login/")
    before = db_state()
    # The attacker can make the victim's browser post their own token, but
    # the victim's session holds a different one.
    alice.post("/comments/", {"contents": "forged", "csrf_token": token}, status=400)
    assert db_state() == before
