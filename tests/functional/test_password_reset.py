"""Reset links made by an admin in the shell (``manage_users reset-link
NAME``, the link printed last): the link sets a new password once, within
an hour, ends every login, and dies when the password changes by any
route; a dead link is a 410 page that changes nothing."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select

from scratchpad.accounts.passwords import verify_password
from scratchpad.models import Login, PasswordReset, User
from tests.support import TEST_ROUNDS
from tests.support.client import client
from tests.support.factories import set_user

NEW = "a brand new password"


def reset_link(manage, name="alice") -> str:
    code, out, err = manage("reset-link", name)
    assert (code, err) == (0, "")
    link = out.splitlines()[-1]
    assert link.startswith("http://localhost:6543/reset/")
    return urlsplit(link).path


def choose(visitor, path, password=NEW, confirm=None, **kw):
    form = visitor.get(path).forms["reset-form"]
    form["password"] = password
    form["confirm_password"] = password if confirm is None else confirm
    return form.submit(**kw)


def password_is(dbsession, tm, password, name="alice") -> bool:
    tm.abort()
    tm.begin()
    user = dbsession.scalar(select(User).where(User.username == name))
    return verify_password(password, user.password_hash, TEST_ROUNDS)


def test_a_reset_link_sets_the_password_and_ends_every_login(
    manage, app, make_user, dbsession, tm, count_rows
):
    make_user("alice", "alice-password")
    logged_in = client(app, "alice")
    path = reset_link(manage)
    visitor = client(app)
    assert "alice" in visitor.get(path).text
    response = choose(visitor, path, status=303)
    assert response.headers["Location"].endswith("/account/")
    account = visitor.get("/account/")
    assert "every login was ended" in account.text
    assert "revoke your API tokens" in account.text
    assert password_is(dbsession, tm, NEW)
    assert logged_in.get("/account/", status=303)  # that login is over
    assert count_rows(Login) == 1  # this browser's new one
    client(app).login("alice", NEW)
    stored = dbsession.scalars(select(PasswordReset)).one()
    assert path.split("/")[2] not in stored.token_hash


def test_a_link_works_once(manage, app, make_user, dbsession, tm):
    make_user("alice", "alice-password")
    path = reset_link(manage)
    early = client(app)
    form = early.get(path).forms["reset-form"]
    choose(client(app), path, status=303)
    assert "already been used" in client(app).get(path, status=410).text
    form["password"] = form["confirm_password"] = "yet another password"
    form.submit(status=410)
    assert password_is(dbsession, tm, NEW)


def test_a_link_expires_after_an_hour(manage, app, make_user, clock, dbsession, tm):
    make_user("alice", "alice-password")
    path = reset_link(manage)
    clock.advance(3600 - 30)
    client(app).get(path, status=200)
    clock.advance(31)
    assert "expired" in client(app).get(path, status=410).text
    assert password_is(dbsession, tm, "alice-password")


def test_a_password_change_kills_older_links(manage, app, make_user, dbsession, tm):
    make_user("alice", "alice-password")
    path = reset_link(manage)
    alice = client(app, "alice")
    form = alice.get("/account/").forms["password-form"]
    form["current_password"] = "alice-password"
    form["new_password"] = form["confirm_password"] = "changed by alice"
    form.submit(status=303)
    assert "password was changed" in client(app).get(path, status=410).text
    assert password_is(dbsession, tm, "changed by alice")


def test_the_new_password_follows_the_rules(manage, app, make_user, dbsession, tm):
    make_user("alice", "alice-password")
    path = reset_link(manage)
    assert "at least 8" in choose(client(app), path, "short", status=400).text
    page = choose(client(app), path, NEW, NEW + "x", status=400)
    assert "not the same" in page.text
    assert password_is(dbsession, tm, "alice-password")
    choose(client(app), path, status=303)  # still live


def test_a_disabled_user_cannot_use_a_link(manage, app, make_user, dbsession, tm):
    alice = make_user("alice", "alice-password")
    path = reset_link(manage)
    set_user(dbsession, tm, alice, disabled=True)
    client(app).get(path, status=410)
    assert manage("reset-link", "alice")[0] == 1


def test_unknown_users_and_tokens(manage, app):
    code, _out, err = manage("reset-link", "nobody")
    assert code == 1 and "no user called 'nobody'" in err
    client(app).get("/reset/nothing-here/", status=404)


def test_a_one_time_password_is_replaced_too(manage, app, make_user, dbsession, tm):
    alice = make_user("alice", "alice-password")
    set_user(dbsession, tm, alice, must_change_password=True)
    choose(client(app), reset_link(manage), status=303)
    tm.abort()
    tm.begin()
    assert not dbsession.get(User, alice).must_change_password
