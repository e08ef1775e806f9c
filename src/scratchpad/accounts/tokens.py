"""API tokens: making, checking and revoking them.

A token is ``sp_`` followed by a login token's 43 URL-safe characters (256
random bits, :func:`scratchpad.models.login.new_token`); the prefix lets
secret scanners and people recognise one. Only its SHA-256 is stored
(:class:`~scratchpad.models.ApiToken`), so the plain token exists only in
the output of :func:`create_token`.

These functions take a SQLAlchemy session and never commit: the request's
transaction (or a console script's) decides. They are what the account page
and ``manage_users token`` / ``revoke-token`` call.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from scratchpad.models import ApiToken, User, utcnow
from scratchpad.models.login import hash_token, new_token

PREFIX = "sp_"
# The longest header value worth hashing; anything longer is not a token.
MAX_TOKEN_LENGTH = 128
# Record last use at most this often: no database write on every API call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def create_token(dbsession: Session, user: User, read_only: bool = False) -> str:
    """Make a token for ``user`` and return it: the only time it is seen."""
    token = PREFIX + new_token()
    dbsession.add(
        ApiToken(token_hash=hash_token(token), user=user, read_only=read_only)
    )
    return token


def list_tokens(dbsession: Session, user_id: int) -> list[ApiToken]:
    """``user_id``'s tokens, oldest first (for the account page)."""
    query = select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)
    return list(dbsession.scalars(query))


def revoke_token(dbsession: Session, user_id: int, token_id: int) -> bool:
    """Revoke one of ``user_id``'s tokens; False if they have no such token."""
    result: Any = dbsession.execute(
        delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id)
    )
    return bool(result.rowcount)


def revoke_all_tokens(dbsession: Session, user_id: int) -> int:
    """Revoke every token of ``user_id``; returns how many there were."""
    result: Any = dbsession.execute(delete(ApiToken).where(ApiToken.user_id == user_id))
    return int(result.rowcount or 0)


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, if any."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return token


def authenticate(dbsession: Session, token: str | None) -> ApiToken | None:
    """The live :class:`ApiToken` for ``token``, or None.

    A token of a disabled user authenticates nobody. Last use is recorded
    (to the minute) so the account page can show stale tokens.
    """
    if not token or not token.startswith(PREFIX) or len(token) > MAX_TOKEN_LENGTH:
        return None
    row = dbsession.scalar(
        select(ApiToken).where(ApiToken.token_hash == hash_token(token))
    )
    if row is None or row.user.disabled:
        return None
    now = utcnow()
    if row.last_used is None or now - row.last_used > LAST_USED_RESOLUTION:
        row.last_used = now
    return row
