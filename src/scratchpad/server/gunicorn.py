"""gunicorn with its settings from the ini file, not its command line, and
workers that keep a thread for liveness probes (see :mod:`.health`)."""

from __future__ import annotations

from concurrent import futures
from typing import Any

import gunicorn.http.wsgi
from gunicorn.app.base import BaseApplication
from gunicorn.workers import gthread

from scratchpad.server.health import is_probe_line, peek

HEALTH_LANE_WORKER = "scratchpad.server.gunicorn.HealthLaneWorker"


class HealthLaneWorker(gthread.ThreadWorker):  # type: ignore[misc]
    """A gthread worker with one more thread, for ``/healthz`` only.

    gthread hands a new connection to its thread pool at once; this one
    first peeks at the request line (a connection with nothing to read yet
    waits on the worker's poller, as gthread does with a slow client), so a
    probe never queues behind requests that wait on the database.
    """

    def init_process(self) -> None:
        self.health_lane = futures.ThreadPoolExecutor(1, thread_name_prefix="healthz")
        super().init_process()  # runs the worker until it stops

    def enqueue_req(self, conn: Any) -> None:
        head = peek(conn.sock)
        if head is None and not conn.initialized and not conn.data_ready:
            waiting: futures.Future[Any] = futures.Future()
            waiting.set_result(gthread._DEFER)
            self.finish_request(conn, waiting)  # back when it is readable
        elif is_probe_line(head):
            done = self.health_lane.submit(self.handle, conn)
            done.add_done_callback(
                lambda fut: self.method_queue.defer(self.finish_request, conn, fut)
            )
        else:
            super().enqueue_req(conn)


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
