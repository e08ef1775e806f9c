"""The real application on a real HTTP server, for the browser to talk to.

A template SQLite database is made once per run by the ``initialize_db``
console script (as an operator would, with ``SCRATCHPAD_ADMIN_PASSWORD``
set); every test gets its own copy of that file and its own waitress server
on a free 127.0.0.1 port, in a thread of the test process. So each test
starts from a site with one user, ``admin``, and no comments.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import transaction
from sqlalchemy import func, select
from waitress.server import create_server

from scratchpad import main
from scratchpad.accounts.passwords import hash_password
from scratchpad.models import (
    Comment,
    User,
    get_session_factory,
    get_tm_session,
    utcnow,
)

ROOT = Path(__file__).resolve().parents[2]
ADMIN = "admin"
ADMIN_PASSWORD = "a browser-test password 42"
SECRET = "browser-test-secret-" + "x" * 40
ROUNDS = 4
STOP_TIMEOUT = 10  # seconds to wait for the server thread to end

INI_TEMPLATE = """\
[app:main]
use = egg:scratchpad
sqlalchemy.url = {url}
scratchpad.secret = {secret}
scratchpad.testing = true
scratchpad.bcrypt_rounds = {rounds}

[alembic]
script_location = {root}/alembic
file_template = %%(rev)s_%%(slug)s
"""


def settings_for(url: str) -> dict[str, str]:
    return {
        "sqlalchemy.url": url,
        "scratchpad.secret": SECRET,
        "scratchpad.testing": "true",
        "scratchpad.bcrypt_rounds": str(ROUNDS),
    }


def make_template(folder: Path) -> Path:
    """Run ``initialize_db`` on an empty file; fail loudly if it fails."""
    database, _ = _initialize(folder, ADMIN_PASSWORD)
    return database


def make_fresh_install(folder: Path) -> tuple[Path, str]:
    """``initialize_db`` with no admin password given, as on a new install.

    It generates a one-time password and prints it; that printed password
    (read here as the operator would) is returned with the database.
    """
    database, output = _initialize(folder, None)
    found = re.search(r"with password (\S+)", output)
    assert found, f"initialize_db printed no password:\n{output}"
    return database, found.group(1)


def _initialize(folder: Path, admin_password: str | None) -> tuple[Path, str]:
    database = folder / "template.sqlite"
    ini = folder / "browser.ini"
    ini.write_text(
        INI_TEMPLATE.format(
            url=f"sqlite:///{database}", secret=SECRET, rounds=ROUNDS, root=ROOT
        )
    )
    script = Path(sys.executable).with_name("initialize_db")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRATCHPAD_")}
    if admin_password is not None:
        env["SCRATCHPAD_ADMIN_PASSWORD"] = admin_password
    done = subprocess.run(
        [str(script), str(ini)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"initialize_db failed:\n{done.stderr}"
    return database, done.stdout


@dataclass
class LiveServer:
    """One running copy of the site: its URL and its database."""

    url: str
    database_url: str
    app: Any
    _server: Any = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    @classmethod
    def start(cls, template: Path) -> LiveServer:
        database = template.with_name(f"{uuid.uuid4().hex}.sqlite")
        shutil.copyfile(template, database)
        database_url = f"sqlite:///{database}"
        app = main({}, **settings_for(database_url))
        server = create_server(app, host="127.0.0.1", port=0, threads=4)
        thread = threading.Thread(target=server.run, name="live-server", daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{server.effective_port}"
        return cls(url, database_url, app, server, thread)

    def stop(self) -> None:
        # waitress has no public stop. Its loop ends when it has no channels
        # left, so close them all from inside the loop's own thread (the
        # trigger runs the function there), then stop the worker threads.
        server = self._server

        def close_all() -> None:
            for channel in list(server._map.values()):
                if channel not in (server, server.trigger):
                    channel.close()
            server.close()

        server.trigger.pull_trigger(close_all)
        self._thread.join(STOP_TIMEOUT)
        assert not self._thread.is_alive(), "the test server did not stop"
        server.task_dispatcher.shutdown()
        self.app.registry["dbengine"].dispose()

    def _session(self, manager: transaction.TransactionManager) -> Any:
        factory = get_session_factory(self.app.registry["dbengine"])
        return get_tm_session(factory, manager)

    def add_user(self, username: str, password: str) -> None:
        """Arrange another user, committed, as ``manage_users`` would."""
        manager = transaction.TransactionManager(explicit=True)
        with manager:
            self._session(manager).add(
                User(username=username, password_hash=hash_password(password, ROUNDS))
            )

    def add_comment(self, text: str, username: str = ADMIN) -> None:
        """Arrange a committed comment by ``username``, posted now."""
        manager = transaction.TransactionManager(explicit=True)
        with manager:
            session = self._session(manager)
            author = session.scalar(select(User).where(User.username == username))
            session.add(Comment(content=text, commenter=author, posted=utcnow()))

    def count(self, model: type = Comment) -> int:
        """How many rows ``model``'s table holds right now (committed)."""
        manager = transaction.TransactionManager(explicit=True)
        with manager:
            return self._session(manager).scalar(
                select(func.count()).select_from(model)
            )
