"""CFG-05: with the debug toolbar on, only local names reach the server.

A DNS-rebinding page in the developer's browser sends requests from
127.0.0.1 (so the toolbar's own address check lets them in) but with its
own name in ``Host``. While the toolbar is included, any ``Host`` other
than ``localhost``, ``127.0.0.1`` or ``[::1]`` (any port) is a 400, for
the toolbar's pages and the site's alike. Without the toolbar (production)
the check is not there at all.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from scratchpad.web.devhost import is_local_host
from tests.support import ROOT

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


PATHS = ["/", "/_debug_toolbar/", "/login/"]
# The toolbar's SQL panel hooks every SQLAlchemy engine of the process it is
# imported into, so the app with the toolbar runs in a process of its own.
SCRIPT = """
import json, sys
from webob import Request
from scratchpad import main
from tests.support import settings_for
url, hosts, paths = json.loads(sys.stdin.read())
settings = {**settings_for(url), "pyramid.includes": "pyramid_debugtoolbar"}
app = main({}, **settings)
answers = {}
for host in hosts:
    for path in paths:
        request = Request.blank(path, remote_addr="127.0.0.1")
        request.environ["HTTP_HOST"] = host
        response = request.get_response(app)
        answers[host + " " + path] = [response.status_int, response.text]
app.registry["dbengine"].dispose()
print(json.dumps(answers))
"""


@pytest.fixture
def answers(db_url):
    """(status, page) of each path for each Host, from a toolbar app."""
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=json.dumps([db_url, LOCAL + FOREIGN, PATHS]),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_foreign_host_is_refused(answers):
    for host in FOREIGN:
        for path in PATHS:
            status, page = answers[f"{host} {path}"]
            assert status == 400, (host, path)
            assert "debug" not in page.lower()


def test_local_names_are_served(answers):
    for host in LOCAL:
        assert answers[f"{host} /"][0] == 200, host
        assert answers[f"{host} /login/"][0] == 200, host


def test_without_the_toolbar_the_host_is_not_checked(testapp):
    assert testapp.get("/", headers={"Host": "comments.example.org"}).status_int == 200


@pytest.mark.parametrize("host", LOCAL)
def test_is_local_host(host):
    assert is_local_host(host)


@pytest.mark.parametrize("host", FOREIGN)
def test_is_not_local_host(host):
    assert not is_local_host(host)
