"""Security: who the user is, what they may do, and forged requests.

- :mod:`.permissions`: the permissions views name and the principals ACLs
  grant them to.
- :mod:`.policy`: the one security policy, a dispatcher: it picks the
  request's credential from where it resolved to
  (:func:`.policy.is_api_context`), delegates to
  :mod:`.login_cookie` (the HTML site) or :mod:`.bearer` (the API), then
  asks the resource tree's ACLs. :mod:`.credentials` is what both kinds
  share; ``login_cookie.end_all_logins`` logs a user out everywhere.
- :mod:`.csrf`: the CSRF token and origin check, run before permissions.
- :mod:`.throttle` and :mod:`.audit`: login throttling and the security log.
"""

from __future__ import annotations

from typing import Any

from pyramid.viewderivers import INGRESS

from scratchpad.security.csrf import CSRFStoragePolicy, csrf_first_view, session_factory
from scratchpad.security.permissions import UNDECLARED_PERMISSION
from scratchpad.security.policy import SecurityPolicy
from scratchpad.settings import get_settings


def includeme(config: Any) -> None:
    settings = get_settings(config.registry)
    config.set_security_policy(SecurityPolicy(settings))
    config.set_default_permission(UNDECLARED_PERMISSION)
    config.set_session_factory(session_factory(settings))
    config.set_csrf_storage_policy(CSRFStoragePolicy())
    config.add_view_deriver(csrf_first_view, under=INGRESS, over="secured_view")
