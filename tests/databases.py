"""Fresh, real databases for tests: SQLite always, PostgreSQL and MariaDB
when ``SCRATCHPAD_TEST_POSTGRES_URL`` / ``SCRATCHPAD_TEST_MYSQL_URL`` name a
server (an admin URL whose user may create and drop databases).

Every test that asks for a database gets its own, made from the Alembic
migrations (never ``create_all``), and dropped afterwards. Migrating once
into a template and copying it keeps that cheap where the database can
copy (SQLite: the file; PostgreSQL: ``CREATE DATABASE … TEMPLATE``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from scratchpad.models import get_engine
from scratchpad.scripts.initialize_db import upgrade

ROOT = Path(__file__).resolve().parent.parent
INI = str(ROOT / "development.ini")
POSTGRES_ENV = "SCRATCHPAD_TEST_POSTGRES_URL"
MYSQL_ENV = "SCRATCHPAD_TEST_MYSQL_URL"


def migrate(url: str) -> None:
    engine = get_engine({"sqlalchemy.url": url}, poolclass=NullPool)
    with engine.begin() as connection:
        upgrade(INI, connection)
    engine.dispose()


class SQLiteServer:
    name = "sqlite"

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="scratchpad-tests-"))
        self._template: Path | None = None

    def create(self, migrated: bool = True) -> str:
        path = self.folder / f"{uuid.uuid4().hex}.sqlite"
        if migrated:
            if self._template is None:
                self._template = self.folder / "template.sqlite"
                migrate(f"sqlite:///{self._template}")
                engine = create_engine(f"sqlite:///{self._template}")
                with engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                    connection.exec_driver_sql("PRAGMA journal_mode = DELETE")
                engine.dispose()
            shutil.copyfile(self._template, path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        database = make_url(url).database
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class ServerDatabases:
    """Databases on a PostgreSQL or MariaDB server reached by an admin URL."""

    def __init__(self, name: str, admin_url: str) -> None:
        self.name = name
        self.admin_url: URL = make_url(admin_url)
        self.admin = create_engine(
            self.admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool
        )
        self._template: str | None = None
        with self.admin.connect() as connection:  # fail loudly if unreachable
            connection.execute(text("SELECT 1"))

    def _url(self, database: str) -> str:
        return self.admin_url.set(database=database).render_as_string(
            hide_password=False
        )

    def _create_database(self, database: str, template: str | None = None) -> None:
        with self.admin.connect() as connection:
            if self.name == "postgresql":
                extra = f" TEMPLATE {template}" if template else ""
                connection.exec_driver_sql(f'CREATE DATABASE "{database}"{extra}')
            else:
                connection.exec_driver_sql(
                    f"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 "
                    "COLLATE utf8mb4_unicode_ci"
                )

    def create(self, migrated: bool = True) -> str:
        database = f"sp_test_{uuid.uuid4().hex[:16]}"
        if migrated and self.name == "postgresql":
            if self._template is None:
                self._template = f"sp_template_{uuid.uuid4().hex[:12]}"
                self._create_database(self._template)
                migrate(self._url(self._template))
            self._create_database(database, template=self._template)
            return self._url(database)
        self._create_database(database)
        url = self._url(database)
        if migrated:
            migrate(url)
        return url

    def _drop_database(self, database: str) -> None:
        with self.admin.connect() as connection:
            if self.name == "postgresql":
                connection.exec_driver_sql(
                    f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'
                )
            else:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS `{database}`")

    def drop(self, url: str) -> None:
        self._drop_database(make_url(url).database)

    def close(self) -> None:
        if self._template:
            self._drop_database(self._template)
        self.admin.dispose()


def configured_backends() -> list[str]:
    """The backends this run must test: SQLite, plus each configured server."""
    names = ["sqlite"]
    if os.environ.get(POSTGRES_ENV):
        names.append("postgresql")
    if os.environ.get(MYSQL_ENV):
        names.append("mysql")
    return names


def open_backend(name: str) -> SQLiteServer | ServerDatabases:
    if name == "sqlite":
        return SQLiteServer()
    env = POSTGRES_ENV if name == "postgresql" else MYSQL_ENV
    return ServerDatabases(name, os.environ[env])
