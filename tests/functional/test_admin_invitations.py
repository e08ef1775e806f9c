"""``/admin/invitations/``: admins create (the link shown once), list
(state, who invited, who joined) and revoke invitations; everyone else is
refused and changes nothing."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from scratchpad.models import Invitation
from tests.support.client import client, csrf
from tests.support.factories import cast

PAGE = "/admin/invitations/"
LINK = re.compile(r'<code id="new-invitation-link">([^<]+)</code>')


@pytest.fixture
def ids(make_user, dbsession, tm):
    return cast(make_user, dbsession, tm)


def create(admin, days="7", admin_flag=False, **kw):
    form = admin.get(PAGE).forms["invite-form"]
    form["days"] = days
    if admin_flag:
        form["admin"] = True
    return form.submit(**kw)


def test_an_admin_creates_an_invitation_and_sees_the_link_once(app, ids):
    root = client(app, "root")
    assert 'href="/admin/invitations/">Invitations</a>' in root.get("/admin/").text
    page = create(root, status=200)
    link = LINK.search(page.text).group(1)
    assert link.startswith("http://localhost/join/")
    assert link not in root.get(PAGE).text
    visitor = client(app)
    form = visitor.get(urlsplit(link).path).forms["join-form"]
    assert "invited by" in visitor.get(urlsplit(link).path).text
    form["username"] = "newcomer"
    form["password"] = form["confirm_password"] = "a fine new password"
    form.submit(status=303)
    listing = root.get(PAGE).text
    row = re.search(r'<tr id="invitation-\d+">(.*?)</tr>', listing, re.S).group(1)
    assert "used" in row and "root" in row and "newcomer" in row


def test_an_admin_revokes_an_open_invitation(app, ids, count_rows):
    root = client(app, "root")
    link = LINK.search(create(root).text).group(1)
    forms = root.get(PAGE).forms.values()
    revoke_forms = [form for form in forms if form.action.endswith("/revoke/")]
    assert len(revoke_forms) == 1
    revoke_forms[0].submit(status=303)
    assert "revoked" in root.get(PAGE).text
    client(app).get(urlsplit(link).path, status=410)
    data = {"csrf_token": csrf(root), "invitation_id": "1"}
    root.post(PAGE + "revoke/", data, status=404)  # no longer open
    root.post(PAGE + "revoke/", {**data, "invitation_id": "x"}, status=404)
    assert count_rows(Invitation) == 1


def test_days_are_checked(app, ids, count_rows):
    root = client(app, "root")
    for days in ("0", "366", "seven", ""):
        assert "1 to 365 days" in create(root, days, status=400).text
    assert count_rows(Invitation) == 0


def test_an_admin_invitation_is_marked(app, ids):
    root = client(app, "root")
    create(root, admin_flag=True)
    assert "open (admin)" in root.get(PAGE).text


@pytest.mark.parametrize("who", [None, "alice"])
def test_others_are_refused_and_change_nothing(app, ids, who, count_rows):
    visitor = client(app, who)
    expected = 403 if who else 303
    visitor.get(PAGE, status=expected)
    token = csrf(visitor)
    visitor.post(PAGE + "create/", {"csrf_token": token, "days": "7"}, status=expected)
    assert count_rows(Invitation) == 0
    assert "/admin/" not in visitor.get("/").text


def test_forged_requests_are_refused(app, ids, count_rows):
    root = client(app, "root")
    root.post(PAGE + "create/", {"days": "7"}, status=400)
    assert count_rows(Invitation) == 0
