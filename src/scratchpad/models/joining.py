"""zope.sqlalchemy's events, registered once per session factory.

``zope.sqlalchemy.register(session)`` joins a session to a transaction
manager by adding seven event listeners to it, which every request paid
for again: about a tenth of a logged-in page's time. Here they are added
once, to the session factory, and each session names its transaction
manager in ``session.info`` (:func:`scratchpad.models.get_tm_session`
puts it there). A session made without one (a quick look in a test or a
script) is a plain SQLAlchemy session that commits for itself.

The listeners do what zope.sqlalchemy's own do, with the session's
manager in place of one fixed at registration.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from zope.sqlalchemy.datamanager import (
    STATUS_ACTIVE,
    ZopeStatus,
    join_transaction,
    mark_changed,
)

MANAGER = "transaction_manager"  # the key in session.info


class SessionManagedEvents:
    """zope.sqlalchemy's ``ZopeTransactionEvents``, reading the manager
    from each session."""

    def after_begin(self, session: Any, transaction: Any, connection: Any) -> None:
        self._join(session)

    def after_attach(self, session: Any, instance: Any) -> None:
        self._join(session)

    def after_flush(self, session: Any, flush_context: Any) -> None:
        self._changed(session)

    def after_bulk_update(self, update_context: Any) -> None:
        self._changed(update_context.session)

    def after_bulk_delete(self, delete_context: Any) -> None:
        self._changed(delete_context.session)

    def before_commit(self, session: Any) -> None:
        manager = session.info.get(MANAGER)
        if manager is None:
            return
        assert (
            session.in_nested_transaction()
            or manager.get().status == ZopeStatus.COMMITTING
        ), "Transaction must be committed using the transaction manager"

    def do_orm_execute(self, execute_state: Any) -> None:
        dml = execute_state.is_update or execute_state.is_insert
        if execute_state.is_orm_statement and (dml or execute_state.is_delete):
            self._changed(execute_state.session)

    def _join(self, session: Any) -> None:
        manager = session.info.get(MANAGER)
        if manager is not None:
            join_transaction(session, STATUS_ACTIVE, manager, False)

    def _changed(self, session: Any) -> None:
        manager = session.info.get(MANAGER)
        if manager is not None:
            mark_changed(session, manager, False)


def register_once(session_factory: Any) -> None:
    """Add the listeners to every session ``session_factory`` makes."""
    events = SessionManagedEvents()
    for name in (
        "after_begin",
        "after_attach",
        "after_flush",
        "after_bulk_update",
        "after_bulk_delete",
        "before_commit",
        "do_orm_execute",
    ):
        event.listen(session_factory, name, getattr(events, name))
