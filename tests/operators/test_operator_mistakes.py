"""Every operator mistake ends in one line on stderr and a non-zero exit:
a missing secret, an unusable database, a missing SQLite folder, a port in
use, a database that is not migrated or is behind. Never a traceback.

None of this depends on the kind of database, so it runs on SQLite files
made here; ``test_console_scripts`` runs the scripts on every backend.
"""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import create_engine, text

from tests.support.databases import migrate
from tests.support.live import free_port

from .running import SECRET, copy_ini, operator_env, run

pytestmark = pytest.mark.slow

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/none"


def assert_one_line(result, *expected: str) -> None:
    assert result.returncode != 0, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines
    assert "Traceback" not in result.stdout + result.stderr
    for part in expected:
        assert part in lines[0], lines[0]


@pytest.fixture
def production(tmp_path):
    """production.ini outside the checkout, and how to run a script on it."""
    ini = copy_ini("production.ini", tmp_path)

    def attempt(url: str, *command: str, **env: str):
        settings = {
            "SCRATCHPAD_DATABASE_URL": url,
            "SCRATCHPAD_SECRET": SECRET,
            "SCRATCHPAD_BASE_URL": "https://comments.example.org",
            "SCRATCHPAD_PORT": str(free_port()),
            **env,
        }
        settings = {key: value for key, value in settings.items() if value}
        args = [command[0], str(ini), *command[1:]]
        return run(args, operator_env(**settings), tmp_path)

    return attempt


@pytest.fixture
def db_url(tmp_path):
    """A migrated SQLite database."""
    url = f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    migrate(url)
    return url


@pytest.fixture
def empty_db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'empty.sqlite'}"


@pytest.mark.parametrize("command", [("pserve",), ("initialize_db",)])
def test_a_missing_secret(production, command):
    result = production(UNREACHABLE, *command, SCRATCHPAD_SECRET="")
    assert_one_line(result, "SCRATCHPAD_SECRET is not set")


@pytest.mark.parametrize("command", [("pserve",), ("manage_users", "list")])
def test_an_unreachable_database(production, command):
    assert_one_line(production(UNREACHABLE, *command), "error: database: ")


@pytest.mark.parametrize("command", [("pserve",), ("initialize_db",)])
def test_a_missing_sqlite_folder_is_named(production, tmp_path, command):
    folder = tmp_path / "var" / "lib" / "scratchpad"
    result = production(f"sqlite:///{folder}/scratchpad.sqlite", *command)
    assert_one_line(result, f"the folder {folder} does not exist", f"mkdir -p {folder}")
    assert not folder.exists()


def test_a_port_in_use(production):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = production(UNREACHABLE, "pserve", SCRATCHPAD_PORT=str(port))
    assert_one_line(
        result, f"cannot listen on 127.0.0.1:{port}", "in use", "SCRATCHPAD_PORT"
    )


@pytest.mark.parametrize("command", [("pserve",), ("scratchpad_data", "export")])
def test_an_unmigrated_database(production, empty_db_url, command):
    result = production(empty_db_url, *command)
    assert_one_line(result, "no Scratchpad schema yet: run initialize_db ")


def test_a_schema_behind_the_code(production, db_url):
    engine = create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0009'"))
    engine.dispose()
    result = production(db_url, "pserve")
    assert_one_line(result, "schema at 0009, code needs ", ": run initialize_db ")


def test_a_bad_server_setting(production):
    result = production(UNREACHABLE, "pserve", SCRATCHPAD_WORKERS="many")
    assert_one_line(result, "workers must be a whole number")
