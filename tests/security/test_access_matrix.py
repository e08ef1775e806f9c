"""Every view, for every kind of visitor, with the exact outcome of each cell.

Visitors: anonymous; the comment's author; another user; an admin; and a
user whose account was disabled while logged in (who counts as logged
out). Each cell gets a fresh comment by the author, so one cell's delete
cannot hide another's result. A refused cell must also change nothing.

Outcomes: a status code, or for a redirect the path it sends to. ``LOGIN``
is the forbidden page for logged-out visitors: a 303 to
``/login/?came_from=<path>``; logged-in visitors get a real 403 page.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from scratchpad.models import Comment
from tests.support.client import client, csrf, redirect_target
from tests.support.factories import add_comment, cast, set_user

LOGIN = "login"
ROLES = ("anonymous", "author", "other", "admin", "disabled")
WHO = {"author": "alice", "other": "bob", "admin": "root", "disabled": "dave"}
PERMALINK = "/comments/{cid}/"


def row(label, method, path, *outcomes, late=False):
    """A row of the matrix: outcomes in the order of ROLES."""
    expected = dict(zip(ROLES, outcomes, strict=True))
    return pytest.param(method, path, expected, late, id=label)


MATRIX = [
    row("front page", "GET", "/", 200, 200, 200, 200, 200),
    row("static file", "GET", "/static/site.css", 200, 200, 200, 200, 200),
    row("login page", "GET", "/login/", 200, 200, 200, 200, 200),
    row("log in, wrong password", "POST", "/login/", 200, 200, 200, 200, 200),
    row("logout page", "GET", "/logout/", 200, 200, 200, 200, 200),
    row("log out", "POST", "/logout/", "/", "/", "/", "/", "/"),
    row("comments index", "GET", "/comments/", "/", "/", "/", "/", "/"),
    row("post a comment", "POST", "/comments/", LOGIN, "/", "/", "/", LOGIN),
    row("users", "GET", "/users/", 404, 404, 404, 404, 404),
    row("comment page", "GET", PERMALINK, 200, 200, 200, 200, 200),
    row("unknown comment", "GET", "/comments/999999/", 404, 404, 404, 404, 404),
    row("edit form", "GET", PERMALINK + "edit/", LOGIN, 200, 403, 403, LOGIN),
    row("edit", "POST", PERMALINK + "edit/", LOGIN, PERMALINK, 403, 403, LOGIN),
    row(
        "edit form, window closed",
        "GET",
        PERMALINK + "edit/",
        *(LOGIN, 403, 403, 403, LOGIN),
        late=True,
    ),
    row(
        "edit, window closed",
        "POST",
        PERMALINK + "edit/",
        *(LOGIN, 403, 403, 403, LOGIN),
        late=True,
    ),
    row("delete form", "GET", PERMALINK + "delete/", LOGIN, 200, 403, 403, LOGIN),
    row("delete", "POST", PERMALINK + "delete/", LOGIN, "/", 403, 403, LOGIN),
    row(
        "delete, window closed",
        "POST",
        PERMALINK + "delete/",
        *(LOGIN, "/", 403, 403, LOGIN),
        late=True,
    ),
    row("remove form", "GET", PERMALINK + "remove/", LOGIN, 403, 403, 200, LOGIN),
    row("remove", "POST", PERMALINK + "remove/", LOGIN, 403, 403, PERMALINK, LOGIN),
    row("invitations", "GET", "/admin/invitations/", LOGIN, 403, 403, 200, LOGIN),
    row(
        "create an invitation",
        "POST",
        "/admin/invitations/create/",
        *(LOGIN, 403, 403, 400, LOGIN),  # the admin's form lacks its days: 400
    ),
    row("sign-up (invitations only)", "GET", "/signup/", 404, 404, 404, 404, 404),
]


def outcome(response):
    if response.status_int in (301, 302, 303, 307, 308):
        return redirect_target(response)
    return response.status_int


def snapshot(dbsession, tm):
    """Everything a refused request must leave as it was."""
    tm.abort()
    tm.begin()
    rows = dbsession.execute(
        select(Comment.id, Comment.content, Comment.edited, Comment.removed)
    ).all()
    return sorted(tuple(r) for r in rows), dbsession.scalar(
        select(func.count()).select_from(Comment)
    )


@pytest.mark.parametrize(("method", "template", "expected", "late"), MATRIX)
def test_access_matrix(
    app, make_user, dbsession, tm, clock, method, template, expected, late
):
    ids = cast(make_user, dbsession, tm)
    dave = make_user("dave", "dave-password")
    browsers = {role: client(app, WHO.get(role)) for role in ROLES}
    set_user(dbsession, tm, dave, disabled=True)  # after logging in
    if late:
        clock.advance(15 * 60 + 1)
    seen = {}
    for role in ROLES:
        cid = add_comment(dbsession, tm, f"by alice for {role}", ids["alice"])
        path = template.format(cid=cid)
        browser = browsers[role]
        before = snapshot(dbsession, tm)
        if method == "GET":
            response = browser.get(path, expect_errors=True)
        else:
            form = {
                "csrf_token": csrf(browser),
                "contents": f"sent by {role}",
                "username": "nobody",
                "password": "not-the-password",
            }
            response = browser.post(path, form, expect_errors=True)
        result = outcome(response)
        want = expected[role]
        if want == LOGIN:
            want = "/login/?" + urlencode({"came_from": path})
        elif isinstance(want, str):
            want = want.format(cid=cid)
        if expected[role] in (LOGIN, 403):
            assert snapshot(dbsession, tm) == before, (role, path)
        if result == 403:
            assert "<h1>Forbidden</h1>" in response.text
        # Report each cell in the table's own terms, so a diff reads well.
        seen[role] = expected[role] if result == want else result
    assert seen == expected
