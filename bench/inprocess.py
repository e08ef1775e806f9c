"""Per-request cost without a network: ``inprocess.py [--backend B] [--sizes …]``.

Seeds a fresh database for each N (``seed.py``), then calls the WSGI app
directly (WebTest, one thread) for the anonymous front page, the same page
logged in, a deep page and a 304, and prints the median milliseconds per
request, the SQL statements each one runs and the ratio of the logged-in
median to the anonymous one. With no server, load
generator or other clients in the way, this isolates what the app itself
spends, so it shows whether that cost grows with the number of comments,
which wrk runs on a busy machine cannot.
"""

from __future__ import annotations

import argparse
import gc
import secrets
import statistics
import tempfile
import time
from pathlib import Path

import webtest
from run import database, drop
from seed import seed
from sqlalchemy import event

from scratchpad import main
from scratchpad.server.startup import settle_memory


class Statements:
    """Counts the statements the app's engine runs."""

    def __init__(self, engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self.seen)

    def seen(self, *_args) -> None:
        self.count += 1


def measure(app, statements: Statements, cases: dict, requests: int) -> dict:
    """Each case's median ms and most statements, the cases taken in turn
    (one request of each per round), so a busy machine slows them alike."""
    timings = {name: [] for name in cases}
    counts = {name: 0 for name in cases}
    for _ in range(requests):
        for name, (path, headers) in cases.items():
            app.reset()  # only the case's own cookies, never a previous answer's
            before = statements.count
            began = time.perf_counter()
            app.get(path, headers=headers, status="*")
            timings[name].append((time.perf_counter() - began) * 1000)
            counts[name] = max(counts[name], statements.count - before)
    return {name: (statistics.median(timings[name]), counts[name]) for name in cases}


def one_size(backend: str, size: int, requests: int) -> str:
    with tempfile.TemporaryDirectory(prefix="scratchpad-inprocess-") as tmp:
        url = database(backend, Path(tmp))
        token = seed(url, size)
        wsgi = main(
            {},
            **{
                "sqlalchemy.url": url,
                "scratchpad.secret": secrets.token_hex(32),
                "scratchpad.cookie_secure": "false",
            },
        )
        settle_memory()  # as a server does once it has loaded the app
        engine = wsgi.registry["dbengine"]
        statements = Statements(engine)
        app = webtest.TestApp(wsgi, extra_environ={"HTTP_HOST": "localhost"})
        app.set_cookie("scratchpad", token)
        app.get("/")  # the session cookie a browser would hold
        cookies = "; ".join(f"{k}={v}" for k, v in app.cookies.items())
        app.reset()
        page = app.get("/", headers={"Cookie": cookies})
        assert 'id="comment-form"' in page.text, "the logged-in case is not logged in"
        app.reset()
        etag = app.get("/").headers["ETag"]
        cases = {
            "anonymous": ("/", {}),
            "logged_in": ("/", {"Cookie": cookies}),
            "deep": ("/?before=76", {}),
            "not_modified": ("/", {"If-None-Match": etag}),
        }
        results = measure(app, statements, cases, requests)
        cells = [f"{ms:.2f} ({count})" for ms, count in results.values()]
        ratio = results["logged_in"][0] / results["anonymous"][0]
        cells.append(f"{ratio:.1f}")
        engine.dispose()
        gc.unfreeze()
        drop(backend)
    return f"| {backend} | {size:,} | " + " | ".join(cells) + " |"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="sqlite")
    parser.add_argument("--sizes", default="100,10000,1000000")
    parser.add_argument("--requests", type=int, default=500, help="per case")
    args = parser.parse_args()
    print(f"Median ms per request over {args.requests} (most statements in one):")
    print("| db | N | anonymous | logged in | deep | 304 | logged in / anonymous |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in (int(n) for n in args.sizes.split(",")):
        print(one_size(args.backend, size, args.requests), flush=True)
