"""The clients tests talk to the site with.

- :class:`TestApp` and :func:`client`: WebTest in the test process, with the
  form helpers every functional test needs. ``client(app, "alice")`` is the
  one way to get a visitor of one's own (own cookies, own address),
  optionally logged in; the ``testapp`` and ``new_client`` fixtures use it.
- :class:`Browser`: the one HTTP client over real sockets, for
  :class:`~tests.support.live.LiveServer` and other real servers: a cookie
  jar, a timeout on every request, and no redirect following (tests look
  at the 303 itself).
"""

from __future__ import annotations

import http.client
import re
from typing import Any
from urllib.parse import urlencode, urlsplit

import webtest

from scratchpad import main

from . import settings_for

TIMEOUT = 30.0
HOST = "localhost"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


class TestApp(webtest.TestApp):
    """WebTest with the form helpers every functional test needs."""

    def get_csrf_token(self, path: str = "/login/") -> str:
        page = self.get(path)
        match = CSRF_FIELD.search(page.text)
        assert match, "no CSRF token on " + path
        return match.group(1)

    def login(self, username: str, password: str, status: int | str = 303) -> Any:
        form = self.get("/login/").forms["login-form"]
        form["username"] = username
        form["password"] = password
        return form.submit(status=status)

    def post_comment(self, text: str, status: int = 303) -> Any:
        token = self.get_csrf_token("/")
        return self.post(
            "/comments/", {"contents": text, "csrf_token": token}, status=status
        )


def client(
    app: Any,
    username: str | None = None,
    address: str = "127.0.0.1",
    **environ: Any,
) -> TestApp:
    """A visitor of its own (own cookies) from ``address``; logged in as
    ``username`` (password ``<username>-password``) when one is given."""
    extra = {"HTTP_HOST": HOST, "REMOTE_ADDR": address, **environ}
    visitor = TestApp(app, extra_environ=extra)
    if username is not None:
        visitor.login(username, f"{username}-password")
    return visitor


def app_for(url: str) -> tuple[Any, TestApp]:
    """The app on the database at ``url``, and a visitor; dispose of the
    app's engine (``app.registry["dbengine"]``) afterwards."""
    app = main({}, **settings_for(url))
    return app, client(app)


def csrf(visitor: TestApp) -> str:
    """A valid CSRF token for this visitor's session."""
    return visitor.get_csrf_token("/login/")


def redirect_target(response: Any) -> str:
    """The path and query a redirect sends the browser to, on this site only."""
    parts = urlsplit(response.headers["Location"])
    assert parts.scheme in ("", "http") and parts.netloc in ("", HOST), parts
    return parts.path + (f"?{parts.query}" if parts.query else "")


def logged_in_as(visitor: TestApp) -> str | None:
    """The username the nav shows, or None for a logged-out visitor."""
    page = visitor.get("/")
    if 'class="nav-user"' not in page.text:
        return None
    return page.text.split('class="nav-user">', 1)[1].split("<", 1)[0]


def change_password(visitor: TestApp, current: str, new: str, status: int) -> Any:
    """Submit the account page's password form."""
    token = visitor.get_csrf_token("/account/")
    return visitor.post(
        "/account/password/",
        {
            "csrf_token": token,
            "current_password": current,
            "new_password": new,
            "confirm_password": new,
        },
        status=status,
    )


def bearer(token: str) -> dict[str, str]:
    """The header that presents an API token."""
    return {"Authorization": f"Bearer {token}"}


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status = status
        self.headers = headers
        self.text = body.decode("utf-8", "replace")


class Browser:
    """One visitor over real HTTP. ``Browser(server.url)`` takes paths;
    full ``http://127.0.0.1:<port>/…`` URLs reach any server, and cookies
    are shared between them as a browser shares them between the ports of
    one host."""

    def __init__(self, url: str = "") -> None:
        self.url = url
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, target: str, body: Any = None, **headers: str
    ) -> Response:
        parts = urlsplit(target if "://" in target else self.url + target)
        assert parts.hostname == "127.0.0.1", f"only local servers: {target}"
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection = http.client.HTTPConnection(
            "127.0.0.1", parts.port, timeout=TIMEOUT
        )
        try:
            all_headers = {"Host": parts.netloc, **headers}
            if self.cookies:
                all_headers["Cookie"] = "; ".join(
                    f"{name}={value}" for name, value in self.cookies.items()
                )
            connection.request(
                method,
                path,
                body=body,
                headers=all_headers,
                encode_chunked="Transfer-Encoding" in headers,
            )
            reply = connection.getresponse()
            result = Response(reply.status, reply.headers, reply.read())
        finally:
            connection.close()
        for cookie in result.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in cookie.lower() or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return result

    def get(self, target: str) -> Response:
        return self.request("GET", target)

    def post(self, target: str, fields: dict[str, str]) -> Response:
        return self.request(
            "POST",
            target,
            urlencode(fields).encode(),
            **{"Content-Type": "application/x-www-form-urlencoded"},
        )

    def csrf_token(self, target: str) -> str:
        page = self.get(target)
        match = CSRF_FIELD.search(page.text)
        assert page.status == 200 and match, f"no CSRF token on {target}"
        return match.group(1)

    def login(self, username: str, password: str) -> None:
        token = self.csrf_token("/login/")
        reply = self.post(
            "/login/",
            {"username": username, "password": password, "csrf_token": token},
        )
        assert reply.status == 303, (reply.status, reply.text[:300])
