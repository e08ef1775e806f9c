"""CFG-03: only the methods each page needs. TRACE and other methods no view
takes get the site's 405 page with ``Allow``; nothing is echoed or stored."""

from __future__ import annotations

import pytest
from webob import Request


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("TRACE", "/", "GET, HEAD"),
        ("TRACE", "/comments/", "GET, HEAD, POST"),
        ("OPTIONS", "/", "GET, HEAD"),
        ("CONNECT", "/", "GET, HEAD"),
        ("PROPFIND", "/login/", None),
        ("PUT", "/", "GET, HEAD"),
        ("DELETE", "/comments/", "GET, HEAD, POST"),
        ("PATCH", "/", "GET, HEAD"),
    ],
)
def test_methods_no_view_takes_are_refused(testapp, count_rows, method, path, allow):
    before = count_rows()
    request = Request.blank(
        path,
        method=method,
        headers={"X-Secret-Echo": "trace-me", "Host": "localhost"},
        body=b"contents=sneaky",
        content_type="application/x-www-form-urlencoded",
    )
    response = request.get_response(testapp.app)  # WebTest's lint refuses CONNECT
    assert response.status_int == 405
    assert "Method not allowed" in response.text
    assert "trace-me" not in response.text
    if allow is not None:
        assert response.headers["Allow"] == allow
    else:
        assert "GET" in response.headers["Allow"]
    assert count_rows() == before


def test_allowed_methods_still_work(testapp):
    assert testapp.get("/").status_int == 200
    assert testapp.head("/").status_int == 200
