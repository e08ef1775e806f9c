"""A PostgreSQL server of the test's own, to stop, freeze and lock.

The shared test servers are never stopped or frozen: a fault test starts
:class:`ThrowawayPostgres` instead, Debian's binaries on a free 127.0.0.1
port with its data in a temporary folder, run by an unprivileged user when
the tests run as root (``initdb`` refuses root). Every wait is bounded.
The site may connect as a role that is no superuser (:meth:`add_role`), so
the connections PostgreSQL keeps for superusers stay the test's.
(:mod:`.throwaway_mariadb` is the same for MariaDB.)
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg

from .databases import migrate
from .live import free_port

BIN = Path("/usr/lib/postgresql/15/bin")
START_TIMEOUT = 30.0
UNPRIVILEGED = "nobody"
FAST = ("--no-sync", "-E", "UTF8", "--locale=C")


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def _as_user() -> dict[str, Any]:
    """Run as ``nobody`` when we are root; as ourselves otherwise."""
    if os.geteuid() != 0:
        return {}
    user = pwd.getpwnam(UNPRIVILEGED)
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


class ThrowawayPostgres:
    """``with ThrowawayPostgres(max_connections=20) as pg:``; ``pg.url`` is
    a migrated database; :meth:`freeze`, :meth:`thaw`, :meth:`crash` and
    :meth:`start` inject the faults."""

    def __init__(self, max_connections: int = 20) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="scratchpad-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.max_connections = max_connections
        self.user = _as_user()
        if self.user:
            os.chown(self.folder, self.user["user"], self.user["group"])
        self.log = self.folder / "postgres.log"
        self.process: subprocess.Popen[bytes] | None = None
        subprocess.run(
            [BIN / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust", *FAST],
            check=True,
            capture_output=True,
            timeout=120,
            **self.user,
        )
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> ThrowawayPostgres:
        settings = {
            "listen_addresses": "127.0.0.1",
            "port": str(self.port),
            "unix_socket_directories": str(self.folder),
            "max_connections": str(self.max_connections),
            "fsync": "off",
            "shared_buffers": "16MB",
        }
        options = [arg for k, v in settings.items() for arg in ("-c", f"{k}={v}")]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [BIN / "postgres", "-D", self.data, *options],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # one process group: freeze them all
                **self.user,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and self.process.poll() is None:
            with contextlib.suppress(psycopg.OperationalError):
                self.connect().close()
                return self
            time.sleep(0.1)
        raise AssertionError(f"postgres did not start:\n{self.log.read_text()}")

    def connect(self) -> psycopg.Connection[Any]:
        """A plain connection for the test itself (autocommit)."""
        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user="postgres",
            dbname="postgres",
            connect_timeout=2,
            autocommit=True,
        )

    def add_role(self, name: str = "scratchpad") -> str:
        """A login role that is no superuser (so it cannot use the
        connections kept for superusers), allowed what the site does to the
        migrated tables; returns its URL."""
        with self.connect() as connection:
            connection.execute(f"CREATE ROLE {name} LOGIN")
            connection.execute(
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES "
                f"IN SCHEMA public TO {name}"
            )
            connection.execute(
                "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES "
                f"IN SCHEMA public TO {name}"
            )
        return self.url.replace("//postgres@", f"//{name}@", 1)

    def _processes(self) -> list[int]:
        """The postmaster, then its children (each in a process group of its
        own: PostgreSQL's backends call setsid)."""
        assert self.process is not None
        return [self.process.pid, *children(self.process.pid)]

    def freeze(self) -> None:
        """Every process of the server stops answering (SIGSTOP)."""
        for pid in self._processes():  # the postmaster first: no new children
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in reversed(self._processes()):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)

    def _signal(self, number: int) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, number)

    def crash(self) -> None:
        """Immediate shutdown (SIGQUIT): no checkpoint, clients cut off."""
        assert self.process is not None
        self.thaw()
        self.process.send_signal(signal.SIGQUIT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def __enter__(self) -> ThrowawayPostgres:
        self.start()
        migrate(self.url)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.crash()
        shutil.rmtree(self.folder, ignore_errors=True)
