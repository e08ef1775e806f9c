"""MariaDB killed (SIGKILL) under a real production server, and restarted.

As ``test_database_outages.py`` for PostgreSQL: ``pserve production.ini``
(gunicorn, one worker of four threads) on a MariaDB of the test's own
(:mod:`tests.support.throwaway_mariadb`), four API clients posting without
pause and sending each post that got a 503 again with the same
``Idempotency-Key``. While the database is dead every post gets a JSON 503
with ``Retry-After`` within the connect bound plus a margin, ``/healthz``
answers within a second and ``/readyz`` is 503; once it is back (InnoDB
recovering from its log), posting works again within a few seconds, and
every acknowledged post is stored exactly once.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.throwaway_mariadb import ThrowawayMariaDB

from .fault_site import CONNECT, Site, production_site
from .faults import MARGIN, check, through_a_fault

pytestmark = pytest.mark.slow  # a server of its own, and faults held for seconds


@pytest.fixture(scope="module")
def mariadb() -> Iterator[ThrowawayMariaDB]:
    with ThrowawayMariaDB() as server:
        yield server


@pytest.fixture
def site(mariadb, tmp_path) -> Iterator[Site]:
    with production_site(mariadb.url, tmp_path) as running:
        yield running


def test_a_killed_and_restarted_mariadb(mariadb, site):
    run = through_a_fault(site, mariadb.kill, mariadb.start)
    check(run, mariadb.url, CONNECT + MARGIN)
