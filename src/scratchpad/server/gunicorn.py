"""gunicorn with its settings from the ini file, not its command line."""

from __future__ import annotations

from typing import Any

import gunicorn.http.wsgi
from gunicorn.app.base import BaseApplication


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
