"""A request id for every request: in the response's ``X-Request-Id``
header, the access log (``%({x-request-id}o)s``) and the 500 pages, so the
one request a visitor reports can be found in the logs.

A proxy's own id (nginx: ``proxy_set_header X-Request-Id $request_id``) is
kept when it looks like one, so the proxy's log and ours agree; anything
else is replaced by a fresh random id.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from pyramid.events import NewResponse

HEADER = "X-Request-Id"
LOOKS_LIKE_AN_ID = re.compile(r"[A-Za-z0-9._-]{8,64}\Z")


def request_id(request: Any) -> str:
    incoming = str(request.headers.get(HEADER, ""))
    return incoming if LOOKS_LIKE_AN_ID.match(incoming) else secrets.token_hex(6)


def add_header(event: Any) -> None:
    event.response.headers[HEADER] = event.request.request_id


def includeme(config: Any) -> None:
    config.add_request_method(request_id, "request_id", reify=True)
    config.add_subscriber(add_header, NewResponse)
