"""CFG-01: production.ini loads no debug toolbar, no template reloading and
no debug settings, and waitress never shows tracebacks."""

from __future__ import annotations

import configparser

from pyramid.paster import get_app
from pyramid.settings import asbool
from webtest import TestApp

from tests.support import ROOT, TEST_SECRET

PRODUCTION = ROOT / "production.ini"


def test_production_ini_has_no_debug_settings():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(PRODUCTION)
    app = parser["app:main"]
    assert "pyramid_debugtoolbar" not in app.get("pyramid.includes", "")
    for name, value in app.items():
        if name.startswith(("pyramid.debug", "pyramid.reload")):
            assert not asbool(value), name
    assert not asbool(parser["server:main"].get("expose_tracebacks", "false"))


def test_production_app_serves_no_toolbar(db_url, monkeypatch):
    monkeypatch.setenv("SCRATCHPAD_DATABASE_URL", db_url)
    monkeypatch.setenv("SCRATCHPAD_SECRET", TEST_SECRET)
    monkeypatch.setenv("SCRATCHPAD_BCRYPT_ROUNDS", "12")
    app = get_app(str(PRODUCTION), "main")
    try:
        assert "pyramid_debugtoolbar" not in str(
            app.registry.settings.get("pyramid.includes", "")
        )
        client = TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
        page = client.get("/_debug_toolbar/", status=404)
        assert "There is no page at this address." in page.text
        assert client.get("/").status_int == 200
    finally:
        app.registry["dbengine"].dispose()
