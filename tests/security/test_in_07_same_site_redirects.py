"""IN-07: after login, ``came_from`` only ever leads to a path on this
site; anything else goes to ``/``."""

from __future__ import annotations

import pytest

from tests.support.client import redirect_target
from tests.support.factories import ALICE_PASSWORD


def login_with(client, came_from: str):
    token = client.get_csrf_token("/login/")
    return client.post(
        "/login/",
        {
            "csrf_token": token,
            "username": "alice",
            "password": ALICE_PASSWORD,
            "came_from": came_from,
        },
        status=303,
    )


@pytest.mark.parametrize(
    "came_from",
    [
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
        "http:evil.example",
        "%2F%2Fevil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\x00",
        " /x",
        "",
    ],
)
def test_unsafe_targets_go_home(testapp, alice_id, came_from):
    response = login_with(testapp, came_from)
    assert response.headers["Location"] == "http://localhost/"


@pytest.mark.parametrize("came_from", ["/comments/1/", "/account/?tab=password"])
def test_paths_on_this_site_are_kept(testapp, alice_id, came_from):
    assert redirect_target(login_with(testapp, came_from)) == came_from


@pytest.mark.parametrize(
    "query", ["came_from=//evil.example", "came_from=/%09/evil.example"]
)
def test_the_login_form_carries_only_a_safe_came_from(testapp, query):
    page = testapp.get("/login/?" + query)
    assert page.forms["login-form"]["came_from"].value == "/"
