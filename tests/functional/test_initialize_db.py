"""``initialize_db`` on a new database: exit codes, the first admin, and
running it twice."""

from __future__ import annotations

import re

import pytest

from scratchpad.scripts import initialize_db
from tests.support import legacy
from tests.support.client import app_for
from tests.support.migrating import HEAD
from tests.support.scripting import kept_logging


def logs_in(url: str, username: str, password: str) -> bool:
    app, testapp = app_for(url)
    try:
        response = testapp.login(username, password, status="*")
        return response.status_int == 303
    finally:
        app.registry["dbengine"].dispose()


def test_new_database_gets_the_schema_and_an_admin_with_the_given_password(
    empty_db_url, run
):
    code, out, err = run(empty_db_url, password="chosen-password")
    assert code == 0
    assert "[1/" not in err  # step-by-step progress only on a terminal
    assert "found: an empty database" in out
    assert f"upgraded to revision {HEAD}" in out
    assert "admin: created 'admin' with the password from" in out
    assert "chosen-password" not in out
    assert logs_in(empty_db_url, "admin", "chosen-password")
    assert legacy.rows(empty_db_url, "users", "username, is_admin") == [("admin", True)]


def test_without_a_password_a_random_one_is_printed_once(empty_db_url, run):
    code, out, _ = run(empty_db_url, password=None)
    assert code == 0
    password = re.search(r"admin: created 'admin' with password (\S+)", out)[1]
    assert len(password) >= 16
    assert logs_in(empty_db_url, "admin", password)
    code, out, _ = run(empty_db_url, password=None)
    assert code == 0 and password not in out


def test_admin_user_names_the_first_admin(empty_db_url, run):
    assert run(empty_db_url, "--admin-user", "root", password="root-password")[0] == 0
    assert legacy.rows(empty_db_url, "users", "username, is_admin") == [("root", True)]


def test_a_bad_admin_name_is_refused_before_touching_the_database(empty_db_url, run):
    code, out, err = run(empty_db_url, "--admin-user", "two words", password="x" * 9)
    assert code == 2 and out == ""
    assert err.startswith("error: --admin-user: ") and err.count("\n") == 1
    assert legacy.dump(empty_db_url) == {}


def test_running_twice_changes_nothing(empty_db_url, run):
    assert run(empty_db_url, password="chosen-password")[0] == 0
    before = legacy.dump(empty_db_url)
    code, out, _ = run(empty_db_url, password="another-password")
    assert code == 0
    assert f"already at the newest revision {HEAD}" in out
    assert "users: present, none created" in out
    assert legacy.dump(empty_db_url) == before


def test_a_rejected_admin_password_changes_nothing(empty_db_url, run):
    code, out, err = run(empty_db_url, password="short")
    assert (code, out) == (1, "")
    assert err.startswith("error: SCRATCHPAD_ADMIN_PASSWORD: ")
    assert err.count("\n") == 1
    assert legacy.dump(empty_db_url) == {}


@pytest.mark.parametrize(
    ("url", "env", "message"),
    [
        ("sqlite:////nonexistent-folder/x.sqlite", {}, "error: database: "),
        (
            "postgresql+psycopg://nobody@127.0.0.1:1/none",
            {},
            "error: database: ",
        ),
        ("sqlite://", {"SCRATCHPAD_BCRYPT_ROUNDS": "many"}, "must be a whole number"),
        ("nosuchdriver://x", {}, "error: "),
    ],
)
def test_unusable_configuration_or_database_is_one_line(run, url, env, message):
    code, out, err = run(url, password="chosen-password", **env)
    assert (code, out) == (1, "")
    assert message in err
    assert err.count("\n") == 1, err


def test_a_missing_config_file_is_one_line(capsys, tmp_path):
    with kept_logging():
        assert initialize_db.main([str(tmp_path / "none.ini")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot read ") and err.count("\n") == 1
