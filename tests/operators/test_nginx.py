"""deploy/nginx.conf in front of a real Scratchpad (pserve production.ini,
gunicorn): Debian's nginx with the shipped configuration, a self-signed
certificate made here, unprivileged ports on the loopback.

Through the proxy: login works over https with ``__Host-`` Secure cookies;
the CSRF origin check passes for the site's own Origin and refuses a
foreign one; the login throttle counts the client's own address (from
X-Forwarded-For, which the client cannot forge); /healthz answers; the
security headers come exactly once.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import ssl
import subprocess
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.support import ROOT
from tests.support.live import free_port

from .deployment import require
from .running import SECRET, copy_ini, operator_env, serving, stop

pytestmark = pytest.mark.slow

HOST = "comments.example.org"


class Client:
    """One browser on its own loopback address, over https via nginx."""

    def __init__(self, port: int, cafile: Path, source: str) -> None:
        self.port, self.source = port, source
        self.context = ssl.create_default_context(cafile=str(cafile))
        self.cookies: dict[str, str] = {}
        self.set_cookies: list[str] = []

    @property
    def origin(self) -> str:
        return f"https://{HOST}:{self.port}"

    def request(self, method: str, path: str, form=None, **headers: str):
        connection = http.client.HTTPSConnection(HOST, self.port, timeout=30)
        body = urlencode(form).encode() if form is not None else None
        all_headers = {"Host": f"{HOST}:{self.port}", **headers}
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            all_headers["Cookie"] = "; ".join(
                f"{k}={v}" for k, v in self.cookies.items()
            )
        try:
            sock = socket.create_connection(
                ("127.0.0.1", self.port), timeout=30, source_address=(self.source, 0)
            )
            connection.sock = self.context.wrap_socket(sock, server_hostname=HOST)
            connection.request(method, path, body=body, headers=all_headers)
            reply = connection.getresponse()
            text = reply.read().decode()
        finally:
            connection.close()
        for cookie in reply.headers.get_all("Set-Cookie") or []:
            self.set_cookies.append(cookie)
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return reply, text

    def csrf_token(self, path: str) -> str:
        _, text = self.request("GET", path)
        match = re.search(r'name="csrf_token" value="([^"]+)"', text)
        assert match, text[:500]
        return match[1]

    def login(self, username: str, password: str, **headers: str):
        token = self.csrf_token("/login/")
        form = {"username": username, "password": password, "csrf_token": token}
        return self.request("POST", "/login/", form, Origin=self.origin, **headers)


def certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            require("openssl", "openssl"),
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            f"/CN={HOST}",
            "-addext",
            f"subjectAltName=DNS:{HOST}",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def site_config(app_port: int, http_port: int, https_port: int, cert, key) -> str:
    """deploy/nginx.conf with this test's ports and certificate: the only
    changes, each checked to apply."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    changes = {
        "server 127.0.0.1:6543;": f"server 127.0.0.1:{app_port};",
        "    listen 80;\n": f"    listen 127.0.0.1:{http_port};\n",
        "    listen [::]:80;\n": "",
        "    listen 443 ssl http2;\n": f"    listen 127.0.0.1:{https_port} ssl http2;\n"
        "",
        "    listen [::]:443 ssl http2;\n": "",
        f"/etc/letsencrypt/live/{HOST}/fullchain.pem": str(cert),
        f"/etc/letsencrypt/live/{HOST}/privkey.pem": str(key),
    }
    for old, new in changes.items():
        assert old in text, f"deploy/nginx.conf no longer has {old!r}"
        text = text.replace(old, new)
    return text


MAIN = """\
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/scratchpad.conf;
}}
"""


@contextlib.contextmanager
def nginx(folder: Path, site: str, port: int):
    binary = require("nginx", "nginx")
    (folder / "scratchpad.conf").write_text(site)
    (folder / "nginx.conf").write_text(MAIN.format(folder=folder))
    process = subprocess.Popen(
        [
            binary,
            "-p",
            str(folder),
            "-c",
            str(folder / "nginx.conf"),
            "-e",
            str(folder / "error.log"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert process.poll() is None, (folder / "error.log").read_text()
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), timeout=1),
            ):
                break
            time.sleep(0.1)
        else:
            raise AssertionError((folder / "error.log").read_text())
        yield
    finally:
        stop(process)


def test_scratchpad_behind_the_shipped_nginx(db_url, make_user, tmp_path):
    make_user("alice", "alice-password")
    cert, key = certificate(tmp_path)
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    ini = copy_ini("production.ini", tmp_path)
    env = operator_env(
        SCRATCHPAD_DATABASE_URL=db_url,
        SCRATCHPAD_SECRET=SECRET,
        SCRATCHPAD_BASE_URL=f"https://{HOST}:{https_port}",
        SCRATCHPAD_WORKERS="1",
        SCRATCHPAD_LOGIN_FAILURES_PER_ADDRESS="3",
    )
    site = site_config(app_port, http_port, https_port, cert, key)
    with serving(ini, env, port=app_port), nginx(tmp_path, site, https_port):
        browser = Client(https_port, cert, "127.0.0.2")
        reply, text = browser.request("GET", "/healthz")
        assert (reply.status, text) == (200, "ok\n")
        for name in (
            "Strict-Transport-Security",
            "X-Content-Type-Options",
            "X-Frame-Options",
        ):
            assert len(reply.headers.get_all(name) or []) == 1, name

        reply, _ = browser.login("alice", "alice-password")
        assert reply.status == 303, reply.status
        login_cookie = [
            c for c in browser.set_cookies if c.startswith("__Host-scratchpad=")
        ]
        assert login_cookie and "; secure" in login_cookie[-1].lower()
        assert all(
            "; secure" in cookie.lower() and cookie.startswith("__Host-")
            for cookie in browser.set_cookies
        ), browser.set_cookies
        _, page = browser.request("GET", "/")
        assert "Log out" in page

        token = browser.csrf_token("/")
        form = {"contents": "through the proxy", "csrf_token": token}
        foreign, _ = browser.request(
            "POST", "/comments/", form, Origin="https://evil.example"
        )
        assert foreign.status == 400
        own, _ = browser.request("POST", "/comments/", form, Origin=browser.origin)
        assert own.status == 303

        # Three failures from 127.0.0.2 throttle that address, whatever
        # X-Forwarded-For it sends; another client, 127.0.0.3, is not.
        guesser = Client(https_port, cert, "127.0.0.2")
        for number in range(3):
            reply, _ = guesser.login(f"user{number}", "wrong-password")
            assert reply.status == 200
        reply, _ = guesser.login(
            "alice", "alice-password", **{"X-Forwarded-For": "198.51.100.7"}
        )
        assert reply.status == 429
        other = Client(https_port, cert, "127.0.0.3")
        assert other.login("alice", "alice-password")[0].status == 303

        plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
        plain.request("GET", "/healthz", headers={"Host": HOST})
        assert plain.getresponse().status == 301
        plain.close()
