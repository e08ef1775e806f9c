"""The admin pages' users: the list with each user's state, search and
pages, and every action (each one audited); bad input changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from scratchpad import main
from scratchpad.accounts.tokens import create_token
from scratchpad.models import (
    ApiToken,
    AuditEvent,
    Comment,
    Login,
    LoginFailure,
    User,
    utcnow,
)
from tests.support import settings_for
from tests.support.client import client, csrf, redirect_target
from tests.support.factories import add_comment, cast, set_user


@pytest.fixture
def ids(make_user, dbsession, tm):
    return cast(make_user, dbsession, tm)


@pytest.fixture
def root(app, ids):
    return client(app, "root")


def fresh(dbsession, tm, model, **where):
    tm.abort()
    tm.begin()
    query = select(model).filter_by(**where)
    return dbsession.scalars(query).all()


def act(visitor, user_id, action, status=303, **fields):
    form = {"csrf_token": csrf(visitor), **fields}
    return visitor.post(f"/admin/users/{user_id}/{action}/", form, status=status)


def tag(flag):
    return f'<span class="tag">{flag}</span>'


def test_the_list_shows_each_users_state(root, ids, dbsession, tm):
    set_user(dbsession, tm, ids["bob"], disabled=True, must_change_password=True)
    for _ in range(5):
        dbsession.add(LoginFailure(username="alice", address="192.0.2.1"))
    tm.commit()
    tm.begin()
    page = root.get("/admin/users/")
    rows = {
        row.split("</a>")[0].rsplit(">", 1)[1]: row
        for row in page.text.split("<tr>")[2:]
    }
    assert set(rows) == {"alice", "bob", "root"}
    assert tag("locked") in rows["alice"] and tag("disabled") not in rows["alice"]
    assert "<td>1</td>" in rows["alice"]  # her comment
    assert tag("disabled") in rows["bob"] and tag("must change password") in rows["bob"]
    assert tag("admin") in rows["root"] and tag("admin") not in rows["bob"]
    assert "never" not in rows["root"] and "never" in rows["bob"]  # last login


def test_search_and_keyset_pages(db_url, make_user, dbsession, tm):
    admin_id = make_user("root", "root-password")
    set_user(dbsession, tm, admin_id, is_admin=True)
    for n in range(7):
        make_user(f"user{n}", "x-password")
    app = main({}, **{**settings_for(db_url), "scratchpad.page_size": "3"})
    try:
        root = client(app, "root")
        first = root.get("/admin/users/")
        assert "root" in first.text and "user1" in first.text
        assert "user2" not in first.text
        second = first.click("Next users")
        assert "user2" in second.text and "user4" in second.text
        back = second.click("Previous users")
        assert "user1" in back.text and "user2" not in back.text
        found = root.get("/admin/users/", {"q": "USER5"})
        assert "user5" in found.text and "user4" not in found.text
        assert "Next users" not in found.text
        assert "No users" in root.get("/admin/users/", {"q": "%"}).text
        root.get("/admin/users/", {"before": "x"}, status=400)
        root.get("/admin/users/", {"q": "x" * 65}, status=400)
    finally:
        app.registry["dbengine"].dispose()


def test_one_users_page(root, ids):
    page = root.get(f"/admin/users/{ids['alice']}/")
    assert "User alice" in page.text
    assert {form_id for form_id in page.forms} >= {
        "disable-form",
        "grant-admin-form",
        "delete-user-form",
    }
    root.get("/admin/users/999999/", status=404)
    root.get("/admin/users/alice/", status=404)


@pytest.mark.parametrize(
    ("action", "before", "after", "event"),
    [
        ("disable", {}, {"disabled": True}, "user disabled"),
        ("enable", {"disabled": True}, {"disabled": False}, "user enabled"),
        ("grant-admin", {}, {"is_admin": True}, "admin granted"),
        ("revoke-admin", {"is_admin": True}, {"is_admin": False}, "admin revoked"),
    ],
)
def test_flag_actions(root, ids, dbsession, tm, action, before, after, event):
    if before:
        set_user(dbsession, tm, ids["bob"], **before)
    response = act(root, ids["bob"], action)
    assert redirect_target(response) == f"/admin/users/{ids['bob']}/"
    (bob,) = fresh(dbsession, tm, User, id=ids["bob"])
    for name, value in after.items():
        assert getattr(bob, name) == value
    (row,) = fresh(dbsession, tm, AuditEvent, kind=event)
    assert row.username == "root" and row.detail == "target='bob'"


def test_disabling_ends_the_users_logins(app, root, ids, dbsession, tm):
    bob = client(app, "bob")
    assert fresh(dbsession, tm, Login, user_id=ids["bob"])
    act(root, ids["bob"], "disable")
    assert fresh(dbsession, tm, Login, user_id=ids["bob"]) == []
    assert 'class="nav-user"' not in bob.get("/").text


def test_unlock_and_revoke_tokens(root, ids, dbsession, tm):
    for spelling in ("alice", "ALICE"):
        dbsession.add(LoginFailure(username=spelling, address="192.0.2.1"))
    create_token(dbsession, dbsession.get(User, ids["alice"]))
    tm.commit()
    tm.begin()
    assert "Unlock" not in root.get(f"/admin/users/{ids['alice']}/").text
    act(root, ids["alice"], "unlock")
    assert fresh(dbsession, tm, LoginFailure) == []
    act(root, ids["alice"], "revoke-tokens")
    assert fresh(dbsession, tm, ApiToken) == []
    kinds = [event.kind for event in fresh(dbsession, tm, AuditEvent)]
    assert "user unlocked" in kinds and "api tokens revoked" in kinds


@pytest.mark.parametrize("choice", ["keep", "remove"])
def test_delete_keeps_or_removes_comments(root, ids, dbsession, tm, choice):
    response = act(root, ids["alice"], "delete", comments=choice)
    assert redirect_target(response) == "/admin/users/"
    assert fresh(dbsession, tm, User, id=ids["alice"]) == []
    kept = fresh(dbsession, tm, Comment, id=ids["cid"])
    if choice == "keep":
        assert kept[0].commenter_id is None
    else:
        assert kept == []
    (row,) = fresh(dbsession, tm, AuditEvent, kind="user deleted")
    assert row.detail == f"target='alice' comments={choice}:1"


@pytest.mark.parametrize("fields", [{}, {"comments": "all"}])
def test_delete_without_a_choice_is_a_400(root, ids, dbsession, tm, fields):
    act(root, ids["alice"], "delete", status=400, **fields)
    assert fresh(dbsession, tm, User, id=ids["alice"])
    assert fresh(dbsession, tm, Comment, id=ids["cid"])[0].commenter_id == ids["alice"]


def test_last_admin_guard(app, root, ids, dbsession, tm):
    page = root.get(f"/admin/users/{ids['root']}/")
    assert "the only enabled admin" in page.text
    assert "revoke-admin-form" not in page.forms and "disable-form" not in page.forms
    for action, fields in (
        ("revoke-admin", {}),
        ("disable", {}),
        ("delete", {"comments": "keep"}),
    ):
        act(root, ids["root"], action, status=403, **fields)
    (me,) = fresh(dbsession, tm, User, id=ids["root"])
    assert me.is_admin and not me.disabled
    # A disabled admin does not count: the guard still holds.
    set_user(dbsession, tm, ids["bob"], is_admin=True, disabled=True)
    act(root, ids["root"], "revoke-admin", status=403)
    # With another enabled admin, either may step down.
    set_user(dbsession, tm, ids["bob"], disabled=False)
    act(root, ids["root"], "revoke-admin")
    (me,) = fresh(dbsession, tm, User, id=ids["root"])
    assert not me.is_admin
    root.get("/admin/", status=403)  # and is no longer one


def test_the_audit_keeps_the_name_of_a_deleted_admin(app, root, ids, dbsession, tm):
    add_comment(dbsession, tm, "later", ids["bob"], posted=utcnow())
    act(root, ids["bob"], "grant-admin")
    bob = client(app, "bob")
    act(bob, ids["root"], "delete", comments="keep")
    events = fresh(dbsession, tm, AuditEvent, kind="user deleted")
    assert [(e.username, e.detail) for e in events] == [
        ("bob", "target='root' comments=keep:0")
    ]
