"""What the database fault tests share: clients that post without pause
and send again after a 503, and the checks every fault ends with (the
server they post to: :mod:`.fault_site`).

- :class:`Run`: API posters (and form posters, when asked) posting without
  pause; a post that got a 503 or no answer is sent again with the same
  key (``Idempotency-Key``, or the form's ``idempotency_key``) until it is
  acknowledged, as the 503 may have come after the COMMIT. A prober asks
  ``/healthz`` every 0.2 s throughout.
- :func:`check`: every answer was expected and within ``bound`` seconds,
  ``/healthz`` always answered 200 within a second, and every acknowledged
  post is stored exactly once.

Faults last ``SCRATCHPAD_TEST_FAULT_SECONDS`` (6 by default).
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from typing import Any

from tests.support.client import Browser

from .fault_site import PASSWORD, POSTERS, Site, stored
from .running import get

FAULT_SECONDS = float(os.environ.get("SCRATCHPAD_TEST_FAULT_SECONDS", "6"))
MARGIN = 2.0
RECOVERY = 5.0
ANSWERS = frozenset({201, 503})


def answered(status: int, headers: Any, body: bytes, api: bool) -> None:
    """A 503 carries Retry-After (and, on the API, the JSON error)."""
    if status in (201, 303):
        return
    assert status == 503, (status, body[:300])
    assert int(headers["Retry-After"]) > 0
    if api:
        assert json.loads(body)["error"]["code"] == "unavailable"


def post(site: Site, text: str, key: str) -> tuple[int, float]:
    """POST one comment through the API: (status, seconds taken)."""
    request = urllib.request.Request(  # noqa: S310 (always http://127.0.0.1)
        site.url + "/api/comments",
        data=json.dumps({"content": text}).encode(),
        headers={
            "Authorization": f"Bearer {site.token}",
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
        answered(error.code, error.headers, error.read(), api=True)
        status = error.code
    return status, time.monotonic() - started


def form_poster(site: Site) -> Callable[[str, str], tuple[int, float]]:
    """A logged-in visitor's way to post: the front page's form."""
    browser = Browser(site.url)
    browser.login(site.username, PASSWORD)
    token = browser.csrf_token("/")

    def post_form(text: str, key: str) -> tuple[int, float]:
        started = time.monotonic()
        fields = {"contents": text, "csrf_token": token, "idempotency_key": key}
        reply = browser.post("/comments/", fields)
        answered(reply.status, reply.headers, reply.text.encode(), api=False)
        return reply.status, time.monotonic() - started

    return post_form


class Run:
    """Posters posting without pause, and a prober of /healthz, until stopped."""

    def __init__(self, site: Site, posters: int = POSTERS, forms: int = 0) -> None:
        self.url = site.url
        self.results: list[tuple[str, int, float]] = []
        self.probes: list[tuple[int, float]] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        senders = [lambda t, k: post(site, t, k)] * posters
        senders += [form_poster(site) for _ in range(forms)]
        self.threads = [
            threading.Thread(target=self._post, args=(n, send))
            for n, send in enumerate(senders)
        ] + [threading.Thread(target=self._probe)]

    def _post(self, number: int, send: Callable[[str, str], tuple[int, float]]) -> None:
        text = ""
        for count in range(10_000):
            if self.stopping.is_set():
                return
            if not text:
                text = f"post {count} by poster {number} at {time.monotonic_ns()}"
            key = text.split(" at ")[1]
            try:
                status, took = send(text, key)
            except OSError:  # no answer at all
                status, took = 0, 0.0
            with self.lock:
                self.results.append((text, status, took))
            if status in (201, 303):
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


def check(run: Run, db_url: str, bound: float, seen: frozenset[int] = ANSWERS) -> None:
    statuses = Counter(status for _, status, _ in run.results)
    assert set(statuses) == seen, statuses
    slowest = max(took for _, _, took in run.results)  # 201s and 503s alike
    assert slowest < bound, f"a post took {slowest:.1f}s (bound {bound:.1f}s)"
    assert run.probes and all(status == 200 for status, _ in run.probes)
    assert max(took for _, took in run.probes) < 1.0, run.probes
    acknowledged = [t for t, status, _ in run.results if status in (201, 303)]
    counts = stored(db_url)
    assert all(counts[text] == 1 for text in acknowledged), "an acknowledged post lost"
    assert all(count == 1 for count in counts.values()), "a post stored twice"


def recovers(site: Site) -> bool:
    def posted() -> bool:
        key = str(time.monotonic_ns())
        return post(site, f"after {key}", key)[0] == 201

    return until(posted, RECOVERY)


def through_a_fault(
    site: Site, begin: Callable[[], object], end: Callable[[], object]
) -> Run:
    """Posters run; a second in, ``begin()`` starts a fault that lasts
    ``FAULT_SECONDS`` (``/readyz`` then says 503), ``end()`` ends it, and
    posting recovers. Returns the finished run, for :func:`check`."""
    with Run(site) as run:
        time.sleep(1)
        begin()
        try:
            time.sleep(FAULT_SECONDS)
            assert get(site.url + "/readyz")[0] == 503
        finally:
            end()
        assert recovers(site)
    return run
