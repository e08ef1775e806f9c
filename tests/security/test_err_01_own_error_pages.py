"""ERR-01: every error status is a page of the site, with no traceback, SQL,
file paths or settings in it."""

from __future__ import annotations

import pytest
from pyramid import httpexceptions as exc
from sqlalchemy.exc import OperationalError

from scratchpad.views import comments
from tests.support import ROOT, TEST_SECRET

LEAKS = ["Traceback", "sqlalchemy", "SELECT ", str(ROOT), "site-packages", ".py"]
SENSITIVE = "SELECT secret FROM /srv/app/settings.py"


def failure(status):
    return {
        400: exc.HTTPBadRequest(),
        403: exc.HTTPForbidden(),
        404: exc.HTTPNotFound(),
        405: exc.HTTPMethodNotAllowed(),
        413: exc.HTTPRequestEntityTooLarge(),
        429: exc.HTTPTooManyRequests(),
        500: RuntimeError(SENSITIVE),
        503: OperationalError(SENSITIVE, {}, Exception(SENSITIVE)),
    }[status]


@pytest.mark.parametrize("status", [400, 403, 404, 405, 413, 429, 500, 503])
def test_error_pages_are_the_sites_own(
    testapp, make_user, count_rows, monkeypatch, status
):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")  # so 403 is a page, not a redirect
    before = count_rows()

    def fail(*args, **kwargs):
        raise failure(status)

    monkeypatch.setattr(comments, "front_page", fail)
    response = testapp.get("/", status=status)
    page = response.text
    assert response.content_type == "text/html"
    assert "<title>Scratchpad: " in page
    assert 'href="/"' in page  # a way back home
    for leak in [*LEAKS, SENSITIVE, TEST_SECRET]:
        assert leak not in page, leak
    assert "no-store" in response.headers["Cache-Control"]
    assert count_rows() == before
