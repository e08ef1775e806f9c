"""AUTH-08: no long-lived default account. The admin password initialize_db
generates works for one login, which can only choose a new password; an
admin password given in SCRATCHPAD_ADMIN_PASSWORD is the operator's own."""

from __future__ import annotations

import re

import pytest

from scratchpad.models import Comment
from scratchpad.scripts import initialize_db
from tests.support import INI
from tests.support.client import TestApp, change_password, logged_in_as, redirect_target

NEW_PASSWORD = "a passphrase of my own"


@pytest.fixture
def script_env(monkeypatch, db_url):
    monkeypatch.setenv("SCRATCHPAD_DATABASE_URL", db_url)
    monkeypatch.setenv("SCRATCHPAD_BCRYPT_ROUNDS", "4")
    monkeypatch.setenv("SCRATCHPAD_TESTING", "true")
    monkeypatch.delenv("SCRATCHPAD_ADMIN_PASSWORD", raising=False)
    # Close the script's engine afterwards, so no pooled connection is left
    # for the garbage collector (a ResourceWarning in a later test).
    engines = []

    def get_engine(*args, **kwargs):
        engines.append(real_get_engine(*args, **kwargs))
        return engines[-1]

    real_get_engine = initialize_db.get_script_engine
    monkeypatch.setattr(initialize_db, "get_script_engine", get_engine)
    yield
    for engine in engines:
        engine.dispose()


def generated_password(capsys) -> str:
    assert initialize_db.main([INI]) == 0
    out = capsys.readouterr().out
    return re.search(r"with password (\S+)", out).group(1)


def test_generated_password_only_lets_you_choose_a_new_one(
    script_env, capsys, testapp, app, count_rows, db_state
):
    password = generated_password(capsys)
    response = testapp.login("admin", password)
    assert redirect_target(response) == "/account/"
    page = response.follow()
    assert "generated" in page.text and "for one use only" in page.text
    # Posting is refused: the browser is sent back to the password page.
    before = db_state()
    token = testapp.get_csrf_token("/account/")
    refused = testapp.post("/comments/", {"contents": "hi", "csrf_token": token})
    assert refused.status_int == 303
    assert redirect_target(refused) == "/account/"
    assert db_state() == before
    assert count_rows(Comment) == 0
    # Choosing a new password lifts the restriction...
    change_password(testapp, password, NEW_PASSWORD, status=303)
    testapp.post_comment("first!")
    assert count_rows(Comment) == 1
    # ...and the printed password never works again.
    other = TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    other.login("admin", password, status=200)
    assert logged_in_as(other) is None


def test_one_time_password_cannot_be_kept(script_env, capsys, testapp, db_state):
    password = generated_password(capsys)
    testapp.login("admin", password)
    before = db_state()
    change_password(testapp, password, password, status=400)
    assert db_state() == before


def test_admin_password_from_the_environment_needs_no_change(
    script_env, capsys, monkeypatch, testapp
):
    monkeypatch.setenv("SCRATCHPAD_ADMIN_PASSWORD", NEW_PASSWORD)
    assert initialize_db.main([INI]) == 0
    response = testapp.login("admin", NEW_PASSWORD)
    assert redirect_target(response) == "/"
    testapp.post_comment("hello")
