"""Each test's database is a copy of one migrated template
(:mod:`tests.support.databases`), so the copy must be exactly what the
migrations build: same tables, columns, keys, indexes and constraints, and
Alembic sees it at the newest revision. On MariaDB the copy is made table
by table, so there ``SHOW CREATE TABLE`` must match too (foreign keys
included, which ``CREATE TABLE … LIKE`` would lose)."""

from __future__ import annotations

from typing import Any

from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlalchemy.pool import NullPool

from tests.support.migrating import HEAD


def schema(url: str) -> dict[str, Any]:
    """Everything inspection reports about each table, and MariaDB's own
    account of it."""
    engine = create_engine(url, poolclass=NullPool)
    found: dict[str, Any] = {}
    with engine.connect() as connection:
        inspector = inspect(connection)
        for table in sorted(inspector.get_table_names()):
            found[table] = {
                "columns": [
                    (c["name"], str(c["type"]), c["nullable"], c.get("default"))
                    for c in inspector.get_columns(table)
                ],
                "primary key": inspector.get_pk_constraint(table),
                # In name order: a SQLite table rebuilt by a batch migration
                # lists them in no fixed order, which means nothing.
                "foreign keys": sorted(
                    inspector.get_foreign_keys(table), key=lambda f: f["name"] or ""
                ),
                "indexes": sorted(
                    inspector.get_indexes(table), key=lambda i: i["name"] or ""
                ),
                "unique": sorted(
                    inspector.get_unique_constraints(table),
                    key=lambda u: u["name"] or "",
                ),
                "checks": inspector.get_check_constraints(table),
            }
            if engine.dialect.name == "mysql":
                found[table]["show create table"] = connection.exec_driver_sql(
                    f"SHOW CREATE TABLE `{table}`"
                ).one()[1]
    engine.dispose()
    return found


def test_a_copy_is_the_migrated_schema_exactly(backend, db_url):
    migrated = backend.migrated_afresh()
    try:
        copy, original = schema(db_url), schema(migrated)
    finally:
        backend.drop(migrated)
    assert copy == original
    assert copy["comments"]["foreign keys"], "the foreign keys were copied"


def test_alembic_sees_a_copy_at_the_newest_revision(db_url):
    engine = create_engine(db_url, poolclass=NullPool)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == HEAD
    engine.dispose()
