"""Login throttling: a sliding window of failures per account and per address.

A login is refused *before* any password is checked (no bcrypt work, no
answer to a guess) once the username has ``login_failures_per_account``
failures within ``login_throttle_window`` seconds, or the client address has
``login_failures_per_address`` (a looser limit, since many people can share
one address). The refusal says when to try again: the moment the oldest
counted failure leaves the window. Nothing is ever locked for good, and a
successful login clears its account's failures.

State lives in the ``login_failures`` table, so every process sharing the
database applies the same limits. Two guesses racing each other can both
get through at the edge of the limit; that costs an attacker one or two
extra guesses, not a way round it.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from scratchpad.accounts.usernames import fold
from scratchpad.models import LoginFailure, utcnow
from scratchpad.models.login_failure import MAX_ADDRESS_LENGTH
from scratchpad.settings import Settings


def _wait(
    dbsession: Session,
    column: Any,
    value: str,
    limit: int,
    now: datetime,
    window: timedelta,
) -> int:
    """Seconds until ``value`` drops below ``limit`` failures, 0 if it is."""
    recent = (
        select(LoginFailure.failed_at)
        .where(column == value, LoginFailure.failed_at > now - window)
        .order_by(LoginFailure.failed_at.desc())
        .limit(limit)
    )
    times = dbsession.scalars(recent).all()
    if len(times) < limit:
        return 0
    # When the limit-th most recent failure leaves the window, one more
    # attempt is allowed.
    return max(1, math.ceil((times[-1] + window - now).total_seconds()))


def retry_after(
    dbsession: Session, settings: Settings, username: str, address: str
) -> int:
    """Seconds this login attempt must wait, or 0 if it may go ahead."""
    now = utcnow()
    window = timedelta(seconds=settings.login_throttle_window)
    return max(
        _wait(
            dbsession,
            LoginFailure.username,
            username[:128],
            settings.login_failures_per_account,
            now,
            window,
        ),
        _wait(
            dbsession,
            LoginFailure.address,
            address[:MAX_ADDRESS_LENGTH],
            settings.login_failures_per_address,
            now,
            window,
        ),
    )


def record_failure(
    dbsession: Session, settings: Settings, username: str, address: str
) -> None:
    """Count a failed login, and forget failures that no longer count."""
    now = utcnow()
    cutoff = now - timedelta(seconds=settings.login_throttle_window)
    dbsession.execute(delete(LoginFailure).where(LoginFailure.failed_at <= cutoff))
    dbsession.add(
        LoginFailure(
            username=username[:128],
            address=address[:MAX_ADDRESS_LENGTH],
            failed_at=now,
        )
    )


def clear_account(dbsession: Session, username: str) -> None:
    """A successful login wipes its account's failures (not the address's)."""
    dbsession.execute(delete(LoginFailure).where(LoginFailure.username == username))


def unlock_account(dbsession: Session, username: str) -> None:
    """Forget the failures of ``username`` under any spelling of its case
    (``manage_users unlock`` and the admin pages)."""
    spellings = [
        name
        for name in dbsession.scalars(select(LoginFailure.username).distinct())
        if fold(name) == fold(username)
    ]
    for name in spellings:
        clear_account(dbsession, name)


def locked_accounts(
    dbsession: Session, settings: Settings, usernames: list[str]
) -> set[str]:
    """Which of ``usernames`` (lower-cased) the account throttle holds now."""
    window = timedelta(seconds=settings.login_throttle_window)
    name = func.lower(LoginFailure.username)
    query = (
        select(name)
        .where(
            name.in_([username.lower() for username in usernames]),
            LoginFailure.failed_at > utcnow() - window,
        )
        .group_by(name)
        .having(func.count() >= settings.login_failures_per_account)
    )
    return set(dbsession.scalars(query))


def count_failures(dbsession: Session) -> int:
    """How many failures are on record (for tests and the operator)."""
    return dbsession.scalar(select(func.count()).select_from(LoginFailure)) or 0
