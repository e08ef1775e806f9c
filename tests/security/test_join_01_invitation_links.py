"""JOIN-01: an invitation link is 256 random bits of which only the SHA-256
is stored; the stored digest is no link; a link works once, and a used,
expired or revoked one is a 410 that changes nothing. The admin pages are
for ``group:admins`` only."""

from __future__ import annotations

from sqlalchemy import select

from scratchpad.accounts.invitations import create_invitation
from scratchpad.models import Invitation, User, utcnow
from tests.support.client import client, csrf

PASSWORD = "a fine new password"


def make(dbsession, tm, **kw) -> tuple[int, str]:
    invitation, token = create_invitation(dbsession, None, days=7, **kw)
    invitation_id = invitation.id
    tm.commit()
    tm.begin()
    return invitation_id, token


def submit(app, path: str, name: str, status: int):
    visitor = client(app)
    data = {"csrf_token": csrf(visitor), "username": name}
    data["password"] = data["confirm_password"] = PASSWORD
    return visitor.post(path, data, status=status)


def usernames(dbsession, tm) -> list[str]:
    tm.abort()
    tm.begin()
    return sorted(dbsession.scalars(select(User.username)))


def test_join_01_only_a_digest_is_stored_and_it_is_no_link(app, dbsession, tm):
    invitation_id, token = make(dbsession, tm)
    assert len(token) == 43
    stored = dbsession.get(Invitation, invitation_id).token_hash
    assert token not in stored and len(stored) == 64
    client(app).get(f"/join/{stored}/", status=404)
    client(app).get(f"/join/{token[:-1]}/", status=404)
    client(app).get(f"/join/{token}/", status=200)


def test_join_01_one_account_per_link_even_from_two_tabs(app, dbsession, tm):
    _, token = make(dbsession, tm)
    path = f"/join/{token}/"
    submit(app, path, "first", 303)
    submit(app, path, "second", 410)
    assert usernames(dbsession, tm) == ["first"]


def test_join_01_revoked_and_expired_links_change_nothing(app, dbsession, tm, clock):
    revoked_id, revoked = make(dbsession, tm)
    dbsession.get(Invitation, revoked_id).revoked = utcnow()
    tm.commit()
    tm.begin()
    _, expiring = make(dbsession, tm)
    clock.advance(7 * 24 * 3600)
    submit(app, f"/join/{revoked}/", "one", 410)
    submit(app, f"/join/{expiring}/", "two", 410)
    assert usernames(dbsession, tm) == []


def test_join_01_the_invitation_decides_admin_not_the_form(app, dbsession, tm):
    _, token = make(dbsession, tm)
    visitor = client(app)
    data = {"csrf_token": csrf(visitor), "username": "eve", "is_admin": "1"}
    data.update(password=PASSWORD, confirm_password=PASSWORD, admin="yes")
    visitor.post(f"/join/{token}/", data, status=303)
    tm.abort()
    tm.begin()
    assert not dbsession.scalars(select(User)).one().is_admin
