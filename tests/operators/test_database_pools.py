"""Connections are shared fairly: each process pools one connection per
thread and one spare, so servers sized by the README's rule never run the
database out of connections, and a server that could says so at start-up.

One PostgreSQL of the test's own (:mod:`tests.support.throwaway`) with
``max_connections`` = 3 x (3 + 1) + 3: the site connects as a role that is
no superuser, so 12 connections are its to use (3 are kept for superusers;
the test's own connection takes one of those).
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Iterator

import pytest

from tests.support.throwaway import ThrowawayPostgres

from .fault_site import production_site
from .faults import Run, check, recovers, until
from .running import get

pytestmark = pytest.mark.slow  # servers of its own, under load for seconds

THREADS = 3
POOL = THREADS + 1  # one connection per thread and a spare
SERVERS = 3
RESERVED = 3  # PostgreSQL's superuser_reserved_connections
CLIENTS = 5  # per server: more than its threads
SECONDS = 8.0
ANSWERED = 5.0  # seconds: every post, with no fault


@pytest.fixture(scope="module")
def pg() -> Iterator[ThrowawayPostgres]:
    with ThrowawayPostgres(max_connections=SERVERS * POOL + RESERVED) as server:
        yield server


@pytest.fixture(scope="module")
def site_url(pg) -> str:
    return pg.add_role()


def site_connections(pg: ThrowawayPostgres) -> int:
    with pg.connect() as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE usename = 'scratchpad'"
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_the_pool_follows_the_threads(pg, site_url, tmp_path):
    """SCRATCHPAD_THREADS=3 and no pool setting: the start-up line names a
    pool of 4, and with every request waiting on a locked table, twice as
    many clients as threads make the server hold 3 or 4 connections (a
    thread each, and the spare), no more."""
    env = {"SCRATCHPAD_THREADS": str(THREADS), "SCRATCHPAD_DB_LOCK_TIMEOUT": "3"}
    with production_site(site_url, tmp_path, **env) as site:
        assert f"{THREADS} threads; " in site.log.read_text()
        assert f"(pool: {POOL} per process)" in site.log.read_text()
        with pg.connect() as holder, Run(site, posters=2 * THREADS) as run:
            with holder.transaction():
                holder.execute("LOCK TABLE comments IN ACCESS EXCLUSIVE MODE")
                seen = []
                for _ in range(20):
                    seen.append(site_connections(pg))
                    time.sleep(0.1)
            assert THREADS <= max(seen) <= POOL, seen
            assert recovers(site)
        assert "exceed" not in site.log.read_text()
    assert {status for _, status, _ in run.results} <= {201, 503}


def test_start_up_warns_when_the_pools_could_exceed_the_limit(pg, site_url, tmp_path):
    limit = SERVERS * POOL
    threads = limit // 2  # 2 x (threads + 1) > limit
    env = {"SCRATCHPAD_WORKERS": "2", "SCRATCHPAD_THREADS": str(threads)}
    with production_site(site_url, tmp_path, **env) as site:
        assert until(lambda: "exceed" in site.log.read_text(), 5)
        assert (
            f"2 processes x {threads + 1} pooled connections exceed the "
            f"database's limit of {limit}: requests will get 503s"
        ) in site.log.read_text()


def test_servers_sized_by_the_rule_share_the_connections(pg, site_url, tmp_path):
    """Three servers of one worker x 3 threads (3 x 4 = the limit), each
    with more clients than threads: together they hold a connection per
    thread at least, and no post gets a 503, every /readyz a 200, no server
    warns."""
    env = {"SCRATCHPAD_THREADS": str(THREADS)}
    with contextlib.ExitStack() as stack:
        sites = [
            stack.enter_context(production_site(site_url, tmp_path / str(n), **env))
            for n in range(SERVERS)
        ]
        with contextlib.ExitStack() as running:
            runs = [running.enter_context(Run(site, CLIENTS)) for site in sites]
            seen = []
            deadline = time.monotonic() + SECONDS
            while time.monotonic() < deadline:
                for site in sites:
                    assert get(site.url + "/readyz") == (200, "ready\n")
                seen.append(site_connections(pg))
                time.sleep(0.5)
            # every thread holds a connection, and there are enough
            assert SERVERS * THREADS <= max(seen) <= SERVERS * POOL, seen
        for site in sites:
            assert "exceed" not in site.log.read_text()
    for run in runs:
        check(run, pg.url, ANSWERED, frozenset({201}))
    statuses = Counter(status for run in runs for _, status, _ in run.results)
    assert statuses[201] > SERVERS * CLIENTS, statuses  # every client posted
