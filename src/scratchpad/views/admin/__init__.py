"""The admin pages under ``/admin/``: one module per section.

- :mod:`.users`: search, page and look at users; :mod:`.user_actions`:
  disable, enable, grant and revoke admin, unlock, revoke tokens, delete.
- :mod:`.moderation`: removed comments and their restore, the queue of
  reported comments; :mod:`.held`: the comments pre-moderation holds.
- :mod:`.audit`: the stored security log, by user, kind and comment.

Access is decided by :class:`~scratchpad.resources.Admin`'s ACL and the
sections of :mod:`scratchpad.admin_tree`: every view names
``administer`` (or ``suspend`` for what could leave the site without an
admin). Every action is a POST with the CSRF token (checked before the
permission), answered with a 303 and a message, and audited. Bad input is
a 400 that changes nothing.
"""

from __future__ import annotations

from typing import Any

from pyramid.view import view_config
from sqlalchemy import func, select

from scratchpad.comments.premoderation import waiting
from scratchpad.comments.reports import open_reports
from scratchpad.models import User
from scratchpad.resources import Admin
from scratchpad.security.permissions import Permission


@view_config(
    context=Admin,
    request_method="GET",
    renderer="admin/index.jinja2",
    permission=Permission.ADMINISTER,
)
def admin_index(context: Admin, request: Any) -> dict[str, Any]:
    dbsession = request.dbsession
    return {
        "users": dbsession.scalar(select(func.count()).select_from(User)) or 0,
        "reports": open_reports(dbsession),
        "held": waiting(dbsession),
    }
