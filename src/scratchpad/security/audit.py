"""The security log: logins, failures, throttling, logouts, password changes.

Each event is one line on the ``scratchpad.audit`` logger saying what
happened, to which user, from which address and when (UTC, ISO 8601), so
it can be read or grepped without the server's local time zone. Passwords
are never passed here. Everything that came from the request is escaped:
control characters and non-ASCII become ``\\xNN``/``\\uNNNN`` escapes, so a
username holding a newline cannot forge a second log line.

Each event is also stored (:class:`~scratchpad.models.AuditEvent`) in the
request's transaction, for the admin pages' ``/admin/audit/``: stored only
if the request's changes are, like everything else it did.
"""

from __future__ import annotations

import logging
from typing import Any

from scratchpad.models import AuditEvent, utcnow
from scratchpad.models.audit_event import MAX_DETAIL_LENGTH, MAX_KIND_LENGTH

log = logging.getLogger("scratchpad.audit")


def escape(value: str | None, limit: int = 128) -> str:
    """``value`` as a quoted, single-line, ASCII-only string."""
    if value is None:
        return "-"
    text = value[:limit].encode("ascii", "backslashreplace").decode("ascii")
    text = "".join(
        char if char.isprintable() else f"\\x{ord(char):02x}" for char in text
    )
    return "'" + text.replace("'", "\\'") + "'"


def printable(value: str | None, limit: int) -> str | None:
    """``value`` cut to ``limit`` characters, anything unprintable escaped
    (any script stays as it is, so the admin pages can search for it)."""
    if value is None:
        return None
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in value)
    return text[:limit]


def audit(event: str, username: str | None, request: Any, **extra: Any) -> None:
    """Log ``event`` for ``username`` coming from ``request``'s client, and
    store it with the request's transaction."""
    details = "".join(f" {key}={value}" for key, value in extra.items())
    now = utcnow()
    log.info(
        "%s user=%s ip=%s at=%s%s",
        event,
        escape(username),
        escape(request.client_addr, 64),
        now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        details,
    )
    dbsession = getattr(request, "dbsession", None)
    if dbsession is not None:
        dbsession.add(
            AuditEvent(
                at=now,
                kind=event[:MAX_KIND_LENGTH],
                username=printable(username, 128),
                address=printable(request.client_addr, 64),
                detail=printable(details.strip(), MAX_DETAIL_LENGTH) or "",
            )
        )
