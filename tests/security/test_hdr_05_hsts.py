"""HDR-05: HSTS for a year on https responses in production, and only there
(over http it is meaningless; in development it would pin localhost)."""

from __future__ import annotations

from typing import Any

import pytest
import webtest

from scratchpad import main


def client(app_settings: dict[str, Any], production: bool) -> Any:
    settings = {**app_settings, "scratchpad.production": str(production).lower()}
    return webtest.TestApp(main({}, **settings))


@pytest.mark.parametrize("path", ["/", "/static/site.css"])
def test_production_over_https_sends_hsts(app_settings, path):
    app = client(app_settings, production=True)
    response = app.get(path, extra_environ={"wsgi.url_scheme": "https"})
    value = response.headers["Strict-Transport-Security"]
    assert int(value.split("max-age=")[1].split(";")[0]) >= 31536000
    app.app.registry["dbengine"].dispose()


def test_production_over_http_does_not(app_settings):
    app = client(app_settings, production=True)
    assert "Strict-Transport-Security" not in app.get("/").headers
    app.app.registry["dbengine"].dispose()


def test_development_over_https_does_not(app_settings):
    app = client(app_settings, production=False)
    response = app.get("/", extra_environ={"wsgi.url_scheme": "https"})
    assert "Strict-Transport-Security" not in response.headers
    app.app.registry["dbengine"].dispose()
