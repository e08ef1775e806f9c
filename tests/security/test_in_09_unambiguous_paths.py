"""IN-09: no spelling of a path lets one credential into the other side.

"API or site" is decided from where the request resolves to (the traversed
context's lineage), and a path that the raw address and traversal would
read differently is refused with a 400 before authentication: ``//``, a
``.`` or ``..`` segment in any spelling, an encoded ``/`` or ``\\``, a
control character. Each spelling below is tried with a bearer token against
the site and with a login cookie (and its CSRF token) against the API, both
through WebTest and as raw bytes to a real waitress server; none gets in,
and nothing changes.
"""

from __future__ import annotations

import http.client

import pytest

from scratchpad.accounts.usernames import UsernameRejected, normalize_username
from scratchpad.models import ApiToken, Comment
from scratchpad.resources import Account, Api, ApiCommentResource, Comments, Root
from scratchpad.security.policy import is_api_context
from tests.support.client import TIMEOUT, bearer
from tests.support.factories import ALICE_PASSWORD
from tests.support.live import LiveServer

# Paths that start like the API but would land on the site...
INTO_THE_SITE = [
    "/api/../comments/",
    "/api/%2e%2e/comments/",
    "/api/%2E%2e/comments/",
    "/api/.%2e/comments/",
    "/api/%2e./comments/",
    "/api/%252e%252e/comments/",
    "/api%2f..%2fcomments/",
    "/api%2F..%2Fcomments/",
    "/api/..%2fcomments/",
    "/api/..%5ccomments/",
    "/api/%5c../comments/",
    "/api/./../comments/",
    "/api/comments/../../comments/",
    "/api/comments/../../account/tokens",
    "//api/../comments/",
    "/api//../comments/",
    "/api/%2e%2e%2fcomments/",
    "/api/%00/../comments/",
]
# ...and paths that start like the site but would land on the API.
INTO_THE_API = [
    "/comments/../api/comments",
    "/comments/%2e%2e/api/comments",
    "/comments/%2E%2E/api/comments",
    "/x/..%2fapi/comments",
    "/./api/comments",
    "/%2e/api/comments",
    "//api/comments",
    "/api//comments",
    "/api/./comments",
    "/api/comments/.",
    "/api/comments/%2e",
    "/comments%2f..%2fapi/comments",
    "/comments\\..\\api/comments",
]
FINE = ["/", "/comments/", "/api/comments", "/api/comments/", "/login/", "/users/a.b/"]


@pytest.fixture
def tokens(make_token):
    return {"rw": make_token("bob"), "ro": make_token("carol", read_only=True)}


def assert_refused(response):
    assert response.status_int == 400, (response.request.path, response.status)
    assert "Traceback" not in response.text


@pytest.mark.parametrize("path", INTO_THE_SITE + INTO_THE_API)
def test_ambiguous_paths_are_refused_before_any_credential_counts(
    testapp, alice_id, tokens, db_state, path
):
    before = db_state()
    for token in tokens.values():
        for method in ("GET", "POST"):
            response = testapp.request(
                path,
                method=method,
                headers=bearer(token),
                body=b"contents=x&access=read-write",
                content_type="application/x-www-form-urlencoded",
                expect_errors=True,
            )
            assert_refused(response)
    assert db_state() == before
    testapp.login("alice", ALICE_PASSWORD)
    before = db_state()
    csrf_token = testapp.get_csrf_token("/")
    fields = {"contents": "x", "content": "x", "csrf_token": csrf_token}
    assert_refused(testapp.post(path, fields, expect_errors=True))
    assert_refused(testapp.post_json(path, fields, expect_errors=True))
    assert db_state() == before


def test_raw_spellings_are_refused_by_a_real_server(app, make_token):
    """Sent as raw bytes, so the server's own decoding is what is checked."""
    token = make_token("bob")
    answers = {}
    with LiveServer(app) as server:
        for path in INTO_THE_SITE + INTO_THE_API:
            connection = http.client.HTTPConnection(
                "127.0.0.1", server.port, timeout=TIMEOUT
            )
            try:
                connection.putrequest("POST", path, skip_accept_encoding=True)
                connection.putheader("Authorization", f"Bearer {token}")
                connection.putheader("Content-Type", "application/json")
                connection.putheader("Content-Length", "17")
                connection.endheaders(b'{"content": "x"}\n')
                reply = connection.getresponse()
                answers[path] = (reply.status, b"Traceback" in reply.read())
            finally:
                connection.close()
    assert answers == {path: (400, False) for path in answers}
    assert len(answers) == len(INTO_THE_SITE + INTO_THE_API)


@pytest.mark.parametrize("path", FINE)
def test_ordinary_paths_are_not_refused(testapp, path):
    assert testapp.get(path, expect_errors=True).status_int in (200, 303, 404)


def test_a_token_never_authenticates_the_site(testapp, alice_id, tokens, db_state):
    before = db_state()
    for token in tokens.values():
        page = testapp.get("/", headers=bearer(token))
        assert "Log in" in page.text and "bob" not in page.text
        refused = testapp.post(
            "/account/tokens",
            {"access": "read-write"},
            headers=bearer(token),
            expect_errors=True,
        )
        assert refused.status_int in (303, 400)  # to the login page, or CSRF
    assert db_state() == before


def test_a_cookie_never_authenticates_the_api(testapp, alice_id, count_rows):
    testapp.login("alice", ALICE_PASSWORD)
    testapp.post_json("/api/comments", {"content": "x"}, status=401)
    testapp.post_json("/api/comments/", {"content": "x"}, status=401)
    assert count_rows(Comment) == 0
    assert count_rows(ApiToken) == 0


def test_the_api_is_what_the_api_resource_holds(dummy_request):
    root = Root(dummy_request)
    api = root["api"]
    assert isinstance(api, Api) and is_api_context(api)
    assert is_api_context(api["comments"])
    fake_comment = Comment(id=7, content="x")
    assert is_api_context(ApiCommentResource(api["comments"], fake_comment))
    assert not is_api_context(root)
    assert not is_api_context(Comments(root, "comments"))
    assert not is_api_context(Account(root, "account"))
    assert not is_api_context(None)


@pytest.mark.parametrize("name", [".", ".."])
def test_dot_segments_cannot_be_usernames(name):
    with pytest.raises(UsernameRejected):
        normalize_username(name)
