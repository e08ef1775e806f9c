"""The servers: waitress for development, gunicorn for production.

Both are ``paste.server_factory`` entry points, so pserve calls them before
it loads the app: the settings are read (``[server:main]``, then
``SCRATCHPAD_HOST``, ``SCRATCHPAD_PORT``, ``SCRATCHPAD_WORKERS``…) and the
port is tried there, and a mistake stops pserve with one line. What they
return serves the app.

Each keeps one more thread for ``/healthz`` (see :mod:`.health`). gunicorn
runs ``workers`` processes of ``threads`` threads each, all on one address:
the app is loaded once in the master and the workers are forked from it.
It does not read ``X-Forwarded-*`` headers into the WSGI environment, so
the app is wrapped in waitress's proxy-header middleware,
configured by the same ``trusted_proxy*`` settings waitress itself uses:
the two servers see a proxied request identically.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import socket
import sys
from collections.abc import Callable
from configparser import ConfigParser
from typing import Any

from scratchpad.server.health import create_waitress_server
from scratchpad.server.settings import ServerSettings, load_server_settings
from scratchpad.server.startup import refuse, started
from scratchpad.settings import SettingsError

# Apache's combined format, then the request id (see .requestid).
ACCESS_LOG_FORMAT = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %({x-request-id}o)s'
)
PROXY_SETTINGS = (
    "trusted_proxy",
    "trusted_proxy_count",
    "trusted_proxy_headers",
    "clear_untrusted_proxy_headers",
)


def check_port(server: ServerSettings) -> None:
    """Refuse now, in one line, an address another server holds."""
    try:
        addresses = socket.getaddrinfo(
            server.host, server.port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except socket.gaierror as error:
        raise refuse(f"cannot listen on {server.address}: {error.strerror}") from None
    for family, kind, proto, _, address in addresses:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as error:
                hint = (
                    ": another server is using it; stop it or choose another "
                    "port with SCRATCHPAD_PORT (make serve PORT=...)"
                    if error.errno == errno.EADDRINUSE
                    else ""
                )
                raise refuse(
                    f"cannot listen on {server.address}: {error.strerror}{hint}"
                ) from None


def read_settings(local_conf: dict[str, Any]) -> tuple[dict[str, Any], ServerSettings]:
    try:
        rest, server = load_server_settings(local_conf)
    except SettingsError as error:
        raise refuse(str(error)) from None
    check_port(server)
    return rest, server


def waitress_server(
    global_conf: dict[str, Any], **local_conf: Any
) -> Callable[[Any], None]:
    rest, server = read_settings(local_conf)

    def serve(app: Any) -> None:
        import waitress

        started(app, server, "waitress")
        waitress.serve(
            app,
            listen=server.address,
            threads=server.threads,
            _server=create_waitress_server,  # and a thread for /healthz
            **rest,
        )

    return serve


def gunicorn_server(
    global_conf: dict[str, Any], **local_conf: Any
) -> Callable[[Any], None]:
    rest, server = read_settings(local_conf)
    proxy = {name: rest.pop(name) for name in PROXY_SETTINGS if name in rest}
    config_file = str(global_conf.get("__file__", ""))

    def serve(app: Any) -> None:
        from scratchpad.server.gunicorn import HEALTH_LANE_WORKER, Gunicorn

        started(app, server, "gunicorn")
        options = {
            "bind": server.address,
            "worker_class": HEALTH_LANE_WORKER,  # and a thread for /healthz
            "workers": server.workers,
            "threads": server.threads,
            "timeout": server.worker_timeout,
            "graceful_timeout": server.graceful_timeout,
            "max_requests": server.max_requests,
            "max_requests_jitter": server.max_requests_jitter,
            "access_log_format": ACCESS_LOG_FORMAT,
            "logger_class": "scratchpad.server.gunicorn.EscapingLogger",
            **rest,
        }
        if has_logging(config_file):
            options["logconfig"] = config_file
        ident = options.pop("ident", None)
        try:
            Gunicorn(behind_proxy(app, proxy), options, ident).run()
        except SystemExit as stop:
            # pserve would report any exit as "Exiting" with status 0; a
            # supervisor must see gunicorn's own failure status.
            code = stop.code if isinstance(stop.code, int) else 1
            if code:
                logging.shutdown()
                sys.stderr.flush()
                os._exit(code)

    return serve


def has_logging(config_file: str) -> bool:
    parser = ConfigParser()
    with contextlib.suppress(OSError):
        parser.read(config_file)
    return parser.has_section("loggers")


def behind_proxy(app: Any, proxy: dict[str, Any]) -> Any:
    """The app reading X-Forwarded-* from ``trusted_proxy`` only, as waitress."""
    if not proxy.get("trusted_proxy"):
        return app
    from waitress.proxy_headers import proxy_headers_middleware

    headers = {
        name.lower() for name in str(proxy.get("trusted_proxy_headers", "")).split()
    }
    return proxy_headers_middleware(
        app,
        trusted_proxy=proxy["trusted_proxy"],
        trusted_proxy_count=int(proxy.get("trusted_proxy_count", 1)),
        trusted_proxy_headers=headers,
        clear_untrusted=str(proxy.get("clear_untrusted_proxy_headers", "true")).lower()
        in ("1", "true", "yes", "on"),
    )
