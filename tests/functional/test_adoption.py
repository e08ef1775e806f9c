"""``initialize_db`` adopts each of the tutorial's four database stages on
every backend, keeping every row, and refuses what it does not recognise
without changing anything."""

from __future__ import annotations

import re

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, select
from sqlalchemy.pool import NullPool

from scratchpad.models import User, metadata
from tests.support import TEST_ROUNDS, legacy
from tests.support.client import app_for
from tests.support.migrating import HEAD


def version(url: str) -> list[str]:
    return [row[0] for row in legacy.rows_unordered(url, "alembic_version")]


def stored_hash(url: str, username: str) -> str:
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        found = connection.scalar(
            select(User.password_hash).where(User.username == username)
        )
    engine.dispose()
    return found


@pytest.mark.parametrize("stage", [1, 2, 3, 4])
def test_each_tutorial_stage_is_adopted_with_every_row(empty_db_url, run, stage):
    legacy.build(empty_db_url, stage)
    columns = "id, content" + (", posted" if stage >= 2 else "")
    columns += ", commenter_id" if stage >= 4 else ""
    comments_before = legacy.rows(empty_db_url, "comments", columns)
    users_before = (
        legacy.rows(empty_db_url, "users", "id, username, password_hash")
        if stage >= 3
        else []
    )

    code, out, err = run(empty_db_url)

    assert code == 0, err
    assert "error" not in err
    assert f"found: the Flask tutorial's stage {stage} " in out
    assert "6 comments" in out
    if stage >= 2:
        assert f"alembic_version {legacy.FLASK_MIGRATE_REVISION} is another" in out
    assert f"upgraded to revision {HEAD}" in out
    assert version(empty_db_url) == [HEAD]
    assert legacy.rows(empty_db_url, "comments", columns) == comments_before
    if stage >= 3:
        assert "users: present, none created" in out
        assert legacy.rows(empty_db_url, "users", "id, username, password_hash") == (
            users_before
        )
    else:
        assert "admin: created 'admin'" in out


@pytest.mark.parametrize("stage", [3, 4])
def test_adopted_users_log_in_with_their_old_password(empty_db_url, run, stage):
    legacy.build(empty_db_url, stage)
    assert run(empty_db_url)[0] == 0
    app, testapp = app_for(empty_db_url)
    try:
        testapp.login("bob", "wrong-password", status=200)
        assert stored_hash(empty_db_url, "bob") == legacy.BOB_HASH
        testapp.login("bob", legacy.PASSWORDS["bob"])
        page = testapp.get("/")
        assert "Log out" in page.text or "logout" in page.text
        if stage == 4:  # commenter links survive: comment 5 is bob's
            assert "comment 5 &lt;b&gt;&amp;" in page.text
        new_hash = stored_hash(empty_db_url, "bob")
        assert new_hash.startswith(f"$2b$0{TEST_ROUNDS}$")
        testapp.post("/logout/", {"csrf_token": testapp.get_csrf_token("/logout/")})
        testapp.login("bob", legacy.PASSWORDS["bob"])  # the bcrypt hash works
        assert stored_hash(empty_db_url, "bob") == new_hash
    finally:
        app.registry["dbengine"].dispose()


def test_running_it_again_changes_nothing(empty_db_url, run):
    legacy.build(empty_db_url, 4)
    assert run(empty_db_url)[0] == 0
    before = legacy.dump(empty_db_url)
    code, out, _ = run(empty_db_url)
    assert code == 0
    assert f"found: a Scratchpad database at revision {HEAD}" in out
    assert f"already at the newest revision {HEAD}" in out
    assert legacy.dump(empty_db_url) == before


def test_an_extra_table_is_kept(empty_db_url, run):
    legacy.build(
        empty_db_url,
        3,
        extra_sql=[
            "CREATE TABLE guestbook (id INTEGER PRIMARY KEY, note VARCHAR(20))",
            "INSERT INTO guestbook VALUES (1, 'hello')",
        ],
    )
    assert run(empty_db_url)[0] == 0
    assert legacy.rows(empty_db_url, "guestbook", "id, note") == [(1, "hello")]


def test_many_comments_are_all_kept_and_progress_shows_on_a_terminal(
    empty_db_url, run, monkeypatch
):
    legacy.build(empty_db_url, 4, comments=100_000)
    before = legacy.rows(empty_db_url, "comments", "id, content, posted, commenter_id")
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    code, out, err = run(empty_db_url)
    assert code == 0
    assert "100000 comments" in out
    assert re.search(r"\[1/\d+\] 0004: Who posted each comment", err)
    after = legacy.rows(empty_db_url, "comments", "id, content, posted, commenter_id")
    assert len(after) == 100_000
    assert after == before


def schema_differences(url: str) -> list:
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    engine.dispose()
    return [re.sub(" at 0x[0-9a-f]+", "", repr(item)) for item in differences]


@pytest.mark.parametrize("stage", [1, 4])
def test_adopted_schema_is_the_one_migrations_build(db_url, empty_db_url, run, stage):
    legacy.build(empty_db_url, stage)
    assert run(empty_db_url)[0] == 0
    assert schema_differences(empty_db_url) == schema_differences(db_url)
