"""The request body cap: its setting, and the WSGI wrapper that keeps
oversized bodies from the app."""

from __future__ import annotations

import io

import pytest

from scratchpad.settings import SettingsError, load_settings
from scratchpad.web.limits import TOO_LARGE, BodyLimit

URL = "sqlite:///x.sqlite"


def test_max_body_size_default_override_and_minimum():
    _, settings = load_settings({"sqlalchemy.url": URL}, environ={})
    assert settings.max_body_size == 64 * 1024
    environ = {"SCRATCHPAD_MAX_BODY_SIZE": "4096"}
    _, settings = load_settings({"sqlalchemy.url": URL}, environ=environ)
    assert settings.max_body_size == 4096
    with pytest.raises(SettingsError, match="max_body_size"):
        load_settings({"sqlalchemy.url": URL, "scratchpad.max_body_size": "10"}, {})


def run(limit: int, environ: dict) -> dict:
    seen: dict = {}

    def app(environ, start_response):
        seen.update(environ)
        seen["body"] = environ["wsgi.input"].read()
        return []

    BodyLimit(app, limit)(environ, None)
    return seen


def test_declared_length_over_the_limit_is_marked_and_emptied():
    seen = run(10, {"CONTENT_LENGTH": "11", "wsgi.input": io.BytesIO(b"x" * 11)})
    assert seen[TOO_LARGE] is True
    assert seen["body"] == b"" and seen["CONTENT_LENGTH"] == "0"


def test_unsized_body_is_read_at_most_one_byte_past_the_limit():
    source = io.BytesIO(b"x" * 1000)
    seen = run(10, {"wsgi.input": source, "wsgi.input_terminated": True})
    assert seen[TOO_LARGE] is True
    assert source.tell() == 11


def test_unsized_body_within_the_limit_is_passed_on_whole():
    seen = run(10, {"wsgi.input": io.BytesIO(b"abc"), "wsgi.input_terminated": True})
    assert TOO_LARGE not in seen
    assert seen["body"] == b"abc" and seen["CONTENT_LENGTH"] == "3"
