"""IN-02: malformed requests get a 4xx page of the site, never a 500 or a
traceback, and change nothing."""

from __future__ import annotations

import pytest
from webob import Request


@pytest.fixture
def author(testapp, make_user):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    return testapp


def assert_clean(response):
    assert "Traceback" not in response.text
    assert "sqlalchemy" not in response.text.lower()
    assert "/site-packages/" not in response.text


@pytest.mark.parametrize(
    "body",
    [
        b"contents=%FF%FE&csrf_token=TOKEN",
        b"csrf_token=TOKEN",
        b"contents=a&contents=b&csrf_token=TOKEN",
        b"contents=\xff\xfe&csrf_token=TOKEN",
    ],
)
def test_bad_form_bodies_are_400(author, count_rows, body):
    token = author.get_csrf_token("/")
    before = count_rows()
    response = author.post(
        "/comments/",
        body.replace(b"TOKEN", token.encode()),
        content_type="application/x-www-form-urlencoded",
        expect_errors=True,
    )
    assert response.status_int == 400
    assert_clean(response)
    assert count_rows() == before


@pytest.mark.parametrize(
    ("path", "status"), [("/%c5", 404), ("/?x=%92", 200), ("/comments/%ff/", 404)]
)
def test_bad_utf8_in_urls(testapp, path, status):
    response = testapp.get(path, expect_errors=True)
    assert response.status_int in (status, 400)
    assert_clean(response)


def test_junk_method_is_refused(testapp, count_rows):
    before = count_rows()
    for method in ("FOO", "G\x80T"):
        request = Request.blank("/", method=method, headers={"Host": "localhost"})
        response = request.get_response(testapp.app)  # past WebTest's lint
        assert response.status_int == 405
        assert_clean(response)
    assert count_rows() == before
