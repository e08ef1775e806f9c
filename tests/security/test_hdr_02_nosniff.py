"""HDR-02: ``X-Content-Type-Options: nosniff`` on every response, static
files, redirects and error pages included."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/static/site.css", 200),
        ("/static/favicon.svg", 200),
        ("/comments/", 303),
        ("/static/missing.css", 404),
        ("/no-such-page", 404),
    ],
)
def test_every_response_says_nosniff(testapp, path, status):
    response = testapp.get(path, status=status)
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_refused_post_says_nosniff_and_stores_nothing(testapp, count_rows):
    before = count_rows()
    response = testapp.post("/comments/", {"contents": "x"}, status=400)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert count_rows() == before
