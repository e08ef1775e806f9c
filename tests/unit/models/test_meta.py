"""The UTC timestamp type and the model/migration agreement."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from scratchpad.models import metadata
from scratchpad.models.meta import UTCDateTime
from tests.support.databases import migrate


def test_aware_times_are_stored_as_naive_utc():
    kind = UTCDateTime()
    paris = timezone(timedelta(hours=2))
    stored = kind.process_bind_param(datetime(2024, 3, 31, 3, 30, tzinfo=paris), None)
    assert stored == datetime(2024, 3, 31, 1, 30)
    assert stored.tzinfo is None


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(datetime(2024, 1, 1), None)


def test_stored_times_come_back_aware_utc():
    value = UTCDateTime().process_result_value(datetime(2017, 10, 13, 16, 36), None)
    assert value == datetime(2017, 10, 13, 16, 36, tzinfo=UTC)
    legacy_text = UTCDateTime().process_result_value("2017-10-13 16:36:00.123456", None)
    assert legacy_text.tzinfo is UTC


def test_migrations_build_exactly_the_models(tmp_path):
    """The schema comes only from Alembic; it must match the models."""
    url = f"sqlite:///{tmp_path / 'schema.sqlite'}"
    migrate(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    engine.dispose()
    assert differences == []
