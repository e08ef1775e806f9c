"""Who the user is, what they may do, and protection against forged requests.

- Authentication: a random token in an HttpOnly, SameSite=Lax cookie names a
  row of the ``logins`` table (see :mod:`scratchpad.models.login`). The
  policy looks it up on every request, so deleting the row (logout) makes
  every copy of the cookie worthless at once.
- Authorization: Pyramid's :class:`~pyramid.authorization.ACLHelper` over the
  ``__acl__`` of the resource tree (:mod:`scratchpad.resources`). Views name
  a :class:`Permission`; a view that names none is refused to everyone.
- CSRF: a per-session synchronizer token (256 random bits) kept in a signed
  session cookie, plus an Origin/Referer check, required on every unsafe
  request and checked *before* permissions, so a forged request is a 400
  whoever sends it.
- API tokens: under ``/api/`` (and only there) the identity comes from an
  ``Authorization: Bearer`` token (:mod:`scratchpad.tokens`) and never from
  a cookie, so the API needs no CSRF token and a token never logs into the
  HTML site. A read-only token adds the principal ``token:read-only``, which
  the API's resources deny every write.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from pyramid.authorization import ACLHelper, Authenticated, Everyone
from pyramid.csrf import SessionCSRFStoragePolicy, check_csrf_token, new_csrf_token
from pyramid.events import NewResponse
from pyramid.exceptions import BadCSRFOrigin
from pyramid.httpexceptions import HTTPBadRequest
from pyramid.interfaces import ISecurityPolicy
from pyramid.request import RequestLocalCache
from pyramid.session import SignedCookieSessionFactory
from pyramid.viewderivers import INGRESS
from sqlalchemy import delete, select
from webob.cookies import make_cookie
from zope.interface import implementer

from .models import ApiToken, Login, User, utcnow
from .models.login import hash_token, new_token
from .settings import Settings, get_settings
from .tokens import authenticate, bearer_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Refresh a login's last_seen at most this often: idle timeouts stay exact
# to within a minute without a database write on every request.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)
# No ACL grants this, so a view that forgets ``permission=`` fails closed.
UNDECLARED_PERMISSION = "undeclared"


class Permission(enum.StrEnum):
    VIEW = "view"
    POST = "post"
    EDIT = "edit"
    DELETE = "delete"
    ACCOUNT = "account"  # one's own account page: password change and so on
    # Tokens, log out everywhere, delete the account: not for a login that
    # must first replace a one-time password.
    MANAGE_ACCOUNT = "manage-account"
    # A moderator's soft delete of someone's comment.
    MODERATE = "moderate"
    # Exemption from the per-user posting limit (see scratchpad.flood).
    POST_UNLIMITED = "post-unlimited"


def user_principal(user_id: int) -> str:
    return f"user:{user_id}"


def group_principal(name: str) -> str:
    return f"group:{name}"


ADMINS = group_principal("admins")
# A login whose password is a generated one-time password: it may only
# choose a new password (resources.Account), nothing else a user may do.
PASSWORD_CHANGE_REQUIRED = "role:password-change-required"  # noqa: S105


# -- API tokens -------------------------------------------------------------
API_PATH = "/api"
# The principal of a request made with a read-only API token.
READ_ONLY_TOKEN = "token:read-only"  # noqa: S105 - a principal, not a secret


def is_api_request(request: Any) -> bool:
    """Whether ``request`` is for the JSON API (token auth, no cookies)."""
    # The raw WSGI path: request.path_info would fail on bytes that are not
    # UTF-8, and this runs even for the error page of such a request.
    path = request.environ.get("PATH_INFO", "")
    return path == API_PATH or path.startswith(API_PATH + "/")


def token_principals(token: ApiToken | None) -> list[str]:
    """The principals a token adds to its user's."""
    return [READ_ONLY_TOKEN] if token is not None and token.read_only else []


# ---------------------------------------------------------------------------


def principals_for(user: User | None) -> list[str]:
    """The principals ACLs are matched against for ``user`` (or nobody)."""
    if user is None:
        return [Everyone]
    if user.must_change_password:
        return [Everyone, PASSWORD_CHANGE_REQUIRED]
    principals = [Everyone, Authenticated, user_principal(user.id)]
    if user.is_admin:
        principals.append(ADMINS)
    return principals


def _derive_key(secret: str, purpose: str) -> str:
    """A separate key per use of the one configured secret.

    Pyramid warns that sharing one secret between signing systems weakens
    both; HMAC derivation gives independent keys from one setting.
    """
    return hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).hexdigest()


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
        login = request.dbsession.scalar(
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
        return self._cache.get_or_create(request)

    def _load_token(self, request: Any) -> ApiToken | None:
        if not is_api_request(request):
            return None  # a token never logs into the HTML site
        token = bearer_token(request.headers.get("Authorization"))
        return authenticate(request.dbsession, token)

    def api_token(self, request: Any) -> ApiToken | None:
        """The request's :class:`ApiToken` row (API requests only), or None."""
        return self._token_cache.get_or_create(request)

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


def fresh_session(request: Any) -> None:
    """Drop the anonymous session and its CSRF token (no session fixation)."""
    request.session.invalidate()
    new_csrf_token(request)  # through CSRFStoragePolicy: 256 bits


# -- CSRF -------------------------------------------------------------------
class CSRFStoragePolicy(SessionCSRFStoragePolicy):
    """Pyramid's session-bound CSRF token, with 256 bits from ``secrets``
    instead of a 122-bit UUID."""

    _token_factory = staticmethod(lambda: secrets.token_urlsafe(32))


def check_origin(request: Any) -> None:
    """Refuse an unsafe request whose Origin (or Referer) is another site.

    Pyramid's own check only runs over https; this one runs always, against
    the scheme and host of the request: ``scratchpad.base_url`` when set
    (see :mod:`scratchpad.baseurl`), otherwise what the WSGI server reports
    (behind a TLS proxy, waitress must then trust its X-Forwarded-* headers).
    A browser's ``Sec-Fetch-Site: cross-site`` is refused outright.
    """
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        # Fetch Metadata: the browser itself says another site sent this.
        raise BadCSRFOrigin("request sent by another site (Sec-Fetch-Site)")
    origin = request.headers.get("Origin")
    if origin is None:
        referrer = request.headers.get("Referer")
        if not referrer:
            if request.scheme == "https":
                # Browsers always send Origin with a POST over https.
                raise BadCSRFOrigin("request without Origin or Referer")
            return  # plain http (development): the token check alone decides
        parts = urlsplit(referrer)
        origin = f"{parts.scheme}://{parts.netloc}"
    if origin.rstrip("/") != request.host_url:
        raise BadCSRFOrigin(f"request from another site ({origin[:100]!r})")


def require_utf8_form(request: Any) -> None:
    """Refuse a form body that is not UTF-8 with a 400.

    WebOb quietly replaces undecodable bytes with U+FFFD, which would store
    mangled text; a body that does not decode strictly is refused instead.
    """
    if request.content_type == "application/x-www-form-urlencoded":
        try:
            parse_qsl(
                request.body.decode("ascii"),
                keep_blank_values=True,
                encoding="utf-8",
                errors="strict",
            )
        except UnicodeDecodeError:
            raise HTTPBadRequest("The form was not sent as UTF-8 text.") from None
    elif request.content_type == "multipart/form-data":
        replaced = any(
            isinstance(value, str) and "\ufffd" in value
            for value in request.POST.values()
        )
        if replaced and b"\xef\xbf\xbd" not in request.body:
            raise HTTPBadRequest("The form was not sent as UTF-8 text.")


def csrf_first_view(view: Any, info: Any) -> Any:
    """A view deriver above ``secured_view``: CSRF before permissions.

    Every unsafe request needs the token unless the view opts out with
    ``require_csrf=False`` (only the token-authenticated API may). It also
    turns a form body that is not UTF-8 into a clean 400 before anything
    else reads it.
    """
    if info.options.get("require_csrf") is False or info.exception_only:
        return view

    def wrapper(context: Any, request: Any) -> Any:
        if request.method not in SAFE_METHODS:
            require_utf8_form(request)
            check_origin(request)
            check_csrf_token(request, raises=True)
        return view(context, request)

    return wrapper


PRIVATE_NO_STORE = "private, no-store"


def no_store_when_logged_in(event: Any) -> None:
    """``Cache-Control: private, no-store`` for pages seen logged in or
    setting cookies.

    A shared cache (or the browser's back button after logout) must never
    keep a page holding someone's name or CSRF token. Decided from the
    cookie alone: the transaction is already over when this runs. Static
    files keep their own caching.
    """
    request, response = event.request, event.response
    route = getattr(request, "matched_route", None)
    if route is not None and route.name.startswith("__"):
        return
    cookie_name = get_settings(request.registry).login_cookie_name
    if cookie_name in request.cookies or "Set-Cookie" in response.headers:
        response.headers["Cache-Control"] = PRIVATE_NO_STORE


def includeme(config: Any) -> None:
    settings = get_settings(config.registry)
    config.set_security_policy(SecurityPolicy(settings))
    config.set_default_permission(UNDECLARED_PERMISSION)
    config.set_session_factory(
        SignedCookieSessionFactory(
            _derive_key(settings.secret, "session"),
            cookie_name=settings.session_cookie_name,
            secure=settings.cookie_secure,
            httponly=True,
            samesite="Lax",
            hashalg="sha512",
            timeout=None,  # lives as long as the browser session
        )
    )
    config.set_csrf_storage_policy(CSRFStoragePolicy())
    config.add_view_deriver(csrf_first_view, under=INGRESS, over="secured_view")
    config.add_subscriber(no_store_when_logged_in, NewResponse)
    config.add_request_method(
        lambda request: request.registry.getUtility(ISecurityPolicy).login(request),
        "login_row",
        reify=True,
    )
