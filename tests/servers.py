"""Real app processes for tests: ``pserve`` on a free port of 127.0.0.1.

:class:`AppProcess` writes an ini file (the production server, waitress),
starts ``pserve`` on it in a subprocess, waits (bounded) until ``/healthz``
answers and stops the process afterwards. :class:`Browser` is a tiny HTTP
client with a cookie jar that never follows redirects, so a test sees each
303 and reads the CSRF token from real pages.
"""

from __future__ import annotations

import http.cookiejar
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

START_TIMEOUT = 30.0
POLL_INTERVAL = 0.1

INI = """\
[app:main]
use = egg:scratchpad
{settings}

[server:main]
use = egg:waitress#main
listen = 127.0.0.1:{port}
threads = 2
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppProcess:
    """One ``pserve`` process serving the app with ``settings``."""

    def __init__(self, folder: Path, name: str, settings: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        lines = "\n".join(f"{key} = {value}" for key, value in settings.items())
        self.ini = folder / f"{name}.ini"
        self.ini.write_text(INI.format(settings=lines, port=self.port))
        self.log = (folder / f"{name}.log").open("wb")
        pserve = Path(sys.executable).with_name("pserve")
        self.process = subprocess.Popen(
            [str(pserve), str(self.ini)], stdout=self.log, stderr=subprocess.STDOUT
        )
        self._wait_until_up()

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        for _ in range(int(START_TIMEOUT / POLL_INTERVAL)):
            if self.process.poll() is not None or time.monotonic() > deadline:
                break
            try:
                health = self.url + "/healthz"  # always http://127.0.0.1
                with urllib.request.urlopen(health, timeout=2):  # noqa: S310
                    return
            except OSError:
                time.sleep(POLL_INTERVAL)
        self.stop()
        raise RuntimeError(f"app process did not start; see {self.log.name}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Browser:
    """Cookies shared across servers on 127.0.0.1, like one real browser."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )

    def request(
        self, url: str, form: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(url, data=data, timeout=10) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def csrf_token(self, url: str) -> str:
        status, _, body = self.request(url)
        match = re.search(r'name="csrf_token" value="([^"]+)"', body)
        assert status == 200 and match, f"no CSRF token on {url}"
        return match.group(1)
