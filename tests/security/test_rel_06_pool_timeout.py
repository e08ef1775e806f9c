"""REL-06: pool limits are settings; a request that cannot get a connection
within ``pool_timeout`` is a 503, not a hung worker."""

from __future__ import annotations

import webtest

from scratchpad import main


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
