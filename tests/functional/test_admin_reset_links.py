"""The admin user page's "Make a reset link": the link ``manage_users
reset-link NAME`` makes, shown once on the page the POST redirects to,
audited, and working; anyone but an admin, a forged form, a disabled user
or a site without ``scratchpad.base_url`` gets a 4xx and nothing changes."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from sqlalchemy import func, select

from scratchpad import main
from scratchpad.models import AuditEvent, PasswordReset
from tests.support import settings_for
from tests.support.client import HOST, client, csrf, redirect_target
from tests.support.factories import cast, set_user

SITE = f"http://{HOST}"  # the test client's own address, so its forms pass
NEW = "a brand new password"


@pytest.fixture
def app_settings(db_url: str) -> dict[str, Any]:
    return {**settings_for(db_url), "scratchpad.base_url": SITE}


@pytest.fixture
def ids(make_user, dbsession, tm):
    return cast(make_user, dbsession, tm)


def made(dbsession, tm) -> tuple[int, list[str]]:
    """Reset links stored, and the audit events about them."""
    tm.abort()
    tm.begin()
    links = dbsession.scalar(select(func.count()).select_from(PasswordReset))
    kinds = select(AuditEvent.kind).where(AuditEvent.kind == "reset link created")
    return links, list(dbsession.scalars(kinds))


def make_link(visitor, user_id, status=303, token=None):
    form = {"csrf_token": csrf(visitor) if token is None else token}
    path = f"/admin/users/{user_id}/reset-link/"
    return visitor.post(path, form, status=status, expect_errors=status >= 400)


def test_an_admin_makes_a_link_shown_once_that_works(app, ids, dbsession, tm):
    root = client(app, "root")
    page = root.get(f"/admin/users/{ids['alice']}/")
    assert "reset-link-value" not in page.text
    response = page.forms["reset-link-form"].submit(status=303)
    assert redirect_target(response) == f"/admin/users/{ids['alice']}/"
    shown = response.follow()
    link = shown.html.find(id="reset-link-value").text
    assert "no-store" in shown.headers["Cache-Control"]  # not kept by the browser
    assert link.startswith(SITE + "/reset/")
    assert "works once, for 60 minutes" in shown.text
    assert made(dbsession, tm) == (1, ["reset link created"])
    event = dbsession.scalar(
        select(AuditEvent).where(AuditEvent.kind == "reset link created")
    )
    assert event.username == "root" and "alice" in event.detail
    # Shown once: a reload, or another user's page, shows it no more.
    assert link not in root.get(f"/admin/users/{ids['alice']}/").text
    assert link not in root.get(f"/admin/users/{ids['bob']}/").text
    # It is a real reset link: alice sets her password with it.
    form = client(app).get(urlsplit(link).path).forms["reset-form"]
    form["password"] = form["confirm_password"] = NEW
    assert redirect_target(form.submit(status=303)) == "/account/"


def test_another_users_page_does_not_take_the_link(app, ids):
    root = client(app, "root")
    make_link(root, ids["alice"])
    assert "reset-link-value" not in root.get(f"/admin/users/{ids['bob']}/").text
    page = root.get(f"/admin/users/{ids['alice']}/")
    assert page.html.find(id="reset-link-value") is not None


def test_only_an_admin_with_a_real_form_makes_one(app, ids, dbsession, tm):
    path = f"/admin/users/{ids['alice']}/reset-link/"
    response = make_link(client(app), ids["alice"], status=303)
    assert redirect_target(response) == "/login/?" + urlencode({"came_from": path})
    make_link(client(app, "bob"), ids["alice"], status=403)
    root = client(app, "root")
    make_link(root, ids["alice"], status=400, token="x" * 43)  # forged
    root.post(path, {}, status=400)  # no token at all
    assert made(dbsession, tm) == (0, [])
    page = client(app, "bob").get("/users/alice/")
    assert "reset-link-form" not in page.text


def test_a_disabled_user_gets_no_link(app, ids, dbsession, tm):
    set_user(dbsession, tm, ids["alice"], disabled=True)
    root = client(app, "root")
    page = root.get(f"/admin/users/{ids['alice']}/")
    assert "reset-link-form" not in page.forms
    assert "enable them first" in page.text
    response = make_link(root, ids["alice"], status=400)
    assert "alice&#39; is disabled; nothing changed" in response.text
    assert made(dbsession, tm) == (0, [])


def test_without_the_sites_address_no_link_is_made(db_url, ids, dbsession, tm):
    app = main({}, **settings_for(db_url))  # scratchpad.base_url unset
    try:
        root = client(app, "root")
        page = root.get(f"/admin/users/{ids['alice']}/")
        assert "reset-link-form" not in page.forms
        assert "scratchpad.base_url" in page.text
        response = make_link(root, ids["alice"], status=400)
        assert "scratchpad.base_url is not set" in response.text
        assert made(dbsession, tm) == (0, [])
    finally:
        app.registry["dbengine"].dispose()
