"""Form bodies a view can read: UTF-8, and in a shape WebOb can parse.

Every unsafe request to the HTML site passes :func:`require_readable_form`
before its CSRF token is read (:mod:`scratchpad.security.csrf`), so no view
ever meets a body that would make WebOb raise or quietly mangle text:

- a ``charset`` other than UTF-8 in the ``Content-Type`` (WebOb would
  transcode it, or raise for a charset it does not know);
- a multipart body without a boundary, or with one RFC 2046 does not allow
  (empty, over 70 characters, characters outside its small alphabet);
- bytes that are not UTF-8 (WebOb replaces them with U+FFFD, which would
  store mangled text);
- anything else the form parser cannot read.

Each is a 400 with a short message; nothing has been read or stored.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

from pyramid.httpexceptions import HTTPBadRequest

URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
NOT_UTF8 = "The form was not sent as UTF-8 text."
UNREADABLE = "The form could not be read."
UTF8_NAMES = frozenset({"utf-8", "utf8"})
PARAMETER = re.compile(r';\s*([A-Za-z0-9_-]+)\s*=\s*("[^"]*"|[^;]*)')
# RFC 2046 section 5.1.1: 1 to 70 characters of this alphabet, no final space.
BOUNDARY = re.compile(r"[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]\Z")


def content_type_parameters(request: Any) -> dict[str, str]:
    """The parameters of the request's ``Content-Type`` (names lower-cased)."""
    header = request.headers.get("Content-Type", "")
    return {
        name.lower(): value.strip().strip('"')
        for name, value in PARAMETER.findall(header)
    }


def require_readable_form(request: Any) -> None:
    """Refuse with a 400 a form body that cannot be read as UTF-8 text."""
    if request.content_type not in (URLENCODED, MULTIPART):
        return
    parameters = content_type_parameters(request)
    charset = parameters.get("charset")
    if charset is not None and charset.lower() not in UTF8_NAMES:
        raise HTTPBadRequest(NOT_UTF8)
    if request.content_type == URLENCODED:
        try:
            parse_qsl(
                request.body.decode("ascii"),
                keep_blank_values=True,
                encoding="utf-8",
                errors="strict",
            )
        except UnicodeDecodeError:
            raise HTTPBadRequest(NOT_UTF8) from None
        return
    if not BOUNDARY.match(parameters.get("boundary", "")):
        raise HTTPBadRequest(UNREADABLE)
    try:
        values = list(request.POST.values())
    except Exception:  # whatever the form parser chokes on came from the client
        raise HTTPBadRequest(UNREADABLE) from None
    replaced = any(isinstance(value, str) and "\ufffd" in value for value in values)
    if replaced and b"\xef\xbf\xbd" not in request.body:
        raise HTTPBadRequest(NOT_UTF8)
