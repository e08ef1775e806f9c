"""IN-10: nothing a client sends gets a 500.

Each kind of request that once reached a 500 (on PostgreSQL above all,
which refuses NUL characters and out-of-range integers) now gets a clear
400, 404 or 413: the site's page, JSON under ``/api/``. None changes
anything. ``test_in_11_hostile_input_fuzz.py`` then throws generated input
at every view.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from scratchpad.models import Comment
from tests.support.client import Browser, bearer, redirect_target
from tests.support.factories import ALICE_PASSWORD
from tests.support.live import LiveServer

FORM = "application/x-www-form-urlencoded"


def assert_clean(response, status, api=False):
    assert response.status_int == status, (response.request.url, response.status)
    assert "Traceback" not in response.text
    if api:
        assert response.content_type == "application/json"
        assert response.json["error"]["code"]
    else:
        assert response.content_type == "text/html"


@pytest.fixture
def comment_id(alice, dbsession, tm):
    alice.post_comment("the one comment")
    tm.abort()
    tm.begin()
    return dbsession.scalar(select(Comment.id))


@pytest.mark.parametrize(
    ("path", "status", "api"),
    [
        # 1. digits that are not ASCII
        ("/comments/%D9%A3/", 404, False),
        ("/comments/%C2%B2/", 404, False),
        ("/api/comments/%D9%A3", 404, True),
        # 2. ids beyond the 32-bit columns
        ("/comments/2147483648/", 404, False),
        ("/comments/99999999999999999999/", 404, False),
        ("/api/comments/9223372036854775808", 404, True),
        ("/api/comments?before=99999999999", 400, True),
        ("/?before=99999999999", 400, False),
        # 3. NUL in a path segment
        ("/users/a%00b/", 400, False),
        ("/comments/1%00/", 400, False),
        ("/api/comments/1%00", 400, True),
        # 6. query strings that are not UTF-8
        ("/login/?came_from=%ff", 400, False),
        ("/?before=%c3", 400, False),
        ("/api/comments?before=%ff", 400, True),
        ("/api/comments?limit=%e2%82", 400, True),
    ],
)
def test_addresses(testapp, db_state, path, status, api):
    before = db_state()
    assert_clean(testapp.get(path, expect_errors=True), status, api)
    assert db_state() == before


def test_a_token_id_beyond_the_column(alice, db_state):
    before = db_state()
    token = alice.get_csrf_token("/account/")
    for token_id in ("99999999999999999999", "2147483648", "\u0663", "-1"):
        response = alice.post(
            "/account/revoke-token",
            {"token_id": token_id, "csrf_token": token},
            expect_errors=True,
        )
        assert_clean(response, 404)
    assert db_state() == before


def test_nul_in_form_fields(alice, testapp, db_state, comment_id):
    before = db_state()
    token = alice.get_csrf_token("/")
    fields = {"contents": "a\x00b", "csrf_token": token}
    assert_clean(alice.post("/comments/", fields, expect_errors=True), 400)
    edit = f"/comments/{comment_id}/edit/"
    assert_clean(alice.post(edit, fields, expect_errors=True), 400)
    alice.reset()
    token = alice.get_csrf_token("/login/")
    for username, password in (("al\x00ice", "x" * 10), ("alice", "pass\x00word")):
        fields = {"username": username, "password": password, "csrf_token": token}
        assert_clean(alice.post("/login/", fields, expect_errors=True), 400)
    assert db_state() == before


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=" + "x" * 5000,
        'multipart/form-data; boundary="a\\"b"',
        "multipart/form-data; boundary=\u00e9t\u00e9",
        f"{FORM}; charset=latin-1",
        f"{FORM}; charset=no-such-charset",
        "multipart/form-data; boundary=xyz; charset=utf-16",
    ],
)
def test_form_bodies_that_cannot_be_read(alice, db_state, content_type):
    before = db_state()
    token = alice.get_csrf_token("/")
    body = "--xyz\r\nContent-Disposition: form-data; name=contents\r\n\r\nhi\r\n--xyz--"
    if content_type.startswith(FORM):
        body = f"contents=hi&csrf_token={token}"
    for path in ("/comments/", "/login/"):
        response = alice.post(
            path,
            body.encode("latin-1"),
            headers={"Content-Type": content_type, "X-CSRF-Token": token},
            expect_errors=True,
        )
        assert_clean(response, 400)
    assert db_state() == before


def test_an_api_body_that_is_not_utf8(testapp, make_token, count_rows):
    token = make_token("bob")
    response = testapp.post(
        "/api/comments",
        b'{"content": "\xff"}',
        headers={**bearer(token), "Content-Type": "application/json; charset=latin-1"},
        expect_errors=True,
    )
    assert_clean(response, 400, api=True)
    assert count_rows(Comment) == 0


@pytest.mark.parametrize(
    "came_from", ["/\u0101", "/caf\u00e9/?q=\u2028", "/\U0001f600", "/%zz\u00ff"]
)
def test_a_came_from_that_is_not_ascii_is_encoded_before_the_login(
    testapp, alice_id, came_from
):
    token = testapp.get_csrf_token("/login/")
    fields = {
        "username": "alice",
        "password": ALICE_PASSWORD,
        "came_from": came_from,
        "csrf_token": token,
    }
    response = testapp.post("/login/", fields, status=303)
    target = redirect_target(response)
    assert target.isascii() and target.startswith("/") and not target.startswith("//")


def test_a_came_from_that_is_not_ascii_logs_in_on_a_real_server(app, alice_id):
    """waitress cannot write a header that is not latin-1: it used to fail
    after the login was committed, with its own bare 500."""
    with LiveServer(app) as server:
        browser = Browser(server.url)
        token = browser.csrf_token("/login/")
        reply = browser.post(
            "/login/",
            {
                "username": "alice",
                "password": ALICE_PASSWORD,
                "came_from": "/\u0101/\u2603",
                "csrf_token": token,
            },
        )
        assert reply.status == 303, reply.text[:300]
        assert reply.headers["Location"].endswith("/%C4%81/%E2%98%83")
        assert "nav-user" in browser.get("/").text
