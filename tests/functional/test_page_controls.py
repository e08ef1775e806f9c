"""Pages ask the ACL: each control is shown exactly when
``request.has_permission`` allows its view on the resource it acts on,
never because someone is logged in."""

from __future__ import annotations

import pytest

from tests.support.client import client
from tests.support.factories import add_comment, cast, set_user


@pytest.fixture
def people(app, make_user, dbsession, tm):
    ids = cast(make_user, dbsession, tm)
    ids["bobs"] = add_comment(dbsession, tm, "Bob's words", ids["bob"])
    ids["roots"] = add_comment(dbsession, tm, "Root's words", ids["root"])
    return ids


def actions(page) -> list[str]:
    """The labels of the buttons under a comment, in order."""
    return [link.text for link in page.html.select("ul.comment-actions a")]


def nav(page) -> list[str]:
    return [
        item.get_text(" ", strip=True) for item in page.html.select(".nav-links li")
    ]


def test_a_login_that_must_change_its_password_is_sent_to_do_so(
    app, people, dbsession, tm
):
    set_user(dbsession, tm, people["bob"], must_change_password=True)
    bob = client(app, "bob")
    front = bob.get("/")
    assert front.html.find(id="comment-form") is None
    notice = front.html.find(id="password-required")
    assert "choose a new password" in notice.get_text(" ", strip=True)
    assert notice.find("a")["href"] == "/account/"
    assert nav(front) == ["bob", "Account", "Log out"]
    account = bob.get("/account/")
    assert account.html.find(id="password-form") is not None
    for form in ("token-form", "logout-everywhere-form", "delete-form"):
        assert account.html.find(id=form) is None
    # Once the password is changed, the same login may post.
    set_user(dbsession, tm, people["bob"], must_change_password=False)
    front = bob.get("/")
    assert front.html.find(id="comment-form") is not None
    assert front.html.find(id="password-required") is None


def test_anonymous_visitors_see_no_controls(app, people):
    visitor = client(app)
    front = visitor.get("/")
    assert front.html.find(id="comment-form") is None
    assert front.html.find(id="password-required") is None
    assert nav(front) == ["Log in"]
    assert actions(visitor.get(f"/comments/{people['cid']}/")) == []


def test_a_user_sees_the_form_and_edit_and_delete_on_their_own_comments_only(
    app, people
):
    alice = client(app, "alice")
    front = alice.get("/")
    assert front.html.find(id="comment-form") is not None
    assert front.html.find(id="password-required") is None
    assert nav(front) == ["alice", "Account", "Log out"]
    assert actions(alice.get(f"/comments/{people['cid']}/")) == ["Edit", "Delete"]
    assert actions(alice.get(f"/comments/{people['bobs']}/")) == []
    assert actions(alice.get(f"/comments/{people['roots']}/")) == []


def test_an_admin_sees_remove_on_every_comment(app, people):
    root = client(app, "root")
    assert actions(root.get(f"/comments/{people['cid']}/")) == ["Remove as moderator"]
    assert actions(root.get(f"/comments/{people['roots']}/")) == [
        "Edit",
        "Delete",
        "Remove as moderator",
    ]


def test_edit_is_offered_only_while_the_acl_allows_it(app, people, clock):
    alice = client(app, "alice")
    clock.advance(15 * 60 + 1)
    page = alice.get(f"/comments/{people['cid']}/")
    assert actions(page) == ["Delete"]
    assert "You can edit this comment until" not in page.text


def test_a_removed_comment_offers_nothing_to_anyone(app, people):
    root = client(app, "root")
    path = f"/comments/{people['cid']}/"
    root.post(f"{path}remove/", {"csrf_token": root.get_csrf_token()}, status=303)
    assert actions(root.get(path)) == []
    assert actions(client(app, "alice").get(path)) == []


def test_the_report_form_is_offered_on_others_shown_comments(app, people):
    def form(visitor, key):
        page = visitor.get(f"/comments/{people[key]}/")
        return page.html.find(id="report-form") is not None

    alice = client(app, "alice")
    assert form(alice, "bobs") and form(alice, "roots")
    assert not form(alice, "cid")  # her own
    assert not form(client(app), "cid")  # logged out
    root = client(app, "root")
    root.post(
        f"/comments/{people['bobs']}/remove/",
        {"csrf_token": root.get_csrf_token()},
        status=303,
    )
    assert not form(alice, "bobs")  # removed


def test_only_admins_are_offered_the_admin_pages(app, people):
    assert nav(client(app, "root").get("/")) == ["root", "Account", "Admin", "Log out"]
    assert "Admin" not in nav(client(app, "alice").get("/"))
