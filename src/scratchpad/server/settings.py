"""The server's settings: ``[server:main]`` of the ini file.

Parsed like the application's (:mod:`scratchpad.settings`): each is
overridable by ``SCRATCHPAD_<NAME>`` (``SCRATCHPAD_PORT=8080``), and the rest
of the section goes to the server (waitress or gunicorn) unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from scratchpad.settings import ENV_PREFIX, PREFIX, SettingsError, at_least, typed


@dataclass(frozen=True)
class ServerSettings:
    """Where and how ``pserve`` serves (see README "Running in production")."""

    host: str = "127.0.0.1"
    port: int = field(default=6543, metadata=at_least(1))
    workers: int = field(default=1, metadata=at_least(1))
    threads: int = field(default=4, metadata=at_least(1))
    worker_timeout: int = 30
    graceful_timeout: int = 30
    max_requests: int = 0
    max_requests_jitter: int = 0

    @property
    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def load_server_settings(
    local_conf: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> tuple[dict[str, Any], ServerSettings]:
    """Split ``[server:main]`` into the typed settings and the rest.

    ``listen = host:port`` (waitress's spelling) is read as ``host`` and
    ``port``; the environment wins over the file.
    """
    environ = os.environ if environ is None else environ
    rest = dict(local_conf)
    listen = str(rest.pop("listen", "") or "")
    if listen:
        listen_host, _, listen_port = listen.rpartition(":")
        rest.setdefault("host", listen_host.strip("[]"))
        rest.setdefault("port", listen_port)
    raw: dict[str, Any] = {}
    for setting in fields(ServerSettings):
        value = environ.get(ENV_PREFIX + setting.name.upper())
        from_file = rest.pop(setting.name, None)
        raw[PREFIX + setting.name] = from_file if value in (None, "") else value
    if str(raw[PREFIX + "workers"] or "").strip() == "auto":  # one per core
        raw[PREFIX + "workers"] = str(os.cpu_count() or 1)
    values = {setting.name: typed(raw, setting) for setting in fields(ServerSettings)}
    if values["port"] > 65535:
        raise SettingsError(f"{PREFIX}port must be at most 65535, not {values['port']}")
    values["host"] = values["host"].strip()
    return rest, ServerSettings(**values)
