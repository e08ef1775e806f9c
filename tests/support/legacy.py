"""Databases as the Flask tutorial leaves them, built with plain SQL.

Each stage is the DDL Flask-SQLAlchemy / Flask-Migrate would have run on
that backend (unnamed constraints, ``VARCHAR(128)`` hashes, nullable user
columns, Flask-Migrate's ``alembic_version`` from stage 2 on), and the rows
are what its users would have written: comments from before timestamps
have ``posted`` NULL, comments from before users have no commenter.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

FLASK_MIGRATE_REVISION = "4c8f6e2a1b9d"
# Made by werkzeug 3.1's generate_password_hash (the tutorial's function).
WERKZEUG_PBKDF2_50000 = (
    "pbkdf2:sha256:50000$lnsuhaQW$"
    "1ca1ea5a9bdb802b244fe15c3468029484335fdecb731f3ce4166deb9854e568"
)  # "less-secret", the tutorial era's iteration count
WERKZEUG_PBKDF2_DEFAULT = (
    "pbkdf2:sha256:1000000$kft5ENrLqTk2j8VN$"
    "0efbdc986c39542d20d317bebf5486f9d079b7d5e2111773b77be3bbc186c2a5"
)  # "new-secret"
WERKZEUG_SCRYPT_DEFAULT = (
    "scrypt:32768:8:1$XprjzamY48IEJ7qf$67c7c5521c957027772b49ff74c7c3300f2d2029"
    "fda1d717be7bd4532aec83af8e8b3ab8a639358458b4d57e4fb8d82da116409b1f851316bd"
    "02dabc4ce8f70b"
)  # "8fwe5jYCE98lXl0ZovYW"
WERKZEUG_SCRYPT_UNICODE = (
    "scrypt:16384:8:1$dqOly75PLv0hoFlY$815ee78492eb5e6d17144983b17b72133ebe7d53"
    "b82f8530933cff3c69f842795b3b3459074fb94efcc491441d67b343636e0a3d8afc59c4a5"
    "87c877e7f13399"
)  # "pässwörd"
BOB_HASH = WERKZEUG_PBKDF2_50000


def werkzeug_pbkdf2(password: str, salt: str, iterations: int = 1000) -> str:
    digest = hashlib.pbkdf2_hmac(
        "sha256", password.encode(), salt.encode(), iterations
    ).hex()
    return f"pbkdf2:sha256:{iterations}${salt}${digest}"


USERS = [
    (1, "admin", werkzeug_pbkdf2("new-secret", "AdminSlt")),
    (2, "bob", BOB_HASH),
    (3, "caroline", werkzeug_pbkdf2("8fwe5jYCE98lXl0ZovYW", "CaroSalt")),
]
PASSWORDS = {"admin": "new-secret", "bob": "less-secret"}
PASSWORDS["caroline"] = "8fwe5jYCE98lXl0ZovYW"


def _serial(dialect: str) -> str:
    return {
        "sqlite": "INTEGER NOT NULL",
        "postgresql": "SERIAL NOT NULL",
        "mysql": "INTEGER NOT NULL AUTO_INCREMENT",
    }[dialect]


def _datetime(dialect: str) -> str:
    return "TIMESTAMP WITHOUT TIME ZONE" if dialect == "postgresql" else "DATETIME"


def stage_sql(dialect: str, stage: int) -> list[str]:
    """The DDL that leaves an empty database at tutorial ``stage`` (1-4)."""
    sql = [
        f"CREATE TABLE comments (id {_serial(dialect)}, "
        "content VARCHAR(4096), PRIMARY KEY (id))"
    ]
    if stage >= 2:
        sql += [
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))",
            f"INSERT INTO alembic_version VALUES ('{FLASK_MIGRATE_REVISION}')",
            f"ALTER TABLE comments ADD COLUMN posted {_datetime(dialect)}",
        ]
    if stage >= 3:
        sql.append(
            f"CREATE TABLE users (id {_serial(dialect)}, username VARCHAR(128), "
            "password_hash VARCHAR(128), PRIMARY KEY (id))"
        )
    if stage >= 4:
        if dialect == "mysql":
            sql.append(
                "ALTER TABLE comments ADD COLUMN commenter_id INTEGER, "
                "ADD FOREIGN KEY (commenter_id) REFERENCES users (id)"
            )
        else:
            sql.append(
                "ALTER TABLE comments ADD COLUMN commenter_id INTEGER "
                "REFERENCES users (id)"
            )
    return sql


def comment_rows(stage: int, count: int = 6, dialect: str = "") -> list[dict]:
    """Comments as that stage's site would hold them (on SQLite, timestamps
    are text, as SQLAlchemy writes them there)."""
    rows = []
    for number in range(1, count + 1):
        row: dict[str, Any] = {"id": number, "content": f"comment {number} <b>&"}
        if stage >= 2:
            # The first two predate timestamps.
            posted = datetime(2017, 10, 13, 16, number % 60, number // 60 % 60)
            if dialect == "sqlite":
                posted = posted.isoformat(" ", "microseconds")
            row["posted"] = None if number <= 2 else posted
        if stage >= 4:
            # The first four predate users.
            row["commenter_id"] = None if number <= 4 else 1 + number % 3
        rows.append(row)
    return rows


def build(url: str, stage: int, comments: int = 6, extra_sql: list[str] = ()) -> None:
    """Make the empty database at ``url`` a tutorial stage-``stage`` one."""
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as connection:
        for statement in stage_sql(engine.dialect.name, stage):
            connection.exec_driver_sql(statement)
        if stage >= 3:
            insert_users(connection, USERS)
        rows = comment_rows(stage, comments, engine.dialect.name)
        columns = list(rows[0])
        insert = text(
            f"INSERT INTO comments ({', '.join(columns)}) "
            f"VALUES ({', '.join(':' + c for c in columns)})"
        )
        for start in range(0, len(rows), 10_000):
            connection.execute(insert, rows[start : start + 10_000])
        for statement in extra_sql:
            connection.exec_driver_sql(statement)
    engine.dispose()


def insert_users(connection: Any, users: list[tuple[int, str, str]]) -> None:
    connection.execute(
        text("INSERT INTO users (id, username, password_hash) VALUES (:i, :u, :p)"),
        [{"i": i, "u": u, "p": p} for i, u, p in users],
    )


def dump(url: str) -> dict[str, Any]:
    """Every table's columns (name, type, nullability) and rows, in id order:
    two equal dumps mean nothing was changed."""
    engine = create_engine(url, poolclass=NullPool)
    result: dict[str, Any] = {}
    with engine.connect() as connection:
        inspector = inspect(connection)
        for table in sorted(inspector.get_table_names()):
            columns = inspector.get_columns(table)
            names = [column["name"] for column in columns]
            order = "id" if "id" in names else names[0]
            rows = connection.exec_driver_sql(
                f"SELECT {', '.join(names)} FROM {table} ORDER BY {order}"
            ).fetchall()
            result[table] = {
                "columns": [
                    (c["name"], str(c["type"]), c["nullable"]) for c in columns
                ],
                "rows": [tuple(row) for row in rows],
            }
    engine.dispose()
    return result


def rows(url: str, table: str, columns: str) -> list[tuple]:
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        found = connection.exec_driver_sql(
            f"SELECT {columns} FROM {table} ORDER BY id"
        ).fetchall()
    engine.dispose()
    return [tuple(row) for row in found]


def rows_unordered(url: str, table: str) -> list[tuple]:
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        found = connection.exec_driver_sql(f"SELECT * FROM {table}").fetchall()
    engine.dispose()
    return [tuple(row) for row in found]
