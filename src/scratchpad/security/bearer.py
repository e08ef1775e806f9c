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

from scratchpad.accounts.tokens import authenticate, bearer_token
from scratchpad.models import ApiToken
from scratchpad.security.credentials import CredentialPolicy
from scratchpad.security.permissions import token_principals


class BearerTokenPolicy(CredentialPolicy[ApiToken]):
    """Who an API request speaks for, and what its token adds."""

    def load(self, request: Any) -> ApiToken | None:
        token = bearer_token(request.headers.get("Authorization"))
        return authenticate(request.dbsession, token)

    def principals(self, request: Any) -> list[str]:
        return super().principals(request) + token_principals(self.credential(request))
