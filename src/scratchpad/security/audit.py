"""The security log: logins, failures, throttling, logouts, password changes.

Each event is one line on the ``scratchpad.audit`` logger saying what
happened, to which user, from which address and when (UTC, ISO 8601), so
it can be read or grepped without the server's local time zone. Passwords
are never passed here. Everything that came from the request is escaped by
:mod:`scratchpad.web.logsafe`: control characters and non-ASCII become
``\\xNN``/``\\uNNNN`` escapes, so a username holding a newline cannot forge
a second log line.
"""

from __future__ import annotations

import logging
from typing import Any

from scratchpad.models import utcnow
from scratchpad.web.logsafe import escape, quoted

log = logging.getLogger("scratchpad.audit")


def audit(event: str, username: str | None, request: Any, **extra: Any) -> None:
    """Log ``event`` for ``username`` coming from ``request``'s client."""
    details = "".join(f" {key}={escape(value)}" for key, value in extra.items())
    log.info(
        "%s user=%s ip=%s at=%s%s",
        event,
        quoted(username),
        quoted(request.client_addr, 64),
        utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
        details,
    )
