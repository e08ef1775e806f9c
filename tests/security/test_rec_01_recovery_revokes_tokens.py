"""REC-01: recovering an account also takes back its API tokens.

A password that leaked may have been used to make tokens, and tokens are
not logins: ending logins leaves them working. So a password change offers
(ticked by default) to revoke them, "log out everywhere" says what happens
to them and offers the same, and an operator's ``manage_users
set-password`` and ``disable`` always revoke them.
"""

from __future__ import annotations

import itertools
import re

import pytest

from scratchpad.models import ApiToken
from tests.support.client import bearer
from tests.support.factories import ALICE_PASSWORD

NEW_PASSWORD = "changed after a leak"
_posts = itertools.count(1)


def make_token(client) -> str:
    token = client.get_csrf_token("/account/")
    page = client.post(
        "/account/tokens/", {"csrf_token": token, "access": "read-write"}
    ).follow()
    return re.search(r'id="new-token-value">([^<]+)<', page.text).group(1)


def token_works(client, token: str) -> bool:
    reply = client.post_json(
        "/api/comments",
        {"content": f"post {next(_posts)}"},
        headers=bearer(token),
        expect_errors=True,
    )
    assert reply.status_int in (201, 401), reply.status
    return reply.status_int == 201


def password_form(client, revoke: bool | None):
    form = client.get("/account/").forms["password-form"]
    assert form["revoke_tokens"].checked  # offered, ticked by default
    form["current_password"] = ALICE_PASSWORD
    form["new_password"] = NEW_PASSWORD
    form["confirm_password"] = NEW_PASSWORD
    form["revoke_tokens"].checked = bool(revoke)
    return form.submit(status=303)


@pytest.mark.parametrize("revoke", [True, False])
def test_password_change_revokes_tokens_unless_unticked(
    alice, new_client, count_rows, revoke
):
    token = make_token(alice)
    assert token_works(new_client(), token)
    page = password_form(alice, revoke).follow()
    assert token_works(new_client(), token) is not revoke
    assert count_rows(ApiToken) == (0 if revoke else 1)
    if revoke:
        assert "your API tokens (1) were revoked" in page.text


@pytest.mark.parametrize("revoke", [True, False])
def test_log_out_everywhere_says_what_happens_to_tokens(
    alice, new_client, count_rows, revoke
):
    token = make_token(alice)
    account = alice.get("/account/")
    assert "API tokens are not logins" in account.text
    form = account.forms["logout-everywhere-form"]
    assert form["revoke_tokens"].checked
    form["revoke_tokens"].checked = revoke
    page = form.submit(status=303).follow()
    assert token_works(new_client(), token) is not revoke
    assert count_rows(ApiToken) == (0 if revoke else 1)
    if revoke:
        assert "your API tokens (1) were revoked" in page.text
    else:
        assert "your API tokens still work" in page.text


@pytest.mark.parametrize(
    "command",
    [("set-password", "alice"), ("disable", "alice")],
    ids=["set-password", "disable"],
)
def test_operator_recovery_revokes_tokens(
    alice, new_client, manage, count_rows, command
):
    token = make_token(alice)
    make_token(alice)
    code, out, _ = manage(*command, stdin=NEW_PASSWORD + "\n")
    assert code == 0 and "revoked 2 API token(s)" in out
    assert count_rows(ApiToken) == 0
    if command[0] == "disable":
        assert manage("enable", "alice")[0] == 0
    assert not token_works(new_client(), token)
