"""/healthz and /readyz: cheap, never cached, and honest about the database."""

from __future__ import annotations

import time

import webtest
from sqlalchemy import text
from zope.sqlalchemy import mark_changed

from scratchpad import main
from scratchpad.models.revision import code_head
from scratchpad.web import reliability


def test_healthz_answers_without_touching_the_database(testapp, statements):
    response = testapp.get("/healthz", status=200)
    assert response.text == "ok\n"
    assert response.headers["Cache-Control"] == "no-store"
    assert statements == []


def test_readyz_is_ready_at_the_newest_schema(testapp, statements):
    response = testapp.get("/readyz", status=200)
    assert response.text == "ready\n"
    assert response.headers["Cache-Control"] == "no-store"
    assert len(statements) == 1


def test_readyz_is_503_when_the_schema_is_behind(testapp, dbsession, tm):
    dbsession.execute(text("UPDATE alembic_version SET version_num = '0005'"))
    mark_changed(dbsession)
    tm.commit()
    response = testapp.get("/readyz", status=503)
    needed = code_head()
    assert response.text == f"schema at 0005, code needs {needed}: run initialize_db\n"
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_503_when_the_database_is_not_there(app_settings, tmp_path):
    missing = tmp_path / "no-such-folder" / "db.sqlite"
    app = main({}, **{**app_settings, "sqlalchemy.url": f"sqlite:///{missing}"})
    testapp = webtest.TestApp(app)
    response = testapp.get("/readyz", status=503)
    assert response.text == "database unreachable\n"
    assert testapp.get("/healthz", status=200).text == "ok\n"
    app.registry["dbengine"].dispose()


def test_readyz_is_503_on_an_empty_database(app_settings, empty_db_url):
    app = main({}, **{**app_settings, "sqlalchemy.url": empty_db_url})
    response = webtest.TestApp(app).get("/readyz", status=503)
    assert response.text == (
        "the database has no Scratchpad schema yet: run initialize_db\n"
    )
    app.registry["dbengine"].dispose()


def test_health_checks_answer_head_but_refuse_other_methods(testapp):
    assert testapp.head("/healthz", status=200).body == b""
    testapp.head("/readyz", status=200)
    token = testapp.get_csrf_token("/login/")
    response = testapp.post("/healthz", {"csrf_token": token}, status="*")
    assert response.status_code in (404, 405)


def test_readyz_is_503_for_a_while_after_a_request_found_the_database_failing(
    app_settings, monkeypatch
):
    """A request that could not get a connection makes the process unready
    for ``UNREADY_SECONDS``, without asking the database again."""
    settings = {
        **app_settings,
        "sqlalchemy.pool_size": "1",
        "sqlalchemy.max_overflow": "0",
        "sqlalchemy.pool_timeout": "1",
    }
    app = main({}, **settings)
    engine = app.registry["dbengine"]
    testapp = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    try:
        held = engine.connect()  # the pool's only connection
        testapp.get("/", status=503)
        held.close()
        response = testapp.get("/readyz", status=503)
        assert response.text == "database failing: TimeoutError\n"
        later = time.monotonic() + reliability.UNREADY_SECONDS + 1
        monkeypatch.setattr(reliability.time, "monotonic", lambda: later)
        assert testapp.get("/readyz", status=200).text == "ready\n"
    finally:
        engine.dispose()
