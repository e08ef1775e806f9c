"""HDR-03: a Referrer-Policy that never sends paths to other sites."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["/", "/login/"])
def test_html_pages_set_the_referrer_policy(testapp, path):
    response = testapp.get(path)
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
