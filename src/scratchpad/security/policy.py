"""The site's one security policy: pick the credential, then ask the ACLs.

Each request is authenticated by exactly one kind of credential, chosen
by where the request resolved to (:func:`is_api_context`), never by how its
path was spelled: traversal collapses ``.`` and ``..`` and servers decode
``%2F`` after any look at the raw path (and :mod:`scratchpad.web.paths`
refuses such paths anyway):

- the HTML site: the login cookie (:mod:`scratchpad.security.login_cookie`);
- the JSON API, the resources under :class:`~scratchpad.resources.Api`: an
  ``Authorization: Bearer`` token (:mod:`scratchpad.security.bearer`),
  never a cookie, so a token never logs into the HTML site and a cookie
  never writes through the API.

Before traversal has found a context (an error page for an address that
could not be traversed) the request is the site's, and that choice is not
remembered, so the request's real context decides as soon as there is one.

Authorization is Pyramid's :class:`~pyramid.authorization.ACLHelper` over
the ``__acl__`` of the resource tree (:mod:`scratchpad.resources`), matched
against the principals the chosen credential gives.
"""

from __future__ import annotations

from typing import Any

from pyramid.authorization import ACLHelper
from pyramid.interfaces import ISecurityPolicy
from pyramid.request import RequestLocalCache
from pyramid.traversal import lineage
from zope.interface import Interface, implementer

from scratchpad.models import User
from scratchpad.security.bearer import BearerTokenPolicy
from scratchpad.security.credentials import CredentialPolicy
from scratchpad.security.login_cookie import LoginCookiePolicy
from scratchpad.settings import Settings


class IApiRoot(Interface):  # type: ignore[misc]
    """Marks the resource under which the JSON API lives
    (:class:`scratchpad.resources.Api`)."""


def is_api_context(context: Any) -> bool:
    """Whether ``context`` is in the API: is the API's root an ancestor?

    The one rule that picks the credential: change it here and nowhere else.
    """
    if context is None:
        return False
    return any(IApiRoot.providedBy(node) for node in lineage(context))


def is_api_request(request: Any) -> bool:
    """Whether to answer ``request`` as the API does (JSON errors).

    From where it resolved to; a request that failed before traversal found
    anything is judged by its path, which is safe for choosing a format only
    (credentials never come from here, and :mod:`scratchpad.web.paths`
    refuses every path whose spelling could mislead).
    """
    context = getattr(request, "context", None)
    if context is not None:
        return is_api_context(context)
    path: str = request.environ.get("PATH_INFO", "")
    return path == "/api" or path.startswith("/api/")


@implementer(ISecurityPolicy)
class SecurityPolicy:
    """Delegates to the credential policy :func:`is_api_context` picks."""

    def __init__(self, settings: Settings) -> None:
        self.login_cookie = LoginCookiePolicy(settings)
        self.bearer = BearerTokenPolicy()
        self.acl = ACLHelper()
        self._chosen = RequestLocalCache(self._choose)

    def _choose(self, request: Any) -> CredentialPolicy[Any]:
        return self.bearer if is_api_context(request.context) else self.login_cookie

    def credential_policy(self, request: Any) -> CredentialPolicy[Any]:
        """The credential policy for ``request``, chosen once traversal has
        found its context (the site's until then, not remembered)."""
        if getattr(request, "context", None) is None:
            return self.login_cookie
        chosen: CredentialPolicy[Any] = self._chosen.get_or_create(request)
        return chosen

    def authenticated_by_token(self, request: Any) -> bool:
        """Whether a bearer token (and nothing else) authenticated ``request``."""
        policy = self.credential_policy(request)
        return policy is self.bearer and policy.credential(request) is not None

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
