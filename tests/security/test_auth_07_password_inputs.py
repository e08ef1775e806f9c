"""AUTH-07: password fields are type=password with the right autocomplete
hints, and nothing blocks pasting or password managers."""

from __future__ import annotations

import re


def _password_inputs(html: str) -> dict[str, str]:
    inputs = re.findall(r"<input\b[^>]*>", html, flags=re.S)
    found = {}
    for tag in inputs:
        if 'type="password"' in tag:
            name = re.search(r'name="([^"]+)"', tag).group(1)
            found[name] = re.search(r'autocomplete="([^"]+)"', tag).group(1)
    return found


def _assert_nothing_blocks_pasting(html: str) -> None:
    assert "onpaste" not in html.lower()
    assert 'autocomplete="off"' not in html


def test_login_form(testapp):
    html = testapp.get("/login/").text
    assert _password_inputs(html) == {"password": "current-password"}
    assert 'autocomplete="username"' in html
    _assert_nothing_blocks_pasting(html)


def test_change_password_form(alice):
    html = alice.get("/account/").text
    assert _password_inputs(html) == {
        "current_password": "current-password",
        "new_password": "new-password",
        "confirm_password": "new-password",
        "password": "current-password",  # "delete my account" confirms with it
    }
    _assert_nothing_blocks_pasting(html)
