"""The list of comments is rendered once and shared by every viewer
(scratchpad.comments.shared_list); each viewer's own controls are spliced
in from the comments' ACL (scratchpad.comments.list_controls).

Whatever order viewers come in, nobody sees another's name, controls, CSRF
token or idempotency key, and a held comment shows only to its author and
the admins.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from scratchpad import main
from tests.support import settings_for
from tests.support.client import client
from tests.support.factories import add_comment, cast

HELD = "Waiting for a moderator"


@pytest.fixture
def ids(make_user, dbsession, tm):
    """alice (comment ``cid``), bob (comment ``bid``), root (an admin)."""
    ids = cast(make_user, dbsession, tm)
    ids["bid"] = add_comment(dbsession, tm, "Bob's reply", ids["bob"])
    return ids


def controls(page_text: str) -> dict[str, list[str]]:
    """The in-list controls, by comment id: {"3": ["edit", "delete"]}."""
    found: dict[str, list[str]] = {}
    for comment_id, name in re.findall(r'href="/comments/(\d+)/(\w+)/"', page_text):
        found.setdefault(comment_id, []).append(name)
    return found


def secrets_of(page_text: str) -> list[str]:
    """The CSRF token(s) and idempotency key a page carries."""
    return re.findall(
        r'name="(?:csrf_token|idempotency_key)" value="([^"]+)"', page_text
    )


def in_list(page_text: str) -> str:
    return page_text.split('<ol class="comments">', 1)[1].split("</ol>", 1)[0]


def test_own_comments_offer_edit_and_delete_in_the_list(testapp, ids):
    testapp.login("alice", "alice-password")
    page = testapp.get("/")
    cid, bid = str(ids["cid"]), str(ids["bid"])
    assert controls(in_list(page.text)) == {cid: ["edit", "delete"]}
    delete = page.html.select_one(f'#comment-{cid} a[href="/comments/{cid}/delete/"]')
    assert delete is not None and "danger" in delete["class"]
    # The links lead to the pages the ACL opens to her, and not to bob's.
    assert testapp.get(f"/comments/{cid}/edit/").forms
    testapp.get(f"/comments/{bid}/edit/", status=403)


def test_after_one_viewer_the_next_sees_only_their_own(app, testapp, ids):
    alice = testapp
    alice.login("alice", "alice-password")
    alices = alice.get("/").text
    cached = app.registry.scratchpad_page_cache.kept_keys()
    assert any(key.startswith("list|public|") for key in cached)
    alice_secrets = secrets_of(alices)
    assert len(alice_secrets) >= 2  # her form's token and key, the logout's token
    bob = client(app, "bob")
    bobs = bob.get("/").text
    cid, bid = str(ids["cid"]), str(ids["bid"])
    assert controls(bobs) == {bid: ["edit", "delete"]}
    assert '<span class="nav-user">bob</span>' in bobs
    assert 'nav-user">alice' not in bobs
    anonymous = client(app).get("/").text
    assert controls(anonymous) == {}
    assert "nav-user" not in anonymous and "<!--controls" not in anonymous
    for other in (bobs, anonymous):
        assert not set(alice_secrets) & set(secrets_of(other))
        assert f"/comments/{cid}/edit/" not in other
    # And alice, after them, still gets hers (and a fresh key of her own).
    again = alice.get("/").text
    assert controls(again) == {cid: ["edit", "delete"]}
    assert not set(secrets_of(again)) & set(secrets_of(bobs))


def test_admins_get_remove_on_every_comment(app, ids):
    root = client(app, "root")
    found = controls(root.get("/").text)
    assert found == {
        str(ids["cid"]): ["remove"],
        str(ids["bid"]): ["remove"],
    }


def test_controls_follow_the_acl_while_the_list_is_kept(testapp, ids, clock):
    testapp.login("alice", "alice-password")
    cid = str(ids["cid"])
    assert controls(testapp.get("/").text) == {cid: ["edit", "delete"]}
    clock.advance(901)  # the edit window (900 s) closes; the list is unchanged
    assert controls(testapp.get("/").text) == {cid: ["delete"]}
    testapp.get(f"/comments/{cid}/edit/", status=403)


def test_a_changed_comment_renews_the_kept_list(testapp, ids):
    testapp.login("alice", "alice-password")
    assert "Alice&#39;s &lt;b&gt;words" in testapp.get("/").text
    form = testapp.get(f"/comments/{ids['cid']}/edit/").forms["edit-form"]
    form["contents"] = "Alice, edited"
    form.submit(status=303)
    for viewer in (testapp, client(testapp.app, "bob"), client(testapp.app)):
        text = viewer.get("/").text
        assert "Alice, edited" in text and "words" not in text


def test_a_bad_cursor_is_refused_and_keeps_nothing(app, testapp, ids):
    testapp.login("alice", "alice-password")
    testapp.get("/?before=x", status=400)
    testapp.get("/users/alice/?after=-1", status=400)
    assert app.registry.scratchpad_page_cache.kept_keys() == []


@pytest.fixture
def held_site(db_url, make_user, dbsession, tm):
    """Pre-moderation at 1: newbie's first comment is held."""
    ids = cast(make_user, dbsession, tm)
    make_user("newbie", "newbie-password")
    app = main({}, **settings_for(db_url), **{"scratchpad.premoderation": "1"})
    newbie = client(app, "newbie")
    newbie.post_comment("newbie's first words")
    yield app, ids, newbie
    app.registry["dbengine"].dispose()


WORDS = "newbie&#39;s first words"


@pytest.mark.parametrize("first", ["author", "admin"])
def test_who_sees_a_held_comment_does_not_share_their_list(held_site, first):
    app, _ids, newbie = held_site
    seer = newbie if first == "author" else client(app, "root")
    text = seer.get("/").text
    assert WORDS in text and HELD in text
    for page in ("/", "/users/newbie/"):
        for other in (client(app), client(app, "bob")):
            text = other.get(page).text
            assert WORDS not in text and HELD not in text, page
    kept = app.registry.scratchpad_page_cache.kept_keys()
    assert not any(key.startswith("list|None|") for key in kept)
    # Admins share a list of their own; an author's list is theirs alone.
    assert any(key.startswith("list|all|") for key in kept) == (first == "admin")


def test_who_sees_a_held_comment_does_not_get_the_shared_list(held_site):
    app, _ids, newbie = held_site
    for other in (client(app), client(app, "bob")):
        assert WORDS not in other.get("/").text  # the public list is kept
        assert WORDS not in other.get("/users/newbie/").text
    for seer in (newbie, client(app, "root")):
        for page in ("/", "/users/newbie/"):
            text = seer.get(page).text
            assert WORDS in text and HELD in text, page
    # The author may delete it from the list; the admin may remove it.
    held_id = next(i for i, names in controls(newbie.get("/").text).items())
    assert controls(newbie.get("/").text)[held_id] == ["edit", "delete"]
    assert controls(client(app, "root").get("/").text)[held_id] == ["remove"]


def test_an_authors_held_comment_away_from_the_page_keeps_it_shared(
    db_url, make_user, dbsession, tm
):
    """Only held comments in the stretch of ids a list covers matter: the
    check is an index range of about a page, not all of the author's."""
    ids = cast(make_user, dbsession, tm)
    make_user("newbie", "newbie-password")
    settings = {"scratchpad.premoderation": "1", "scratchpad.page_size": "3"}
    app = main({}, **settings_for(db_url), **settings)
    statements: list[str] = []
    event.listen(app.registry["dbengine"], "before_cursor_execute", record(statements))
    newbie = client(app, "newbie")
    newbie.post_comment("newbie's first words")
    for n in range(4):
        add_comment(dbsession, tm, f"later {n}", ids["alice"])
    client(app).get("/")  # the newest page's public list is kept
    statements.clear()
    text = newbie.get("/").text
    assert WORDS not in text and "later 3" in text
    assert len(statements) == 2, statements  # the login, the state: shared
    older = newbie.get("/").html.select_one('a[rel="prev"]')["href"]
    client(app).get(older)  # kept for everyone, without the held comment
    statements.clear()
    text = newbie.get(older).text
    assert WORDS in text and HELD in text
    assert WORDS not in client(app).get(older).text
    app.registry["dbengine"].dispose()


def record(seen: list[str]):
    return lambda conn, cursor, statement, *args: seen.append(statement)
