"""Brakes on sign-ups and reset-link requests: counted attempts in a
sliding window, kept in the ``attempts`` table so every process shares them.

An address is counted by network where one person easily holds many: an
IPv6 client by its /64 (the smallest block a site is usually given), an
IPv4 client (or an IPv4-mapped IPv6 one) by its address. Two requests
racing each other at the edge of a limit can both pass: that is one extra
attempt, not a way round the limit.
"""

from __future__ import annotations

import ipaddress
import math
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from scratchpad.models import Attempt, utcnow

HOUR = 3600
EVERYONE = "*"


def network(address: str | None) -> str:
    """The subject an address is counted under: an IPv6 /64, else itself."""
    try:
        parsed = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return (address or "unknown")[:64]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def retry_after(
    dbsession: Session, kind: str, subject: str, limit: int, window: int = HOUR
) -> int:
    """Seconds until ``subject`` may try ``kind`` again; 0: it may now."""
    now = utcnow()
    span = timedelta(seconds=window)
    recent = (
        select(Attempt.at)
        .where(Attempt.kind == kind, Attempt.subject == subject[:64])
        .where(Attempt.at > now - span)
        .order_by(Attempt.at.desc())
        .limit(limit)
    )
    times = dbsession.scalars(recent).all()
    if len(times) < limit:
        return 0
    return max(1, math.ceil((times[-1] + span - now).total_seconds()))


def record(dbsession: Session, kind: str, *subjects: str, window: int = HOUR) -> None:
    """Count one attempt of ``kind`` for each subject; forget stale ones."""
    now = utcnow()
    stale = now - timedelta(seconds=window)
    dbsession.execute(delete(Attempt).where(Attempt.kind == kind, Attempt.at <= stale))
    for subject in subjects:
        dbsession.add(Attempt(kind=kind, subject=subject[:64], at=now))
