"""IN-05: usernames are NFC, length-limited and unique regardless of case,
with the database as the backstop when two adds race."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import NullPool

from scratchpad.accounts.usernames import UsernameRejected, normalize_username
from scratchpad.models import User
from scratchpad.scripts import manage_users
from tests.support import INI, TEST_ROUNDS
from tests.support.scripting import kept_logging


def test_names_are_normalised_and_limited():
    assert normalize_username("Jose\u0301") == "Jos\u00e9"
    assert normalize_username("bob.smith_2-x") == "bob.smith_2-x"
    for bad in ["", "a" * 65, "bob smith", "bob/../x", "bob\u200b", "<b>"]:
        with pytest.raises(UsernameRejected):
            normalize_username(bad)


@pytest.mark.parametrize("other", ["alice", "Alice"])
def test_racing_adds_one_wins_the_other_gets_a_message(
    backend, db_url, monkeypatch, capsys, other
):
    """The second add passes the application's check, then the first one
    commits its row: the database refuses the second with a message."""
    if other == "Alice" and backend.name == "sqlite":
        pytest.skip("on SQLite only the application ignores case")
    engine = create_engine(db_url, poolclass=NullPool)

    def racing_read_password(stdin):
        with engine.begin() as connection:
            connection.execute(
                User.__table__.insert().values(
                    username=other, password_hash="x", is_admin=False
                )
            )
        return "alice-password"

    monkeypatch.setattr(manage_users, "read_password", racing_read_password)
    monkeypatch.setenv("SCRATCHPAD_DATABASE_URL", db_url)
    monkeypatch.setenv("SCRATCHPAD_BCRYPT_ROUNDS", str(TEST_ROUNDS))
    monkeypatch.setenv("SCRATCHPAD_TESTING", "true")
    monkeypatch.setattr("sys.stdin", io.StringIO())
    with kept_logging():
        code = manage_users.main([INI, "add", "alice"])
    err = capsys.readouterr().err
    assert code == 1
    assert err == "error: user 'alice' already exists; nothing changed\n"
    with engine.connect() as connection:
        names = connection.scalars(select(User.username)).all()
    assert names == [other]
    engine.dispose()


def test_database_refuses_a_name_differing_only_in_case(backend, db_url):
    if backend.name == "sqlite":
        pytest.skip("on SQLite the application alone ignores case")
    engine = create_engine(db_url, poolclass=NullPool)
    insert = User.__table__.insert()
    with engine.begin() as connection:
        connection.execute(insert.values(username="carol", password_hash="x"))
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(insert.values(username="CAROL", password_hash="x"))
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(User)) == 1
    engine.dispose()
