"""IN-03: request bodies are capped (``scratchpad.max_body_size``): a larger
one is the site's 413 page, nothing is stored, and the server stays up."""

from __future__ import annotations

from urllib.parse import urlencode

from tests.support.client import Browser
from tests.support.live import LiveServer


def test_large_body_is_413_and_stores_nothing(testapp, make_user, count_rows):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    token = testapp.get_csrf_token("/")
    before = count_rows()
    body = urlencode({"contents": "a" * 2_000_000, "csrf_token": token})
    response = testapp.post(
        "/comments/",
        body,
        content_type="application/x-www-form-urlencoded",
        status=413,
    )
    assert "Too large" in response.text
    assert "64 KiB" in response.text
    assert count_rows() == before
    testapp.post_comment("still works")
    assert count_rows() == before + 1


def test_body_just_under_the_limit_reaches_the_view(testapp, make_user, count_rows):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    token = testapp.get_csrf_token("/")
    before = count_rows()
    body = urlencode({"contents": "a" * 60_000, "csrf_token": token})
    response = testapp.post(
        "/comments/", body, content_type="application/x-www-form-urlencoded", status=400
    )
    assert "at most 4096" in response.text  # the view's own rule, not the cap
    assert count_rows() == before


def test_limit_is_a_setting(app_settings):
    from webtest import TestApp

    from scratchpad import main

    app = main({}, **app_settings, **{"scratchpad.max_body_size": "2048"})
    client = TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    client.post("/comments/", {"contents": "a" * 3000}, status=413)
    app.registry["dbengine"].dispose()


def test_real_server_refuses_large_and_chunked_bodies(app, count_rows):
    before = count_rows()
    with LiveServer(app) as server:
        browser = Browser(server.url)
        big = browser.post("/comments/", {"contents": "a" * 200_000})
        chunks = iter([b"contents=", b"a" * 100_000])
        chunked = browser.request(
            "POST",
            "/comments/",
            chunks,
            **{
                "Content-Type": "application/x-www-form-urlencoded",
                "Transfer-Encoding": "chunked",
            },
        )
        try:
            huge = browser.post("/comments/", {"contents": "a" * 3_000_000}).status
        except OSError:  # waitress may hang up before the body is all sent
            huge = 413
        after = browser.get("/")
    assert big.status == 413 and "Too large" in big.text
    assert chunked.status == 413 and "Too large" in chunked.text
    assert huge == 413  # waitress's own backstop
    assert after.status == 200
    assert count_rows() == before
