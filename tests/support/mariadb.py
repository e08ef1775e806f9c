"""Copying a migrated MariaDB database, which has no template databases.

Each table's ``SHOW CREATE TABLE`` from the template is replayed in the new
database (``CREATE TABLE … LIKE`` would lose the foreign keys), then the
tables that hold rows (``alembic_version``) are copied with ``INSERT …
SELECT``. The template is read once; each copy is a handful of statements
instead of every migration.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine


class Table(NamedTuple):
    name: str
    create: str  # its CREATE TABLE statement, as SHOW CREATE TABLE gives it
    has_rows: bool


def read_tables(admin: Engine, template: str) -> list[Table]:
    """Every table of the database ``template``."""
    tables = []
    with admin.connect() as connection:
        names = connection.scalars(
            text(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = :schema AND table_type = 'BASE TABLE' "
                "ORDER BY table_name"
            ),
            {"schema": template},
        ).all()
        for name in names:
            create = connection.exec_driver_sql(
                f"SHOW CREATE TABLE `{template}`.`{name}`"
            ).one()[1]
            row = connection.exec_driver_sql(
                f"SELECT 1 FROM `{template}`.`{name}` LIMIT 1"
            ).first()
            tables.append(Table(name, create, row is not None))
    return tables


def copy_tables(
    connection: Connection, tables: list[Table], template: str, new: str
) -> None:
    """Make ``tables`` of ``template`` in the empty database ``new``."""
    # SHOW CREATE TABLE names other tables of the same database without a
    # schema, so the statements run with the new database selected; foreign
    # key checks are off so the order of the tables does not matter.
    connection.exec_driver_sql(f"USE `{new}`")
    connection.exec_driver_sql("SET foreign_key_checks = 0")
    try:
        for table in tables:
            connection.exec_driver_sql(table.create)
        for table in tables:
            if table.has_rows:
                connection.exec_driver_sql(
                    f"INSERT INTO `{new}`.`{table.name}` "
                    f"SELECT * FROM `{template}`.`{table.name}`"
                )
    finally:
        connection.exec_driver_sql("SET foreign_key_checks = 1")
