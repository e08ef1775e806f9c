"""Health checks for load balancers and monitors.

``/healthz``
    Liveness: the process answers. Touches no database, so a database
    outage does not make every process look dead and get restarted.
``/readyz``
    Readiness: the database answers and its schema is at the newest
    migration this code knows, and no request of this process found the
    database failing (no connection, a timeout) in the last few seconds.
    503 otherwise, so a balancer sends no traffic to a process whose
    database is down, not yet migrated or out of reach; the body says
    which (unreachable, no schema yet, "schema at 0009, code needs 0012:
    run initialize_db", or "database failing: ..."), so the operator knows
    what to do.

Both are plain text, never cached, and cheap enough to poll every second:
``/readyz`` is one one-row SELECT on a pooled connection.
"""

from __future__ import annotations

import logging
from typing import Any

from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy.exc import SQLAlchemyError

from scratchpad.models.revision import schema_state
from scratchpad.resources import Root
from scratchpad.security.permissions import Permission
from scratchpad.web.caching import never_store
from scratchpad.web.reliability import recent_failures

log = logging.getLogger(__name__)


def plain(status: int, body: str) -> Response:
    response = Response(body + "\n", status=status, content_type="text/plain")
    never_store(response)
    return response


@view_config(
    context=Root, name="healthz", request_method="GET", permission=Permission.VIEW
)
def healthz(context: Root, request: Any) -> Response:
    return plain(200, "ok")


@view_config(
    context=Root, name="readyz", request_method="GET", permission=Permission.VIEW
)
def readyz(context: Root, request: Any) -> Response:
    """Ready when the database answers with the newest schema revision,
    and answered this process's requests in the last few seconds."""
    failing = recent_failures(request.registry).recent()
    if failing is not None:
        return plain(503, f"database failing: {failing}")
    try:
        with request.registry["dbengine"].connect() as connection:
            state = schema_state(connection)
    except SQLAlchemyError as error:
        recent_failures(request.registry).note(error)
        log.warning("readyz: database unreachable: %s", type(error).__name__)
        return plain(503, "database unreachable")
    problem = state.problem()
    if problem is not None:
        return plain(503, problem)
    return plain(200, "ready")
