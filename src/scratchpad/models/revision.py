"""Which schema revision a database is at, and which this code needs.

The migrations ship inside the package: ``scratchpad/migrations`` is the
repository's top-level ``alembic/`` folder (a symbolic link in a checkout,
real files in a wheel), so an installed Scratchpad knows its newest
revision, and ``initialize_db`` and ``alembic -c`` find the migrations from
an ini file anywhere (``script_location = scratchpad:migrations``).

The server refuses to start on a database that is not at the newest
revision, and ``/readyz`` tells an unreachable database from an
uninitialised one and from one whose schema is behind, each with the
command that fixes it: an operator should never have to guess.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib.resources import files

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

SCRIPT_LOCATION = "scratchpad:migrations"


def migrations_folder() -> str:
    return str(files("scratchpad") / "migrations")


@functools.cache
def script_directory() -> ScriptDirectory:
    return ScriptDirectory(migrations_folder())


@functools.cache
def code_revisions() -> tuple[str, ...]:
    """Every revision this code knows, oldest first."""
    revisions = reversed(list(script_directory().walk_revisions()))
    return tuple(revision.revision for revision in revisions)


def code_head() -> str:
    """The newest revision: what the code needs."""
    return code_revisions()[-1]


@dataclass(frozen=True)
class SchemaState:
    """What a reachable database holds, compared with what the code needs."""

    found: tuple[str, ...]  # rows of alembic_version; empty: none
    needed: str

    @property
    def kind(self) -> str:
        if not self.found:
            return "uninitialised"
        if self.found == (self.needed,):
            return "current"
        if len(self.found) == 1 and self.found[0] in code_revisions():
            return "behind"
        return "unknown"

    def problem(self, command: str = "initialize_db") -> str | None:
        """One line saying what is wrong and what to run; None when current."""
        kind = self.kind
        if kind == "current":
            return None
        if kind == "uninitialised":
            return f"the database has no Scratchpad schema yet: run {command}"
        found = ", ".join(self.found)
        if kind == "behind":
            return f"schema at {found}, code needs {self.needed}: run {command}"
        return (
            f"schema at {found} is not one this code knows (it needs "
            f"{self.needed}): newer code, or not a Scratchpad database"
        )


def schema_state(connection: Connection) -> SchemaState:
    """Read ``alembic_version`` on a fresh connection (one cheap SELECT)."""
    try:
        found = tuple(
            sorted(connection.scalars(text("SELECT version_num FROM alembic_version")))
        )
    except DBAPIError as error:
        connection.rollback()
        if error.connection_invalidated or inspect(connection).has_table(
            "alembic_version"
        ):
            raise
        found = ()
    connection.rollback()
    return SchemaState(found=found, needed=code_head())
