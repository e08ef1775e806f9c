"""REL-01: the database unreachable, in the view or at commit time, is a
503 page with Retry-After, logged, with nothing stored; and the site
recovers by itself once the database is back (``pool_pre_ping``)."""

from __future__ import annotations

import logging
import socket

import pytest
import webtest
from sqlalchemy import event, make_url
from sqlalchemy.exc import OperationalError

from scratchpad import main
from tests.support.forwarder import Forwarder


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def unreachable(db_url: str) -> str:
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        return "sqlite:////nonexistent-directory/for/scratchpad.sqlite"
    return url.set(host="127.0.0.1", port=closed_port()).render_as_string(False)


def assert_unavailable_page(response):
    assert response.status_int == 503
    assert int(response.headers["Retry-After"]) > 0
    assert "Temporarily unavailable" in response.text
    assert "Traceback" not in response.text
    assert "sqlalchemy" not in response.text.lower()
    assert response.headers["Content-Security-Policy"]


def test_unreachable_database_is_a_503(app_settings, db_url, caplog):
    settings = {**app_settings, "sqlalchemy.url": unreachable(db_url)}
    app = main({}, **settings)
    client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    with caplog.at_level(logging.WARNING, logger="scratchpad"):
        assert_unavailable_page(client.get("/", status=503))
    assert any("database unavailable" in r.getMessage() for r in caplog.records)
    app.registry["dbengine"].dispose()


def test_failure_at_commit_time_is_a_503(testapp, make_user, count_rows, app):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    before = count_rows()

    def refuse(session):
        raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

    factory = app.registry["dbsession_factory"]
    event.listen(factory, "before_commit", refuse)
    try:
        response = testapp.post_comment("lost?", status=503)
    finally:
        event.remove(factory, "before_commit", refuse)
    assert_unavailable_page(response)
    assert count_rows() == before
    testapp.post_comment("after the outage")
    assert count_rows() == before + 1


def test_site_recovers_after_the_server_comes_back(backend, app_settings, db_url):
    if backend.name == "sqlite":
        pytest.skip("SQLite has no server to restart")
    url = make_url(db_url)
    forwarder = Forwarder(url.host or "127.0.0.1", url.port or 5432)
    settings = {
        **app_settings,
        "sqlalchemy.url": url.set(
            host="127.0.0.1", port=forwarder.port
        ).render_as_string(False),
    }
    app = main({}, **settings)
    client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    try:
        assert client.get("/").status_int == 200  # a pooled connection exists
        forwarder.cut()  # the server "restarts": every connection breaks
        assert_unavailable_page(client.get("/", status=503))
        forwarder.restore()
        assert client.get("/").status_int == 200
    finally:
        forwarder.close()
        app.registry["dbengine"].dispose()
