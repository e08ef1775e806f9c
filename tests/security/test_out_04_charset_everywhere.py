"""OUT-04: every textual response declares ``charset=UTF-8``."""

from __future__ import annotations

from pathlib import Path

import pytest

import scratchpad
from scratchpad.web.headers import needs_charset

STATIC = Path(scratchpad.__file__).parent / "static"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/login/", 200),
        ("GET", "/static/site.css", 200),
        ("GET", "/static/favicon.svg", 200),
        ("GET", "/nowhere", 404),
        ("PUT", "/", 405),
        ("POST", "/comments/", 400),
    ],
)
def test_textual_responses_declare_utf8(testapp, method, path, status):
    response = testapp.request(path, method=method, status=status)
    content_type = response.headers["Content-Type"]
    assert "charset=utf-8" in content_type.lower(), content_type


def test_every_textual_static_file_declares_utf8(testapp):
    files = sorted(path for path in STATIC.rglob("*") if path.is_file())
    assert files
    for path in files:
        response = testapp.get("/static/" + path.relative_to(STATIC).as_posix())
        content_type = response.headers["Content-Type"]
        if needs_charset(content_type.split(";")[0]):
            assert "charset=utf-8" in content_type.lower(), (path.name, content_type)
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_needs_charset_judges_types():
    assert needs_charset("text/css")
    assert needs_charset("image/svg+xml")
    assert not needs_charset("text/html; charset=UTF-8")
    assert not needs_charset("image/png")
    assert not needs_charset(None)
