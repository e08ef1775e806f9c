"""Bring a database to the newest schema: adopt it if need be, then upgrade.

All of it happens in one transaction, so on PostgreSQL and SQLite a failure
leaves the database as it was. On SQLite that needs two things the default
driver set-up does not give: a real ``BEGIN`` before the DDL (pysqlite
would otherwise run DDL outside any transaction) and foreign keys switched
off while batch migrations rebuild tables (a rebuilt ``users`` table would
otherwise trip the keys of ``comments``); the keys are checked again with
``PRAGMA foreign_key_check`` before committing. MySQL/MariaDB commit each
DDL statement implicitly; there the migrations are written to be re-run
after an interruption (see migration 0004).

A SQLite file is first inspected through a read-only connection: the
site's engine switches a file to WAL as it connects, which rewrites its
header, so a database that is refused would not be left byte-identical.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Table, create_engine, event, func, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from scratchpad.models import Comment, User, get_script_engine
from scratchpad.models.revision import SCRIPT_LOCATION
from scratchpad.scripts import ini_path
from scratchpad.scripts.adoption import AdoptionRefused, Finding, inspect_database

# The tables a tutorial database brings along, with their rows' ids.
ADOPTED_TABLES: list[Table] = [User.__table__, Comment.__table__]  # type: ignore[list-item]


def alembic_config(config_uri: str, connection: Connection | None = None) -> Config:
    """Alembic's config for the ini file, optionally on an open connection.

    The migrations are always the ones shipped in the package, wherever the
    ini file is and whatever its ``[alembic]`` section says.
    """
    config = Config(ini_path(config_uri))
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def migration_engine(settings: dict[str, Any]) -> Engine:
    """An engine whose transactions really are transactions, DDL included."""
    engine = get_script_engine(settings)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _no_implicit_transactions(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            connection.exec_driver_sql("BEGIN")

    return engine


def catch_up_sequences(connection: Connection, tables: Iterable[Table]) -> None:
    """PostgreSQL: move each table's id sequence past its largest id.

    Rows inserted with explicit ids (an import, or a tutorial database
    copied over from MySQL) leave the sequence behind, and the next post
    would collide with an existing id. Elsewhere ids follow the rows.
    """
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        top = func.max(table.c.id)
        sequence = func.pg_get_serial_sequence(table.name, "id")
        connection.execute(
            select(func.setval(sequence, func.coalesce(top, 1), top.isnot(None)))
        )


def _check_foreign_keys(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise AdoptionRefused(
            f"{len(broken)} rows of {', '.join(tables)} point at missing rows"
        )


def inspect_read_only(engine: Engine, revisions: set[str]) -> None:
    """SQLite: :func:`inspect_database` on a read-only connection to the
    file, so that a refusal leaves it untouched down to the last byte."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return
    path = Path(str(url.database)).resolve()
    if not path.is_file():
        return
    reader = create_engine(
        f"sqlite:///file:{quote(str(path))}?mode=ro&uri=true", poolclass=NullPool
    )
    try:
        with reader.connect() as connection:
            inspect_database(connection, revisions)
    except OperationalError:
        return  # not readable read-only (a WAL file): the full check follows
    finally:
        reader.dispose()


def migrate(
    config_uri: str,
    engine: Engine,
    say: Callable[[str], None] = print,
    progress: bool | None = None,
) -> Finding:
    """Inspect, adopt if needed, upgrade to head; report each step via ``say``.

    With ``progress`` (default: standard error is a terminal) every
    migration step is also announced on standard error as it starts.
    """
    if progress is None:
        progress = sys.stderr.isatty()
    script = ScriptDirectory.from_config(alembic_config(config_uri))
    inspect_read_only(engine, {rev.revision for rev in script.walk_revisions()})
    with engine.begin() as connection:
        config = alembic_config(config_uri, connection)
        script = ScriptDirectory.from_config(config)
        steps = [rev.revision for rev in reversed(list(script.walk_revisions()))]
        finding = inspect_database(connection, set(steps))
        say(f"found: {finding.describe()}")
        current = finding.revision
        if connection.dialect.name == "mysql" and current != steps[-1]:
            say(
                "note: MySQL cannot undo schema changes; if this stops half-way, "
                "run it again (and keep a backup)"
            )
        if finding.kind == "tutorial" and current is not None:
            command.stamp(config, current, purge=True)
            say(f"adopted: stamped as revision {current}, nothing else changed yet")
        todo = steps[steps.index(current) + 1 :] if current else steps
        for number, revision in enumerate(todo, 1):
            if progress:
                doc = (script.get_revision(revision).doc or "").splitlines()[0]
                print(f"  [{number}/{len(todo)}] {revision}: {doc}", file=sys.stderr)
            command.upgrade(config, revision)
        _check_foreign_keys(connection)
        if finding.kind == "tutorial":
            catch_up_sequences(connection, ADOPTED_TABLES)
    if todo:
        say(f"schema: upgraded to revision {steps[-1]} ({len(todo)} steps)")
    else:
        say(f"schema: already at the newest revision {steps[-1]}")
    return finding
