"""Faults injected into a real PostgreSQL under a real production server.

``pserve production.ini`` (gunicorn, one worker of four threads) serves a
PostgreSQL server of the test's own (:mod:`tests.support.throwaway`).
Four API clients post without pause, so every thread of the worker is
busy, while the test freezes the database (SIGSTOP), locks the comments
table, crashes and restarts the database, or kills the app's worker
process. Throughout:

- ``/healthz`` answers within a second (its own thread, see
  ``scratchpad.server.health``);
- every post gets 201 or a JSON 503 with ``Retry-After`` (or, when its
  app process is killed under it, no answer at all), within the
  bounds (``SCRATCHPAD_DB_*_TIMEOUT``) plus a margin, never the length of
  the fault;
- ``/readyz`` says 503 while the database fails;
- posting works again within a few seconds of the end of the fault;
- every acknowledged post is stored exactly once, though each client sends
  a post that got a 503 again (with the same ``Idempotency-Key``) until it
  is acknowledged; and the log holds no traceback.

Faults last ``SCRATCHPAD_TEST_FAULT_SECONDS`` (6 by default; set more for a
longer run).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import transaction
from sqlalchemy.pool import NullPool

from scratchpad.accounts.tokens import create_token
from scratchpad.models import User, get_engine, get_session_factory, get_tm_session
from tests.support.factories import add_user
from tests.support.throwaway import ThrowawayPostgres

from .running import SECRET, copy_ini, get, operator_env, serving

FAULT_SECONDS = float(os.environ.get("SCRATCHPAD_TEST_FAULT_SECONDS", "6"))
CONNECT, STATEMENT, LOCK = 2, 2, 1  # the bounds the server runs with
MARGIN = 2.0
# A frozen server: the watchdog cuts the wait (statement bound + 1 s), then
# the pool's replacement connection times out connecting.
FROZEN_BOUND = STATEMENT + 1 + CONNECT + MARGIN
RECOVERY = 5.0
POSTERS = 4  # as many as the worker's threads
ANSWERS = frozenset({201, 503})


def workers(master: int) -> list[int]:
    """The gunicorn master's worker processes."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                found.append(int(stat.parent.name))
    return found


@pytest.fixture(scope="module")
def pg() -> Iterator[ThrowawayPostgres]:
    with ThrowawayPostgres() as server:
        yield server


@pytest.fixture
def site(pg, tmp_path) -> Iterator[tuple[str, str]]:
    """The production server on ``pg``; yields its URL and an API token."""
    engine = get_engine({"sqlalchemy.url": pg.url}, poolclass=NullPool)
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()
    dbsession = get_tm_session(get_session_factory(engine), manager)
    user_id = add_user(dbsession, manager, f"poster{time.monotonic_ns()}")
    token = create_token(dbsession, dbsession.get(User, user_id))
    manager.commit()
    engine.dispose()
    env = operator_env(
        SCRATCHPAD_DATABASE_URL=pg.url,
        SCRATCHPAD_SECRET=SECRET,
        SCRATCHPAD_WORKERS="1",
        SCRATCHPAD_THREADS=str(POSTERS),
        SCRATCHPAD_POST_LIMIT_PER_MINUTE="0",
        SCRATCHPAD_DB_CONNECT_TIMEOUT=str(CONNECT),
        SCRATCHPAD_DB_STATEMENT_TIMEOUT=str(STATEMENT),
        SCRATCHPAD_DB_LOCK_TIMEOUT=str(LOCK),
    )
    with serving(copy_ini("production.ini", tmp_path), env) as (url, log, master):
        yield url, token, master.pid
        assert "Traceback" not in log.read_text(), log.read_text()


def post(url: str, token: str, text: str, key: str) -> tuple[int, float]:
    """POST one comment through the API: (status, seconds taken)."""
    request = urllib.request.Request(  # noqa: S310 (always http://127.0.0.1)
        url + "/api/comments",
        data=json.dumps({"content": text}).encode(),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": key,
        },
        method="POST",
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:  # noqa: S310
            status = reply.status
    except urllib.error.HTTPError as error:
        body = json.loads(error.read())
        assert error.code == 503, (error.code, body)
        assert body["error"]["code"] == "unavailable"
        assert int(error.headers["Retry-After"]) > 0
        status = error.code
    return status, time.monotonic() - started


class Run:
    """Posters posting without pause, and a prober of /healthz, until stopped."""

    def __init__(self, url: str, token: str) -> None:
        self.url, self.token = url, token
        self.results: list[tuple[str, int, float]] = []
        self.probes: list[tuple[int, float]] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._post, args=(n,)) for n in range(POSTERS)
        ] + [threading.Thread(target=self._probe)]

    def _post(self, number: int) -> None:
        """Post; after a 503, send the same post again (same key) until it
        is acknowledged: the 503 may have come after the COMMIT."""
        text = ""
        for count in range(10_000):
            if self.stopping.is_set():
                return
            if not text:
                text = f"post {count} by poster {number} at {time.monotonic_ns()}"
            key = text.split(" at ")[1]
            try:
                status, took = post(self.url, self.token, text, key)
            except OSError:  # no answer at all: never acceptable
                status, took = 0, 0.0
            with self.lock:
                self.results.append((text, status, took))
            if status == 201:
                text = ""
            else:
                time.sleep(0.1)  # as a client honouring Retry-After would, briefly

    def _probe(self) -> None:
        while not self.stopping.wait(0.2):
            started = time.monotonic()
            try:
                status, _ = get(self.url + "/healthz")
            except OSError:
                status = 0
            self.probes.append((status, time.monotonic() - started))

    def __enter__(self) -> Run:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in self.threads), "a client hung"


def until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def check(
    run: Run, pg: ThrowawayPostgres, bound: float, seen: frozenset[int] = ANSWERS
) -> None:
    statuses = Counter(status for _, status, _ in run.results)
    assert set(statuses) == seen, statuses
    slowest = max(took for _, _, took in run.results)  # 201s and 503s alike
    assert slowest < bound, f"a post took {slowest:.1f}s (bound {bound:.1f}s)"
    assert run.probes and all(status == 200 for status, _ in run.probes)
    assert max(took for _, took in run.probes) < 1.0, run.probes
    acknowledged = [text for text, status, _ in run.results if status == 201]
    with pg.connect() as connection:
        stored = Counter(
            row[0] for row in connection.execute("SELECT content FROM comments")
        )
    assert all(stored[text] == 1 for text in acknowledged), "an acknowledged post lost"
    assert all(count == 1 for count in stored.values()), "a post stored twice"


def recovers(url: str, token: str) -> bool:
    def posted() -> bool:
        key = str(time.monotonic_ns())
        return post(url, token, f"after {key}", key)[0] == 201

    return until(posted, RECOVERY)


def test_a_frozen_database(pg, site):
    url, token, _ = site
    with Run(url, token) as run:
        time.sleep(1)
        pg.freeze()
        try:
            time.sleep(FAULT_SECONDS)
            assert get(url + "/readyz")[0] == 503
        finally:
            pg.thaw()
        assert recovers(url, token)
    check(run, pg, FROZEN_BOUND)


def test_a_locked_table(pg, site):
    url, token, _ = site
    with Run(url, token) as run, pg.connect() as holder:
        time.sleep(1)
        with holder.transaction():
            holder.execute("LOCK TABLE comments IN ACCESS EXCLUSIVE MODE")
            time.sleep(FAULT_SECONDS)
            assert get(url + "/readyz")[0] == 503
        assert recovers(url, token)
    check(run, pg, LOCK + MARGIN)


def test_a_crashed_and_restarted_database(pg, site):
    url, token, _ = site
    with Run(url, token) as run:
        time.sleep(1)
        pg.crash()
        try:
            time.sleep(FAULT_SECONDS)
            assert get(url + "/readyz")[0] == 503
        finally:
            pg.start()
        assert recovers(url, token)
    check(run, pg, CONNECT + MARGIN)


def test_a_crashed_app_process(pg, site):
    """A worker killed mid-request: its clients get no answer at all (0
    here), send again with the same key, and nothing is stored twice."""
    url, token, master = site
    with Run(url, token) as run:
        time.sleep(1)
        (worker,) = workers(master)
        os.kill(worker, signal.SIGKILL)
        assert until(lambda: workers(master) not in ([], [worker]), RECOVERY)
        assert recovers(url, token)
    answers = {status for _, status, _ in run.results}
    assert answers <= {0, 201}, answers  # no 503: the database was fine
    check(run, pg, MARGIN, frozenset(answers | {201}))
