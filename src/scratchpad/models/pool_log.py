"""One log line, not a traceback, when the pool cannot reset a dead connection.

When the database goes away (killed, restarted, or a wait cut by the
watchdog), SQLAlchemy's pool rolls back each connection given back to it;
on a dropped socket that rollback fails, and the pool logs the failure at
ERROR with its traceback. It is an expected database failure: the request
already got its 503, logged in one line by :mod:`scratchpad.web.reliability`.
:func:`install` turns the pool's record into one WARNING line naming the
driver's error. Errors that are not the database's keep their traceback.
"""

from __future__ import annotations

import logging

from sqlalchemy import exc as sa_exc

# The loggers SQLAlchemy's pools log through (one per pool class).
POOL_LOGGERS = tuple(
    f"sqlalchemy.pool.impl.{name}"
    for name in ("QueuePool", "NullPool", "SingletonThreadPool", "StaticPool")
)
DRIVERS = ("pymysql", "psycopg", "sqlite3", "MySQLdb")


def is_database_error(error: BaseException) -> bool:
    """The driver's own errors, SQLAlchemy's wrappers of them, and sockets."""
    module = type(error).__module__.split(".")[0]
    return module in DRIVERS or isinstance(
        error, (sa_exc.DBAPIError, sa_exc.DisconnectionError, OSError)
    )


class OneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is None or not is_database_error(error):
            return True
        first = (str(error).strip().splitlines() or [""])[0]
        record.msg = "%s (the database dropped the connection): %s: %s"
        record.args = (record.getMessage(), type(error).__name__, first)
        record.exc_info = None
        record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


ONE_LINE = OneLine()


def install() -> None:
    """Add the filter to the pools' loggers, once per process."""
    for name in POOL_LOGGERS:
        logger = logging.getLogger(name)
        if ONE_LINE not in logger.filters:
            logger.addFilter(ONE_LINE)
