"""The API's body limit is the site's: ``scratchpad.max_body_size``, with no
second constant of its own. A body over it is a JSON 413 that stores
nothing; a body under it reaches the view, whatever its size."""

from __future__ import annotations

import json

import pytest

from scratchpad.models import Comment


@pytest.fixture
def body_limit() -> int:
    return 64 * 1024


@pytest.fixture
def app_settings(app_settings, body_limit):
    return {**app_settings, "scratchpad.max_body_size": str(body_limit)}


def padded(text: str, size: int) -> bytes:
    """A JSON body of exactly ``size`` bytes whose content is ``text``."""
    body = json.dumps({"content": text}).encode()
    return body[:-1] + b" " * (size - len(body)) + b"}"


def post(api, token, body, status):
    return api.call(
        "POST",
        "/api/comments",
        token=token,
        params=body,
        headers={"Content-Type": "application/json"},
        status=status,
    )


@pytest.mark.parametrize("body_limit", [2048])
def test_a_small_configured_limit_refuses_a_larger_body(api, make_token, count_rows):
    token = make_token()
    error = post(api, token, padded("hello", 2049), 413).json["error"]
    assert error["code"] == "payload_too_large"
    assert "2 KiB" in error["message"]
    assert count_rows(Comment) == 0
    post(api, token, padded("hello", 2048), 201)
    assert count_rows(Comment) == 1


@pytest.mark.parametrize("body_limit", [256 * 1024])
def test_a_larger_configured_limit_lets_a_larger_body_through(
    api, make_token, count_rows
):
    token = make_token()
    post(api, token, padded("hello", 200 * 1024), 201)
    assert count_rows(Comment) == 1
    post(api, token, padded("again", 256 * 1024 + 1), 413)
    assert count_rows(Comment) == 1
