"""Loading the app for a server: refuse, in one line, anything that cannot
serve.

:func:`make_app` is the ``egg:scratchpad`` app factory. It builds the app
with :func:`scratchpad.main`, then checks the database: a server whose
schema is missing or behind would answer every page with a 500, so it
does not start at all, and says what to run. The check's connection is
closed before the server forks its worker processes, which open their own.

The same connection reads the database's connection limit. At start-up,
:func:`started` sizes each process's pool to the server's threads (unless
the ini sets ``sqlalchemy.pool_size``), names the pool in its line, and
warns when the processes' pools together could need more connections than
the database allows (README "Database connections and outages" has the
rule).
"""

from __future__ import annotations

import gc
import logging
from typing import Any

from sqlalchemy import make_url
from sqlalchemy.exc import SQLAlchemyError

from scratchpad import main
from scratchpad.models import pool_capacity, pool_per_thread
from scratchpad.models.revision import schema_state
from scratchpad.scripts import database_problem
from scratchpad.server.settings import ServerSettings
from scratchpad.settings import SettingsError

log = logging.getLogger("scratchpad.server")

SCHEMA = "scratchpad.schema_revision"  # registry key: what the check found
LIMIT = "scratchpad.connection_limit"  # registry key: connections we may use
LIMIT_QUERIES = {
    # max_connections minus the connections kept for superusers.
    "postgresql": "SELECT current_setting('max_connections')::int - "
    "current_setting('superuser_reserved_connections')::int",
    "mysql": "SELECT @@max_connections",
}


def connection_limit(connection: Any) -> int | None:
    """How many connections the database allows us (None: no limit, SQLite)."""
    query = LIMIT_QUERIES.get(connection.dialect.name)
    return None if query is None else int(connection.exec_driver_sql(query).scalar())


def pool_warning(app: Any, workers: int) -> str | None:
    """A warning when ``workers`` pools could exceed the connection limit."""
    limit = app.registry.get(LIMIT)
    per_process = pool_capacity(app.registry["dbengine"])
    if limit is None or per_process is None or workers * per_process <= limit:
        return None
    return (
        f"{workers} processes x {per_process} pooled connections exceed the "
        f"database's limit of {limit}: requests will get 503s; lower "
        "threads (or sqlalchemy.pool_size) or workers, or raise max_connections"
    )


def refuse(message: str) -> SystemExit:
    """pserve prints the message of an uncaught SystemExit and exits 1."""
    return SystemExit(f"error: {message}")


def make_app(global_config: dict[str, Any], **settings: Any) -> Any:
    """The app for ``pserve``/``pshell``, on a usable, current database."""
    config_file = global_config.get("__file__", "the ini file")
    try:
        app = main(global_config, **settings)
    except SettingsError as error:
        raise refuse(str(error)) from None
    except SQLAlchemyError as error:
        raise refuse(
            database_problem(str(settings.get("sqlalchemy.url")), error)
        ) from None
    engine = app.registry["dbengine"]
    try:
        with engine.connect() as connection:
            state = schema_state(connection)
            app.registry[LIMIT] = connection_limit(connection)
    except SQLAlchemyError as error:
        raise refuse(database_problem(engine.url.render_as_string(), error)) from None
    finally:
        engine.dispose()  # no connection may cross into forked workers
    problem = state.problem(f"initialize_db {config_file}")
    if problem is not None:
        raise refuse(problem)
    app.registry[SCHEMA] = state.needed
    return app


def started(app: Any, server: ServerSettings, kind: str) -> str:
    """Size the pool to the threads, then the one start-up line: where, how
    many processes, which database, how many connections each may hold."""
    per_process = pool_per_thread(app.registry, server.threads)
    url = make_url(app.registry["dbengine"].url).render_as_string(hide_password=True)
    processes = (
        f"{server.workers} worker process{'es' if server.workers != 1 else ''}"
        if kind == "gunicorn"
        else "1 process"
    )
    pool = "" if per_process is None else f" (pool: {per_process} per process)"
    line = (
        f"serving http://{server.address}/ with {kind}: {processes} x "
        f"{server.threads} threads; database {url}{pool}; schema at revision "
        f"{app.registry.get(SCHEMA, '?')} (current)"
    )
    log.info("%s", line)
    warning = pool_warning(app, server.workers if kind == "gunicorn" else 1)
    if warning is not None:
        log.warning("%s", warning)
    settle_memory()
    return line


def settle_memory() -> None:
    """Collect what loading the app left behind, then freeze the rest.

    The loaded app (its configuration, templates, mappers, the list of
    common passwords) lives as long as the process: frozen, Python's full
    garbage collections no longer walk it. Without this, one such walk
    every few hundred requests cost a logged-in page about a tenth of its
    time (BENCHMARKS.md), and it wrote to every page gunicorn's forked
    workers would otherwise share with their master.
    """
    gc.collect()
    gc.freeze()
