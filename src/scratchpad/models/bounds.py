"""Bounds on every wait for the database, so a request never waits longer
than the bounds allow, however long the outage.

- **PostgreSQL** (psycopg): libpq's ``connect_timeout``; ``statement_timeout``
  and ``lock_timeout`` for every session, as startup options, so the server
  cancels a statement that runs or waits for a lock too long (SQLSTATE
  57014 / 55P03).
- **MySQL/MariaDB** (PyMySQL): ``connect_timeout``; per session
  ``max_statement_time`` (MariaDB) or ``max_execution_time`` (MySQL) and
  ``innodb_lock_wait_timeout`` / ``lock_wait_timeout``; and socket read and
  write timeouts, so a server that stops answering is given up on.
- **SQLite**: the busy timeout is the lock bound.

A PostgreSQL server that stops answering altogether (frozen, or the network
to it gone) cannot cancel anything, and libpq has no read timeout: the
:class:`Watchdog` cuts the socket of a connection that has waited for the
server longer than the statement bound plus :data:`GRACE`. The driver then
reports a lost connection, which the pool replaces. Every error here is an
``OperationalError``, which the site answers with its 503 page.
"""

from __future__ import annotations

import itertools
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

# Seconds past the statement bound before the watchdog cuts a connection:
# the server's own cancellation normally comes first, with a clearer error.
GRACE = 1.0
TICK = 0.1  # how often the watchdog looks
# The dialect's methods that wait for the server, and how each reaches the
# driver's connection (from a cursor, a connection or a pool's wrapper).
WAITING_METHODS = (
    "do_execute",
    "do_execute_no_params",
    "do_executemany",
    "do_commit",
    "do_rollback",
    "do_ping",
)


@dataclass(frozen=True)
class Bounds:
    """Seconds to connect, to run one statement, to wait for one lock."""

    connect: int
    statement: int
    lock: int

    @classmethod
    def from_settings(cls, settings: Any) -> Bounds:
        """From the typed :class:`scratchpad.settings.Settings`."""
        return cls(
            settings.db_connect_timeout,
            settings.db_statement_timeout,
            settings.db_lock_timeout,
        )


def connect_args(backend: str, bounds: Bounds) -> dict[str, Any]:
    """The driver's connection arguments that carry the bounds."""
    if backend == "postgresql":
        return {
            "connect_timeout": max(2, bounds.connect),  # libpq's minimum
            "options": f"-c statement_timeout={bounds.statement * 1000} "
            f"-c lock_timeout={bounds.lock * 1000}",
        }
    if backend == "mysql":
        patience = bounds.statement + GRACE
        return {
            "connect_timeout": bounds.connect,
            "read_timeout": patience,
            "write_timeout": patience,
        }
    return {}


def apply_bounds(engine: Engine, bounds: Bounds) -> None:
    """Per-session settings the URL cannot carry, and the watchdog."""
    if engine.dialect.name == "mysql":

        @event.listens_for(engine, "connect")
        def _session_bounds(dbapi_connection: Any, _record: Any) -> None:
            mariadb = "mariadb" in dbapi_connection.get_server_info().lower()
            statement = (
                f"max_statement_time = {bounds.statement}"
                if mariadb
                else f"max_execution_time = {bounds.statement * 1000}"
            )
            cursor = dbapi_connection.cursor()
            cursor.execute(
                f"SET SESSION {statement}, innodb_lock_wait_timeout = "
                f"{bounds.lock}, lock_wait_timeout = {bounds.lock}"
            )
            cursor.close()

    elif engine.dialect.name == "postgresql":
        watch(engine, bounds.statement + GRACE)


def watch(engine: Engine, patience: float) -> None:
    """Have :data:`WATCHDOG` cut any wait of ``engine`` longer than ``patience``.

    The engine's own dialect object is wrapped (each engine has its own), so
    the statements, commits, rollbacks (the pool's too) and pings that go
    through it are all watched.
    """
    dialect = engine.dialect
    for name in WAITING_METHODS:
        setattr(dialect, name, _watched(getattr(dialect, name), patience))


def _watched(method: Callable[..., Any], patience: float) -> Callable[..., Any]:
    def watched(target: Any, *args: Any, **kwargs: Any) -> Any:
        key = WATCHDOG.arm(_driver_connection(target), patience)
        try:
            return method(target, *args, **kwargs)
        finally:
            WATCHDOG.disarm(key)

    return watched


def _driver_connection(target: Any) -> Any:
    """The driver's connection behind a cursor, a pool's wrapper or itself."""
    target = getattr(target, "dbapi_connection", target)
    return getattr(target, "connection", target)


def cut(connection: Any) -> None:
    """Shut down the socket of a psycopg connection: its waits end at once."""
    try:
        fileno = connection.pgconn.socket
    except Exception:  # closed meanwhile: nothing to cut
        return
    with socket.socket(fileno=os.dup(fileno)) as sock:
        sock.shutdown(socket.SHUT_RDWR)


class Watchdog:
    """One thread per process that ends waits past their deadline."""

    def __init__(self) -> None:
        self._waits: dict[int, tuple[float, Any]] = {}
        self._keys = itertools.count()
        self._lock = threading.Lock()
        self._pid = 0  # the process whose thread runs (workers are forked)

    def arm(self, connection: Any, patience: float) -> int:
        if self._pid != os.getpid():
            self._start()
        key = next(self._keys)
        self._waits[key] = (time.monotonic() + patience, connection)
        return key

    def disarm(self, key: int) -> None:
        self._waits.pop(key, None)

    def _start(self) -> None:
        with self._lock:
            if self._pid == os.getpid():
                return
            self._waits = {}
            threading.Thread(
                target=self._run, name="database-watchdog", daemon=True
            ).start()
            self._pid = os.getpid()

    def _run(self) -> None:
        while True:  # for the life of the process
            time.sleep(TICK)
            now = time.monotonic()
            for key, (deadline, connection) in list(self._waits.items()):
                if deadline <= now and self._waits.pop(key, None) is not None:
                    log.warning("database did not answer in time: connection cut")
                    cut(connection)


WATCHDOG = Watchdog()
