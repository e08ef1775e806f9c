"""What every kind of credential has in common: a row found once per request.

A credential names a database row (a login, an API token) whose ``user``
is the request's identity. :class:`CredentialPolicy` looks that row up at
most once per request and answers the dispatcher's two questions (who is
this, which principals do they hold); each kind of credential
(:mod:`.login_cookie`, :mod:`.bearer`) says how to find its row and what
principals, if any, the credential itself adds.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Generic, TypeVar

from pyramid.request import RequestLocalCache

from scratchpad.models import ApiToken, Login, User
from scratchpad.security.permissions import principals_for

# The rows a credential can name; each has the ``user`` it speaks for.
RowT = TypeVar("RowT", bound=Login | ApiToken)


class CredentialPolicy(ABC, Generic[RowT]):
    """One kind of credential, as the dispatcher in :mod:`.policy` sees it."""

    def __init__(self) -> None:
        self._cache = RequestLocalCache(self.load)

    @abstractmethod
    def load(self, request: Any) -> RowT | None:
        """Find the request's live row (uncached): each kind says how."""

    def credential(self, request: Any) -> RowT | None:
        """The request's live row, or None (looked up once per request)."""
        row: RowT | None = self._cache.get_or_create(request)
        return row

    def identity(self, request: Any) -> User | None:
        row = self.credential(request)
        return None if row is None else row.user

    def principals(self, request: Any) -> list[str]:
        return principals_for(self.identity(request))
