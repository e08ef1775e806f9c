"""The JSON API under ``/api/``: the same comments under the same ACLs as
the HTML site, authenticated by bearer tokens.

- :mod:`.views`: the endpoints;
- :mod:`.errors`: every failure as JSON, never HTML or a traceback;
- :mod:`.openapi`: the OpenAPI 3.1 description served at
  ``/api/openapi.json``, which the tests validate every response against.
"""

from __future__ import annotations

from typing import Any


def includeme(config: Any) -> None:
    config.scan(".")
