"""One escaping rule for every value a request can put into a log line.

Log lines are read by people and by log watchers (fail2ban and the like)
that trust one line to be one event. A visitor controls paths, query
strings, usernames, headers and form fields; written as they came, a CR or
LF would start a fake line (a "login succeeded", or failures that get a
third party banned) and an ANSI escape could rewrite a terminal. So every
request-derived value goes through :func:`escape` before it reaches a
logger: the security log (:mod:`scratchpad.security.audit`), the error logs
(:mod:`scratchpad.views.errors`, :mod:`scratchpad.api.errors`,
:mod:`scratchpad.web.reliability`) and gunicorn's access log
(:mod:`scratchpad.server.gunicorn`).

The result is printable ASCII only. Control characters and anything beyond
ASCII become ``\\xNN``, ``\\uNNNN`` or ``\\UNNNNNNNN``; the backslash itself
and both quote characters are escaped too, so escaped text can never be
mistaken for literal text, nor close a quoted field early.
"""

from __future__ import annotations

from typing import Any

FIRST_PRINTABLE = 0x20
DEL = 0x7F
QUOTED = "\\\"'"  # the backslash, then the two quotes


def escape_char(char: str) -> str:
    code = ord(char)
    if char in QUOTED:
        return "\\" + char
    if FIRST_PRINTABLE <= code < DEL:
        return char
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape(value: object, limit: int = 200, keep: str = "") -> str:
    """``value`` (its first ``limit`` characters) as one safe line: ``-``
    for None, as in the access log. A quote character in ``keep`` is left
    for the caller to escape (gunicorn escapes ``"`` itself)."""
    if value is None:
        return "-"
    text = value if isinstance(value, str) else str(value)
    return "".join(
        char if char in keep and char in QUOTED[1:] else escape_char(char)
        for char in text[:limit]
    )


class Escaped(str):
    """Text already escaped here: a log line may take it as it is."""


def quoted(value: object, limit: int = 128) -> Escaped:
    """``value`` escaped and in single quotes (``-`` for None)."""
    return Escaped("-" if value is None else f"'{escape(value, limit)}'")


def raw_path(request: Any) -> str:
    """The request's path for a log line, escaped.

    Read from the WSGI environ: ``request.path`` raises for a path that is
    not UTF-8, and this must work for the error page of such a request.
    The environ holds the bytes as latin-1 characters, so each byte beyond
    ASCII shows as its own ``\\xNN``.
    """
    return escape(request.environ.get("PATH_INFO", ""))
