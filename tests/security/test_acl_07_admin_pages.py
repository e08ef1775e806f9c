"""ACL-07: the admin pages are for ``group:admins`` only. Anyone else is
refused every page and action (logged out: to the login page; logged in:
403), a forged action is a 400 even for an admin, and nothing changes."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select, update

from scratchpad.models import AuditEvent, Comment, Report
from tests.support.client import client, csrf, redirect_target
from tests.support.factories import add_comment, cast, set_user

PAGES = [
    "/admin/",
    "/admin/users/",
    "/admin/users/{alice}/",
    "/admin/reports/",
    "/admin/held/",
    "/admin/removed/",
    "/admin/audit/",
]
ACTIONS = [
    ("/admin/users/{alice}/disable/", {}),
    ("/admin/users/{alice}/enable/", {}),
    ("/admin/users/{alice}/grant-admin/", {}),
    ("/admin/users/{root}/revoke-admin/", {}),
    ("/admin/users/{alice}/unlock/", {}),
    ("/admin/users/{alice}/revoke-tokens/", {}),
    ("/admin/users/{alice}/reset-link/", {}),
    ("/admin/users/{alice}/delete/", {"comments": "remove"}),
    ("/admin/reports/{cid}/dismiss/", {}),
    ("/admin/reports/{cid}/remove/", {}),
    ("/admin/removed/{removed}/restore/", {}),
    ("/admin/held/{held}/approve/", {}),
    ("/admin/held/{held}/remove/", {}),
]


@pytest.fixture
def world(app, make_user, dbsession, tm):
    ids = cast(make_user, dbsession, tm)
    ids["dave"] = make_user("dave", "dave-password")  # an admin, disabled
    ids["erin"] = make_user("erin", "erin-password")  # an admin, one-time password
    root = client(app, "root")
    bob = client(app, "bob")
    bob.post(
        f"/comments/{ids['cid']}/report/", {"csrf_token": csrf(bob), "reason": "x"}
    )
    ids["removed"] = add_comment(dbsession, tm, "gone", ids["bob"])
    root.post(f"/comments/{ids['removed']}/remove/", {"csrf_token": csrf(root)})
    ids["held"] = add_comment(dbsession, tm, "waiting", ids["bob"])
    dbsession.execute(
        update(Comment).where(Comment.id == ids["held"]).values(held=True)
    )
    tm.commit()
    tm.begin()
    return ids


def everything(dbsession, tm, db_state):
    state = db_state()
    tm.abort()
    tm.begin()
    state["reports"] = dbsession.scalar(select(func.count()).select_from(Report))
    moderated = select(Comment.id, Comment.removed_by_id, Comment.held)
    state["moderated"] = dbsession.execute(moderated.order_by(Comment.id)).all()
    return state


def visitors(app, dbsession, tm, ids):
    dave, erin = client(app, "dave"), client(app, "erin")
    set_user(dbsession, tm, ids["dave"], is_admin=True, disabled=True)
    set_user(dbsession, tm, ids["erin"], is_admin=True, must_change_password=True)
    return {
        "anonymous": client(app),
        "user": client(app, "alice"),
        "disabled admin": dave,
        "one-time admin": erin,
    }


def test_acl_07_pages_refused_to_all_but_admins(app, world, dbsession, tm):
    for who, visitor in visitors(app, dbsession, tm, world).items():
        for template in PAGES:
            path = template.format(**world)
            response = visitor.get(path, expect_errors=True)
            if who == "user":
                assert response.status_int == 403, (who, path)
            elif who == "one-time admin":
                assert redirect_target(response) == "/account/", (who, path)
            else:
                login = "/login/?" + urlencode({"came_from": path})
                assert redirect_target(response) == login, (who, path)
    root = client(app, "root")
    for template in PAGES:
        root.get(template.format(**world), status=200)
    assert "Admin</a>" in root.get("/").text
    assert "/admin/" not in client(app, "alice").get("/").text


@pytest.mark.parametrize(("template", "fields"), ACTIONS)
def test_acl_07_actions_refused_and_change_nothing(
    app, world, dbsession, tm, db_state, template, fields
):
    path = template.format(**world)
    people = visitors(app, dbsession, tm, world)
    root = client(app, "root")
    before = everything(dbsession, tm, db_state)
    for who, visitor in people.items():
        form = {"csrf_token": csrf(visitor), **fields}
        response = visitor.post(path, form, expect_errors=True)
        assert response.status_int in (303, 403), (who, path)
        if response.status_int == 303:
            assert redirect_target(response) in (
                "/account/",
                "/login/?" + urlencode({"came_from": path}),
            )
    root.post(path, fields, status=400)  # no CSRF token, even for an admin
    root.post(path, {**fields, "csrf_token": "x" * 43}, status=400)
    assert everything(dbsession, tm, db_state) == before
    tm.abort()
    tm.begin()
    kinds = set(dbsession.scalars(select(AuditEvent.kind)))
    assert not kinds & {"user disabled", "user deleted", "comment restored"}
    assert not kinds & {"reset link created"}
    assert not kinds & {"comment approved", "reports dismissed"}
