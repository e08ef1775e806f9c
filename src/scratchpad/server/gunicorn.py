"""gunicorn with its settings from the ini file, not its command line, and
an access log whose every value is escaped (:mod:`scratchpad.web.logsafe`)."""

from __future__ import annotations

from typing import Any

import gunicorn.http.wsgi
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from scratchpad.web.logsafe import escape

# Long enough for any real request line or User-Agent, short enough that
# one request cannot write megabytes into the log.
ACCESS_VALUE_LIMIT = 2000


class EscapingLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger, with every text value of an access line escaped.

    The request line, Referer, User-Agent and any header named in the
    format come from the client: a control character could end the line.
    gunicorn itself escapes the ``"`` that would close a field early (so
    it is kept for it here), but not the backslash, which is.
    """

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> Any:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: escape(value, ACCESS_VALUE_LIMIT, keep='"')
            if isinstance(value, str)
            else value
            for key, value in atoms.items()
        }


class Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, app: Any, options: dict[str, Any], ident: str | None) -> None:
        self.application = app
        self.options = options
        if ident:
            # The Server header, as waitress's ``ident``: gunicorn has no
            # setting for it and reads this module constant per response.
            gunicorn.http.wsgi.SERVER = ident
        super().__init__()

    def load_config(self) -> None:
        if "control_socket_disable" in self.cfg.settings:
            # gunicorn >= 25.1 opens a control socket in $HOME, shared by
            # every gunicorn of the user; signals (systemctl reload) suffice.
            self.cfg.set("control_socket_disable", True)
        for name, value in self.options.items():
            self.cfg.set(name.lower(), value)

    def load(self) -> Any:
        return self.application
