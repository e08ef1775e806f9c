"""A pool that cannot reset a connection the database dropped logs one
WARNING line naming the driver's error, not an ERROR with a traceback;
other failures keep theirs."""

from __future__ import annotations

import logging
import sqlite3

import pytest
from sqlalchemy import create_engine
from sqlalchemy.pool import QueuePool

from scratchpad import main
from scratchpad.models import pool_log
from tests.support import settings_for


class Dropped:
    """A sqlite3 connection whose rollback fails, once ``dropped``, as a
    connection the database dropped does."""

    def __init__(self, error: Exception) -> None:
        self._connection = sqlite3.connect(":memory:")
        self._error = error
        self.dropped = False

    def rollback(self) -> None:
        if self.dropped:
            raise self._error
        self._connection.rollback()

    def __getattr__(self, name: str):
        return getattr(self._connection, name)


def returned_connection_logs(error: Exception, caplog) -> list[logging.LogRecord]:
    pool_log.install()
    engine = create_engine(
        "sqlite://", creator=lambda: Dropped(error), poolclass=QueuePool
    )
    caplog.set_level(logging.WARNING, logger="sqlalchemy.pool")
    connection = engine.connect()
    connection.connection.dbapi_connection.dropped = True
    connection.close()  # the pool resets it: rollback() fails
    engine.dispose()
    return [r for r in caplog.records if r.name.startswith("sqlalchemy.pool")]


def test_a_dropped_connection_is_one_warning_line(caplog):
    error = sqlite3.OperationalError("lost connection\nsecond line")
    [record] = returned_connection_logs(error, caplog)
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    message = record.getMessage()
    assert "OperationalError: lost connection" in message
    assert "\n" not in message and "Traceback" not in caplog.text


@pytest.mark.parametrize("error", [ValueError("a bug"), KeyError("x")])
def test_other_failures_keep_their_traceback(error, caplog):
    [record] = returned_connection_logs(error, caplog)
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and record.exc_info[1] is error


def test_the_app_installs_the_filter(tmp_path):
    logger = logging.getLogger(pool_log.POOL_LOGGERS[0])
    logger.removeFilter(pool_log.ONE_LINE)
    app = main({}, **settings_for(f"sqlite:///{tmp_path / 'site.sqlite'}"))
    app.registry["dbengine"].dispose()
    assert pool_log.ONE_LINE in logger.filters
