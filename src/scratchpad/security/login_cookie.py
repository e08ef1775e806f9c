"""The HTML site's credential: a login cookie naming a row on the server.

A random token in an HttpOnly, SameSite=Lax cookie names a row of the
``logins`` table (see :mod:`scratchpad.models.login`). The row is looked up
on every request, so deleting it (logout, "log out everywhere", a disabled
account) makes every copy of the cookie worthless at once. A login ends
after ``scratchpad.session_idle_timeout`` without a request or
``scratchpad.session_max_age`` after it began, whichever comes first.

A credential change (password, disable, log out everywhere:
:func:`end_all_logins`) both deletes the user's rows and raises
``users.credentials_version``. Each row keeps the version it was made
under, read *before* the password was checked, so a login whose check
raced a credential change and whose row was committed after it is refused
on its first use, on every backend, without any lock.

This module is the only one that reads, writes or deletes ``logins`` rows.
It does not decide whether a request's cookie counts: the dispatcher in
:mod:`scratchpad.security.policy` asks it only for requests of the site.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from webob.cookies import make_cookie

from scratchpad.models import Login, User, utcnow
from scratchpad.models.login import hash_token, new_token
from scratchpad.security.credentials import CredentialPolicy
from scratchpad.settings import Settings

# Refresh a login's last_seen at most this often: idle timeouts stay exact
# to within a minute without a database write on every request.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)
# Longer than any token new_token() makes: not worth a query.
MAX_COOKIE_LENGTH = 128
# Built once: every logged-in request runs it.
BY_TOKEN_HASH = select(Login).where(Login.token_hash == bindparam("token_hash"))


class LoginCookiePolicy(CredentialPolicy[Login]):
    """Who a browser is logged in as, and starting and ending its login."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def load(self, request: Any) -> Login | None:
        token = request.cookies.get(self.settings.login_cookie_name)
        if not token or len(token) > MAX_COOKIE_LENGTH:
            return None
        login: Login | None = request.dbsession.scalar(
            BY_TOKEN_HASH, {"token_hash": hash_token(token)}
        )
        if login is None or login.user.disabled:
            return None
        if login.credentials_version != login.user.credentials_version:
            request.dbsession.delete(login)  # made before a credential change
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

    def remember(self, request: Any, userid: int, **kw: Any) -> list[tuple[str, str]]:
        """Start a login for ``userid``: a new row and a new cookie.

        ``credentials_version`` is the user's version when their password
        was checked (default: as it is now, in this transaction).
        """
        version = kw.get("credentials_version")
        if version is None:
            version = request.dbsession.scalar(
                select(User.credentials_version).where(User.id == userid)
            )
        token = new_token()
        request.dbsession.add(
            Login(
                token_hash=hash_token(token),
                user_id=userid,
                credentials_version=version,
            )
        )
        self._cache.clear(request)
        return self.cookie(token)

    def forget(self, request: Any, **kw: Any) -> list[tuple[str, str]]:
        """End this browser's login on the server and clear the cookie."""
        login = self.credential(request)
        if login is not None:
            request.dbsession.execute(delete(Login).where(Login.id == login.id))
        self._cache.clear(request)
        self._cache.set(request, None)
        return self.cookie(None)

    def cookie(self, value: str | None) -> list[tuple[str, str]]:
        """The ``Set-Cookie`` header carrying ``value`` (None: clear it)."""
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


def end_all_logins(dbsession: Any, user_id: int) -> None:
    """Log ``user_id`` out everywhere (password change, disabled account),
    including any login being made at this moment: see the module doc."""
    dbsession.execute(
        update(User)
        .where(User.id == user_id)
        .values(credentials_version=User.credentials_version + 1)
        .execution_options(synchronize_session=False)
    )
    dbsession.execute(delete(Login).where(Login.user_id == user_id))
