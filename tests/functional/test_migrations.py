"""The migrations themselves: the newest schema holds what the tutorial's
users bring, and the whole chain goes down to nothing and back up."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from tests.support.legacy import WERKZEUG_SCRYPT_DEFAULT
from tests.support.migrating import REVISIONS, step


def execute(url: str, sql: str, **params) -> list[tuple]:
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as connection:
        result = connection.execute(text(sql), params)
        found = [tuple(row) for row in result] if result.returns_rows else []
    engine.dispose()
    return found


def tables(url: str) -> set[str]:
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        names = set(inspect(connection).get_table_names())
    engine.dispose()
    return names


def test_password_hash_holds_werkzeugs_162_character_scrypt_hash(db_url):
    execute(
        db_url,
        "INSERT INTO users (username, password_hash) VALUES ('sam', :hash)",
        hash=WERKZEUG_SCRYPT_DEFAULT,
    )
    assert execute(db_url, "SELECT password_hash FROM users") == [
        (WERKZEUG_SCRYPT_DEFAULT,)
    ]


def test_new_users_are_neither_admins_nor_disabled_by_default(db_url):
    execute(db_url, "INSERT INTO users (username, password_hash) VALUES ('x', 'y')")
    assert execute(db_url, "SELECT is_admin, disabled FROM users") == [(False, False)]


def test_the_tutorial_columns_are_nullable_where_the_tutorial_left_nulls(db_url):
    engine = create_engine(db_url, poolclass=NullPool)
    with engine.connect() as connection:
        columns = {c["name"]: c for c in inspect(connection).get_columns("comments")}
    engine.dispose()
    assert columns["posted"]["nullable"] and columns["commenter_id"]["nullable"]


def test_downgrade_to_base_and_back_to_head(empty_db_url):
    step(empty_db_url, "upgrade", "head")
    assert {"comments", "users", "logins"} <= tables(empty_db_url)
    step(empty_db_url, "downgrade", "base")
    assert tables(empty_db_url) == {"alembic_version"}
    step(empty_db_url, "upgrade", "head")
    assert execute(empty_db_url, "SELECT version_num FROM alembic_version") == [
        (REVISIONS[-1],)
    ]
