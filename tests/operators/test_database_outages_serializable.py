"""PostgreSQL at SERIALIZABLE under a real production server.

``sqlalchemy.isolation_level = SERIALIZABLE`` in ``production.ini``'s
``[app:main]``: concurrent posts by one user (two API clients, two
visitors with the front page's form, as many as the worker's threads)
conflict, and PostgreSQL cancels some of them with a serialization
failure (the test reads its log to be sure). The site retries those
(``retry.attempts``); every post ends in a 201 or 303, or a 503 with
``Retry-After`` that the client answers by sending it again with the same
key, and every acknowledged post is stored exactly once.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator

import pytest

from tests.support.throwaway import ThrowawayPostgres

from .fault_site import Site, production_site
from .faults import FAULT_SECONDS, MARGIN, Run, check

pytestmark = pytest.mark.slow  # a server of its own, and faults held for seconds

CONFLICT = "could not serialize access"


@pytest.fixture(scope="module")
def pg() -> Iterator[ThrowawayPostgres]:
    with ThrowawayPostgres() as server:
        yield server


@pytest.fixture
def site(pg, tmp_path) -> Iterator[Site]:
    settings = {"sqlalchemy.isolation_level": "SERIALIZABLE"}
    with production_site(pg.url, tmp_path, app_settings=settings) as running:
        yield running


def test_concurrent_posts_at_serializable(pg, site):
    conflicts = pg.log.read_text().count(CONFLICT)
    with Run(site, posters=2, forms=2) as run:
        time.sleep(FAULT_SECONDS)
    assert pg.log.read_text().count(CONFLICT) > conflicts, "no conflict to retry"
    statuses = Counter(status for _, status, _ in run.results)
    assert {201, 303} <= set(statuses) <= {201, 303, 503}, statuses
    check(run, pg.url, 2 * MARGIN, frozenset(statuses))
