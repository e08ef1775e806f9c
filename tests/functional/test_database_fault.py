"""The database goes away in the middle of a run and comes back.

A real waitress server talks to the database server through a TCP forwarder
the test controls (the shared server itself is never stopped). Clients post
concurrently; the forwarder is cut while posts are in flight; requests then
get the 503 page; the forwarder is restored and posting works again without
restarting anything. At the end, every post that was acknowledged (303) is
stored exactly once. A post that got a 503 may or may not be stored (the
cut can fall after the database committed it), but never twice.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import make_url, select

from scratchpad import main
from scratchpad.models import Comment
from tests.support.client import TIMEOUT, Browser
from tests.support.forwarder import Forwarder
from tests.support.live import LiveServer

CLIENTS = 4
MAX_POSTS_DURING_CUT = 40


@pytest.fixture
def forwarder(backend, db_url):
    if backend.name == "sqlite":
        pytest.skip("no database server to cut (see test_sqlite_locked.py)")
    url = make_url(db_url)
    forwarder = Forwarder(url.host or "127.0.0.1", url.port)
    yield forwarder
    forwarder.close()


@pytest.fixture
def faulty_app(app_settings, db_url, forwarder):
    via = make_url(db_url).set(host="127.0.0.1", port=forwarder.port)
    settings = {
        **app_settings,
        "sqlalchemy.url": via.render_as_string(hide_password=False),
        "scratchpad.post_limit_per_minute": "0",
    }
    app = main({}, **settings)
    yield app
    app.registry["dbengine"].dispose()


class Poster:
    """One logged-in client that records what each of its posts got."""

    def __init__(self, url: str, name: str) -> None:
        self.browser = Browser(url)
        self.name = name
        self.results: list[tuple[str, int]] = []
        self.browser.login(name, f"password-{name}")
        self.token = self.browser.csrf_token("/")

    def post(self) -> int:
        text = f"post {len(self.results)} by {self.name}"
        reply = self.browser.post(
            "/comments/", {"contents": text, "csrf_token": self.token}
        )
        if reply.status == 503:
            assert int(reply.headers["Retry-After"]) > 0
            assert "Temporarily unavailable" in reply.text
        self.results.append((text, reply.status))
        return reply.status


def in_parallel(posters: list[Poster], work) -> None:
    threads = [threading.Thread(target=work, args=(poster,)) for poster in posters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT * 2)
    assert not any(thread.is_alive() for thread in threads), "a client hung"


def test_outage_mid_run_loses_nothing_acknowledged(
    faulty_app, forwarder, make_user, dbsession, tm
):
    names = [f"user{number}" for number in range(CLIENTS)]
    for name in names:
        make_user(name, f"password-{name}")
    with LiveServer(faulty_app, threads=4) as server:
        posters = [Poster(server.url, name) for name in names]

        # Before: everything works.
        in_parallel(posters, lambda poster: [poster.post() for _ in range(3)])
        assert {status for p in posters for _, status in p.results} == {303}

        # During: cut once the first posts of this phase are through, while
        # the others are in flight; each client goes on until refused twice.
        acknowledged = threading.Semaphore(0)
        cut_done = threading.Event()

        def post_through_the_cut(poster: Poster) -> None:
            refused = 0
            for _ in range(MAX_POSTS_DURING_CUT):
                if poster.post() == 503:
                    refused += 1
                    if refused == 2:
                        return
                elif not cut_done.is_set():
                    acknowledged.release()

        def cutter() -> None:
            for _ in range(CLIENTS):
                acknowledged.acquire(timeout=TIMEOUT)
            forwarder.cut()
            cut_done.set()

        cutting = threading.Thread(target=cutter)
        cutting.start()
        in_parallel(posters, post_through_the_cut)
        cutting.join(timeout=TIMEOUT)
        assert cut_done.is_set()
        assert all(p.results[-1][1] == 503 for p in posters)

        # After: the database is back; the same server recovers by itself.
        forwarder.restore()
        in_parallel(posters, lambda poster: [poster.post() for _ in range(3)])
        assert all(
            [status for _, status in p.results[-3:]] == [303] * 3 for p in posters
        )

    results = [result for poster in posters for result in poster.results]
    assert {status for _, status in results} <= {303, 503}
    tm.abort()
    tm.begin()
    stored = Counter(dbsession.scalars(select(Comment.content)))
    assert all(count == 1 for count in stored.values()), "a post stored twice"
    missing = [text for text, status in results if status == 303 and text not in stored]
    assert missing == []
