"""CSRF-06: GET never changes anything: /logout/ by GET only asks."""

from __future__ import annotations

from tests.support.client import logged_in_as


def test_get_logout_shows_a_one_button_form(alice, db_state):
    before = db_state()
    page = alice.get("/logout/", status=200)
    form = page.forms[len(page.forms) - 1]  # the page's own, after the nav's
    assert form.method.lower() == "post"
    assert "csrf_token" in form.fields
    assert logged_in_as(alice) == "alice"
    assert db_state() == before


def test_get_on_action_urls_changes_nothing(alice, db_state):
    before = db_state()
    for path in ("/comments/", "/account/", "/login/", "/logout/"):
        alice.get(path)
    assert logged_in_as(alice) == "alice"
    assert db_state() == before
