"""HDR-04: no page can be framed (clickjacking): CSP ``frame-ancestors``
for current browsers and ``X-Frame-Options`` for old ones."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("path", "status"), [("/", 200), ("/login/", 200), ("/x", 404)]
)
def test_pages_refuse_to_be_framed(testapp, path, status):
    response = testapp.get(path, status=status)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
