"""CSRF-09: the API's CSRF exemption holds only for a bearer token.

The API's views opt out of CSRF because a browser never sends a bearer
token by itself. Should a login cookie ever authenticate one of them (the
bug IN-09 guards against, simulated here by making the policy take every
request for the site's), the CSRF token is required after all.
"""

from __future__ import annotations

import pytest

from scratchpad.models import Comment
from scratchpad.security import policy
from tests.support.client import bearer


@pytest.fixture
def cookies_everywhere(monkeypatch):
    """The bug: the API's requests judged by the login cookie."""
    monkeypatch.setattr(policy, "is_api_context", lambda context: False)


def test_a_cookie_on_an_api_view_still_needs_the_csrf_token(
    alice, cookies_everywhere, count_rows
):
    response = alice.post_json(
        "/api/comments", {"content": "forged"}, expect_errors=True
    )
    assert response.status_int == 400
    assert count_rows(Comment) == 0


def test_a_token_is_exempt(testapp, make_token, count_rows):
    token = make_token("bob")
    testapp.post_json(
        "/api/comments", {"content": "by token"}, headers=bearer(token), status=201
    )
    assert count_rows(Comment) == 1


def test_nobody_is_exempt_but_may_only_read(testapp, count_rows):
    testapp.post_json("/api/comments", {"content": "anonymous"}, status=401)
    assert count_rows(Comment) == 0


def test_the_login_cookie_alone_is_not_enough_here(alice, cookies_everywhere):
    """With the cookie and a valid CSRF token the (simulated) bug would let
    the post through: the check is the CSRF token, nothing else."""
    token = alice.get_csrf_token("/")
    alice.post_json(
        "/api/comments",
        {"content": "with token"},
        headers={"X-CSRF-Token": token},
        status=201,
    )
