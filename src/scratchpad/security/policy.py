"""The site's one security policy: pick the credential, then ask the ACLs.

Each request is authenticated by exactly one kind of credential, chosen
once per request by :func:`is_api_request`:

- the HTML site: the login cookie (:mod:`scratchpad.security.login_cookie`);
- the JSON API under ``/api/``: an ``Authorization: Bearer`` token
  (:mod:`scratchpad.security.bearer`), never a cookie, so the API needs no
  CSRF token and a token never logs into the HTML site.

Authorization is Pyramid's :class:`~pyramid.authorization.ACLHelper` over
the ``__acl__`` of the resource tree (:mod:`scratchpad.resources`), matched
against the principals the chosen credential gives.
"""

from __future__ import annotations

from typing import Any

from pyramid.authorization import ACLHelper
from pyramid.interfaces import ISecurityPolicy
from pyramid.request import RequestLocalCache
from zope.interface import implementer

from scratchpad.models import User
from scratchpad.security.bearer import BearerTokenPolicy
from scratchpad.security.credentials import CredentialPolicy
from scratchpad.security.login_cookie import LoginCookiePolicy
from scratchpad.settings import Settings

API_PATH = "/api"


def is_api_request(request: Any) -> bool:
    """Whether ``request`` is for the JSON API (token auth, no cookies).

    The one rule that picks the credential: change it here and nowhere else.
    """
    # The raw WSGI path: request.path_info would fail on bytes that are not
    # UTF-8, and this runs even for the error page of such a request.
    path: str = request.environ.get("PATH_INFO", "")
    return path == API_PATH or path.startswith(API_PATH + "/")


@implementer(ISecurityPolicy)
class SecurityPolicy:
    """Delegates to the credential policy :func:`is_api_request` picks."""

    def __init__(self, settings: Settings) -> None:
        self.login_cookie = LoginCookiePolicy(settings)
        self.bearer = BearerTokenPolicy()
        self.acl = ACLHelper()
        self._chosen = RequestLocalCache(self._choose)

    def _choose(self, request: Any) -> CredentialPolicy[Any]:
        return self.bearer if is_api_request(request) else self.login_cookie

    def credential_policy(self, request: Any) -> CredentialPolicy[Any]:
        """The credential policy for ``request``, chosen once per request."""
        chosen: CredentialPolicy[Any] = self._chosen.get_or_create(request)
        return chosen

    def identity(self, request: Any) -> User | None:
        return self.credential_policy(request).identity(request)

    def authenticated_userid(self, request: Any) -> int | None:
        user = self.identity(request)
        return None if user is None else user.id

    def permits(self, request: Any, context: Any, permission: str) -> Any:
        principals = self.credential_policy(request).principals(request)
        return self.acl.permits(context, principals, permission)

    def remember(self, request: Any, userid: int, **kw: Any) -> list[tuple[str, str]]:
        """Start a login: always a login cookie (a token is made on the
        account page, never here)."""
        return self.login_cookie.remember(request, userid, **kw)

    def forget(self, request: Any, **kw: Any) -> list[tuple[str, str]]:
        """Clear the login cookie, and end the login on the server when the
        request was authenticated by it."""
        if self.credential_policy(request) is self.login_cookie:
            return self.login_cookie.forget(request, **kw)
        return self.login_cookie.cookie(None)
