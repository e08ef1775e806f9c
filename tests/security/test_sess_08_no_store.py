"""SESS-08: pages seen logged in, and responses setting cookies, are
``no-store``; logout asks the browser to drop its cache."""

from __future__ import annotations


def test_logged_in_pages_are_not_stored(alice):
    for path in ("/", "/account/", "/logout/"):
        assert alice.get(path).headers["Cache-Control"] == "private, no-store"


def test_anonymous_front_page_is_left_to_its_own_caching(testapp):
    response = testapp.get("/")
    assert "Set-Cookie" not in response.headers
    assert response.headers.get("Cache-Control") != "no-store"


def test_static_files_keep_their_caching(alice):
    response = alice.get("/static/site.css")
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_logout_clears_the_cache(alice):
    token = alice.get_csrf_token("/")
    response = alice.post("/logout/", {"csrf_token": token}, status=303)
    assert response.headers["Clear-Site-Data"] == '"cache"'
    assert response.headers["Cache-Control"] == "private, no-store"
