"""CSRF-03: the Origin check runs, and is right, behind a TLS-terminating
proxy: a real waitress server with production.ini's trusted-proxy settings
sees the proxy's https scheme and host, and compares Origin against them.
With ``scratchpad.base_url`` the configured address is used instead."""

from __future__ import annotations

import http.client
import re
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from webtest.http import StopableWSGIServer

from scratchpad import main
from tests.support.factories import ALICE_PASSWORD

SITE = "https://comments.example.org"
PROXY_HEADERS = {
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "comments.example.org",
    "X-Forwarded-For": "203.0.113.9",
}


class Server:
    """waitress in a thread on a free port of 127.0.0.1 (webtest's
    stoppable server, started without its polling functions)."""

    def __init__(self, app: Any, **adjustments: Any) -> None:
        self.server = StopableWSGIServer(
            app,
            host="127.0.0.1",
            port=0,
            threads=2,
            expose_tracebacks=False,
            **adjustments,
        )  # listening from here on; requests queue until the loop runs
        self.port = self.server.effective_port
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()

    def shutdown(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)


def serve(app: Any, **adjustments: Any) -> Server:
    return Server(app, **adjustments)


@pytest.fixture
def proxied(app) -> Iterator[Server]:
    """waitress set up as production.ini does, behind a proxy on 127.0.0.1."""
    server = serve(
        app,
        trusted_proxy="127.0.0.1",
        trusted_proxy_count=1,
        trusted_proxy_headers="x-forwarded-for x-forwarded-proto x-forwarded-host",
        clear_untrusted_proxy_headers=True,
    )
    yield server
    server.shutdown()


def request(server, method, path, headers=None, body=None) -> Any:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.text = response.read().decode("utf-8")
        return response
    finally:
        connection.close()


def login_attempt(server, origin: str | None, headers: dict[str, str]) -> Any:
    page = request(server, "GET", "/login/", headers)
    assert page.status == 200
    cookie = page.getheader("Set-Cookie").split(";", 1)[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    form = urlencode(
        {
            "csrf_token": token,
            "username": "alice",
            "password": ALICE_PASSWORD,
            "came_from": "/",
        }
    )
    post_headers = {
        **headers,
        "Cookie": cookie,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    if origin:
        post_headers["Origin"] = origin
    return request(server, "POST", "/login/", post_headers, form)


def test_same_origin_through_the_proxy_works(proxied, alice_id, db_state):
    response = login_attempt(proxied, SITE, PROXY_HEADERS)
    assert response.status == 303
    assert response.getheader("Location") == SITE + "/"  # https, proxy's host


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "http://comments.example.org", None]
)
def test_other_origins_are_refused_through_the_proxy(
    proxied, alice_id, db_state, origin
):
    before = db_state()
    response = login_attempt(proxied, origin, PROXY_HEADERS)
    assert response.status == 400
    assert db_state() == before


def test_forwarded_headers_from_an_untrusted_client_are_ignored(
    app, alice_id, db_state
):
    server = serve(
        app,
        trusted_proxy="192.0.2.1",  # not us
        trusted_proxy_headers="x-forwarded-proto x-forwarded-host",
        clear_untrusted_proxy_headers=True,
    )
    try:
        before = db_state()
        response = login_attempt(server, SITE, PROXY_HEADERS)
        assert response.status == 400
        assert db_state() == before
    finally:
        server.shutdown()


@pytest.fixture
def pinned(app_settings) -> Iterator[Server]:
    """No proxy trust at all, the address from scratchpad.base_url."""
    site = main({}, **app_settings, **{"scratchpad.base_url": SITE})
    server = serve(site)
    yield server
    server.shutdown()
    site.registry["dbengine"].dispose()


def test_base_url_gives_the_origin_without_proxy_headers(pinned, alice_id, db_state):
    response = login_attempt(pinned, SITE, {})
    assert response.status == 303
    assert response.getheader("Location") == SITE + "/"
    before = db_state()
    forged = login_attempt(pinned, "https://evil.example", PROXY_HEADERS)
    assert forged.status == 400
    assert db_state() == before
