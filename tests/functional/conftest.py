"""Fixtures shared by the functional tests of the console scripts."""

from __future__ import annotations

import io

import pytest

from scratchpad.scripts import manage_users
from tests.support import INI, TEST_ROUNDS
from tests.support.scripting import kept_logging


@pytest.fixture
def manage(db_url, monkeypatch, capsys):
    """Run ``manage_users``; ``stdin`` is what standard input holds."""

    def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setenv("SCRATCHPAD_DATABASE_URL", db_url)
        monkeypatch.setenv("SCRATCHPAD_BCRYPT_ROUNDS", str(TEST_ROUNDS))
        monkeypatch.setenv("SCRATCHPAD_TESTING", "true")
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        with kept_logging():
            code = manage_users.main([INI, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run
