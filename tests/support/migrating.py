"""Helpers for driving the migrations one revision at a time in tests."""

from __future__ import annotations

from datetime import datetime
from itertools import count
from typing import Any

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, insert

from scratchpad.scripts.schema import alembic_config, migration_engine

from . import INI

REVISIONS = [
    rev.revision
    for rev in reversed(
        list(ScriptDirectory.from_config(alembic_config(INI)).walk_revisions())
    )
]
HEAD = REVISIONS[-1]
_numbers = count(1)


def step(url: str, direction: str, revision: str) -> None:
    """``alembic upgrade|downgrade revision`` in one real transaction."""
    engine = migration_engine({"sqlalchemy.url": url})
    with engine.begin() as connection:
        getattr(command, direction)(alembic_config(INI, connection), revision)
    engine.dispose()


def _value(table: str, column: str, number: int, users: list[int]) -> Any:
    """A value for a known column; None leaves a nullable column empty."""
    when = datetime(2020, 2, 29, 23, 59, number % 60)
    return {
        ("comments", "content"): f"comment {number} \N{SNOWMAN} <i>",
        ("comments", "posted"): when if number % 2 else None,
        ("comments", "commenter_id"): users[0] if users and number % 2 else None,
        ("users", "username"): f"user{number}",
        ("users", "password_hash"): f"$2b$04${'x' * 53}{number}"[:60],
        ("users", "is_admin"): number % 3 == 0,
        ("users", "disabled"): number % 5 == 0,
        ("logins", "token_hash"): f"{number:064x}",
        ("logins", "user_id"): users[0] if users else None,
        ("logins", "created"): when,
        ("logins", "last_seen"): when,
    }.get((table, column))


def seed(url: str) -> None:
    """Add a few rows to every table the schema has right now, filling the
    columns this module knows and leaving the others to their defaults."""
    engine = migration_engine({"sqlalchemy.url": url})
    metadata = MetaData()
    with engine.begin() as connection:
        metadata.reflect(connection)
        users: list[int] = []
        for name in ("users", "comments", "logins"):
            table = metadata.tables.get(name)
            if table is None or (name == "logins" and not users):
                continue
            for _ in range(2):
                number = next(_numbers)
                values = {"id": number}
                for column in table.columns:
                    value = _value(name, column.name, number, users)
                    if value is not None:
                        values[column.name] = value
                connection.execute(insert(table).values(values))
                if name == "users":
                    users.append(number)
    engine.dispose()
