"""Every change to existing comments moves the change marker, whoever makes
it, so a shared page stored or validated before the change is never served
after it. Edits, deletes and moderation are in test_http_caching; here the
change that touches all of a user's comments at once: deleting the account."""

from __future__ import annotations

import re

import webtest


def test_deleting_an_account_changes_the_shared_page(app, testapp, make_user):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    testapp.post_comment("alice was here")
    visitor = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    first = visitor.get("/")
    assert "by alice" in first.text
    etag = first.headers["ETag"]
    assert "by alice" in visitor.get("/").text  # now served from the page cache
    token = testapp.get_csrf_token("/account/")
    testapp.post(
        "/account/delete/",
        {"csrf_token": token, "password": "alice-password"},
        status=303,
    )
    page = visitor.get("/", headers={"If-None-Match": etag}, status=200)
    assert "by alice" not in page.text
    assert re.search(r"by\s+anonymous", page.text)
    assert page.headers["ETag"] != etag
