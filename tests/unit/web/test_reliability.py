"""Which database errors are transient (retried) and which are not."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from scratchpad.web.reliability import is_transient


class FakePostgresError(Exception):
    def __init__(self, sqlstate):
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("orig", "transient"),
    [
        (FakePostgresError("40001"), True),  # serialization failure
        (FakePostgresError("40P01"), True),  # deadlock
        (FakePostgresError("08006"), False),  # connection failure: 503, no retry
        (sqlite3.OperationalError("database is locked"), True),
        (sqlite3.OperationalError("unable to open database file"), False),
    ],
)
def test_transient_errors_are_recognised(orig, transient):
    assert is_transient(OperationalError("COMMIT", {}, orig)) is transient


def test_errors_without_a_driver_cause_are_not_transient():
    assert is_transient(RuntimeError("x")) is False
