"""The dump format of ``scratchpad_data``: one JSON document, one row a line.

A dump is valid JSON, laid out so it can be written and read a line at a
time, whatever its size::

    {"format": "scratchpad-dump", "version": 1,
    "users": [
    {"id": 1, "username": "admin", "password_hash": "$2b$…", …},
    {"id": 2, …}
    ],
    "comments": [
    {"id": 1, "content": "Hello", "posted": "2017-10-13T16:36:00+00:00", …}
    ]}

Each row holds every column of its table, in table order; times are
ISO-8601 with their UTC offset, so a dump reproduces the rows exactly.
Rows appear in increasing ``id`` order, which is how a reader spots
duplicates without remembering every id. The reader checks the layout and
every field, and names the line and field of the first fault.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import IO, Any

from sqlalchemy import Column, Table

from scratchpad.models import MAX_ID, Comment, User
from scratchpad.models.meta import UTCDateTime

FORMAT = "scratchpad-dump"
VERSION = 1
HEADER = f'{{"format": "{FORMAT}", "version": {VERSION},'
# In dependency order: comments refer to users.
TABLES: list[Table] = [User.__table__, Comment.__table__]  # type: ignore[list-item]


class DumpError(ValueError):
    """The file is not a usable dump; the message names the line and field."""


# -- writing ------------------------------------------------------------------
def encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value


class DumpWriter:
    """Writes a dump to a binary stream, holding one row back at a time (the
    last row of a list is the one without a trailing comma)."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.pending: bytes | None = None
        self.out.write(HEADER.encode() + b"\n")

    def start(self, table: Table) -> None:
        self.out.write(f'"{table.name}": [\n'.encode())

    def row(self, table: Table, row: Mapping[str, Any]) -> None:
        record = {
            column.name: encode_value(row[column.name]) for column in table.columns
        }
        if self.pending is not None:
            self.out.write(self.pending + b",\n")
        self.pending = json.dumps(record, ensure_ascii=False).encode("utf-8")

    def end(self, table: Table) -> None:
        if self.pending is not None:
            self.out.write(self.pending + b"\n")
            self.pending = None
        self.out.write(b"]}\n" if table is TABLES[-1] else b"],\n")


# -- reading ------------------------------------------------------------------
def _lines(stream: Iterable[bytes]) -> Iterator[tuple[int, str]]:
    for number, raw in enumerate(stream, 1):
        try:
            yield number, raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            raise DumpError(f"line {number}: not UTF-8 text") from None


def read_dump(stream: Iterable[bytes]) -> Iterator[tuple[Table, int, dict[str, Any]]]:
    """Yield ``(table, line number, record)`` for every row of a dump."""
    lines = _lines(stream)
    number, text = next(lines, (1, ""))
    if text.strip() != HEADER:
        raise DumpError(f"line {number}: not a Scratchpad dump (expected {HEADER})")
    for table in TABLES:
        opening = f'"{table.name}": ['
        number, text = next(lines, (number + 1, ""))
        if text.strip() != opening:
            raise DumpError(f"line {number}: expected {opening}")
        closing = "]}" if table is TABLES[-1] else "],"
        comma: bool | None = None  # did the previous row end with a comma?
        for number, text in lines:
            stripped = text.strip()
            if stripped in ("],", "]}"):
                if stripped != closing:
                    raise DumpError(f"line {number}: expected {closing}")
                if comma:
                    raise DumpError(
                        f"line {number - 1}: the last row ends with a comma"
                    )
                break
            if comma is False:
                raise DumpError(
                    f"line {number - 1}: a comma must end each row but the last"
                )
            comma = stripped.endswith(",")
            body = stripped[:-1] if comma else stripped
            try:
                record = json.loads(body)
            except ValueError as error:
                message = getattr(error, "msg", str(error))
                raise DumpError(f"line {number}: not valid JSON ({message})") from None
            except RecursionError:  # the parser's depth limit, not ours to raise
                raise DumpError(f"line {number}: nested too deeply") from None
            if not isinstance(record, dict):
                raise DumpError(f"line {number}: a row must be a JSON object")
            yield table, number, record
        else:
            raise DumpError(f"line {number}: the file ends inside {opening}")
    for number, text in lines:
        if text.strip():
            raise DumpError(f"line {number}: unexpected text after the end of the dump")


def decode_value(column: Column[Any], value: Any) -> Any:
    """The Python value for ``column``, or ValueError saying what is wrong."""
    if value is None:
        if column.nullable and not column.primary_key:
            return None
        raise ValueError("may not be null")
    if isinstance(column.type, UTCDateTime):
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise ValueError("must be an ISO-8601 time with its UTC offset")
        return moment
    kind = column.type.python_type
    if kind is bool:
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
    elif kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("must be a whole number")
        if not (1 if column.primary_key else -MAX_ID - 1) <= value <= MAX_ID:
            raise ValueError("is out of range")
    elif kind is str:
        if not isinstance(value, str):
            raise ValueError("must be a string")
        length = getattr(column.type, "length", None)
        if length is not None and len(value) > length:
            raise ValueError(f"is longer than {length} characters")
        if "\x00" in value or any("\ud800" <= c <= "\udfff" for c in value):
            raise ValueError("holds characters that are not text")
    return value


def decode_row(table: Table, record: dict[str, Any], line: int) -> dict[str, Any]:
    """A validated row of ``table`` from one dump record."""
    unknown = sorted(set(record) - set(table.columns.keys()))
    if unknown:
        raise DumpError(
            f"line {line}: field {unknown[0]!r} is not a column of {table.name}"
        )
    row: dict[str, Any] = {}
    for column in table.columns:
        if column.name not in record:
            # A dump from before a column existed: NULL, or the default.
            # (Every row then has the same keys, for batched inserts.)
            if column.nullable and not column.primary_key:
                row[column.name] = None
            elif column.default is None and column.server_default is None:
                raise DumpError(f"line {line}: field {column.name!r} is missing")
            continue
        try:
            row[column.name] = decode_value(column, record[column.name])
        except ValueError as error:
            raise DumpError(f"line {line}: field {column.name!r} {error}") from None
    return row
