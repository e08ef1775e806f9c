"""Login throttling: every guess is counted before its password is checked.

A guess is allowed while the username has at most
``login_failures_per_account`` attempts within ``login_throttle_window``
seconds and the client address at most ``login_failures_per_address`` (a
looser limit, since many people share one address; an IPv6 address counts
as its /64, which one subscriber usually holds whole). A browser that
logged in before presents its device cookie (:mod:`.devices`): its guesses
count against that device alone, with the per-account limit, so a targeted
lockout of the account does not keep its owner out. The refusal says when
to try again: the moment the oldest counted attempt leaves the window.
Nothing is ever locked for good, and a successful login clears its
account's failures.

Atomicity: :func:`reserve` writes the attempt's row and *commits it on a
connection of its own* before counting, and only then may bcrypt run. Each
attempt thus counts every attempt reserved before it, in any process, and
never more than the limit get to a password check however many arrive at
once (racing attempts may both be refused: the error is on the safe side).
This is the one place the application commits outside the request's
transaction: the count must be visible to other processes before the
password check, not when the request ends. A refused attempt removes its
row again (throttled attempts are not counted); a successful one removes
it in the request's transaction; a failed one leaves it.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from scratchpad.accounts.usernames import fold
from scratchpad.models import LoginFailure, utcnow
from scratchpad.models.login_failure import MAX_ADDRESS_LENGTH
from scratchpad.settings import Settings

MAX_USERNAME_LENGTH = 128


@dataclass(frozen=True)
class Attempt:
    """A reserved attempt (``id``), or a refused one (``wait`` seconds)."""

    id: int | None
    wait: int = 0


def address_key(address: str) -> str:
    """The address as the throttle counts it: IPv6 as its /64."""
    try:
        parsed = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address[:MAX_ADDRESS_LENGTH]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def _keys(
    username: str, address: str, device: str | None, settings: Settings
) -> list[tuple[Any, int]]:
    """(where-clause, limit) for each count this attempt is held to."""
    if device is not None:
        return [(LoginFailure.device == device, settings.login_failures_per_account)]
    untrusted = LoginFailure.device.is_(None)
    return [
        (
            (LoginFailure.username == username[:MAX_USERNAME_LENGTH]) & untrusted,
            settings.login_failures_per_account,
        ),
        (
            (LoginFailure.address == address_key(address)) & untrusted,
            settings.login_failures_per_address,
        ),
    ]


def _recent(
    connection: Connection, where: Any, since: datetime, limit: int
) -> list[datetime]:
    query = (
        select(LoginFailure.failed_at)
        .where(where, LoginFailure.failed_at > since)
        .order_by(LoginFailure.failed_at.desc())
        .limit(limit)
    )
    return list(connection.scalars(query))


def _engine(dbsession: Session) -> Engine:
    bind = dbsession.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def reserve(
    dbsession: Session,
    settings: Settings,
    username: str,
    address: str,
    device: str | None = None,
) -> Attempt:
    """Count this attempt now (committed); refuse it if it is over a limit."""
    engine = _engine(dbsession)
    now = utcnow()
    window = timedelta(seconds=settings.login_throttle_window)
    keys = _keys(username, address, device, settings)
    with engine.begin() as connection:  # one INSERT: nothing to deadlock on
        result = connection.execute(
            insert(LoginFailure).values(
                username=username[:MAX_USERNAME_LENGTH],
                address=address_key(address),
                device=device,
                failed_at=now,
            )
        )
        own = int(result.inserted_primary_key[0])  # type: ignore[index]
    with engine.connect() as connection:
        over = any(
            len(_recent(connection, where, now - window, limit + 1)) > limit
            for where, limit in keys
        )
        connection.rollback()
    if not over:
        return Attempt(own)
    with engine.begin() as connection:
        connection.execute(delete(LoginFailure).where(LoginFailure.id == own))
    waits = [1]
    with engine.connect() as connection:
        for where, limit in keys:
            times = _recent(connection, where, now - window, limit)
            if len(times) >= limit:
                # One more attempt is allowed when the limit-th most recent
                # attempt leaves the window.
                waits.append(math.ceil((times[-1] + window - now).total_seconds()))
        connection.rollback()
    return Attempt(None, max(waits))


def prune(dbsession: Session, settings: Settings) -> None:
    """Forget attempts that no longer count (in the request's transaction)."""
    cutoff = utcnow() - timedelta(seconds=settings.login_throttle_window)
    dbsession.execute(delete(LoginFailure).where(LoginFailure.failed_at <= cutoff))


def succeeded(dbsession: Session, attempt: Attempt, username: str) -> None:
    """The attempt was right: it is no failure, and the account's go."""
    dbsession.execute(delete(LoginFailure).where(LoginFailure.id == attempt.id))
    clear_account(dbsession, username)


def release(dbsession: Session, attempt: Attempt) -> None:
    """Take back a reserved attempt whose password was right, at once and
    on a connection of its own: the request may still be refused (a new
    password that breaks the rules) and roll back its own transaction."""
    with _engine(dbsession).begin() as connection:
        connection.execute(delete(LoginFailure).where(LoginFailure.id == attempt.id))


def clear_account(dbsession: Session, username: str) -> None:
    """Forget a username's failures (a success, ``manage_users unlock``)."""
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


def wait_text(seconds: int) -> str:
    """A retry time people can read: "40 seconds", "12 minutes"."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
