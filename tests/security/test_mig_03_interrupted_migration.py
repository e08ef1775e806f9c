"""MIG-03: MySQL/MariaDB commit every DDL statement on their own, so a
migration cut off half-way cannot be rolled back there. Adoption must then
be re-runnable: interrupt migration 0004 between its two tables, run
``initialize_db`` again, and every row is still there.

(On SQLite and PostgreSQL the whole run is one transaction, so the second
run simply starts again from the tutorial's schema; the test holds there
too.)"""

from __future__ import annotations

import pytest
from alembic.operations import Operations
from sqlalchemy.exc import OperationalError

from tests.support import legacy
from tests.support.migrating import HEAD


def test_adoption_cut_off_half_way_finishes_when_run_again(
    backend,
    empty_db_url,
    run,
    monkeypatch: pytest.MonkeyPatch,
):
    legacy.build(empty_db_url, 4, comments=50)
    columns = "id, content, posted, commenter_id"
    comments = legacy.rows(empty_db_url, "comments", columns)
    users = legacy.rows(empty_db_url, "users", "id, username, password_hash")
    original = Operations.batch_alter_table

    def cut_off(self, table_name, *args, **kwargs):
        if table_name == "users":
            raise OperationalError("ALTER TABLE users", {}, Exception("server gone"))
        return original(self, table_name, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(Operations, "batch_alter_table", cut_off)
        code, out, err = run(empty_db_url)
    assert code == 1
    if backend.name == "mysql":
        assert "note: MySQL cannot undo schema changes" in out
    assert err.splitlines()[-1] == "error: database: server gone"
    version = [row[0] for row in legacy.rows_unordered(empty_db_url, "alembic_version")]
    if backend.name == "mysql":  # comments done and committed, users not
        assert version == ["0003"]
        assert "commenter_id" in str(legacy.dump(empty_db_url)["comments"])
    else:  # rolled back entirely
        assert version == [legacy.FLASK_MIGRATE_REVISION]

    code, out, err = run(empty_db_url)
    assert code == 0, err
    assert f"upgraded to revision {HEAD}" in out
    if backend.name == "mysql":
        assert "found: a Scratchpad database at revision 0003" in out
    assert legacy.rows(empty_db_url, "comments", columns) == comments
    assert legacy.rows(empty_db_url, "users", "id, username, password_hash") == users
