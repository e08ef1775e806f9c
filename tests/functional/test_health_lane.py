"""``/healthz`` answers within a second while every server thread waits on
the database: the server keeps a thread for it (``scratchpad.server.health``).

The site runs under waitress with two threads on SQLite; another process
holds the write lock, so two posts wait on it and take both threads. The
probes still answer at once; the posts go through once the lock is gone.
(The same under gunicorn, with PostgreSQL frozen or locked, is in
``tests/operators/test_database_outages.py``.)
"""

from __future__ import annotations

import sqlite3
import threading
import time
import urllib.request

from sqlalchemy import make_url

from scratchpad import main
from tests.support import settings_for
from tests.support.client import TIMEOUT, Browser
from tests.support.live import LiveServer

THREADS = 2


def test_healthz_answers_while_every_thread_waits_on_the_database(backends):
    sqlite = backends["sqlite"]
    url = sqlite.create(migrated=True)
    app = main({}, **{**settings_for(url), "scratchpad.db_lock_timeout": "3"})
    statuses: list[int] = []
    try:
        with LiveServer(app, threads=THREADS) as server:
            server.add_user("alice", "alice-password")
            browsers = [Browser(server.url) for _ in range(THREADS)]
            forms = []
            for number, browser in enumerate(browsers):
                browser.login("alice", "alice-password")
                forms.append(
                    {
                        "contents": f"waited {number}",
                        "csrf_token": browser.csrf_token("/"),
                    }
                )
            holder = sqlite3.connect(make_url(url).database, isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            posters = [
                threading.Thread(
                    target=lambda b=b, f=f: statuses.append(
                        b.post("/comments/", f).status
                    )
                )
                for b, f in zip(browsers, forms, strict=True)
            ]
            for poster in posters:
                poster.start()
            time.sleep(0.5)  # both threads are now waiting for the lock
            took = []
            for _ in range(5):
                started = time.monotonic()
                probe = server.url + "/healthz"  # always http://127.0.0.1
                with urllib.request.urlopen(probe, timeout=10) as reply:  # noqa: S310
                    assert reply.status == 200
                took.append(time.monotonic() - started)
                time.sleep(0.1)
            assert statuses == []  # the posts were still waiting meanwhile
            holder.rollback()
            holder.close()
            for poster in posters:
                poster.join(timeout=TIMEOUT)
    finally:
        app.registry["dbengine"].dispose()
        sqlite.drop(url)
    assert max(took) < 1.0, took
    assert statuses == [303] * THREADS
