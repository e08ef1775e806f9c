"""Real servers for tests that need real sockets.

- :class:`LiveServer`: the app under waitress on a free 127.0.0.1 port, in a
  thread of the test process, set up as in production (``ident`` hides the
  version, bodies capped). The browser tests and the socket-level tests
  both use it.
- :class:`AppProcess`: ``pserve`` in a process of its own, for the one test
  that needs two processes sharing nothing but the database.

Ports come from the operating system (port 0), so parallel test processes
never collide. Every loop here is bounded in count and time.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import transaction
from sqlalchemy import func, select

from scratchpad import main
from scratchpad.models import Comment, get_session_factory, get_tm_session
from scratchpad.server.health import create_waitress_server

from . import factories, settings_for
from .client import TIMEOUT, Browser
from .databases import random_name

START_TIMEOUT = 30.0


class LiveServer:
    """One running copy of the site: ``with LiveServer(app) as server:``,
    or ``start()`` / ``stop()``; ``server.url`` is where it answers."""

    def __init__(self, app: Any, threads: int = 4, port: int = 0) -> None:
        self.app = app
        self._owns_app = False
        self.server: Any = create_waitress_server(
            app,
            threads,
            host="127.0.0.1",
            port=port,  # 0: any free one
            ident="scratchpad",
            max_request_body_size=1024 * 1024,
            clear_untrusted_proxy_headers=True,
        )
        self.port = self.server.effective_port
        self.url = f"http://127.0.0.1:{self.port}"
        engine = app.registry["dbengine"]
        self.database_url = engine.url.render_as_string(hide_password=False)
        self._thread = threading.Thread(
            target=self.server.run, name="live-server", daemon=True
        )

    @classmethod
    def on_copy_of(cls, database: Path, port: int = 0, **settings: str) -> LiveServer:
        """The site, started, on its own copy of the SQLite file ``database``;
        ``settings`` are more app settings (``**{"scratchpad.x": "1"}``);
        ``port`` one known beforehand (:func:`free_port`), for a site whose
        ``scratchpad.base_url`` must name it."""
        copy = database.with_name(f"{random_name('site_')}.sqlite")
        shutil.copyfile(database, copy)
        app = main({}, **settings_for(f"sqlite:///{copy}"), **settings)
        server = cls(app, port=port)
        server._owns_app = True
        return server.start()

    def start(self) -> LiveServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        # waitress has no public stop. Its loop ends when it has no channels
        # left, so close them all from inside the loop's own thread (the
        # trigger runs the function there), then stop the worker threads.
        server = self.server

        def close_all() -> None:
            for channel in list(server._map.values()):
                if channel not in (server, server.trigger):
                    channel.close()
            server.close()  # and its trigger

        try:
            server.trigger.pull_trigger(close_all)
        except OSError:
            # The loop closed its trigger itself (a poll reported its pipe
            # invalid): close from here; the loop sees an empty map within
            # its poll timeout and returns.
            close_all()
        self._thread.join(TIMEOUT)
        assert not self._thread.is_alive(), "the test server did not stop"
        server.task_dispatcher.shutdown(timeout=TIMEOUT)
        if self._owns_app:
            self.app.registry["dbengine"].dispose()

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # Arranging and checking its database, committed, outside any request.
    @contextlib.contextmanager
    def _session(self) -> Any:
        manager = transaction.TransactionManager(explicit=True)
        factory = get_session_factory(self.app.registry["dbengine"])
        with manager:
            yield get_tm_session(factory, manager), manager

    def add_user(self, username: str, password: str) -> None:
        with self._session() as (dbsession, manager):
            factories.add_user(dbsession, manager, username, password)

    def add_comment(self, text: str, username: str = "admin") -> None:
        """A comment by ``username``, posted now."""
        with self._session() as (dbsession, manager):
            user_id = factories.user_id(dbsession, username)
            factories.add_comment(dbsession, manager, text, user_id)

    def count(self, model: type = Comment) -> int:
        """How many rows ``model``'s table holds right now (committed)."""
        with self._session() as (dbsession, _):
            return dbsession.scalar(select(func.count()).select_from(model))


def post_concurrently(
    url: str, users: list[tuple[str, str]], posts_each: int
) -> dict[str, int]:
    """Every user logs in and posts ``posts_each`` distinct comments, all
    users at once. Returns each comment's text → the status it got."""
    results: dict[str, int] = {}
    lock = threading.Lock()
    start = threading.Barrier(len(users), timeout=TIMEOUT)

    def run(username: str, password: str) -> None:
        browser = Browser(url)
        browser.login(username, password)
        token = browser.csrf_token("/")
        start.wait()
        for number in range(posts_each):
            text = f"comment {number} from {username}"
            reply = browser.post("/comments/", {"contents": text, "csrf_token": token})
            with lock:
                results[text] = reply.status

    threads = [threading.Thread(target=run, args=user) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT * 4)
    assert not any(thread.is_alive() for thread in threads), "clients hung"
    return results


def check_concurrent_posts(app: Any, make_user: Any, dbsession: Any, tm: Any) -> None:
    """REL-03/REL-04: 20 clients post 5 comments each at once through a
    real server with 8 threads; every post is acknowledged and stored once."""
    clients, posts_each = 20, 5
    users = [(f"user{number}", f"password-{number}") for number in range(clients)]
    for username, password in users:
        make_user(username, password)
    with LiveServer(app, threads=8) as server:
        results = post_concurrently(server.url, users, posts_each)
    assert len(results) == clients * posts_each
    assert Counter(results.values()) == {303: clients * posts_each}
    tm.abort()
    tm.begin()
    stored = Counter(dbsession.scalars(select(Comment.content)))
    assert stored == Counter(list(results))  # every acknowledged post, exactly once
    ids = dbsession.scalars(select(Comment.id)).all()
    assert len(set(ids)) == len(ids)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


PSERVE_INI = """\
[app:main]
use = egg:scratchpad
{settings}

[server:main]
use = egg:waitress#main
listen = 127.0.0.1:{port}
threads = 2
"""


class AppProcess:
    """One ``pserve`` process serving the app with ``settings``."""

    def __init__(self, folder: Path, name: str, settings: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        lines = "\n".join(f"{key} = {value}" for key, value in settings.items())
        self.ini = folder / f"{name}.ini"
        self.ini.write_text(PSERVE_INI.format(settings=lines, port=self.port))
        self.log = (folder / f"{name}.log").open("wb")
        pserve = Path(sys.executable).with_name("pserve")
        self.process = subprocess.Popen(
            [str(pserve), str(self.ini)], stdout=self.log, stderr=subprocess.STDOUT
        )
        self._wait_until_up()

    def _wait_until_up(self) -> None:
        poll = 0.1
        deadline = time.monotonic() + START_TIMEOUT
        for _ in range(int(START_TIMEOUT / poll)):
            if self.process.poll() is not None or time.monotonic() > deadline:
                break
            try:
                health = self.url + "/healthz"  # always http://127.0.0.1
                with urllib.request.urlopen(health, timeout=2):  # noqa: S310
                    return
            except OSError:
                time.sleep(poll)
        self.stop()
        raise RuntimeError(f"app process did not start; see {self.log.name}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()
