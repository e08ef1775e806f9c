"""Who the user is: the one security policy of the site.

- A random token in an HttpOnly, SameSite=Lax cookie names a row of the
  ``logins`` table (see :mod:`scratchpad.models.login`). The policy looks it
  up on every request, so deleting the row (logout) makes every copy of the
  cookie worthless at once.
- Under ``/api/`` (and only there) the identity comes from an
  ``Authorization: Bearer`` token (:mod:`scratchpad.accounts.tokens`) and
  never from a cookie, so the API needs no CSRF token and a token never logs
  into the HTML site. A read-only token adds the principal
  ``token:read-only``, which the API's resources deny every write.
- Authorization is Pyramid's :class:`~pyramid.authorization.ACLHelper` over
  the ``__acl__`` of the resource tree (:mod:`scratchpad.resources`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pyramid.authorization import ACLHelper
from pyramid.interfaces import ISecurityPolicy
from pyramid.request import RequestLocalCache
from sqlalchemy import delete, select
from webob.cookies import make_cookie
from zope.interface import implementer

from scratchpad.accounts.tokens import authenticate, bearer_token
from scratchpad.models import ApiToken, Login, User, utcnow
from scratchpad.models.login import hash_token, new_token
from scratchpad.security.permissions import principals_for, token_principals
from scratchpad.settings import Settings

# Refresh a login's last_seen at most this often: idle timeouts stay exact
# to within a minute without a database write on every request.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)
API_PATH = "/api"


def is_api_request(request: Any) -> bool:
    """Whether ``request`` is for the JSON API (token auth, no cookies)."""
    # The raw WSGI path: request.path_info would fail on bytes that are not
    # UTF-8, and this runs even for the error page of such a request.
    path: str = request.environ.get("PATH_INFO", "")
    return path == API_PATH or path.startswith(API_PATH + "/")


@implementer(ISecurityPolicy)
class SecurityPolicy:
    """Server-side logins + ACLs, the one security policy of the site."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.acl = ACLHelper()
        self._cache = RequestLocalCache(self._load_login)
        self._token_cache = RequestLocalCache(self._load_token)

    # -- identity ---------------------------------------------------------
    def _load_login(self, request: Any) -> Login | None:
        if is_api_request(request):
            return None  # cookies never authenticate the API
        token = request.cookies.get(self.settings.login_cookie_name)
        if not token or len(token) > 128:
            return None
        login: Login | None = request.dbsession.scalar(
            select(Login).where(Login.token_hash == hash_token(token))
        )
        if login is None:
            return None
        if login.user.disabled:
            return None
        now = utcnow()
        idle = timedelta(seconds=self.settings.session_idle_timeout)
        lifetime = timedelta(seconds=self.settings.session_max_age)
        if now - login.last_seen > idle or now - login.created > lifetime:
            request.dbsession.delete(login)
            return None
        if now - login.last_seen > LAST_SEEN_RESOLUTION:
            login.last_seen = now
        return login

    def login(self, request: Any) -> Login | None:
        """The request's :class:`Login` row, or None when logged out."""
        login: Login | None = self._cache.get_or_create(request)
        return login

    def _load_token(self, request: Any) -> ApiToken | None:
        if not is_api_request(request):
            return None  # a token never logs into the HTML site
        token = bearer_token(request.headers.get("Authorization"))
        return authenticate(request.dbsession, token)

    def api_token(self, request: Any) -> ApiToken | None:
        """The request's :class:`ApiToken` row (API requests only), or None."""
        token: ApiToken | None = self._token_cache.get_or_create(request)
        return token

    def identity(self, request: Any) -> User | None:
        if is_api_request(request):
            token = self.api_token(request)
            return None if token is None else token.user
        login = self.login(request)
        return None if login is None else login.user

    def authenticated_userid(self, request: Any) -> int | None:
        user = self.identity(request)
        return None if user is None else user.id

    def permits(self, request: Any, context: Any, permission: str) -> Any:
        principals = principals_for(self.identity(request))
        if is_api_request(request):
            principals += token_principals(self.api_token(request))
        return self.acl.permits(context, principals, permission)

    # -- remember / forget ------------------------------------------------
    def _cookie(self, request: Any, value: str | None) -> list[tuple[str, str]]:
        cookie = make_cookie(
            self.settings.login_cookie_name,
            value,
            max_age=self.settings.session_max_age if value else 0,
            path="/",
            secure=self.settings.cookie_secure,
            httponly=True,
            samesite="Lax",
        )
        return [("Set-Cookie", cookie)]

    def remember(self, request: Any, userid: int, **kw: Any) -> list[tuple[str, str]]:
        """Start a login for ``userid``: a new row and a new cookie."""
        token = new_token()
        login = Login(token_hash=hash_token(token), user_id=userid)
        request.dbsession.add(login)
        self._cache.clear(request)
        return self._cookie(request, token)

    def forget(self, request: Any, **kw: Any) -> list[tuple[str, str]]:
        """End this browser's login on the server and clear the cookie."""
        login = self.login(request)
        if login is not None:
            request.dbsession.execute(delete(Login).where(Login.id == login.id))
        self._cache.clear(request)
        self._cache.set(request, None)
        return self._cookie(request, None)


def end_all_logins(dbsession: Any, user_id: int) -> None:
    """Log ``user_id`` out everywhere (password change, disabled account)."""
    dbsession.execute(delete(Login).where(Login.user_id == user_id))
