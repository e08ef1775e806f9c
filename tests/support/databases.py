"""Fresh, real databases for tests: SQLite always, PostgreSQL and MariaDB
when ``SCRATCHPAD_TEST_POSTGRES_URL`` / ``SCRATCHPAD_TEST_MYSQL_URL`` name a
server (an admin URL whose user may create and drop databases).

Every test that asks for a database gets its own, dropped afterwards. Its
schema comes from the Alembic migrations (never ``create_all``), run once
per test process into a template that each test database copies:

- SQLite: the template file is copied.
- PostgreSQL: ``CREATE DATABASE … TEMPLATE``.
- MariaDB has no template databases: :mod:`.mariadb` copies it table by
  table. ``tests/functional/test_database_copies.py`` shows that a copy is
  the migrated schema exactly.

On the servers, background threads make the next copy while a test runs
and drop used databases, so a test waits for neither. Names are
random, so parallel test processes (and other runs on the same server)
never share a database.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from scratchpad.models import get_engine
from scratchpad.scripts.initialize_db import upgrade

from . import INI, mariadb

POSTGRES_ENV = "SCRATCHPAD_TEST_POSTGRES_URL"
MYSQL_ENV = "SCRATCHPAD_TEST_MYSQL_URL"


def random_name(prefix: str) -> str:
    # Not uuid or secrets: tests replace those to watch the app use them.
    return prefix + os.urandom(8).hex()


def migrate(url: str) -> None:
    """``alembic upgrade head`` on the database at ``url``."""
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
        path = self.folder / f"{random_name('db_')}.sqlite"
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

    def migrated_afresh(self) -> str:
        """A database migrated on its own, not copied (to compare copies with)."""
        url = self.create(migrated=False)
        migrate(url)
        return url

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
        self._tables: list[mariadb.Table] = []  # MariaDB: the template's
        with self.admin.connect() as connection:  # fail loudly if unreachable
            connection.execute(text("SELECT 1"))
        # One thread copies the template for the next test, another drops
        # what tests are done with: neither waits for the other.
        self._copier = ThreadPoolExecutor(1, thread_name_prefix=f"{name}-copy")
        self._dropper = ThreadPoolExecutor(1, thread_name_prefix=f"{name}-drop")
        self._next: Future[str] | None = None  # the next migrated copy
        self._drops: list[Future[None]] = []

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
                if template:
                    mariadb.copy_tables(connection, self._tables, template, database)

    def _template_database(self) -> str:
        """The migrated template, made on first use."""
        if self._template is None:
            template = random_name("sp_template_")
            self._create_database(template)
            migrate(self._url(template))
            if self.name == "mysql":
                self._tables = mariadb.read_tables(self.admin, template)
            self._template = template
        return self._template

    def _new(self, template: str | None) -> str:
        database = random_name("sp_test_")
        self._create_database(database, template=template)
        return self._url(database)

    def create(self, migrated: bool = True) -> str:
        if not migrated:
            return self._new(None)
        template = self._template_database()
        url = self._next.result() if self._next else self._new(template)
        self._next = self._copier.submit(self._new, template)
        return url

    def migrated_afresh(self) -> str:
        """A database migrated on its own, not copied (to compare copies with)."""
        url = self.create(migrated=False)
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
        database = make_url(url).database
        self._drops.append(self._dropper.submit(self._drop_database, database))
        # A failed drop fails a test loudly; a long backlog is waited for.
        while self._drops and (self._drops[0].done() or len(self._drops) > 4):
            self._drops.pop(0).result()

    def close(self) -> None:
        if self._next is not None:
            self.drop(self._next.result())
        self._copier.shutdown(wait=True)
        self._dropper.shutdown(wait=True)
        for drop in self._drops:
            drop.result()
        if self._template:
            self._drop_database(self._template)
        self.admin.dispose()


Backend = SQLiteServer | ServerDatabases


def configured_backends() -> list[str]:
    """The backends this run must test: SQLite, plus each configured server."""
    names = ["sqlite"]
    if os.environ.get(POSTGRES_ENV):
        names.append("postgresql")
    if os.environ.get(MYSQL_ENV):
        names.append("mysql")
    return names


def open_backend(name: str) -> Backend:
    if name == "sqlite":
        return SQLiteServer()
    env = POSTGRES_ENV if name == "postgresql" else MYSQL_ENV
    return ServerDatabases(name, os.environ[env])


class Backends:
    """Each backend opened once per test process, when a test first needs
    it, and closed (templates dropped) at the end."""

    def __init__(self) -> None:
        self._open: dict[str, Backend] = {}

    def __getitem__(self, name: str) -> Backend:
        if name not in self._open:
            self._open[name] = open_backend(name)
        return self._open[name]

    def close(self) -> None:
        for backend in self._open.values():
            backend.close()
        self._open.clear()
