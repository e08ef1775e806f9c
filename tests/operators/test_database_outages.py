"""Faults injected into a real PostgreSQL under a real production server.

``pserve production.ini`` (gunicorn, one worker of four threads) serves a
PostgreSQL server of the test's own (:mod:`tests.support.throwaway`).
Four API clients post without pause, so every thread of the worker is
busy, while the test freezes the database (SIGSTOP), locks the comments
table, crashes and restarts the database, or kills the app's worker
process. Throughout (see :mod:`.faults`):

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

MariaDB killed, PostgreSQL at SERIALIZABLE and SQLite locked by another
process have modules of their own (``test_database_outages_*.py``).
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest

from tests.support.throwaway import ThrowawayPostgres, children

from .fault_site import CONNECT, LOCK, STATEMENT, Site, production_site
from .faults import (
    FAULT_SECONDS,
    MARGIN,
    RECOVERY,
    Run,
    check,
    recovers,
    through_a_fault,
    until,
)
from .running import get

pytestmark = pytest.mark.slow  # a server of its own, and faults held for seconds

# A frozen server: the watchdog cuts the wait (statement bound + 1 s), then
# the pool's replacement connection times out connecting.
FROZEN_BOUND = STATEMENT + 1 + CONNECT + MARGIN


@pytest.fixture(scope="module")
def pg() -> Iterator[ThrowawayPostgres]:
    with ThrowawayPostgres() as server:
        yield server


@pytest.fixture
def site(pg, tmp_path) -> Iterator[Site]:
    with production_site(pg.url, tmp_path) as running:
        yield running


def test_a_frozen_database(pg, site):
    run = through_a_fault(site, pg.freeze, pg.thaw)
    check(run, pg.url, FROZEN_BOUND)


def test_a_locked_table(pg, site):
    with Run(site) as run, pg.connect() as holder:
        time.sleep(1)
        with holder.transaction():
            holder.execute("LOCK TABLE comments IN ACCESS EXCLUSIVE MODE")
            time.sleep(FAULT_SECONDS)
            assert get(site.url + "/readyz")[0] == 503
        assert recovers(site)
    check(run, pg.url, LOCK + MARGIN)


def test_a_crashed_and_restarted_database(pg, site):
    run = through_a_fault(site, pg.crash, pg.start)
    check(run, pg.url, CONNECT + MARGIN)


def test_a_crashed_app_process(pg, site):
    """A worker killed mid-request: its clients get no answer at all (0
    here), send again with the same key, and nothing is stored twice."""
    with Run(site) as run:
        time.sleep(1)
        (worker,) = children(site.master)
        os.kill(worker, signal.SIGKILL)
        assert until(lambda: children(site.master) not in ([], [worker]), RECOVERY)
        assert recovers(site)
    answers = {status for _, status, _ in run.results}
    assert answers <= {0, 201}, answers  # no 503: the database was fine
    check(run, pg.url, MARGIN, frozenset(answers | {201}))
