"""A session made with a transaction manager (``get_tm_session``) belongs to
that manager's transaction, with zope.sqlalchemy's events registered once
on the factory rather than on every session; one made without is plain."""

from __future__ import annotations

import pytest
import transaction
from sqlalchemy import create_engine, func, select, update
from sqlalchemy.pool import NullPool

from scratchpad.models import User, get_session_factory, get_tm_session
from scratchpad.models.meta import Base


@pytest.fixture
def factory(tmp_path):
    engine = create_engine(
        f"sqlite:///{tmp_path / 'joining.sqlite'}", poolclass=NullPool
    )
    Base.metadata.create_all(engine)
    yield get_session_factory(engine)
    engine.dispose()


def managed(factory):
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()
    return manager, get_tm_session(factory, manager)


def users(factory) -> list[str]:
    with factory() as session:
        return list(session.scalars(select(User.username).order_by(User.username)))


def add(session, name: str) -> None:
    session.add(User(username=name, password_hash="x"))


def test_the_managers_commit_stores_and_its_abort_forgets(factory):
    manager, session = managed(factory)
    add(session, "kept")
    manager.commit()
    manager, session = managed(factory)
    add(session, "dropped")
    session.flush()
    manager.abort()
    assert users(factory) == ["kept"]


def test_two_managers_keep_their_own_sessions(factory):
    first, one = managed(factory)
    second, other = managed(factory)
    add(one, "first")
    add(other, "second")
    first.commit()
    second.abort()
    assert users(factory) == ["first"]


def test_a_bulk_update_alone_is_committed(factory):
    manager, session = managed(factory)
    add(session, "before")
    manager.commit()
    manager, session = managed(factory)
    session.execute(update(User).values(username="after"))  # no flush, no add
    manager.commit()
    assert users(factory) == ["after"]


def test_a_managed_session_cannot_commit_by_itself(factory):
    manager, session = managed(factory)
    add(session, "sneaky")
    session.flush()
    with pytest.raises(AssertionError, match="transaction manager"):
        session.commit()
    manager.abort()
    assert users(factory) == []


def test_a_session_without_a_manager_is_plain(factory):
    with factory() as session:
        add(session, "plain")
        session.commit()
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 1


def test_sessions_get_no_listeners_of_their_own(factory):
    _, managed_session = managed(factory)
    plain = factory()
    for name in ("after_begin", "after_flush", "do_orm_execute"):
        listeners = len(getattr(plain.dispatch, name))
        assert listeners == 1  # the factory's
        assert len(getattr(managed_session.dispatch, name)) == listeners
    plain.close()
    managed_session.close()
