"""MIG-04: a legacy database is recognised by its tables and columns; an
``alembic_version`` written by another tool is not trusted, and an unknown
schema is refused with schema and data left identical. (Every stage on
every backend, and more refusals, are in tests/functional/test_adoption.)"""

from __future__ import annotations

from tests.support import legacy
from tests.support.migrating import HEAD


def test_a_foreign_version_row_does_not_decide_the_stage(
    empty_db_url,
    run,
):
    # Part 1's table, stamped by "flask db stamp head" with the revision of
    # a migration that, in that project, created much more.
    legacy.build(
        empty_db_url,
        1,
        extra_sql=[
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
            "INSERT INTO alembic_version VALUES ('ffffffffffff')",
        ],
    )
    code, out, _ = run(empty_db_url)
    assert code == 0
    assert "found: the Flask tutorial's stage 1 (comments only)" in out
    assert "alembic_version ffffffffffff is another tool's and is ignored" in out
    assert [r[0] for r in legacy.rows_unordered(empty_db_url, "alembic_version")] == [
        HEAD
    ]


def test_an_unknown_schema_is_refused_byte_for_byte_unchanged(
    empty_db_url,
    run,
):
    legacy.build(
        empty_db_url,
        2,
        extra_sql=[
            "ALTER TABLE comments ADD COLUMN score INTEGER",
            "UPDATE comments SET score = id * 7",
        ],
    )
    before = legacy.dump(empty_db_url)
    code, out, err = run(empty_db_url)
    assert (code, out) == (1, "")
    assert "columns the tutorial never had: score" in err
    assert legacy.dump(empty_db_url) == before
