"""REL-06: pool limits are settings; a request that cannot get a connection
within ``pool_timeout`` is a 503, not a hung worker. ``production.ini``
pools one connection per thread and no more, and a server whose processes'
pools together could exceed the database's connection limit says so at
start-up."""

from __future__ import annotations

import configparser
import logging

import webtest

from scratchpad import main
from scratchpad.server.settings import ServerSettings
from scratchpad.server.startup import LIMIT, make_app, started
from tests.support import ROOT


def test_pool_timeout_is_a_503(app_settings, count_rows):
    settings = {
        **app_settings,
        "sqlalchemy.pool_size": "1",
        "sqlalchemy.max_overflow": "0",
        "sqlalchemy.pool_timeout": "1",
    }
    app = main({}, **settings)
    engine = app.registry["dbengine"]
    client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    try:
        assert engine.pool.size() == 1
        held = engine.connect()  # the only connection, held elsewhere
        response = client.get("/", status=503)
        assert response.headers["Retry-After"]
        assert "Temporarily unavailable" in response.text
        held.close()
        assert client.get("/").status_int == 200
    finally:
        engine.dispose()


def test_production_pools_one_connection_per_thread():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "production.ini")
    app, server = parser["app:main"], parser["server:main"]
    assert app["sqlalchemy.pool_size"] == server["threads"]
    assert app["sqlalchemy.max_overflow"] == "0"


def test_start_up_warns_when_the_pools_could_exceed_the_database_limit(
    app_settings, caplog
):
    settings = {
        **app_settings,
        "sqlalchemy.pool_size": "4",
        "sqlalchemy.max_overflow": "0",
    }
    app = make_app({"__file__": "test.ini"}, **settings)
    try:
        limit = app.registry[LIMIT]
        caplog.set_level(logging.INFO, logger="scratchpad.server")
        started(app, ServerSettings(workers=1, threads=4), "gunicorn")
        assert not [r for r in caplog.records if r.levelno == logging.WARNING]
        if limit is None:  # SQLite: no connection limit to exceed
            return
        too_many = limit // 4 + 1
        started(app, ServerSettings(workers=too_many, threads=4), "gunicorn")
        warnings = [
            r.getMessage() for r in caplog.records if r.levelno == logging.WARNING
        ]
        assert warnings == [
            f"{too_many} processes x 4 pooled connections exceed the database's "
            f"limit of {limit}: requests will get 503s; lower sqlalchemy.pool_size "
            "or workers, or raise max_connections"
        ]
    finally:
        app.registry["dbengine"].dispose()
