"""Pre-moderation (``scratchpad.premoderation``): a new user's comments wait
for an admin. Until approved, a held comment is seen by its author (marked
as waiting) and the admins only: not on the front page, a user's page, its
own page, the feed or the API for anyone else."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from scratchpad import main
from scratchpad.accounts.tokens import create_token
from scratchpad.models import AuditEvent, Comment, User
from tests.support import settings_for
from tests.support.client import bearer, client, csrf, redirect_target
from tests.support.factories import cast

HELD = "Waiting for a moderator"


@pytest.fixture
def site(db_url, make_user, dbsession, tm):
    """The app with pre-moderation at 1 approved comment, and the cast."""
    ids = cast(make_user, dbsession, tm)  # alice's first comment is approved
    make_user("newbie", "newbie-password")
    settings = {
        **settings_for(db_url),
        "scratchpad.premoderation": "1",
        "scratchpad.base_url": "http://localhost",
    }
    app = main({}, **settings)
    yield app, ids
    app.registry["dbengine"].dispose()


def committed(dbsession, tm, model, **where):
    tm.abort()
    tm.begin()
    return dbsession.scalars(select(model).filter_by(**where)).all()


def held_comment(app, dbsession, tm):
    newbie = client(app, "newbie")
    response = newbie.post_comment("newbie's first words")
    assert "waits for a moderator" in response.follow().text
    (comment,) = committed(dbsession, tm, Comment, content="newbie's first words")
    assert comment.held
    return newbie, comment.id


def test_a_held_comment_is_seen_by_its_author_and_admins_only(site, dbsession, tm):
    app, _ids = site
    newbie, cid = held_comment(app, dbsession, tm)
    for page in ("/", "/users/newbie/", f"/comments/{cid}/"):
        text = newbie.get(page).text
        assert "newbie&#39;s first words" in text and HELD in text, page
        text = client(app, "root").get(page).text
        assert "newbie&#39;s first words" in text and HELD in text, page
    for visitor in (client(app), client(app, "bob")):
        for page in ("/", "/users/newbie/", "/feed.atom", "/api/comments"):
            assert "first words" not in visitor.get(page).text, page
    anonymous = client(app)
    assert "Newer comments" not in anonymous.get("/").text  # nothing newer to see
    assert redirect_target(anonymous.get(f"/comments/{cid}/")).startswith("/login/")
    client(app, "bob").get(f"/comments/{cid}/", status=403)
    anonymous.get(f"/api/comments/{cid}", status=401)
    bob = client(app, "bob")
    form = {"csrf_token": csrf(bob), "reason": "cannot see it, cannot report it"}
    bob.post(f"/comments/{cid}/report/", form, status=403)


def test_an_api_token_sees_what_its_user_sees(site, dbsession, tm):
    app, _ids = site
    _, cid = held_comment(app, dbsession, tm)
    tokens = {}
    for name in ("newbie", "bob", "root"):
        user = dbsession.scalar(select(User).where(User.username == name))
        tokens[name] = create_token(dbsession, user)
    tm.commit()
    tm.begin()
    api = client(app)
    for name, sees in (("newbie", True), ("bob", False), ("root", True)):
        listed = api.get("/api/comments", headers=bearer(tokens[name])).json
        assert (cid in [c["id"] for c in listed["comments"]]) is sees, name
        one = api.get(f"/api/comments/{cid}", headers=bearer(tokens[name]), status="*")
        assert (one.status_int == 200) is sees, name
    posted = api.post_json(
        "/api/comments",
        {"content": "through the API"},
        headers=bearer(tokens["newbie"]),
    )
    (row,) = committed(dbsession, tm, Comment, id=posted.json["id"])
    assert row.held


def test_approving_shows_it_to_everyone_and_the_next_one_goes_straight_out(
    site, dbsession, tm
):
    app, _ids = site
    newbie, cid = held_comment(app, dbsession, tm)
    anonymous = client(app)
    assert "first words" not in anonymous.get("/").text  # and now cached
    root = client(app, "root")
    queue = root.get("/admin/held/")
    assert f'id="held-{cid}"' in queue.text and "1 waiting" in root.get("/admin/").text
    response = root.post(f"/admin/held/{cid}/approve/", {"csrf_token": csrf(root)})
    assert redirect_target(response) == "/admin/held/"
    assert not committed(dbsession, tm, Comment, id=cid)[0].held
    assert "first words" in anonymous.get("/").text
    assert HELD not in anonymous.get("/").text
    (event,) = committed(dbsession, tm, AuditEvent, kind="comment approved")
    assert (event.username, event.detail) == ("root", f"comment={cid}")
    newbie.post_comment("the second goes straight out")
    assert "the second goes straight out" in anonymous.get("/").text
    root.post(f"/admin/held/{cid}/approve/", {"csrf_token": csrf(root)}, status=404)


def test_a_removed_held_comment_stays_hidden(site, dbsession, tm):
    app, _ids = site
    _, cid = held_comment(app, dbsession, tm)
    root = client(app, "root")
    root.post(f"/admin/held/{cid}/remove/", {"csrf_token": csrf(root)})
    (comment,) = committed(dbsession, tm, Comment, id=cid)
    assert comment.removed is not None and comment.held
    assert "No comments are waiting" in root.get("/admin/held/").text
    assert "removed by a moderator" not in client(app).get("/").text


def test_admins_and_approved_users_are_not_held(site, dbsession, tm):
    app, _ids = site
    client(app, "root").post_comment("from the admin")
    client(app, "alice").post_comment("alice has one approved already")
    assert not any(c.held for c in committed(dbsession, tm, Comment))


def test_off_by_default(app, make_user, dbsession, tm):
    make_user("newbie", "newbie-password")
    client(app, "newbie").post_comment("straight out")
    assert not committed(dbsession, tm, Comment)[0].held
    assert "straight out" in client(app).get("/").text
