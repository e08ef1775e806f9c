"""Buttons that destroy or end something (delete, remove, revoke, log out
everywhere, delete the account) look different from the others: they
carry the ``danger`` style."""

from __future__ import annotations

from tests.support.client import client
from tests.support.factories import cast


def danger_buttons(page) -> set[str]:
    return {
        " ".join(button.get_text(" ", strip=True).split())
        for button in page.html.select("main button.danger")
    }


def test_destructive_buttons_are_marked(app, make_user, dbsession, tm):
    ids = cast(make_user, dbsession, tm)
    alice = client(app, "alice")
    form = alice.get("/account/").forms["token-form"]
    form.submit()
    account = alice.get("/account/")
    assert danger_buttons(account) == {
        "Revoke",
        "Log out everywhere",
        "Delete my account",
    }
    delete = alice.get(f"/comments/{ids['cid']}/delete/")
    assert len(danger_buttons(delete)) == 1
    remove = client(app, "root").get(f"/comments/{ids['cid']}/remove/")
    assert len(danger_buttons(remove)) == 1
    safe = {
        b.get_text(strip=True) for b in account.html.select("main button:not(.danger)")
    }
    assert "Change password" in safe and "Create a token" in safe
