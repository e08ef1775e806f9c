"""Addresses that could mean two things are refused before anything reads them.

Whether a request is for the API or the HTML site, which credential counts
and whether a page may be shared are decided from where the request
resolves to (see :mod:`scratchpad.security.policy`). But the raw address
still reaches the front proxy, the access log and Pyramid's own path
predicates, and traversal collapses ``.`` and ``..`` segments and empty
segments while waitress decodes ``%2F`` into a real ``/``: a path that
*starts* with ``/api`` could then end up on the site, or the other way
round. Such addresses have no honest use (the site never builds one, and no
username may be ``.`` or ``..``), so :func:`paths_tween_factory` answers them
with a 400 before authentication, traversal or the transaction begin:

- an empty segment (``//``) anywhere but a trailing ``/``;
- a segment that is ``.`` or ``..`` in any spelling (``%2e``, ``%2E%2e``,
  and the same encoded twice), or holds ``/`` or ``\\`` in any spelling;
- a control character (NUL above all: PostgreSQL cannot store it) or bytes
  that are not UTF-8 in the path;
- a query string whose decoded bytes are not UTF-8 (WebOb would raise deep
  inside a view).

Both spellings of the path are checked: ``PATH_INFO`` as the server decoded
it and, when the server passes it on, the raw request target
(``REQUEST_URI`` from waitress, ``RAW_URI`` from gunicorn). The refusal is
JSON under ``/api/``, the site's own page elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

from scratchpad.api.errors import ApiError, error_response
from scratchpad.web.reliability import standalone_page

BAD_ADDRESS = "That address is not valid."
RAW_TARGETS = ("REQUEST_URI", "RAW_URI")
DECODING_ROUNDS = 3  # %2e, %252e, %25252e: each a dot to some decoder


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decoded(segment: bytes) -> bytes:
    """``segment`` percent-decoded until it stops changing (bounded)."""
    for _ in range(DECODING_ROUNDS):
        once = unquote_to_bytes(segment)
        if once == segment:
            break
        segment = once
    return segment


def bad_segment(segment: bytes) -> bool:
    plain = decoded(segment)
    return plain in (b".", b"..") or b"/" in plain or b"\\" in plain


def path_problem(path: bytes) -> bool:
    """True when ``path`` (raw or decoded, as bytes) is ambiguous or unusable."""
    plain = decoded(path)
    if any(byte < 0x20 or byte == 0x7F for byte in plain) or not is_utf8(plain):
        return True
    segments = path.split(b"/")
    if segments and segments[0] == b"":
        segments = segments[1:]  # the leading "/"
    if segments and segments[-1] == b"":
        segments = segments[:-1]  # a trailing "/" is fine
    return any(segment == b"" or bad_segment(segment) for segment in segments)


def target_path(target: str) -> bytes:
    """The path of a raw request target: origin form (``/a/b?q``) as sent,
    absolute form (``http://host/a/b``) without scheme and host."""
    raw = target.encode("latin-1", "replace")
    if not raw.startswith(b"/"):
        raw = urlsplit(raw).path
    path: bytes = raw.split(b"?", 1)[0].split(b"#", 1)[0]
    return path


def refusal(environ: dict[str, Any]) -> str | None:
    """Why the address of ``environ`` is refused, or None."""
    path = environ.get("PATH_INFO", "").encode("latin-1", "replace")
    if path_problem(path):
        return BAD_ADDRESS
    for name in RAW_TARGETS:
        target = environ.get(name)
        if target and path_problem(target_path(target)):
            return BAD_ADDRESS
    query = environ.get("QUERY_STRING", "").encode("latin-1", "replace")
    if not is_utf8(unquote_to_bytes(query.replace(b"+", b" "))):
        return "The address's query string is not UTF-8 text."
    return None


def refuse(request: Any, message: str) -> Any:
    path = request.environ.get("PATH_INFO", "")
    if path == "/api" or path.startswith("/api/"):
        return error_response(ApiError(400, message))
    return standalone_page(request, 400, "Bad request", message)


def paths_tween_factory(
    handler: Callable[[Any], Any], registry: Any
) -> Callable[[Any], Any]:
    def paths_tween(request: Any) -> Any:
        problem = refusal(request.environ)
        if problem is not None:
            return refuse(request, problem)
        return handler(request)

    return paths_tween
