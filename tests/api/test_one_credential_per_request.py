"""Each request is judged by one kind of credential: the API by its bearer
token only, the HTML site by its login cookie only."""

from __future__ import annotations

from scratchpad.models import Comment
from tests.support.client import bearer


def test_a_login_cookie_does_not_authenticate_the_api(testapp, make_user, count_rows):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    testapp.post_json("/api/comments", {"content": "x"}, status=401)
    assert count_rows(Comment) == 0


def test_with_both_credentials_each_side_uses_its_own(
    testapp, make_user, make_token, count_rows
):
    make_user("alice", "alice-password")
    token = make_token("bob")
    testapp.login("alice", "alice-password")
    created = testapp.post_json(
        "/api/comments", {"content": "from the API"}, headers=bearer(token), status=201
    )
    assert created.json["commenter"] == "bob"
    page = testapp.get("/", headers=bearer(token))
    assert 'class="nav-user">alice<' in page.text
    assert count_rows(Comment) == 1
