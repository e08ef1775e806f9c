"""development.ini knows its own address: the Atom feed and absolute links
work out of the box, and the feed's links point at the development server.

development.ini includes the debug toolbar, whose SQL panel hooks every
SQLAlchemy engine of the process it is imported into (other tests' engines
and the test harness's own threads among them), so the app runs in a
process of its own.
"""

from __future__ import annotations

import configparser
import json
import os
import subprocess
import sys

from tests.support import ROOT

SCRIPT = """
import json, sys
from pyramid.paster import get_app
from webtest import TestApp
ini, host = sys.argv[1:]
app = get_app(ini, "main")
client = TestApp(app, extra_environ={"HTTP_HOST": host})
feed = client.get("/feed.atom", status=200).text
front = client.get("/", status=200).text
app.registry["dbengine"].dispose()
print(json.dumps({"feed": feed, "front": front}))
"""


def test_development_ini_serves_the_feed_at_its_own_address(db_url):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "development.ini")
    host = parser["server:main"]["listen"]
    assert parser["app:main"]["scratchpad.base_url"] == f"http://{host}"
    env = {
        name: value
        for name, value in os.environ.items()
        if name
        not in ("SCRATCHPAD_BASE_URL", "SCRATCHPAD_SECRET", "SCRATCHPAD_PRODUCTION")
    }
    env["SCRATCHPAD_DATABASE_URL"] = db_url
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(ROOT / "development.ini"), host],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pages = json.loads(result.stdout.splitlines()[-1])
    assert f"http://{host}/" in pages["feed"]
    assert 'rel="alternate"' in pages["front"]
