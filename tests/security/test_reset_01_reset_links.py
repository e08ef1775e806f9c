"""RESET-01: a reset link is 256 random bits of which only the SHA-256 is
stored (the stored digest is no link); it works once, for an hour, only
while the password is the one it was made for, and using it ends every
login of the user. A dead link is a 410 that changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from scratchpad.accounts.resets import create_reset
from scratchpad.models import Login, PasswordReset, User
from tests.support.client import client, csrf
from tests.support.factories import ALICE_PASSWORD

NEW = "a brand new password"


def link(dbsession, tm, user_id: int) -> str:
    token = create_reset(dbsession, dbsession.get(User, user_id))
    tm.commit()
    tm.begin()
    return token


def use(app, token: str, status: int, password: str = NEW):
    visitor = client(app)
    data = {"csrf_token": csrf(visitor), "password": password}
    data["confirm_password"] = password
    return visitor.post(f"/reset/{token}/", data, status=status)


def hash_of(dbsession, tm, user_id: int) -> str:
    tm.abort()
    tm.begin()
    return dbsession.get(User, user_id).password_hash


def test_reset_01_only_a_digest_is_stored(app, alice_id, dbsession, tm):
    token = link(dbsession, tm, alice_id)
    stored = dbsession.scalars(select(PasswordReset.token_hash)).one()
    assert token not in stored
    client(app).get(f"/reset/{stored}/", status=404)


def test_reset_01_once_and_every_login_ends(app, alice, alice_id, dbsession, tm):
    token = link(dbsession, tm, alice_id)
    use(app, token, 303)
    alice.get("/account/", status=303)  # the old login is gone
    changed = hash_of(dbsession, tm, alice_id)
    use(app, token, 410, "another new password")
    assert hash_of(dbsession, tm, alice_id) == changed
    assert dbsession.scalar(select(func.count()).select_from(Login)) == 1


def test_reset_01_expired_or_superseded_links_change_nothing(
    app, alice_id, dbsession, tm, clock
):
    old = link(dbsession, tm, alice_id)
    fresh = link(dbsession, tm, alice_id)
    use(app, fresh, 303)  # the password changed: the older link dies
    changed = hash_of(dbsession, tm, alice_id)
    use(app, old, 410, "third new password")
    late = link(dbsession, tm, alice_id)
    clock.advance(3600)
    use(app, late, 410, "fourth new password")
    assert hash_of(dbsession, tm, alice_id) == changed
    assert ALICE_PASSWORD  # the fixture's password is no longer the one
