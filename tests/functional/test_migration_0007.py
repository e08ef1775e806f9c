"""Migration 0007 (edited/removed comments, flood-control index) goes down
and up again on every backend, keeping the comments."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.pool import NullPool

from scratchpad.models import get_engine
from scratchpad.scripts.initialize_db import alembic_config
from tests.support import INI


def test_0007_downgrades_and_upgrades(db_url):
    engine = get_engine({"sqlalchemy.url": db_url}, poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO comments (content) VALUES ('kept')"))
        command.downgrade(alembic_config(INI, connection), "0006")
    with engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("comments")}
        assert not columns & {"edited", "removed", "removed_by_id"}
        indexes = {i["name"] for i in inspect(connection).get_indexes("comments")}
        assert "ix_comments_commenter_id_posted" not in indexes
    with engine.begin() as connection:
        command.upgrade(alembic_config(INI, connection), "head")
    with engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("comments")}
        assert {"edited", "removed", "removed_by_id"} <= columns
        indexes = {i["name"] for i in inspect(connection).get_indexes("comments")}
        assert "ix_comments_commenter_id_posted" in indexes
        assert connection.scalar(text("SELECT content FROM comments")) == "kept"
    engine.dispose()
