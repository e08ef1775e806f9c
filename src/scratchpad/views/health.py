"""Health checks for load balancers and monitors.

``/healthz``
    Liveness: the process answers. Touches no database, so a database
    outage does not make every process look dead and get restarted.
``/readyz``
    Readiness: the database answers and its schema is at the newest
    migration this code knows. 503 otherwise, so a balancer sends no
    traffic to a process whose database is down or not yet migrated.

Both are plain text, never cached, and cheap enough to poll every second:
``/readyz`` is one one-row SELECT on a pooled connection.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from scratchpad.resources import Root
from scratchpad.security.permissions import Permission
from scratchpad.web.caching import never_store

log = logging.getLogger(__name__)

# The migrations live beside the package in the source tree, as the ini
# files' ``script_location = %(here)s/alembic`` says.
MIGRATIONS = Path(__file__).resolve().parents[3] / "alembic"


@functools.cache
def schema_heads() -> frozenset[str]:
    """The newest revision(s) of the migrations shipped with this code."""
    return frozenset(ScriptDirectory(str(MIGRATIONS)).get_heads())


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
    """Ready when the database answers with the newest schema revision."""
    try:
        with request.registry["dbengine"].connect() as connection:
            found = frozenset(
                connection.scalars(text("SELECT version_num FROM alembic_version"))
            )
    except SQLAlchemyError as error:
        log.warning("readyz: database unavailable: %s", type(error).__name__)
        return plain(503, "database unavailable")
    if found != schema_heads():
        return plain(503, "database schema is not at the newest revision")
    return plain(200, "ready")
