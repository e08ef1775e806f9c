"""MIG-02: constraints have names from the naming convention, so that
downgrades can drop them on every backend (SQLite through batch mode)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import NullPool

from tests.support.migrating import REVISIONS, step

INSERT = text("INSERT INTO users (id, username, password_hash) VALUES (:i, 'ann', 'x')")


def constraint_names(url: str) -> tuple[set, set]:
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        inspector = inspect(connection)
        unique = {uq["name"] for uq in inspector.get_unique_constraints("users")}
        keys = {fk["name"] for fk in inspector.get_foreign_keys("comments")}
    engine.dispose()
    return unique, keys


def insert_twice(url: str) -> None:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(INSERT, {"i": 1})
            connection.execute(INSERT, {"i": 2})
    finally:
        engine.dispose()


def test_unique_username_constraint_downgrades_and_comes_back(empty_db_url):
    step(empty_db_url, "upgrade", REVISIONS[-1])
    unique, keys = constraint_names(empty_db_url)
    assert "uq_users_username" in unique
    assert "fk_comments_commenter_id_users" in keys
    assert all(name and name.startswith("fk_comments_") for name in keys)
    with pytest.raises(IntegrityError):
        insert_twice(empty_db_url)

    step(empty_db_url, "downgrade", "0003")
    assert constraint_names(empty_db_url) == (set(), set())
    insert_twice(empty_db_url)  # the tutorial allowed it

    engine = create_engine(empty_db_url, poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM users WHERE id = 2"))
    engine.dispose()
    step(empty_db_url, "upgrade", REVISIONS[-1])
    assert "uq_users_username" in constraint_names(empty_db_url)[0]
