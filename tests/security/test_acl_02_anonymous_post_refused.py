"""ACL-02: a comment POST from someone not logged in is refused."""

from __future__ import annotations

from urllib.parse import urlencode

from scratchpad.models import Comment
from tests.support.client import client, csrf, redirect_target


def test_acl_02_anonymous_post_with_valid_token_is_refused(app, count_rows):
    visitor = client(app)
    token = csrf(visitor)  # a real token for this visitor's session
    before = count_rows(Comment)
    response = visitor.post(
        "/comments/", {"contents": "drive-by", "csrf_token": token}, status=303
    )
    assert redirect_target(response) == "/login/?" + urlencode(
        {"came_from": "/comments/"}
    )
    assert count_rows(Comment) == before
