"""development.ini knows its own address: the Atom feed and absolute links
work out of the box, and the feed's links point at the development server."""

from __future__ import annotations

import configparser

from pyramid.paster import get_app
from webtest import TestApp

from tests.support import ROOT
from tests.support.scripting import kept_logging


def test_development_ini_serves_the_feed_at_its_own_address(db_url, monkeypatch):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "development.ini")
    host = parser["server:main"]["listen"]
    assert parser["app:main"]["scratchpad.base_url"] == f"http://{host}"
    for name in ("SCRATCHPAD_BASE_URL", "SCRATCHPAD_SECRET", "SCRATCHPAD_PRODUCTION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SCRATCHPAD_DATABASE_URL", db_url)
    with kept_logging():
        app = get_app(str(ROOT / "development.ini"), "main")
    try:
        client = TestApp(app, extra_environ={"HTTP_HOST": host})
        feed = client.get("/feed.atom", status=200)
        assert f"http://{host}/" in feed.text
        assert 'rel="alternate"' in client.get("/").text
    finally:
        app.registry["dbengine"].dispose()
