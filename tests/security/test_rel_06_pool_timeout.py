"""REL-06: pool limits are settings; a request that cannot get a connection
within ``pool_timeout`` is a 503, not a hung worker. Unless the ini sets
``sqlalchemy.pool_size`` (``production.ini`` does not), the server pools one
connection per thread and one spare, no more, and a server whose processes' pools
together could exceed the database's connection limit says so at
start-up."""

from __future__ import annotations

import configparser
import gc
import logging

import pytest
import webtest

from scratchpad import main
from scratchpad.models import pool_capacity
from scratchpad.server.settings import ServerSettings
from scratchpad.server.startup import LIMIT, make_app, started
from tests.support import ROOT
from tests.support.client import change_password, client


@pytest.fixture(autouse=True)
def unfrozen():
    """``started`` freezes the process's objects, as a server's should; a
    test process gives them back."""
    yield
    gc.unfreeze()


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


def test_a_logged_in_reader_needs_one_connection(app_settings, make_user):
    """A request holds at most one pooled connection at a time while it
    reads: with a pool of one, a logged-in reader gets every page (the
    kept list's state is read on the request's own connection) instead of
    waiting for a second connection until the pool times out."""
    make_user("reader", "reader-password")
    settings = {
        **app_settings,
        "sqlalchemy.pool_size": "1",
        "sqlalchemy.max_overflow": "0",
        "sqlalchemy.pool_timeout": "1",
        "scratchpad.base_url": "http://localhost",
    }
    app = main({}, **settings)
    try:
        reader = client(app, "reader")
        reader.post_comment("a comment to list")
        for path in ("/", "/", "/?before=1000", "/users/reader/", "/users/reader/"):
            page = reader.get(path, status=200)
            assert "a comment to list" in page.text or "before" in path
        assert reader.get("/feed.atom", status=200)
    finally:
        app.registry["dbengine"].dispose()


def test_production_leaves_the_pool_to_the_threads():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "production.ini")
    assert "sqlalchemy.pool_size" not in parser["app:main"]
    assert "sqlalchemy.max_overflow" not in parser["app:main"]


def test_the_server_pools_one_connection_per_thread_and_a_spare(app_settings):
    # max_overflow is read only with a pool_size: the pool is the threads + 1
    settings = {**app_settings, "sqlalchemy.max_overflow": "5"}
    app = make_app({"__file__": "test.ini"}, **settings)
    try:
        line = started(app, ServerSettings(workers=1, threads=3), "gunicorn")
        assert app.registry["dbengine"].pool.size() == 4
        assert pool_capacity(app.registry["dbengine"]) == 4  # and no overflow
        assert "(pool: 4 per process)" in line
        assert gc.get_freeze_count() > 0  # the loaded app is settled
        # the sessions use the resized engine
        with app.registry["dbsession_factory"]() as dbsession:
            assert dbsession.get_bind() is app.registry["dbengine"]
    finally:
        app.registry["dbengine"].dispose()


def test_a_password_check_gets_its_second_connection_from_the_spare(
    app_settings, make_user
):
    """A server of one thread pools two connections: a logged-in password
    change (its throttle record on a connection of its own while the
    request holds one) goes through instead of waiting for the pool."""
    make_user("alice", "alice-password")
    settings = {**app_settings, "sqlalchemy.pool_timeout": "1"}
    app = make_app({"__file__": "test.ini"}, **settings)
    try:
        started(app, ServerSettings(workers=1, threads=1), "gunicorn")
        assert pool_capacity(app.registry["dbengine"]) == 2
        alice = client(app, "alice")
        change_password(alice, "alice-password", "a-new-long-password", 303)
        alice.login("alice", "a-new-long-password")
    finally:
        app.registry["dbengine"].dispose()


def test_a_pool_size_in_the_ini_is_kept(app_settings):
    settings = {**app_settings, "sqlalchemy.pool_size": "2"}
    app = make_app({"__file__": "test.ini"}, **settings)
    try:
        line = started(app, ServerSettings(workers=1, threads=5), "gunicorn")
        assert app.registry["dbengine"].pool.size() == 2
        assert "(pool: 12 per process)" in line  # SQLAlchemy's overflow of 10
    finally:
        app.registry["dbengine"].dispose()


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
            f"limit of {limit}: requests will get 503s; lower threads (or "
            "sqlalchemy.pool_size) or workers, or raise max_connections"
        ]
    finally:
        app.registry["dbengine"].dispose()
