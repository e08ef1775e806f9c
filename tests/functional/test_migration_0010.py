"""Migration 0010 (API tokens) goes down and up again on every backend."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect
from sqlalchemy.pool import NullPool

from scratchpad.models import get_engine
from scratchpad.scripts.initialize_db import alembic_config
from tests.support import INI


def test_0010_downgrades_and_upgrades(db_url):
    engine = get_engine({"sqlalchemy.url": db_url}, poolclass=NullPool)
    with engine.begin() as connection:
        command.downgrade(alembic_config(INI, connection), "0010-1")
    with engine.connect() as connection:
        assert "api_tokens" not in inspect(connection).get_table_names()
    with engine.begin() as connection:
        command.upgrade(alembic_config(INI, connection), "head")
    with engine.connect() as connection:
        inspector = inspect(connection)
        assert "api_tokens" in inspector.get_table_names()
        indexes = {i["name"] for i in inspector.get_indexes("api_tokens")}
        assert "ix_api_tokens_user_id" in indexes
    engine.dispose()
