"""SQLite locked by another process under a real production server.

``pserve production.ini`` (gunicorn, one worker of four threads) on a
SQLite file; three API clients and one visitor with the front page's form
post without pause while another process (the test) holds the database's
write lock (``BEGIN EXCLUSIVE``) for ``SCRATCHPAD_TEST_FAULT_SECONDS``.
Each post waits the busy timeout (the lock bound) on each of its three
attempts, then gets a 503 with ``Retry-After`` (JSON on the API) within
3 x the lock bound plus a margin; ``/healthz`` answers within a second
throughout; once the lock is released posting works again, and every
acknowledged post is stored exactly once though each post that got a 503
is sent again with the same key.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.databases import migrate

from .fault_site import LOCK, POSTERS, Site, production_site
from .faults import FAULT_SECONDS, MARGIN, Run, check, recovers

pytestmark = pytest.mark.slow  # a server of its own, and faults held for seconds

ATTEMPTS = 3  # retry.attempts: "database is locked" is retried


@pytest.fixture
def database(tmp_path) -> Iterator[tuple[str, Path]]:
    path = tmp_path / "scratchpad.sqlite"
    url = f"sqlite:///{path}"
    migrate(url)
    yield url, path


@pytest.fixture
def site(database, tmp_path) -> Iterator[Site]:
    with production_site(database[0], tmp_path / "site") as running:
        yield running


def test_sqlite_locked_by_another_process(database, site):
    url, path = database
    with Run(site, posters=POSTERS - 1, forms=1) as run:
        time.sleep(1)
        holder = sqlite3.connect(path, isolation_level=None)
        try:
            holder.execute("BEGIN EXCLUSIVE")
            time.sleep(FAULT_SECONDS)
            holder.execute("COMMIT")
        finally:
            holder.close()
        assert recovers(site)
    check(run, url, ATTEMPTS * LOCK + MARGIN, frozenset({201, 303, 503}))
    form = f"by poster {POSTERS - 1} "  # the last poster uses the form
    assert {status for text, status, _ in run.results if form in text} == {303, 503}
