"""A lane of its own for ``/healthz``, so a stuck database cannot starve it.

``/healthz`` needs no database, but a server answers requests with a fixed
number of threads: when every one of them waits on a database that hangs,
a liveness probe would queue behind them, time out, and get every process
restarted for an outage that is not theirs. Both servers therefore give
the liveness probe one extra thread that nothing else uses:

- waitress: :class:`HealthLaneDispatcher` replaces its task dispatcher and
  hands a connection whose pending requests are all probes to the lane;
- gunicorn: :class:`scratchpad.server.gunicorn.HealthLaneWorker`, a gthread
  worker that peeks at a new request's first line before choosing a thread.

The lane runs the same application (the ``healthz`` view, which touches no
database), so the probe's answer and headers are the site's own.
"""

from __future__ import annotations

import logging
import re
import socket
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from waitress.task import ThreadedTaskDispatcher

log = logging.getLogger(__name__)

PROBE_PATH = "/healthz"
PROBE_METHODS = ("GET", "HEAD")
# The request line of a probe, as the bytes arrive (gunicorn's peek).
PROBE_LINE = re.compile(rb"(GET|HEAD) /healthz(\?[^ ]*)? HTTP/1\.[01]\r?\n")
PEEK_BYTES = 64


def is_probe(method: str, path: str) -> bool:
    return method in PROBE_METHODS and path == PROBE_PATH


def peek(sock: socket.socket) -> bytes | None:
    """The first bytes waiting on ``sock``, left there; None if none yet."""
    try:
        return sock.recv(PEEK_BYTES, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except BlockingIOError:
        return None
    except OSError:  # the thread that reads it will find out
        return b""


def is_probe_line(head: bytes | None) -> bool:
    return head is not None and PROBE_LINE.match(head) is not None


class HealthLaneDispatcher(ThreadedTaskDispatcher):  # type: ignore[misc]
    """waitress's thread pool, plus one thread for liveness probes."""

    def __init__(self, threads: int) -> None:
        super().__init__()
        self.set_thread_count(threads)
        self.lane = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz")

    def add_task(self, task: Any) -> None:
        # ``task`` is the channel, called with its requests lock held.
        pending = getattr(task, "requests", None)
        if pending and all(is_probe(r.command, r.path) for r in pending):
            self.lane.submit(self._service, task)
        else:
            super().add_task(task)

    @staticmethod
    def _service(task: Any) -> None:
        try:
            task.service()
        except Exception:  # as waitress's own threads do
            log.exception("exception when servicing %r", task)

    def shutdown(self, cancel_pending: bool = True, timeout: int = 5) -> bool:
        self.lane.shutdown(wait=False)
        stopped: bool = super().shutdown(cancel_pending, timeout)
        return stopped


def create_waitress_server(app: Any, threads: int, **adjustments: Any) -> Any:
    """``waitress.create_server`` with the health lane."""
    import waitress

    return waitress.create_server(
        app,
        threads=threads,
        _dispatcher=HealthLaneDispatcher(threads),
        **adjustments,
    )
