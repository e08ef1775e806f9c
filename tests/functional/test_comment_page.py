"""One comment's page: permalink, editing, deleting and moderating."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from scratchpad.models import Comment, utcnow
from tests.support.client import client, csrf, redirect_target
from tests.support.factories import add_comment, cast, get_comment


@pytest.fixture
def people(app, make_user, dbsession, tm):
    return cast(make_user, dbsession, tm)


def test_listing_links_each_comment_to_its_page(app, people):
    page = client(app).get("/")
    assert f'href="/comments/{people["cid"]}/"' in page.text
    alone = page.click(href=f"/comments/{people['cid']}/")
    assert alone.status_int == 200
    assert "Alice&#39;s &lt;b&gt;words&lt;/b&gt;" in alone.text
    assert "by alice" in alone.text


def title(page) -> str:
    return page.html.title.get_text()


def test_a_comment_page_is_titled_by_its_author_and_words(app, people, dbsession, tm):
    page = client(app).get(f"/comments/{people['cid']}/")
    assert title(page) == "Scratchpad: alice: “Alice's <b>words</b>”"  # escaped
    assert "<title>Scratchpad: alice: “Alice&#39;s &lt;b&gt;" in page.text
    assert page.html.h1.get_text() == "Comment by alice"
    long = "A rather long comment\nthat goes on and on, well past forty characters"
    cid = add_comment(dbsession, tm, long, None)
    page = client(app).get(f"/comments/{cid}/")
    assert (
        title(page)
        == "Scratchpad: anonymous: “A rather long comment that goes on and…”"
    )
    root = client(app, "root")
    root.post(f"/comments/{cid}/remove/", {"csrf_token": csrf(root)}, status=303)
    page = client(app).get(f"/comments/{cid}/")
    assert title(page) == "Scratchpad: a removed comment by anonymous"


def test_the_pages_mark_destructive_links(app, people):
    path = f"/comments/{people['cid']}/"
    author = client(app, "alice").get(path)
    assert author.html.select_one(f'a.button.danger[href="{path}delete/"]')
    assert author.html.select_one(f'a.button:not(.danger)[href="{path}edit/"]')
    admin = client(app, "root").get(path)
    assert admin.html.select_one(f'a.button.danger[href="{path}remove/"]')


def test_comment_page_offers_only_the_viewers_actions(app, people):
    path = f"/comments/{people['cid']}/"
    anonymous = client(app).get(path).text
    assert "/edit/" not in anonymous and "/delete/" not in anonymous
    author = client(app, "alice").get(path).text
    assert f"{path}edit/" in author and f"{path}delete/" in author
    assert f"{path}remove/" not in author
    assert "You can edit this comment until" in author
    other = client(app, "bob").get(path).text
    assert "/edit/" not in other and "/delete/" not in other
    admin = client(app, "root").get(path).text
    assert f"{path}remove/" in admin and "/edit/" not in admin


def test_unknown_comment_is_404(app, people):
    for path in ("/comments/999999/", "/comments/abc/", "/comments/1" + "0" * 30):
        client(app).get(path, status=404)


def test_author_edits_and_the_comment_says_edited(app, people, dbsession, tm):
    alice = client(app, "alice")
    form = alice.get(f"/comments/{people['cid']}/edit/").forms["edit-form"]
    assert form["contents"].value == "Alice's <b>words</b>"
    form["contents"] = "Better words"
    response = form.submit(status=303)
    assert redirect_target(response) == f"/comments/{people['cid']}/"
    stored = get_comment(dbsession, tm, people["cid"])
    assert stored.content == "Better words"
    assert abs(stored.edited - utcnow()) < timedelta(minutes=1)
    assert "(edited" in alice.get("/").text
    assert "(edited" in alice.get(f"/comments/{people['cid']}/").text


def test_saving_unchanged_text_is_not_an_edit(app, people, dbsession, tm):
    alice = client(app, "alice")
    alice.get(f"/comments/{people['cid']}/edit/").forms["edit-form"].submit(status=303)
    assert get_comment(dbsession, tm, people["cid"]).edited is None
    assert "(edited" not in alice.get("/").text


@pytest.mark.parametrize("text", ["", "   \n", "x" * 4097])
def test_bad_edit_is_400_keeps_the_text_and_changes_nothing(
    app, people, dbsession, tm, text
):
    alice = client(app, "alice")
    form = alice.get(f"/comments/{people['cid']}/edit/").forms["edit-form"]
    form["contents"] = text
    page = form.submit(status=400)
    assert 'role="alert"' in page.text
    assert page.forms["edit-form"]["contents"].value == text
    stored = get_comment(dbsession, tm, people["cid"])
    assert (stored.content, stored.edited) == ("Alice's <b>words</b>", None)


def test_edit_window_closes(app, people, dbsession, tm, clock):
    alice = client(app, "alice")
    path = f"/comments/{people['cid']}/edit/"
    alice.get(path, status=200)
    clock.advance(15 * 60 + 1)
    alice.post(path, {"contents": "Too late", "csrf_token": csrf(alice)}, status=403)
    alice.get(path, status=403)
    assert "/edit/" not in alice.get(f"/comments/{people['cid']}/").text
    assert get_comment(dbsession, tm, people["cid"]).content == "Alice's <b>words</b>"
    # Deleting one's own comment is not limited in time.
    assert "/delete/" in alice.get(f"/comments/{people['cid']}/").text


def test_edit_window_is_a_setting_and_zero_means_no_limit(
    app_settings, people, dbsession, tm, clock
):
    from scratchpad import main

    old = add_comment(
        dbsession, tm, "old", people["alice"], posted=utcnow() - timedelta(days=400)
    )
    forever = main({}, **{**app_settings, "scratchpad.edit_window": "0"})
    client(forever, "alice").get(f"/comments/{old}/edit/", status=200)
    short = main({}, **{**app_settings, "scratchpad.edit_window": "60"})
    alice = client(short, "alice")
    alice.get(f"/comments/{people['cid']}/edit/", status=200)
    clock.advance(61)
    alice.get(f"/comments/{people['cid']}/edit/", status=403)
    for app in (forever, short):
        app.registry["dbengine"].dispose()


def test_author_delete_asks_then_removes_the_row(app, people, dbsession, tm):
    alice = client(app, "alice")
    page = alice.get(f"/comments/{people['cid']}/delete/")
    assert "cannot be undone" in page.text
    assert get_comment(dbsession, tm, people["cid"]) is not None
    response = page.forms["delete-form"].submit(status=303)
    assert redirect_target(response) == "/"
    assert get_comment(dbsession, tm, people["cid"]) is None
    client(app).get(f"/comments/{people['cid']}/", status=404)


def test_moderator_removal_leaves_a_marker_and_is_logged(
    app, people, dbsession, tm, caplog
):
    root = client(app, "root")
    form = root.get(f"/comments/{people['cid']}/remove/").forms["delete-form"]
    with caplog.at_level(logging.INFO, logger="scratchpad"):
        form.submit(status=303)
    stored = get_comment(dbsession, tm, people["cid"])
    assert stored.removed_by_id == people["root"]
    assert abs(stored.removed - utcnow()) < timedelta(minutes=1)
    assert stored.content == "Alice's <b>words</b>"  # kept for the record
    logged = [r.getMessage() for r in caplog.records if "removed by" in r.message]
    assert len(logged) == 1
    assert logged[0].startswith(
        f"comment {people['cid']} removed by moderator 'root' (user "
        f"{people['root']}) at {stored.removed.isoformat()[:19]}"
    )
    for page in (client(app).get("/"), client(app).get(f"/comments/{people['cid']}/")):
        assert "removed by a moderator" in page.text
        assert "words" not in page.text


def test_removed_comment_can_no_longer_be_changed(app, people, dbsession, tm):
    comment = dbsession.get(Comment, people["cid"])
    comment.removed, comment.removed_by_id = utcnow(), people["root"]
    tm.commit()
    tm.begin()
    alice = client(app, "alice")
    for name in ("edit", "delete"):
        alice.get(f"/comments/{people['cid']}/{name}/", status=403)
        alice.post(
            f"/comments/{people['cid']}/{name}/",
            {"contents": "back", "csrf_token": csrf(alice)},
            status=403,
        )
    root = client(app, "root")
    root.get(f"/comments/{people['cid']}/remove/", status=403)
    stored = get_comment(dbsession, tm, people["cid"])
    assert (stored.content, stored.edited) == ("Alice's <b>words</b>", None)


@pytest.mark.parametrize(
    ("who", "name"), [("alice", "edit"), ("alice", "delete"), ("root", "remove")]
)
@pytest.mark.parametrize("token", [None, "", "forged"])
def test_changes_without_a_valid_csrf_token_are_400(
    app, people, dbsession, tm, who, name, token
):
    browser = client(app, who)
    form = {"contents": "forged"}
    if token is not None:
        form["csrf_token"] = token
    browser.post(f"/comments/{people['cid']}/{name}/", form, status=400)
    stored = get_comment(dbsession, tm, people["cid"])
    assert (stored.content, stored.edited, stored.removed) == (
        "Alice's <b>words</b>",
        None,
        None,
    )
