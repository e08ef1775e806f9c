"""The declarative base, the constraint naming convention, a UTC type and
the range of ids.

Constraint names are fixed by the naming convention so that Alembic
migrations can refer to them on every database (SQLite needs names to
alter a table in batch mode).

Every id column is an ``INTEGER``: 32-bit signed on PostgreSQL and MariaDB.
No row can have an id above :data:`MAX_ID`, and those databases refuse a
larger number even as a query parameter, so :func:`parse_id` is the one way
text from outside (an address, a query string, a form) becomes an id.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Dialect, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

MAX_ID = 2**31 - 1
MAX_ID_DIGITS = len(str(MAX_ID))


def parse_id(text: object, minimum: int = 1) -> int | None:
    """The id ``text`` spells, or None unless it is ASCII digits naming a
    number from ``minimum`` to :data:`MAX_ID`.

    Python's ``int()`` also reads "²" or "٣" (and fails on some of them),
    and any number of digits: neither can name a row.
    """
    if not (isinstance(text, str) and text.isascii() and text.isdigit()):
        return None
    digits = text.lstrip("0") or "0"
    if len(digits) > MAX_ID_DIGITS:
        return None
    number = int(digits)
    return number if minimum <= number <= MAX_ID else None


class Base(DeclarativeBase):
    metadata = metadata


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and read back as timezone-aware UTC.

    The tutorial's ``posted`` column is a plain ``DATETIME`` holding UTC
    wall-clock times, and MySQL and SQLite have no time zone type, so the
    column stays naive in the database; Python code only ever sees aware
    datetimes, which cannot be compared with local times by mistake.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(
        self, value: datetime | None, dialect: Dialect
    ) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: datetime | str | None, dialect: Dialect
    ) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # a legacy SQLite row written as text
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def utcnow() -> datetime:
    """The current time, aware, in UTC; the one clock the models use."""
    return datetime.now(UTC)
