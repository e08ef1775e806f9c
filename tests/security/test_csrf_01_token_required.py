"""CSRF-01: every state-changing request needs the session's token; without
it the answer is a 400 and nothing changes, logged in or not."""

from __future__ import annotations

import pytest

from tests.support.factories import ALICE_PASSWORD


@pytest.mark.parametrize("token", [None, "", "x" * 43])
def test_comment_without_a_valid_token(alice, db_state, token):
    before = db_state()
    params = {"contents": "forged"}
    if token is not None:
        params["csrf_token"] = token
    alice.post("/comments/", params, status=400)
    assert db_state() == before


def test_another_users_token_does_not_work(alice, new_client, make_user, db_state):
    make_user("bob", "bob-password")
    bob = new_client()
    bob.login("bob", "bob-password")
    bobs_token = bob.get_csrf_token("/")
    before = db_state()
    alice.post("/comments/", {"contents": "x", "csrf_token": bobs_token}, status=400)
    assert db_state() == before


def test_anonymous_forged_post_is_a_400_not_a_login_redirect(testapp, db_state):
    before = db_state()
    testapp.post("/comments/", {"contents": "forged"}, status=400)
    assert db_state() == before


@pytest.mark.parametrize(
    "path, params",
    [
        ("/logout/", {}),
        (
            "/account/password/",
            {
                "current_password": ALICE_PASSWORD,
                "new_password": "a forged new password",
                "confirm_password": "a forged new password",
            },
        ),
    ],
)
def test_logout_and_password_change_need_the_token(alice, db_state, path, params):
    before = db_state()
    alice.post(path, params, status=400)
    assert db_state() == before
