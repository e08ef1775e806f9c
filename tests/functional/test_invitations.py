"""Joining by invitation: ``manage_users invite`` prints the link last, the
link's form makes one account with the site's rules and logs it in, and a
used, expired or revoked invitation (or a closed site) gets a 410 page that
changes nothing."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from scratchpad.models import Invitation, User
from tests.support.client import client
from tests.support.factories import user_id

PASSWORD = "a fine new password"


def invite(manage, *options: str) -> str:
    """The path of a new invitation's link, made in the shell."""
    code, out, err = manage("invite", *options)
    assert (code, err) == (0, "")
    link = out.splitlines()[-1]
    assert link.startswith("http://localhost:6543/join/")  # development.ini's base_url
    return urlsplit(link).path


def join(visitor, path, username="newcomer", password=PASSWORD, confirm=None, **kw):
    form = visitor.get(path).forms["join-form"]
    form["username"] = username
    form["password"] = password
    form["confirm_password"] = password if confirm is None else confirm
    return form.submit(**kw)


def users(dbsession, tm) -> list[str]:
    tm.abort()
    tm.begin()
    return sorted(dbsession.scalars(select(User.username)))


def test_an_invitation_makes_one_account_and_logs_it_in(manage, app, dbsession, tm):
    path = invite(manage)
    visitor = client(app)
    response = join(visitor, path, status=303)
    assert response.headers["Location"].endswith("/")
    page = visitor.get("/")
    assert "Welcome to Scratchpad, newcomer." in page.text
    assert 'class="nav-user">newcomer<' in page.text
    assert users(dbsession, tm) == ["newcomer"]
    invitation = dbsession.scalars(select(Invitation)).one()
    assert invitation.user_id == user_id(dbsession, "newcomer")
    assert invitation.used is not None and not invitation.admin
    assert path.split("/")[2] not in invitation.token_hash  # only a digest


def test_the_new_user_can_log_in_again_with_the_password(manage, app):
    join(client(app), invite(manage), status=303)
    client(app).login("newcomer", PASSWORD)


def test_a_used_invitation_is_a_410_page_and_changes_nothing(
    manage, app, dbsession, tm
):
    path = invite(manage)
    first = client(app)
    form = first.get(path).forms["join-form"]  # a second tab, opened early
    join(client(app), path, status=303)
    page = client(app).get(path, status=410)
    assert "already been used" in page.text and "join-form" not in page.text
    form["username"] = "second"
    form["password"] = form["confirm_password"] = PASSWORD
    assert "already been used" in form.submit(status=410).text
    assert users(dbsession, tm) == ["newcomer"]


def test_an_expired_invitation_is_refused(manage, app, clock, dbsession, tm):
    path = invite(manage, "--expires", "2")
    clock.advance(2 * 24 * 3600 - 60)
    client(app).get(path, status=200)
    clock.advance(61)
    assert "expired" in client(app).get(path, status=410).text
    visitor = client(app)
    token = visitor.get_csrf_token("/login/")
    data = {"csrf_token": token, "username": "late", "password": PASSWORD}
    data["confirm_password"] = PASSWORD
    visitor.post(path, data, status=410)
    assert users(dbsession, tm) == []


def test_invitations_last_seven_days_by_default(manage, app, clock):
    path = invite(manage)
    clock.advance(7 * 24 * 3600 + 1)
    client(app).get(path, status=410)


def test_an_admin_invitation_makes_an_admin(manage, app, dbsession, tm):
    join(client(app), invite(manage, "--admin"), status=303)
    users(dbsession, tm)
    assert dbsession.scalars(select(User)).one().is_admin


@pytest.mark.parametrize(
    ("username", "password", "confirm", "message"),
    [
        ("Alice", PASSWORD, None, "That username is taken"),
        ("has space", PASSWORD, None, "cannot be used"),
        ("x" * 65, PASSWORD, None, "at most 64"),
        ("newcomer", "short", None, "at least 8"),
        ("newcomer", "password123", None, "most common"),
        ("newcomer", PASSWORD, PASSWORD + "!", "not the same"),
    ],
)
def test_the_site_rules_apply_and_a_refusal_keeps_the_invitation(
    manage, app, make_user, dbsession, tm, username, password, confirm, message
):
    make_user("alice", "alice-password")
    path = invite(manage)
    visitor = client(app)
    page = join(visitor, path, username, password, confirm, status=400)
    assert message in page.text
    assert 'aria-invalid="true"' in page.text
    assert users(dbsession, tm) == ["alice"]
    join(visitor, path, status=303)  # still open


def test_an_unknown_token_is_a_404(app):
    client(app).get("/join/not-a-token/", status=404)
    client(app).get("/join/", status=404)


def test_the_shell_refuses_without_base_url_or_with_registration_closed(
    manage, monkeypatch, count_rows
):
    monkeypatch.setenv("SCRATCHPAD_BASE_URL", "")
    monkeypatch.setenv("SCRATCHPAD_REGISTRATION", "closed")
    code, out, err = manage("invite")
    assert code == 1 and out == "" and "nothing changed" in err
    monkeypatch.setenv("SCRATCHPAD_BASE_URL", "https://comments.example.org")
    code, out, err = manage("invite")
    assert code == 1 and "registration is closed" in err
    assert manage("invite", "--expires", "0")[0] == 1
    assert count_rows(Invitation) == 0


def test_a_closed_site_refuses_open_invitations(manage, app_settings, dbsession, tm):
    from scratchpad import main

    path = invite(manage)
    closed = main({}, **{**app_settings, "scratchpad.registration": "closed"})
    try:
        page = client(closed).get(path, status=410)
        assert "not taking new accounts" in page.text
    finally:
        closed.registry["dbengine"].dispose()
    assert users(dbsession, tm) == []
