"""CSRF-04: Fetch Metadata: a browser saying ``Sec-Fetch-Site: cross-site``
on an unsafe request is refused, even with a valid token."""

from __future__ import annotations

import pytest

from scratchpad.models import Comment


def test_cross_site_post_is_refused_with_a_valid_token(alice, db_state):
    token = alice.get_csrf_token("/")
    before = db_state()
    response = alice.post(
        "/comments/",
        {"contents": "from elsewhere", "csrf_token": token},
        headers={"Sec-Fetch-Site": "cross-site"},
        status=400,
    )
    assert "from elsewhere" not in response.text  # not put back in a form
    assert db_state() == before


@pytest.mark.parametrize("value", ["same-origin", "same-site", "none", None])
def test_other_values_take_the_normal_path(alice, count_rows, value):
    token = alice.get_csrf_token("/")
    headers = {} if value is None else {"Sec-Fetch-Site": value}
    alice.post(
        "/comments/",
        {"contents": "mine", "csrf_token": token},
        headers=headers,
        status=303,
    )
    assert count_rows(Comment) == 1


def test_safe_methods_are_not_affected(testapp):
    testapp.get("/", headers={"Sec-Fetch-Site": "cross-site"}, status=200)
