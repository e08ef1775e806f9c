"""What every template may use besides its view's values: ``Permission``.

Templates show a control exactly when ``request.has_permission(
Permission.X, resource)`` allows it on the resource the control acts on,
never because someone is logged in: the resource tree decides, and a page
cannot offer what its view would refuse.
"""

from __future__ import annotations

from typing import Any

from pyramid.events import BeforeRender, subscriber

from scratchpad.security.permissions import Permission


@subscriber(BeforeRender)
def add_permission(event: Any) -> None:
    event["Permission"] = Permission
