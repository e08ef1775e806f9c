"""CFG-05: with the debug toolbar on, only local names reach the server.

A DNS-rebinding page in the developer's browser sends requests from
127.0.0.1 (so the toolbar's own address check lets them in) but with its
own name in ``Host``. While the toolbar is included, any ``Host`` other
than ``localhost``, ``127.0.0.1`` or ``[::1]`` (any port) is a 400, for
the toolbar's pages and the site's alike. Without the toolbar (production)
the check is not there at all.
"""

from __future__ import annotations

import pytest
import webtest

from scratchpad import main
from scratchpad.web.devhost import is_local_host

pytest.importorskip("pyramid_debugtoolbar")

LOCAL = [
    "localhost",
    "localhost:6543",
    "LOCALHOST:80",
    "127.0.0.1",
    "127.0.0.1:8080",
    "[::1]",
    "[::1]:6543",
]
FOREIGN = [
    "evil.example",
    "evil.example:6543",
    "localhost.evil.example",
    "127.0.0.1.nip.io",
    "localhost:6543@evil.example",
    "[::1].evil.example",
    "localhost:abc",
    "localhost:",
    "",
    "127.0.0.2",
]


@pytest.fixture
def toolbar_app(app_settings):
    app = main({}, **{**app_settings, "pyramid.includes": "pyramid_debugtoolbar"})
    yield webtest.TestApp(app, extra_environ={"REMOTE_ADDR": "127.0.0.1"})
    app.registry["dbengine"].dispose()


@pytest.mark.parametrize("host", FOREIGN)
@pytest.mark.parametrize("path", ["/", "/_debug_toolbar/", "/login/"])
def test_a_foreign_host_is_refused(toolbar_app, host, path):
    response = toolbar_app.get(path, headers={"Host": host}, expect_errors=True)
    assert response.status_int == 400
    assert "debug" not in response.text.lower()


@pytest.mark.parametrize("host", LOCAL)
def test_local_names_are_served(toolbar_app, host):
    assert toolbar_app.get("/", headers={"Host": host}).status_int == 200


def test_without_the_toolbar_the_host_is_not_checked(testapp):
    assert testapp.get("/", headers={"Host": "comments.example.org"}).status_int == 200


@pytest.mark.parametrize("host", LOCAL)
def test_is_local_host(host):
    assert is_local_host(host)


@pytest.mark.parametrize("host", FOREIGN)
def test_is_not_local_host(host):
    assert not is_local_host(host)
