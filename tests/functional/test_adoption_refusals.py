"""``initialize_db`` refuses a database it does not recognise, or whose
rows our constraints would reject, with one line saying why and the
database left exactly as it was (schema and rows)."""

from __future__ import annotations

import pytest

from tests.support import legacy

REFUSALS = {
    "same name twice": (
        4,
        ["INSERT INTO users (id, username, password_hash) VALUES (5, 'bob', 'x')"],
        "users share a name (ignoring case): bob, bob;",
    ),
    "duplicate names": (
        3,
        ["INSERT INTO users (id, username, password_hash) VALUES (4, 'Bob', 'x')"],
        "users share a name (ignoring case): bob, Bob;",
    ),
    "user without a hash": (
        3,
        ["INSERT INTO users (id, username) VALUES (7, 'dave')"],
        "users without a name or password hash (ids 7)",
    ),
    "missing column": (
        1,
        ["ALTER TABLE comments RENAME COLUMN content TO body"],
        "table comments has no column content",
    ),
    "differently typed column": (
        3,
        [
            "ALTER TABLE users DROP COLUMN password_hash",
            "ALTER TABLE users ADD COLUMN password_hash INTEGER",
        ],
        "column users.password_hash is INTEGER, expected text",
    ),
    "extra column": (
        2,
        ["ALTER TABLE comments ADD COLUMN rating INTEGER"],
        "table comments has columns the tutorial never had: rating",
    ),
    "users without comments": (
        3,
        ["DROP TABLE comments"],
        "found a users table but no comments table",
    ),
    "only another application's tables": (
        2,
        ["DROP TABLE comments"],
        "belongs to another application",
    ),
    "our table without our version": (
        3,
        ["CREATE TABLE logins (id INTEGER PRIMARY KEY)"],
        "table logins already exists",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_unrecognised_databases_are_refused_untouched(
    empty_db_url,
    run,
    case,
):
    stage, extra_sql, message = REFUSALS[case]
    legacy.build(empty_db_url, stage, extra_sql=extra_sql)
    before = legacy.dump(empty_db_url)

    code, _, err = run(empty_db_url)

    assert code == 1
    assert err.count("\n") == 1
    assert err.startswith("error: cannot adopt this database, left unchanged: ")
    assert message in err
    assert legacy.dump(empty_db_url) == before


def test_a_comment_by_a_missing_user_is_refused_untouched(
    backend,
    empty_db_url,
    run,
):
    if backend.name != "sqlite":
        pytest.skip("the server's foreign key already rules such rows out")
    # SQLite does not enforce foreign keys unless asked, so the tutorial's
    # SQLite database can hold them.
    legacy.build(
        empty_db_url,
        4,
        extra_sql=["UPDATE comments SET commenter_id = 99 WHERE id = 6"],
    )
    before = legacy.dump(empty_db_url)
    code, _, err = run(empty_db_url)
    assert code == 1
    assert "comments whose commenter does not exist (ids 6)" in err
    assert legacy.dump(empty_db_url) == before
