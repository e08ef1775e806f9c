"""AUTH-01: unknown user, wrong password and disabled user look the same."""

from __future__ import annotations

import re

from sqlalchemy import update

from scratchpad.models import User


def _masked(text: str, username: str) -> str:
    text = re.sub(r'name="csrf_token" value="[^"]+"', "TOKEN", text)
    return text.replace(f'value="{username}"', 'value="NAME"')


def test_every_failed_login_gives_the_same_page(
    testapp, make_user, dbsession, tm, db_state
):
    make_user("alice", "alice-password")
    make_user("carol", "carol-password")
    dbsession.execute(
        update(User).where(User.username == "carol").values(disabled=True)
    )
    tm.commit()
    tm.begin()
    before = db_state()
    attempts = [
        ("nosuchuser", "alice-password"),
        ("alice", "wrong-password"),
        ("carol", "carol-password"),
    ]
    pages = []
    for username, password in attempts:
        response = testapp.login(username, password, status=200)
        assert "Incorrect username or password" in response.text
        assert not any(
            "scratchpad=" in value for value in response.headers.getall("Set-Cookie")
        )
        pages.append(_masked(response.text, username))
    assert pages[0] == pages[1] == pages[2]
    after = db_state()
    assert after["users"] == before["users"]
    assert after["counts"]["logins"] == before["counts"]["logins"] == 0
    assert after["counts"]["comments"] == before["counts"]["comments"]
