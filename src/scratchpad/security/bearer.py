"""The API's credential: an ``Authorization: Bearer`` token.

The token names a row of ``api_tokens`` (:mod:`scratchpad.accounts.tokens`
makes, checks and revokes them). A read-only token adds the principal
``token:read-only``, which the API's resources deny every write. A token
is made and revoked on the account page, never by the policy's
``remember`` or ``forget``.

This module does not decide whether a request is for the API: the
dispatcher in :mod:`scratchpad.security.policy` asks it only for API
requests, so a token never logs into the HTML site.
"""

from __future__ import annotations

from typing import Any

from pyramid.request import RequestLocalCache

from scratchpad.accounts.tokens import authenticate, bearer_token
from scratchpad.models import ApiToken, User
from scratchpad.security.permissions import principals_for, token_principals


class BearerTokenPolicy:
    """Who an API request speaks for, and what its token adds."""

    def __init__(self) -> None:
        self._cache = RequestLocalCache(self._load)

    def _load(self, request: Any) -> ApiToken | None:
        token = bearer_token(request.headers.get("Authorization"))
        return authenticate(request.dbsession, token)

    def token(self, request: Any) -> ApiToken | None:
        """The request's live :class:`ApiToken` row, or None (looked up once)."""
        token: ApiToken | None = self._cache.get_or_create(request)
        return token

    def identity(self, request: Any) -> User | None:
        token = self.token(request)
        return None if token is None else token.user

    def principals(self, request: Any) -> list[str]:
        return principals_for(self.identity(request)) + token_principals(
            self.token(request)
        )
