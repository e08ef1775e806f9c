"""A MariaDB server of the test's own, to kill and restart.

As :class:`tests.support.throwaway.ThrowawayPostgres`: the shared test
server is never touched; Debian's ``mariadbd`` runs on a free 127.0.0.1
port with its data in a temporary folder, started by the current user
(``--user=root`` when that is root, which mariadbd otherwise refuses).
A missing binary is an error, never a skip. Every wait is bounded.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pymysql

from .databases import migrate
from .live import free_port

INSTALL = "mariadb-install-db"
SERVER = "/usr/sbin/mariadbd"
START_TIMEOUT = 60.0
DATABASE = "scratchpad"


class ThrowawayMariaDB:
    """``with ThrowawayMariaDB() as db:``; ``db.url`` is a migrated database;
    :meth:`kill` (SIGKILL) and :meth:`start` inject the fault."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="scratchpad-mariadb-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.as_root = ["--user=root"] if os.geteuid() == 0 else []
        self.log = self.folder / "mariadb.log"
        self.process: subprocess.Popen[bytes] | None = None
        subprocess.run(
            [
                INSTALL,
                "--no-defaults",  # no my.cnf of the machine's
                f"--datadir={self.data}",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                *self.as_root,
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        self.url = (
            f"mysql+pymysql://root@127.0.0.1:{self.port}/{DATABASE}?charset=utf8mb4"
        )

    def start(self) -> ThrowawayMariaDB:
        options = [
            "--no-defaults",
            f"--datadir={self.data}",
            f"--socket={self.folder / 'mariadb.sock'}",
            f"--port={self.port}",
            "--bind-address=127.0.0.1",
            f"--pid-file={self.folder / 'mariadb.pid'}",
            "--skip-log-bin",
            "--innodb-buffer-pool-size=32M",
            *self.as_root,
        ]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [SERVER, *options],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and self.process.poll() is None:
            with contextlib.suppress(pymysql.MySQLError):
                self.connect().close()
                return self
            time.sleep(0.1)
        raise AssertionError(f"mariadbd did not start:\n{self.log.read_text()}")

    def connect(self) -> Any:
        """A plain connection for the test itself (autocommit)."""
        return pymysql.connect(
            host="127.0.0.1",
            port=self.port,
            user="root",
            connect_timeout=2,
            autocommit=True,
        )

    def kill(self) -> None:
        """SIGKILL: no shutdown at all, clients cut off; InnoDB recovers
        from its log at the next :meth:`start`."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def __enter__(self) -> ThrowawayMariaDB:
        self.start()
        connection = self.connect()
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE DATABASE {DATABASE} CHARACTER SET utf8mb4")
        finally:
            connection.close()
        migrate(self.url)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.kill()
        shutil.rmtree(self.folder, ignore_errors=True)
